// Types queries into the search box of the built site in Debian's chromium
// and reads the results. usage: node search.mjs OUTPUT_DIR ARG...
// An ARG is QUERY (typed into the header box of the portal), PAGE|QUERY
// (typed into the header box of PAGE, relative to OUTPUT_DIR), or a search
// page's address with its query string (opened as a shared link would be).
// Prints one JSON line per ARG: {query, page, results: [{title, href}],
// marks, labels, nav, tel, overflow}; page and hrefs relative to OUTPUT_DIR.
import { chromium } from "playwright-core";
import path from "node:path";

const out = path.resolve(process.argv[2]);
const args = process.argv.slice(3);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
// A file:// address as a path relative to the output folder (and #anchor).
const rel = (href) => {
  const u = new URL(href);
  return path.relative(out, decodeURIComponent(u.pathname)) + u.hash;
};
try {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  for (const arg of args) {
    if (arg.includes("?")) {
      await page.goto("file://" + path.join(out, arg.split("?")[0]) + "?" + arg.split("?")[1]);
    } else {
      const [start, q] = arg.includes("|") ? arg.split("|") : ["index.html", arg];
      // Start where a reader would: a page of the site, then the header box.
      await page.goto("file://" + path.join(out, start));
      const box = page.locator(".site-search input[name=q]");
      await box.click();
      await box.fill(q);
      await box.press("Enter");
      await page.waitForURL(/search\.html/);
    }
    await page.waitForFunction(() => document.querySelector(".search-status")?.textContent.length > 0);
    const results = await page.$$eval(".search-results li a", (as) =>
      as.map((a) => ({ title: a.textContent, href: a.href })));
    const seen = await page.evaluate(() => ({
      url: location.href,
      marks: document.querySelectorAll(".search-results mark").length,
      labels: Array.from(document.querySelectorAll(".search-results li .result-region")).filter((l) => l.textContent.trim()).length,
      nav: !!document.querySelector(".region-nav"),
      tel: Array.from(document.querySelectorAll(".search-contacts a[href^='tel:']"))
        .filter((a) => a.checkVisibility()).map((a) => a.getAttribute("href")),
      overflow: document.documentElement.scrollWidth,
    }));
    console.log(JSON.stringify({
      query: arg,
      page: rel(seen.url),
      results: results.map((r) => ({ title: r.title, href: rel(r.href) })),
      marks: seen.marks,
      labels: seen.labels,
      nav: seen.nav,
      tel: seen.tel,
      overflow: seen.overflow,
    }));
  }
} finally {
  await browser.close();
}
