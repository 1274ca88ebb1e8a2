//! The Typst world: only a template, its data (`/data.json`), the files a
//! job hands it and the theme's fonts, so nothing outside the project can be
//! read and nothing is fetched.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

/// Fonts and the standard library, loaded once and shared by every world.
pub struct Fonts {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    /// Hash of the font files, for cache keys.
    fingerprint: Vec<u8>,
}

impl Fonts {
    /// Loads every `.ttf`/`.otf` in `dir` (the theme's bundled fonts).
    pub fn load(dir: &Path) -> Result<Fonts, String> {
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
        let fingerprint = crate::hash::key(&hashed).into_bytes();
        for bytes in datas {
            fonts.extend(Font::iter(Bytes::new(bytes)));
        }
        if fonts.is_empty() {
            return Err(format!("{} にフォントがありません", dir.display()));
        }
        Ok(Fonts {
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

/// A template as the main file of a world: parsed once, shared by every job.
pub fn main_source(text: &str) -> Source {
    Source::new(ids().0, text.to_string())
}

/// The main file's id and the data file's, the same for every form so that
/// Typst's cache can reuse the template's parse.
fn ids() -> &'static (FileId, FileId) {
    static IDS: OnceLock<(FileId, FileId)> = OnceLock::new();
    IDS.get_or_init(|| (file_id("/main.typ"), file_id("/data.json")))
}

pub struct TemplateWorld {
    fonts: Arc<Fonts>,
    pub(super) main: Source,
    data: Bytes,
    today: Datetime,
    /// Further files the template may read (page markup, pictures, PDFs),
    /// by virtual path; nothing else is readable.
    files: std::collections::HashMap<FileId, Bytes>,
}

impl TemplateWorld {
    pub fn new(fonts: Arc<Fonts>, main: Source, data: Vec<u8>, today: Datetime) -> TemplateWorld {
        TemplateWorld {
            fonts,
            main,
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
        &self.fonts.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.fonts.book
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
        self.fonts.fonts.get(index).cloned()
    }

    fn today(&self, _: Option<typst::foundations::Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The print fonts are the files of the theme's `fonts/`; the field font
    /// in `fonts/field/` (which travels with the theme into new projects)
    /// is for form fields only and never a body font of the print.
    #[test]
    fn the_field_font_is_not_a_print_font() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/fonts");
        assert!(dir.join("field/TebikiFieldGothic-Regular.ttf").is_file());
        let fonts = Fonts::load(&dir).unwrap();
        let families: Vec<String> = fonts
            .book
            .families()
            .map(|(name, _)| name.to_lowercase())
            .collect();
        assert!(families.iter().any(|f| f.contains("ipaex")), "{families:?}");
        assert!(
            !families.iter().any(|f| f.contains("tebiki")),
            "{families:?}"
        );
    }
}
