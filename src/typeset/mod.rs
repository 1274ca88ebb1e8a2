//! Typesetting: the one path from a Typst template and its data to a PDF.
//! Forms, booklets and the 新旧対照表 all go through [`Typesetter::layout`]
//! and [`Layout::pdf`]; templates and fonts are read once per build, the
//! document date falls back in one place, and Typst's own diagnostics become
//! located ones (the line of the theme's `.typ` a theme author edits).

mod world;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use typst::WorldExt;
use typst::diag::{Severity, SourceDiagnostic};
use typst::foundations::{Datetime, Dict, Element, Selector, Smart, Value};
use typst::introspection::{Introspector, MetadataElem};
use typst::syntax::Source;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

pub use self::world::Fonts;
use self::world::{TemplateWorld, main_source};
use crate::diag::{Diagnostic, Pos};
use crate::wareki::Date;

/// The date a document is dated when its sources give none: fixed, so that
/// the same sources give the same bytes.
const FALLBACK_DATE: Date = Date::ymd(2020, 1, 1);

/// A theme's Typst template, read and parsed once per build.
pub struct Template {
    /// As shown in diagnostics: `themes/default/typst/form.typ`.
    pub rel: PathBuf,
    source: Source,
}

impl Template {
    /// The template's text, for cache keys.
    pub fn text(&self) -> &str {
        self.source.text()
    }
}

/// Fonts and templates of one theme, loaded on first use and shared by
/// every job of a build.
pub struct Typesetter {
    dir: PathBuf,
    rel: PathBuf,
    fonts: OnceLock<Result<Arc<Fonts>, Diagnostic>>,
    templates: Mutex<HashMap<String, Result<Arc<Template>, Diagnostic>>>,
}

/// One document to typeset.
pub struct Job<'a> {
    pub template: &'a Template,
    /// What the template reads as `/data.json`.
    pub data: Vec<u8>,
    /// Further files the template may read, by virtual path (`/qr.svg`).
    pub files: Vec<(String, Vec<u8>)>,
    /// The document's date (`datetime.today()` and the PDF's timestamp).
    pub date: Option<Date>,
}

/// How a PDF is written; both are tagged (structure for screen readers).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standard {
    /// PDF 1.7: booklets, the 新旧対照表, the base of a fillable form.
    Plain,
    /// PDF/A-2b: the print variant of a form, for archiving.
    Archival,
}

/// A laid-out document.
pub struct Layout {
    doc: PagedDocument,
    today: Datetime,
    template: PathBuf,
}

/// Where a marker was laid out: page (from 1), point from the page's top
/// left.
struct At {
    page: usize,
    x: f64,
    y: f64,
}

/// A sheet of a form as laid out (see `Layout::sheets`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sheet {
    pub index: usize,
    /// Whether the template has a tighter spacing left for it.
    pub tighter: bool,
    /// How many pages it took.
    pub pages: usize,
}

/// A field marker as laid out: page (from 1), top-left corner and size in
/// points, from the top left of the page as Typst measures.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub id: String,
    pub page: usize,
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Typesetter {
    /// The typesetter of the theme in `dir`; `rel` is the same folder as
    /// diagnostics name it (relative to the project).
    pub fn new(dir: &Path, rel: &Path) -> Typesetter {
        Typesetter {
            dir: dir.to_path_buf(),
            rel: rel.to_path_buf(),
            fonts: OnceLock::new(),
            templates: Mutex::new(HashMap::new()),
        }
    }

    /// The theme's fonts (`fonts/`), loaded and hashed once.
    pub fn fonts(&self) -> Result<Arc<Fonts>, Diagnostic> {
        self.fonts
            .get_or_init(|| {
                Fonts::load(&self.dir.join("fonts"))
                    .map(Arc::new)
                    .map_err(|e| {
                        Diagnostic::error(self.rel.join("fonts"), None, e)
                            .hint("テーマの fonts/ に日本語フォント（.ttf）を置いてください。")
                    })
            })
            .clone()
    }

    /// The template at `name` under the theme (`typst/form.typ`).
    pub fn template(&self, name: &str) -> Result<Arc<Template>, Diagnostic> {
        let mut templates = self.templates.lock().unwrap();
        templates
            .entry(name.to_string())
            .or_insert_with(|| {
                let rel = self.rel.join(name);
                std::fs::read_to_string(self.dir.join(name))
                    .map(|text| {
                        Arc::new(Template {
                            rel: rel.clone(),
                            source: main_source(&text),
                        })
                    })
                    .map_err(|e| {
                        Diagnostic::error(&rel, None, format!("テンプレートを読めません: {e}"))
                    })
            })
            .clone()
    }

    /// Lays out `job`. Warnings count as errors: Typst only warns about a
    /// missing font, which would print tofu.
    pub fn layout(&self, job: Job) -> Result<Layout, Vec<Diagnostic>> {
        let fonts = self.fonts().map_err(|d| vec![d])?;
        let today = datetime(job.date);
        let mut world = TemplateWorld::new(fonts, job.template.source.clone(), job.data, today);
        for (path, bytes) in job.files {
            world.add_file(&path, bytes);
        }
        let warned = typst::compile::<PagedDocument>(&world);
        let mut problems: Vec<Diagnostic> = warned
            .warnings
            .iter()
            .map(|d| located(&world, job.template, d))
            .collect();
        match warned.output {
            Ok(doc) if problems.is_empty() => Ok(Layout {
                doc,
                today,
                template: job.template.rel.clone(),
            }),
            Ok(_) => Err(problems),
            Err(errors) => {
                problems.extend(errors.iter().map(|d| located(&world, job.template, d)));
                Err(problems)
            }
        }
    }
}

