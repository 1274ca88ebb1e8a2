// Fills a form as a person does in pdf.js (Firefox's viewer): each value is
// typed into its field (annotationStorage) and the document saved; pdf.js
// draws the values' appearances itself, from the field font in /DR.
// usage: node pdfjs-fill.mjs IN.pdf OUT.pdf JSON_VALUES
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import fs from "node:fs";

const [src, dst, json] = process.argv.slice(2);
const values = JSON.parse(json);
const doc = await getDocument({ data: new Uint8Array(fs.readFileSync(src)), isEvalSupported: false, enableScripting: false, verbosity: 0 }).promise;
const objects = (await doc.getFieldObjects()) || {};
for (const [name, value] of Object.entries(values)) {
  for (const w of objects[name] || []) {
    if (w.type === "checkbox") doc.annotationStorage.setValue(w.id, { value: value === true });
    else if (w.type === "radiobutton") doc.annotationStorage.setValue(w.id, { value: w.buttonValue === value });
    else doc.annotationStorage.setValue(w.id, { value: String(value) });
  }
}
fs.writeFileSync(dst, await doc.saveDocument());
await doc.destroy();
