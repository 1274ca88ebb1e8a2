//! A region's forms page and the zip of all its forms to print, written
//! once the forms' PDFs are: the page gives each file's type and size
//! (「PDF 2.4MB」) and links the zip; a region without forms says where to
//! get them.
//!
//! The zip is deterministic: entries sorted by name, every one dated
//! 1980-01-01 00:00 (the zip format's first day), Unix permissions 644,
//! stored — the same forms make the same bytes.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::sync::Arc;

use super::context::{RegionCtx, RenderCtx};
use super::pdf::FormKeys;
use super::views::{FileLink, FormEntry, FormView, FormsExtra};
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::Region;
use crate::write::Outputs;
use crate::write::cache::{Blob, Cache};
use rayon::prelude::*;

/// A file's size as readers see it: 「98KB」, 「2.4MB」 (1KB = 1,024 bytes).
pub fn size_label(bytes: usize) -> String {
    const K: f64 = 1024.0;
    let b = bytes as f64;
    if b < K * K {
        format!("{}KB", (b / K).ceil().max(1.0) as u64)
    } else {
        format!("{:.1}MB", b / K / K)
    }
}

/// The zip's path inside the region's folder.
pub fn zip_path(region: &Region) -> String {
    format!("forms/{}-forms.zip", region.id)
}

/// Writes every region's forms page (with `page`: the page is the site's
/// half of a build) and, given the forms' keys (the forms' half: their
/// PDFs are written by then), the zip, the page then giving the files'
/// sizes.
pub fn render(
    ctx: &Arc<RenderCtx>,
    out: &Outputs,
    diags: &Diagnostics,
    page: bool,
    files: Option<&FormKeys>,
) {
    ctx.rendered()
        .into_par_iter()
        .for_each(|ri| write_region(&ctx.region(ri), out, diags, page, files.map(|f| &f[ri])));
}

fn write_region(
    rc: &RegionCtx,
    out: &Outputs,
    diags: &Diagnostics,
    page: bool,
    keys: Option<&BTreeMap<String, String>>,
) {
    let region = rc.region;
    let at = |rel: &str| format!("{}/{rel}", region.id);
    let size = |rel: &str| keys.and_then(|_| out.size(at(rel)));
    let meta = |len: Option<u64>| {
        len.map(|n| format!("PDF {}", size_label(n as usize)))
            .unwrap_or_default()
    };
    let mut entries = Vec::new();
    let mut zipped: Vec<Zipped> = Vec::new();
    for f in &region.form_defs {
        let view = FormView::of(f, region);
        let pdf = if view.fillable { size(&view.pdf) } else { None };
        let print = size(&view.print_pdf);
        // The zip holds the print variants: a fillable PDF carries its
        // fonts (2.5MB against 100KB) and is filled one at a time.
        if let (Some(_), Some(key)) = (print, keys.and_then(|k| k.get(&f.id))) {
            zipped.push(Zipped {
                name: format!("{}-forms/{}", region.id, file_name(&view.print_pdf)),
                rel: at(&view.print_pdf),
                key: key.clone(),
            });
        }
        entries.push(FormEntry {
            pdf_meta: meta(pdf),
            print_pdf_meta: meta(print),
            form: view,
        });
    }
    let mut zip = None;
    if !zipped.is_empty() {
        let list = (
            format!("{}-forms/{}", region.id, LIST_NAME),
            list_text(region, &entries).into_bytes(),
        );
        match cached_zip(rc.cache, out, zipped, list) {
            Ok((blob, len)) => {
                let path = zip_path(region);
                let meta = format!("ZIP {}", size_label(len));
                super::context::write_blob(out, diags, &at(&path), &blob);
                zip = Some(FileLink {
                    href: path,
                    meta,
                    count: entries.len(),
                });
            }
            Err(e) => diags.push(Diagnostic::error(
                at(&zip_path(region)),
                None,
                format!("様式の zip を作れません: {e}"),
            )),
        }
    }
    if !page {
        return;
    }
    let elsewhere = &region.tasks.forms;
    let elsewhere = if elsewhere.starts_with("https://") || elsewhere.starts_with("http://") {
        elsewhere.as_str()
    } else {
        ""
    };
    rc.ctx.write_page(
        out,
        diags,
        &at("forms.html"),
        "forms.html",
        &rc.page(FormsExtra {
            forms: entries,
            zip,
            elsewhere,
        }),
    );
}

/// The zip's list of its files, for readers who unpack it.
const LIST_NAME: &str = "list.txt";

