// Types queries into the search box of the built site in Debian's chromium
// and reads the results. usage: node search.mjs OUTPUT_DIR [PAGE|]QUERY...
// A query starts from the portal, or from PAGE (relative to OUTPUT_DIR).
// Prints one JSON line per query: {query, results: [{title, href}]}.
import { chromium } from "playwright-core";
import path from "node:path";

const out = path.resolve(process.argv[2]);
const queries = process.argv.slice(3);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  for (const arg of queries) {
    const [start, q] = arg.includes("|") ? arg.split("|") : ["index.html", arg];
    // Start where a reader would: a page of the site, then the header box.
    await page.goto("file://" + path.join(out, start));
    const box = page.locator(".site-search input[name=q]");
    await box.click();
    await box.fill(q);
    await box.press("Enter");
    await page.waitForURL(/search\.html/);
    await page.waitForFunction(() => document.querySelector(".search-status")?.textContent.length > 0);
    const results = await page.$$eval(".search-results li a", (as) =>
      as.map((a) => ({ title: a.textContent, href: a.getAttribute("href") })));
    const marks = await page.$$eval(".search-results mark", (ms) => ms.length);
    console.log(JSON.stringify({ query: arg, results, marks }));
  }
} finally {
  await browser.close();
}
