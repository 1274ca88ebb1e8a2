// axe-core in Debian's chromium at WCAG 2.2 AA and its best practices
// (landmark-unique, region, heading-order …), at a phone and a desktop
// width. usage: node axe.mjs OUTPUT_DIR PAGE... (pages relative to OUTPUT_DIR,
// a query string allowed). Prints one JSON line per page and width.
import { chromium } from "playwright-core";
import path from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const axePath = require.resolve("axe-core/axe.min.js");
const [out, ...pages] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  for (const width of [390, 1280]) {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    for (const p of pages) {
      const [file, query] = p.split("?");
      await page.goto("file://" + path.join(path.resolve(out), file) + (query ? "?" + query : ""));
      // Let the search page show its results first.
      await page.waitForTimeout(query ? 400 : 50);
      await page.addScriptTag({ path: axePath });
      const result = await page.evaluate(() => window.axe.run(document, {
        runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
      }));
      const violations = result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }));
      console.log(JSON.stringify({ page: p, width, violations }));
    }
    await page.close();
  }
} finally {
  await browser.close();
}