/// The date a document is dated: its sources' date, else the fallback.
/// Templates that print the date read it from here too.
pub fn document_date(date: Option<Date>) -> Date {
    date.unwrap_or(FALLBACK_DATE)
}

/// The document date as Typst takes it.
fn datetime(date: Option<Date>) -> Datetime {
    let d = document_date(date);
    Datetime::from_ymd(d.year, d.month as u8, d.day as u8).expect("a valid date")
}

/// A Typst diagnostic as tebiki reports it: in the template's file at the
/// line Typst points to, when the problem is in the template itself.
fn located(world: &TemplateWorld, template: &Template, d: &SourceDiagnostic) -> Diagnostic {
    let main = &world.main;
    let range = (d.span.id() == Some(main.id()))
        .then(|| world.range(d.span))
        .flatten();
    let pos = range.as_ref().map(|r| Pos::of_offset(main.text(), r.start));
    let len = range
        .as_ref()
        .map(|r| {
            main.text()[r.clone()]
                .lines()
                .next()
                .unwrap_or("")
                .chars()
                .count()
        })
        .unwrap_or(1);
    // A warning fails the job too (see `layout`).
    let kind = match d.severity {
        Severity::Error => "エラー",
        Severity::Warning => "警告",
    };
    let message = format!("Typst の{kind}です: {} [typst]", d.message);
    let mut out = Diagnostic::error(&template.rel, pos, message).underline(len);
    if range.is_none()
        && let Some(id) = d.span.id()
    {
        out = out.hint(format!(
            "テンプレートが読み込んだ {} の中の問題です。",
            id.vpath().get_without_slash()
        ));
    }
    for h in &d.hints {
        out = out.hint(h.v.to_string());
    }
    out
}

impl Layout {
    pub fn pages(&self) -> usize {
        self.doc.pages().len()
    }

    /// The PDF, identified by `ident` (stable across builds) and dated by
    /// the job's date.
    pub fn pdf(&self, ident: &str, standard: Standard) -> Result<Vec<u8>, Vec<Diagnostic>> {
        let standards = match standard {
            Standard::Archival => PdfStandards::new(&[PdfStandard::A_2b]).map_err(|e| {
                vec![Diagnostic::error(
                    &self.template,
                    None,
                    format!("PDF/A: {}", e.message()),
                )]
            })?,
            Standard::Plain => PdfStandards::default(),
        };
        typst_pdf::pdf(
            &self.doc,
            &PdfOptions {
                ident: Smart::Custom(ident.to_string()),
                timestamp: Some(Timestamp::new_utc(self.today)),
                standards,
                tagged: true,
                ..PdfOptions::default()
            },
        )
        .map(quiet_suspects)
        .map_err(|errors| {
            errors
                .iter()
                .map(|d| {
                    Diagnostic::error(
                        &self.template,
                        None,
                        format!("PDF を書き出せません: {} [typst-pdf]", d.message),
                    )
                })
                .collect()
        })
    }

