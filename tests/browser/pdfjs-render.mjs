// Renders one page as pdf.js shows it (forms drawn from their appearance
// streams) into a grey-scale PGM at 72 dpi. usage: node pdfjs-render.mjs IN.pdf PAGE OUT.pgm
import { getDocument, AnnotationMode } from "pdfjs-dist/legacy/build/pdf.mjs";
import { createCanvas } from "@napi-rs/canvas";
import fs from "node:fs";

const [src, pageNo, dst] = process.argv.slice(2);
const doc = await getDocument({ data: new Uint8Array(fs.readFileSync(src)), isEvalSupported: false, enableScripting: false, verbosity: 0 }).promise;
const page = await doc.getPage(Number(pageNo));
const viewport = page.getViewport({ scale: 1 });
const w = Math.round(viewport.width), h = Math.round(viewport.height);
const canvas = createCanvas(w, h);
const ctx = canvas.getContext("2d");
ctx.fillStyle = "white";
ctx.fillRect(0, 0, w, h);
await page.render({ canvasContext: ctx, viewport, annotationMode: AnnotationMode.ENABLE_STORAGE }).promise;
const rgba = ctx.getImageData(0, 0, w, h).data;
const gray = Buffer.alloc(w * h);
for (let i = 0; i < w * h; i++) gray[i] = Math.round(0.299 * rgba[4 * i] + 0.587 * rgba[4 * i + 1] + 0.114 * rgba[4 * i + 2]);
fs.writeFileSync(dst, Buffer.concat([Buffer.from(`P5 ${w} ${h} 255\n`), gray]));
await doc.destroy();
