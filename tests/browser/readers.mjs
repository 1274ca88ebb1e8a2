// What a reader sees of the built site in Debian's chromium, measured.
// usage: node readers.mjs OUTPUT_DIR CHECK ARG...
//   widths PAGE...       every page at 320 and 390 px (and with the menu
//                        open): how wide the document is against the screen
//   compare              compare/index.html at 390 px: each value and the
//                        region name beside it, as shown; at 1280 px: the
//                        header row's place after scrolling down
//   taps REGION          from REGION/index.html at 390 px, the taps to its
//                        forms page: by the tasks, and by the menu
//   underline PAGE       a 新旧対照表: the text drawn underlined, and the text
//                        of the changed spans
// Prints one JSON line per page or check.
import { chromium } from "playwright-core";
import path from "node:path";

const [out, check, ...args] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const url = (p) => "file://" + path.join(path.resolve(out), p);
const rel = (href) => path.relative(path.resolve(out), decodeURIComponent(new URL(href).pathname));
const print = (o) => console.log(JSON.stringify(o));

try {
  if (check === "widths") {
    for (const width of [320, 390]) {
      const page = await browser.newPage({ viewport: { width, height: 800 } });
      for (const p of args) {
        await page.goto(url(p));
        await page.waitForTimeout(p.includes("?") ? 400 : 50);
        const measure = () => page.evaluate(() => ({
          scrollWidth: document.documentElement.scrollWidth,
          clientWidth: document.documentElement.clientWidth,
          // The widest element, to say what overflows.
          widest: Array.from(document.querySelectorAll("body *"))
            .map((e) => ({ e, r: e.getBoundingClientRect() }))
            .filter(({ r }) => r.right > document.documentElement.clientWidth + 1)
            .slice(0, 3)
            .map(({ e, r }) => e.tagName.toLowerCase() + (e.className ? "." + String(e.className).split(" ").join(".") : "") + " " + Math.round(r.right)),
        }));
        const closed = await measure();
        const button = page.locator(".menu-button");
        let open = null;
        if (await button.isVisible()) {
          await button.click();
          open = await measure();
        }
        print({ page: p, width, closed, open });
      }
      await page.close();
    }
  } else if (check === "compare") {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(url("compare/index.html"));
    const phone = await page.evaluate(() => {
      // Shown: in the layout, not hidden, not clipped to a pixel.
      const shown = (el) => {
        if (!el.checkVisibility({ visibilityProperty: true })) return false;
        const r = el.getBoundingClientRect();
        return r.width > 1 && r.height > 1;
      };
      const regions = Array.from(document.querySelectorAll(".compare thead th[data-region]")).map((th) => th.textContent.trim());
      const cells = Array.from(document.querySelectorAll(".compare tbody td")).map((td) => td.textContent.trim());
      // Every value as shown, with the name shown beside it.
      const values = Array.from(document.querySelectorAll(".compare-value")).map((v) => {
        const dt = v.querySelector("dt"), dd = v.querySelector("dd");
        const a = dt.getBoundingClientRect(), b = dd.getBoundingClientRect();
        return {
          region: shown(dt) ? dt.textContent.trim() : null,
          value: shown(dd) ? dd.textContent.trim() : null,
          // On the same line: the name's box and the value's overlap vertically.
          beside: a.top < b.bottom && b.top < a.bottom,
          inside: b.right <= document.documentElement.clientWidth && a.left >= 0,
        };
      });
      return {
        regions, cells, values,
        table: shown(document.querySelector(".compare")),
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
      };
    });
    print({ check: "compare", width: 390, ...phone });
    // Choosing regions: two unticked leave their values out, cards and table.
    await page.locator(".compare-choose input").nth(0).uncheck();
    await page.locator(".compare-choose input").nth(1).uncheck();
    const chosen = await page.evaluate(() => ({
      shownValues: Array.from(document.querySelectorAll(".compare-value")).filter((v) => v.checkVisibility()).length,
      allValues: document.querySelectorAll(".compare-value").length,
    }));
    print({ check: "choose", ...chosen });
    await page.close();
    const wide = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await wide.goto(url("compare/index.html"));
    await wide.mouse.wheel(0, 1500);
    await wide.waitForTimeout(200);
    const desk = await wide.evaluate(() => {
      const head = document.querySelector(".compare thead th");
      const main = document.querySelector("main").getBoundingClientRect();
      return {
        scrollY: window.scrollY,
        headTop: head.getBoundingClientRect().top,
        headShown: head.checkVisibility(),
        cards: document.querySelector(".compare-cards").checkVisibility(),
        mainWidth: main.width,
        tableWidth: document.querySelector(".compare").getBoundingClientRect().width,
      };
    });
    print({ check: "compare", width: 1280, ...desk });
    await wide.close();
  } else if (check === "taps") {
    const [region] = args;
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    // By the tasks: a link to the forms page shown in the first screen.
    await page.goto(url(region + "/index.html"));
    const task = page.locator(".task-forms a.task-link");
    const box = await task.boundingBox();
    await task.click();
    const byTask = { taps: 1, inFirstScreen: box !== null && box.y + box.height <= 844, reached: rel(page.url()) };
    // By the menu: the button, then the entry.
    await page.goto(url(region + "/index.html"));
    let taps = 0;
    const entry = page.locator(".region-menu a[href$='forms.html']");
    if (!(await entry.isVisible())) {
      await page.locator(".menu-button").click();
      taps++;
    }
    await entry.click();
    taps++;
    const byMenu = { taps, reached: rel(page.url()) };
    // The menu marks where the reader is.
    const current = await page.locator(".region-menu a[aria-current=page]").allTextContents();
    const expanded = await page.locator(".menu-button").getAttribute("aria-expanded");
    print({ check: "taps", region, byTask, byMenu, current, expanded });
    await page.close();
  } else if (check === "underline") {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    for (const p of args) {
      await page.goto(url(p));
      const seen = await page.evaluate(() => {
        // Text is drawn underlined when it or an ancestor has an underline.
        const underlined = (node) => {
          for (let e = node.parentElement; e; e = e.parentElement) {
            if (getComputedStyle(e).textDecorationLine.includes("underline")) return true;
          }
          return false;
        };
        const table = document.querySelector("table.shinkyu");
        const walker = document.createTreeWalker(table, NodeFilter.SHOW_TEXT);
        const drawn = [];
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          if (n.textContent.trim() && underlined(n)) drawn.push(n.textContent);
        }
        return {
          underlined: drawn,
          changed: Array.from(table.querySelectorAll("span.changed")).map((s) => s.textContent),
          rows: Array.from(table.querySelectorAll("tbody tr")).map((tr) => tr.className),
          guide: document.querySelector(".shinkyu-guide")?.textContent ?? "",
          back: Array.from(document.querySelectorAll("a[href$='history.html']")).map((a) => a.textContent.trim()),
          crumbs: Array.from(document.querySelectorAll(".breadcrumbs li")).map((li) => li.textContent.trim()),
          scrollWidth: document.documentElement.scrollWidth,
        };
      });
      print({ page: p, ...seen });
    }
    await page.close();
  } else {
    throw new Error("unknown check " + check);
  }
} finally {
  await browser.close();
}