    /// Page `n` (from 0) as PNG at `scale` pixels per point.
    pub fn png(&self, n: usize, scale: f64) -> Result<Vec<u8>, Diagnostic> {
        let pixmap = typst_render::render(
            &self.doc.pages()[n],
            &typst_render::RenderOptions {
                pixel_per_pt: scale.into(),
                render_bleed: false,
            },
        );
        encode_png(&pixmap).map_err(|e| {
            Diagnostic::error(&self.template, None, format!("見本画像を書けません: {e}"))
        })
    }

    /// The field markers (metadata with a `tebiki-field` key) as laid out.
    pub fn placed(&self) -> Vec<Placed> {
        self.markers("tebiki-field")
            .filter_map(|(id, dict, pos)| {
                let Value::Str(id) = id else { return None };
                let num = |k: &str| match dict.get(k).ok()?.clone() {
                    Value::Float(f) => Some(f),
                    Value::Int(i) => Some(i as f64),
                    _ => None,
                };
                Some(Placed {
                    id: id.to_string(),
                    page: pos.page,
                    x: pos.x,
                    y: pos.y,
                    w: num("w")?,
                    h: num("h")?,
                })
            })
            .collect()
    }

    /// The sheet markers (metadata with a `tebiki-sheet` key: the sheet's
    /// index, and whether the template has a tighter spacing left for it)
    /// in document order, each with the pages its sheet took.
    pub fn sheets(&self) -> Vec<Sheet> {
        let starts: Vec<(usize, bool, usize)> = self
            .markers("tebiki-sheet")
            .filter_map(|(index, dict, pos)| {
                let Value::Int(index) = index else {
                    return None;
                };
                let index = usize::try_from(index).ok()?;
                let tighter = matches!(dict.get("tighter"), Ok(Value::Bool(true)));
                Some((index, tighter, pos.page))
            })
            .collect();
        let ends = starts.iter().skip(1).map(|s| s.2).chain([self.pages() + 1]);
        starts
            .iter()
            .zip(ends)
            .map(|(&(index, tighter, page), next)| Sheet {
                index,
                tighter,
                pages: next.saturating_sub(page),
            })
            .collect()
    }

    /// Metadata whose value is a dictionary with `key`: the key's value,
    /// the dictionary and where it was laid out.
    fn markers(&self, key: &str) -> impl Iterator<Item = (Value, Dict, At)> {
        let intro = self.doc.introspector();
        let selector = Selector::Elem(Element::of::<MetadataElem>(), None);
        intro.query(&selector).into_iter().filter_map(move |elem| {
            let Ok(Value::Dict(dict)) = elem.get_by_name("value") else {
                return None;
            };
            let value = dict.get(key).ok()?.clone();
            let pos = intro.position(elem.location()?)?;
            let at = At {
                page: pos.page.get(),
                x: pos.point.x.to_pt(),
                y: pos.point.y.to_pt(),
            };
            Some((value, dict, at))
        })
    }
}

/// A rendered page as PNG. Form pages are grey on white: an opaque page is
/// written as 8-bit grey when every pixel is grey, RGB otherwise, so the
/// encoder deflates a quarter (or three quarters) of the RGBA bytes.
/// No row filter: on these anti-aliased text pages it is both faster and
/// smaller than adaptive filtering. Deflate level 2: on 90 form
/// thumbnails (357 x 505 grey) it takes 1.45 ms and gives 29.1 KB a page,
/// against 2.6 ms and 28.2 KB at the default level 6 and 1.15 ms but
/// 36.5 KB at level 1; thumbnails were a tenth of the CPU of the forms.
fn encode_png(pixmap: &tiny_skia::Pixmap) -> Result<Vec<u8>, String> {
    let rgba = pixmap.data();
    if rgba.chunks_exact(4).any(|p| p[3] != 255) {
        return pixmap.encode_png().map_err(|e| e.to_string());
    }
    let grey = rgba.chunks_exact(4).all(|p| p[0] == p[1] && p[1] == p[2]);
    let (colour, data): (png::ColorType, Vec<u8>) = if grey {
        (
            png::ColorType::Grayscale,
            rgba.chunks_exact(4).map(|p| p[0]).collect(),
        )
    } else {
        let rgb = rgba.chunks_exact(4).flat_map(|p| [p[0], p[1], p[2]]);
        (png::ColorType::Rgb, rgb.collect())
    };
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
    encoder.set_color(colour);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_deflate_compression(png::DeflateCompression::Level(2));
    encoder.set_filter(png::Filter::NoFilter);
    let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
    writer.write_image_data(&data).map_err(|e| e.to_string())?;
    writer.finish().map_err(|e| e.to_string())?;
    Ok(out)
}

