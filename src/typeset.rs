//! Typst used as a library: a World that holds only a template, its data
//! (`/data.json`) and the bundled fonts, so nothing outside the project can
//! be read and nothing is fetched. Forms and the 新旧対照表 use it alike.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use typst::diag::{FileError, FileResult, Severity as TypstSeverity, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Selector, Value};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

/// Fonts and the standard library, loaded once and shared by every world.
pub struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    /// Hash of the font files, for cache keys.
    fingerprint: Vec<u8>,
}

impl Shared {
    /// Loads every `.ttf`/`.otf` in `dir` (the theme's bundled fonts).
    pub fn load(dir: &Path) -> Result<Shared, String> {
        let mut fonts = Vec::new();
        let mut hashed: Vec<&[u8]> = Vec::new();
        let mut datas = Vec::new();
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .map_err(|e| format!("{}: {e}", dir.display()))?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                p.extension()
                    .is_some_and(|e| e == "ttf" || e == "otf" || e == "ttc")
            })
            .collect();
        paths.sort();
        for p in paths {
            let bytes = std::fs::read(&p).map_err(|e| format!("{}: {e}", p.display()))?;
            datas.push(bytes);
        }
        for bytes in &datas {
            hashed.push(bytes);
        }
        let fingerprint = crate::cache::key(&hashed).into_bytes();
        for bytes in datas {
            fonts.extend(Font::iter(Bytes::new(bytes)));
        }
        if fonts.is_empty() {
            return Err(format!("{} にフォントがありません", dir.display()));
        }
        Ok(Shared {
            library: LazyHash::new(Library::default()),
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
            fingerprint,
        })
    }

    pub fn fingerprint(&self) -> Vec<u8> {
        self.fingerprint.clone()
    }
}

fn file_id(path: &str) -> FileId {
    RootedPath::new(
        VirtualRoot::Project,
        VirtualPath::new(path).expect("a valid virtual path"),
    )
    .intern()
}

/// The main file's id and the data file's, the same for every form so that
/// Typst's cache can reuse the template's parse.
fn ids() -> &'static (FileId, FileId) {
    static IDS: OnceLock<(FileId, FileId)> = OnceLock::new();
    IDS.get_or_init(|| (file_id("/main.typ"), file_id("/data.json")))
}

pub struct TemplateWorld {
    shared: Arc<Shared>,
    main: Source,
    data: Bytes,
    today: Datetime,
    /// Further files the template may read (page markup, pictures, PDFs),
    /// by virtual path; nothing else is readable.
    files: std::collections::HashMap<FileId, Bytes>,
}

impl TemplateWorld {
    pub fn new(
        shared: Arc<Shared>,
        template: &str,
        data: Vec<u8>,
        today: Datetime,
    ) -> TemplateWorld {
        let (main, _) = *ids();
        TemplateWorld {
            shared,
            main: Source::new(main, template.to_string()),
            data: Bytes::new(data),
            today,
            files: Default::default(),
        }
    }

    /// Makes `bytes` readable by the template at the virtual `path`.
    pub fn add_file(&mut self, path: &str, bytes: Vec<u8>) {
        self.files.insert(file_id(path), Bytes::new(bytes));
    }
}

impl World for TemplateWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.shared.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.shared.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            return Ok(self.main.clone());
        }
        let bytes = self.files.get(&id).ok_or(FileError::AccessDenied)?;
        let text = std::str::from_utf8(bytes.as_slice()).map_err(|_| FileError::InvalidUtf8)?;
        Ok(Source::new(id, text.to_string()))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        let (main, data) = *ids();
        if id == data {
            Ok(self.data.clone())
        } else if id == main {
            Ok(Bytes::from_string(self.main.text().to_string()))
        } else {
            // The template may read its data and the files given to it,
            // nothing else.
            self.files.get(&id).cloned().ok_or(FileError::AccessDenied)
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.shared.fonts.get(index).cloned()
    }

    fn today(&self, _: Option<typst::foundations::Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}

