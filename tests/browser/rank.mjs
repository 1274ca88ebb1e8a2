// Ranks queries with the page script (static/search.js) in node, over the
// built site's indexes and synonym table, for the suite to compare with the
// Rust ranking. usage: node rank.mjs OUTPUT_DIR [REGION|]QUERY...
// Prints one JSON line per query: {query, results: [{url, score}]}.
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";

const out = path.resolve(process.argv[2]);
const context = { window: {} };
vm.createContext(context);
const run = (file) => vm.runInContext(fs.readFileSync(path.join(out, file), "utf8"), context, { filename: file });
run("static/search.js");
run("search/synonyms.table.js");
const regions = fs.readdirSync(path.join(out, "search"))
  .filter((f) => f.endsWith(".js") && !f.slice(0, -3).includes("."))
  .map((f) => f.slice(0, -3))
  .sort();
for (const r of regions) run(`search/${r}.js`);
const { tebikiSearch, tebikiSearchIndex, tebikiSynonyms } = context.window;
const prepared = Object.fromEntries(regions.map((r) => [r, tebikiSearch.prepare(r, tebikiSearchIndex[r])]));
for (const arg of process.argv.slice(3)) {
  const [region, q] = arg.includes("|") ? arg.split("|") : ["", arg];
  const indexes = region ? [prepared[region]] : regions.map((r) => prepared[r]);
  const results = tebikiSearch.search(indexes, tebikiSynonyms, q)
    .map((h) => ({ url: indexes[h.index].docs[h.doc].url, score: h.score }));
  console.log(JSON.stringify({ query: arg, results }));
}