/// Typst marks its PDFs `/MarkInfo << /Marked true /Suspects false >>`,
/// which is valid, but poppler (22.12, Debian's pdfinfo and pdftoppm)
/// prints 「Syntax Error: Suspects object is wrong type」 for a false
/// value, alarming an author who checks a PDF. False is the default: the
/// key is blanked with spaces of the same length, so every offset of the
/// file stays as it was.
fn quiet_suspects(mut pdf: Vec<u8>) -> Vec<u8> {
    const KEY: &[u8] = b"/Suspects false";
    if let Some(at) = pdf.windows(KEY.len()).position(|w| w == KEY) {
        pdf[at..at + KEY.len()].fill(b' ');
    }
    pdf
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typesetter() -> Typesetter {
        let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        Typesetter::new(&theme, Path::new("themes/default"))
    }

    fn layout(
        t: &Typesetter,
        template: &str,
        files: Vec<(String, Vec<u8>)>,
    ) -> Result<Layout, Vec<Diagnostic>> {
        let template = Template {
            rel: "themes/default/typst/test.typ".into(),
            source: main_source(template),
        };
        t.layout(Job {
            template: &template,
            data: b"{}".to_vec(),
            files,
            date: None,
        })
    }

    #[test]
    fn the_world_reads_nothing_outside_what_it_was_given() {
        let t = typesetter();
        for template in [
            "#read(\"/etc/passwd\")",
            "#read(\"../Cargo.toml\")",
            "#import \"/src/lib.rs\": *",
            "#image(\"/etc/hostname\")",
        ] {
            let errors = layout(&t, template, vec![]).err().expect(template);
            assert!(
                errors.iter().any(|e| e.message.contains("denied")
                    || e.message.contains("not found")
                    || e.message.contains("escape the project root")),
                "{template}: {errors:?}"
            );
        }
        let given = vec![("/pages/a.typ".to_string(), b"given".to_vec())];
        assert!(layout(&t, "#read(\"/pages/a.typ\")", given).is_ok());
    }

    #[test]
    fn an_unknown_font_is_an_error_at_its_line_in_the_template() {
        let t = typesetter();
        let errors = layout(&t, "本文\n#set text(font: \"NoSuchFont\")\nあ", vec![])
            .err()
            .expect("unknown font");
        let d = errors
            .iter()
            .find(|e| e.message.contains("font"))
            .unwrap_or_else(|| panic!("{errors:?}"));
        assert_eq!(d.file, Path::new("themes/default/typst/test.typ"));
        assert_eq!(d.pos.map(|p| p.line), Some(2), "{d:?}");
    }

    /// Decodes a PNG to its colour type and RGBA pixels.
    fn decode(png_bytes: &[u8]) -> (png::ColorType, Vec<[u8; 4]>) {
        let mut reader = png::Decoder::new(std::io::Cursor::new(png_bytes))
            .read_info()
            .unwrap();
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buf).unwrap();
        let px = match info.color_type {
            png::ColorType::Grayscale => buf.iter().map(|&g| [g, g, g, 255]).collect(),
            png::ColorType::Rgb => buf.chunks(3).map(|p| [p[0], p[1], p[2], 255]).collect(),
            png::ColorType::Rgba => buf.chunks(4).map(|p| [p[0], p[1], p[2], p[3]]).collect(),
            other => panic!("unexpected {other:?}"),
        };
        (info.color_type, px)
    }

    fn pixmap(pixels: &[[u8; 4]]) -> tiny_skia::Pixmap {
        let mut map = tiny_skia::Pixmap::new(pixels.len() as u32, 1).unwrap();
        map.data_mut().copy_from_slice(pixels.concat().as_slice());
        map
    }

    #[test]
    fn pages_are_written_in_the_fewest_channels_that_hold_them() {
        let grey = [[255, 255, 255, 255], [40, 40, 40, 255], [0, 0, 0, 255]];
        let red = [[255, 255, 255, 255], [200, 0, 0, 255]];
        let clear = [[0, 0, 0, 0], [50, 50, 50, 255]];
        for (pixels, want) in [
            (&grey[..], png::ColorType::Grayscale),
            (&red[..], png::ColorType::Rgb),
            (&clear[..], png::ColorType::Rgba),
        ] {
            let (got, px) = decode(&encode_png(&pixmap(pixels)).unwrap());
            assert_eq!(got, want);
            assert_eq!(px, pixels, "{want:?} pixels changed");
        }
    }
}
