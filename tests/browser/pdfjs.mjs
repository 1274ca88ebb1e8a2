// pdf.js (the viewer inside Firefox and the one many sites embed) loads each
// PDF and lists its form fields. usage: node pdfjs.mjs FILE.pdf...
// Prints one JSON line per file: {file, pages, fields: [{name, type}], js}.
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import fs from "node:fs";

for (const file of process.argv.slice(2)) {
  const data = new Uint8Array(fs.readFileSync(file));
  const doc = await getDocument({ data, isEvalSupported: false, enableScripting: false, verbosity: 0 }).promise;
  const objects = (await doc.getFieldObjects()) || {};
  const fields = Object.entries(objects).map(([name, list]) => ({ name, type: list[0].type }));
  const js = await doc.getJSActions();
  console.log(JSON.stringify({ file, pages: doc.numPages, fields, js: js ? Object.keys(js).length : 0 }));
  await doc.destroy();
}