/// 様式の一覧: which file is which form, UTF-8 with a BOM and CRLF (as
/// Windows' Notepad reads it best).
fn list_text(region: &Region, entries: &[FormEntry]) -> String {
    let mut s = format!(
        "\u{feff}{} の様式（印刷して手書きで記入するもの）\r\n\r\n",
        region.name
    );
    for e in entries {
        let f = &e.form;
        s.push_str(&format!(
            "{}　{} {}\r\n",
            file_name(&f.print_pdf),
            f.number,
            f.title
        ));
    }
    s.push_str(
        "\r\n画面で入力できる PDF は、サイトの様式のページから一つずつダウンロードできます。\r\n",
    );
    s
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// A print PDF of the zip: its name in the zip, its path in the output,
/// and its form's cache key (which stands for its bytes).
struct Zipped {
    name: String,
    rel: String,
    key: String,
}

/// The zip of the print PDFs and the list, and its length: taken from the
/// cache when the same forms made it before (deflating every region's
/// print PDFs again was a third of a one-page-edit build at 1,000
/// regions). Keyed by the forms' keys, so that a hit reads no PDF.
fn cached_zip(
    cache: &Cache,
    out: &Outputs,
    zipped: Vec<Zipped>,
    list: (String, Vec<u8>),
) -> zip::result::ZipResult<(Blob, usize)> {
    let mut parts: Vec<&[u8]> = vec![list.0.as_bytes(), &list.1];
    for z in &zipped {
        parts.extend([z.name.as_bytes(), z.key.as_bytes()]);
    }
    let key = crate::hash::key(&parts);
    if let Some(path) = cache.file("zips", &key, "forms.zip")
        && let Ok(meta) = std::fs::metadata(&path)
    {
        return Ok((Blob::File(path), meta.len() as usize));
    }
    let mut files = vec![list];
    for z in zipped {
        let bytes = out.read(&z.rel).ok_or_else(|| {
            zip::result::ZipError::Io(std::io::Error::other(format!("{} を読めません", z.rel)))
        })?;
        files.push((z.name, bytes));
    }
    let bytes = zip_bytes(files)?;
    cache.put("zips", &key, &[("forms.zip", &bytes)]);
    let len = bytes.len();
    // Linked from the cache as a hit would be (see `Outputs::write_blob`).
    let blob = cache
        .file("zips", &key, "forms.zip")
        .map_or(Blob::Bytes(bytes), Blob::File);
    Ok((blob, len))
}

/// A deterministic zip of `files` (name, bytes): sorted by name, fixed
/// dates and permissions, stored.
pub fn zip_bytes(mut files: Vec<(String, Vec<u8>)>) -> zip::result::ZipResult<Vec<u8>> {
    use zip::write::SimpleFileOptions;
    files.sort_by(|a, b| a.0.cmp(&b.0));
    let options = SimpleFileOptions::default()
        // Stored: the PDFs inside are compressed already. Deflating them
        // again saved 14 % of the zip's size (level 2; level 1: 10 %) at
        // 22 ms per MB, a tenth of a national build.
        .compression_method(zip::CompressionMethod::Stored)
        .last_modified_time(zip::DateTime::default())
        .system(zip::System::Unix)
        .unix_permissions(0o644);
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in &files {
        w.start_file(name.as_str(), options)?;
        w.write_all(bytes)?;
    }
    Ok(w.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_readers_expect() {
        assert_eq!(size_label(1), "1KB");
        assert_eq!(size_label(100 * 1024), "100KB");
        assert_eq!(size_label(110_469), "108KB");
        assert_eq!(size_label(2_545_444), "2.4MB");
    }

    #[test]
    fn the_zip_is_the_same_for_the_same_files_in_any_order() {
        let a = vec![
            ("x/b.pdf".to_string(), b"%PDF-b".to_vec()),
            ("x/a.pdf".to_string(), b"%PDF-a".to_vec()),
        ];
        let mut b = a.clone();
        b.reverse();
        let (za, zb) = (zip_bytes(a).unwrap(), zip_bytes(b).unwrap());
        assert_eq!(za, zb);
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(za)).unwrap();
        let names: Vec<String> = (0..archive.len())
            .map(|i| archive.by_index(i).unwrap().name().unwrap().to_string())
            .collect();
        assert_eq!(names, ["x/a.pdf", "x/b.pdf"]);
        let mut text = String::new();
        std::io::Read::read_to_string(&mut archive.by_name("x/b.pdf").unwrap(), &mut text).unwrap();
        assert_eq!(text, "%PDF-b");
    }
}