/// Compiles; warnings count as errors (Typst only warns about a missing
/// font, which would print tofu).
pub fn compile(world: &TemplateWorld) -> Result<PagedDocument, Vec<String>> {
    let warned = typst::compile::<PagedDocument>(world);
    let mut problems: Vec<String> = warned.warnings.iter().map(|d| describe(world, d)).collect();
    match warned.output {
        Ok(doc) if problems.is_empty() => Ok(doc),
        Ok(_) => Err(problems),
        Err(errors) => {
            problems.extend(errors.iter().map(|d| describe(world, d)));
            Err(problems)
        }
    }
}

fn describe(world: &TemplateWorld, d: &SourceDiagnostic) -> String {
    use typst::WorldExt;
    let kind = match d.severity {
        TypstSeverity::Error => "error",
        TypstSeverity::Warning => "warning",
    };
    let at = world
        .range(d.span)
        .map(|r| {
            let text = world.main.text();
            let line = text[..r.start.min(text.len())].matches('\n').count() + 1;
            format!(" (template line {line})")
        })
        .unwrap_or_default();
    let hints: String = d.hints.iter().map(|h| format!("; hint: {}", h.v)).collect();
    format!("Typst {kind}: {}{at}{hints}", d.message)
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

/// Reads the field markers (metadata with a `tebiki-field` key) from the
/// laid-out document.
pub fn placed_fields(doc: &PagedDocument) -> Vec<Placed> {
    use typst::foundations::Element;
    use typst::introspection::{Introspector, MetadataElem};
    let intro = doc.introspector();
    let selector = Selector::Elem(Element::of::<MetadataElem>(), None);
    let mut out = Vec::new();
    for elem in intro.query(&selector) {
        let Ok(Value::Dict(dict)) = elem.get_by_name("value") else {
            continue;
        };
        let get = |k: &str| dict.get(k).ok().cloned();
        let (Some(Value::Str(id)), Some(w), Some(h)) = (get("tebiki-field"), get("w"), get("h"))
        else {
            continue;
        };
        let num = |v: Value| match v {
            Value::Float(f) => f,
            Value::Int(i) => i as f64,
            _ => 0.0,
        };
        let Some(pos) = elem.location().and_then(|l| intro.position(l)) else {
            continue;
        };
        let (w, h) = (num(w), num(h));
        // (tests/forms.rs checks that filled text lands inside its blank.)
        out.push(Placed {
            id: id.to_string(),
            page: pos.page.get(),
            x: pos.point.x.to_pt(),
            y: pos.point.y.to_pt(),
            w,
            h,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn world(template: &str) -> TemplateWorld {
        let fonts = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/fonts");
        let shared = Arc::new(Shared::load(&fonts).unwrap());
        TemplateWorld::new(
            shared,
            template,
            b"{}".to_vec(),
            Datetime::from_ymd(2021, 3, 1).unwrap(),
        )
    }

    #[test]
    fn the_world_reads_nothing_outside_what_it_was_given() {
        for template in [
            "#read(\"/etc/passwd\")",
            "#read(\"../Cargo.toml\")",
            "#import \"/src/lib.rs\": *",
            "#image(\"/etc/hostname\")",
        ] {
            let errors = compile(&world(template)).expect_err(template);
            assert!(
                errors.iter().any(|e| e.contains("denied")
                    || e.contains("not found")
                    || e.contains("escape the project root")),
                "{template}: {errors:?}"
            );
        }
        let mut w = world("#read(\"/pages/a.typ\")");
        w.add_file("/pages/a.typ", b"given".to_vec());
        assert!(compile(&w).is_ok());
    }

    #[test]
    fn an_unknown_font_is_an_error() {
        let errors =
            compile(&world("#set text(font: \"NoSuchFont\")\nあ")).expect_err("unknown font");
        assert!(errors.iter().any(|e| e.contains("font")), "{errors:?}");
    }
}
