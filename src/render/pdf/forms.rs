//! Form PDFs: for every 様式, a fillable PDF with AcroForm fields, a print
//! PDF (PDF/A-2b, tagged, no fields) and a thumbnail of its first page.
//!
//! data (`form_data.rs`) -> layout (`crate::typeset` and the theme's
//! `typst/form.typ`) -> print PDF -> fields (`crate::acroform`) appended to
//! it as an incremental update, which no longer claims PDF/A: the fillable
//! PDF.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use super::super::context::{RegionCtx, RenderCtx};
use super::form_data::{self, FormData};
use crate::acroform::{self, FieldFont, FieldSpec, SpecKind};
use crate::diag::{Diagnostic, Diagnostics, Pos};
use crate::hash::key;
use crate::model::Form;
use crate::typeset::{Job, Layout, Placed, Standard, Template};
use crate::write::Outputs;
use crate::write::cache::{Blob, Cache};

pub const TEMPLATE: &str = "typst/form.typ";
/// The font form fields show typed text in (see `acroform::font`), in the
/// theme so that it travels with it into every new project. In a folder of
/// its own: Typst loads only the files of `fonts/` itself, for the print.
pub const FIELD_FONT: &str = "fonts/field/TebikiFieldGothic-Regular.ttf";
/// At most this many layouts of one form while fitting its sheets: a
/// bound for a theme's template that always offers a tighter spacing.
const MAX_LAYOUTS: usize = 8;
/// Pixels per point of the thumbnails on the forms page (A4 -> 357 x 505).
const THUMBNAIL_SCALE: f64 = 0.6;

/// What a form renders to.
pub struct FormPdfs {
    /// The hash of everything that made these files (the cache key): the
    /// same key, the same bytes.
    pub key: String,
    pub fillable: Blob,
    pub print: Blob,
    pub pages: usize,
    pub thumbnail: Blob,
    pub fields: Vec<FieldSpec>,
}

/// The parts every form shares: template, field font, their fingerprint.
pub struct Forms {
    template: Arc<Template>,
    field_font: &'static FieldFont,
    /// Hash of the fonts and template: part of every cache key.
    fingerprint: String,
}

impl Forms {
    pub fn load(ctx: &RenderCtx) -> Result<Forms, Diagnostic> {
        let fonts = ctx.typesetter.fonts()?;
        let template = ctx.typesetter.template(TEMPLATE)?;
        let rel = ctx.theme_rel(FIELD_FONT);
        let font_data = std::fs::read(ctx.theme.dir.join(FIELD_FONT)).map_err(|e| {
            Diagnostic::error(&rel, None, format!("入力欄のフォントを読めません: {e}"))
                .hint("tebiki の themes/default/fonts/field/ を、ライセンスのファイルと一緒にテーマの fonts/field/ に写してください。")
        })?;
        let field_font = match FieldFont::shared(&font_data) {
            Ok(f) => f,
            Err(e) => return Err(Diagnostic::error(&rel, None, e.clone())),
        };
        let fingerprint = key(&[template.text().as_bytes(), &fonts.fingerprint(), &font_data]);
        Ok(Forms {
            template,
            field_font,
            fingerprint,
        })
    }

    pub fn field_font(&self) -> &FieldFont {
        self.field_font
    }

    /// Lays out one form and makes both PDFs and the thumbnail, or takes
    /// them from the cache when the same data, template and fonts made them
    /// before.
    pub fn render(&self, rc: &RegionCtx, form: &Form) -> Result<FormPdfs, Vec<Diagnostic>> {
        let data = form_data::build(rc, form)?;
        let json = serde_json::to_vec(&crate::render::views::to_value(&data.view)).expect("JSON");
        // The PDFs carry their identifier (region and form): part of the
        // key, or a region would be given another's identical-looking form.
        let key = key(&[
            self.fingerprint.as_bytes(),
            ident(rc, form).as_bytes(),
            &json,
        ]);
        let cache = rc.cache;
        if let Some(pdfs) = cached(cache, &key, &data.fields) {
            return Ok(pdfs);
        }
        let pdfs = self.typeset(rc, form, data, json, key.clone())?;
        let pages = pdfs.pages.to_string();
        if let (Blob::Bytes(fillable), Blob::Bytes(print), Blob::Bytes(thumbnail)) =
            (&pdfs.fillable, &pdfs.print, &pdfs.thumbnail)
        {
            cache.put(
                "forms",
                &key,
                &[
                    ("fillable.pdf", fillable),
                    ("print.pdf", print),
                    ("thumbnail.png", thumbnail),
                    ("pages", pages.as_bytes()),
                ],
            );
            // Linked from the cache from now on, as a hit is: the next
            // build sees the output's files are the cached ones without
            // reading either (comparing 1 MB fillable PDFs byte for byte
            // was a seventh of a one-page-edit build at 1,000 regions).
            if let Some(linked) = cached(cache, &key, &pdfs.fields) {
                return Ok(linked);
            }
        }
        Ok(pdfs)
    }

    fn typeset(
        &self,
        rc: &RegionCtx,
        form: &Form,
        data: FormData,
        json: Vec<u8>,
        key: String,
    ) -> Result<FormPdfs, Vec<Diagnostic>> {
        // Problems in the template name the form being typeset.
        let in_form = |ds: Vec<Diagnostic>| -> Vec<Diagnostic> {
            ds.into_iter()
                .map(|d| {
                    d.hint(format!(
                        "{} を組版しているときの問題です。",
                        form.origin.file.display()
                    ))
                })
                .collect()
        };
        let layout = self.fit(rc, form, json, data.date).map_err(in_form)?;
        if let Some(sheets) = form.pages {
            let copies = form.copies.len().max(1);
            let want = sheets as usize * copies;
            if layout.pages() > want {
                return Err(vec![too_many_pages(form, layout.pages(), sheets, copies)]);
            }
        }
        let ident = ident(rc, form);
        let print = layout
            .pdf(&format!("{ident}/print"), Standard::Archival)
            .map_err(in_form)?;
        let placed = layout.placed();
        let missing = unplaced(&data.fields, &placed);
        if !missing.is_empty() {
            return Err(missing
                .iter()
                .map(|spec| unplaced_error(rc, form, spec))
                .collect());
        }
        let fillable = acroform::add_fields(&print, &ident, &data.fields, &placed, self.field_font)
            .map_err(|e| vec![Diagnostic::error(&form.origin.file, None, e)])?;
        let thumbnail = layout.png(0, THUMBNAIL_SCALE).map_err(|d| vec![d])?;
        Ok(FormPdfs {
            key,
            fillable: Blob::Bytes(fillable),
            print: Blob::Bytes(print),
            pages: layout.pages(),
            thumbnail: Blob::Bytes(thumbnail),
            fields: data.fields,
        })
    }

    /// Lays the form out at the normal spacing; for a form with a number
    /// of sheets (`pages`), again with every sheet that ran over its page
    /// one step tighter (`/fit.json`, an index per sheet), until each fits
    /// or the template has no tighter spacing left for it. Most forms fit
    /// at once: one layout, where measuring every sheet inside the
    /// template took two passes and a measure (half the forms' time).
    fn fit(
        &self,
        rc: &RegionCtx,
        form: &Form,
        json: Vec<u8>,
        date: Option<crate::wareki::Date>,
    ) -> Result<Layout, Vec<Diagnostic>> {
        let mut fit: Vec<usize> = Vec::new();
        let mut tries = 0;
        loop {
            let layout = rc.ctx.typesetter.layout(Job {
                template: &self.template,
                data: json.clone(),
                files: vec![("/fit.json".into(), serde_json::to_vec(&fit).expect("JSON"))],
                date,
            })?;
            tries += 1;
            if form.pages.is_none() || tries == MAX_LAYOUTS {
                return Ok(layout);
            }
            // Every copy has the same sheets: a sheet is tightened once.
            let over: BTreeSet<usize> = layout
                .sheets()
                .iter()
                .filter(|s| s.pages > 1 && s.tighter)
                .map(|s| s.index)
                .collect();
            if over.is_empty() {
                return Ok(layout);
            }
            for index in over {
                if fit.len() <= index {
                    fit.resize(index + 1, 0);
                }
                fit[index] += 1;
            }
        }
    }
}

/// A form's files in the cache, as files to link (the print PDF is read
/// only where the booklet needs its bytes).
fn cached(cache: &Cache, key: &str, fields: &[FieldSpec]) -> Option<FormPdfs> {
    let file = |name| cache.file("forms", key, name).map(Blob::File);
    let [pages] = <[Vec<u8>; 1]>::try_from(cache.get("forms", key, &["pages"])?).ok()?;
    Some(FormPdfs {
        key: key.to_string(),
        fillable: file("fillable.pdf")?,
        print: file("print.pdf")?,
        pages: String::from_utf8_lossy(&pages).parse().unwrap_or(1),
        thumbnail: file("thumbnail.png")?,
        fields: fields.to_vec(),
    })
}

/// The identifier written into a form's PDFs.
fn ident(rc: &RegionCtx, form: &Form) -> String {
    format!("tebiki/{}/{}", rc.region.id, form.id)
}

/// Fields the layout gave no place: the template did not lay out their
/// blank, so they could not be filled.
fn unplaced<'a>(specs: &'a [FieldSpec], placed: &[Placed]) -> Vec<&'a FieldSpec> {
    specs
        .iter()
        .filter(|s| {
            let has = |id: &str| placed.iter().any(|p| p.id == id);
            if matches!(s.kind, SpecKind::Radio | SpecKind::Circle) {
                (0..s.options.len()).any(|n| !has(&format!("{}__{n}", s.id)))
            } else {
                !has(&s.id)
            }
        })
        .collect()
}

/// Points at the field in the form's file: its id as written, or the id of
/// the block that makes it (`staff` for `staff_3_name`).
fn unplaced_error(rc: &RegionCtx, form: &Form, spec: &FieldSpec) -> Diagnostic {
    let text =
        std::fs::read_to_string(rc.ctx.site.root.join(&form.origin.file)).unwrap_or_default();
    let stem = spec.id.split('_').next().unwrap_or(&spec.id);
    let pos = [spec.id.as_str(), stem]
        .iter()
        .find_map(|id| text.find(&format!("id: {id}")).map(|i| i + 4))
        .map(|at| Pos::of_offset(&text, at));
    Diagnostic::error(&form.origin.file, pos, format!("欄「{}」（{}）の位置がレイアウトにありません", spec.id, spec.label))
        .hint("テーマの typst/form.typ がこの欄の空欄を配置していません。テンプレートを直すか、この欄の種類（kind）を確かめてください。")
}

/// The layout needs more sheets than the original has, even at the
/// tightest spacing: located at the form's `pages`.
fn too_many_pages(form: &Form, got: usize, sheets: u32, copies: usize) -> Diagnostic {
    let per_copy = got.div_ceil(copies);
    Diagnostic::error(
        &form.origin.file,
        form.origin.pos("pages"),
        format!("様式が {per_copy} 枚になります。原本は {sheets} 枚です（pages: {sheets}） [pages]"),
    )
    .hint("行の間はもう詰めてあります。文を短くするか、space・notes の行数・表の行数を減らしてください。原本が本当に多い枚数なら pages を直してください。")
}

/// A form's print variant, kept for the booklet that appends it: its
/// bytes are read only if the booklet must be typeset (its cache key
/// stands for them otherwise).
pub struct Printed {
    pub key: String,
    pub pdf: Blob,
    pub pages: usize,
}

/// Renders the forms of one region into `<region>/forms/`; returns their
/// print variants by form id, for the region's booklet.
pub fn render_region(
    rc: &RegionCtx,
    forms: &Forms,
    out: &Outputs,
    diags: &Diagnostics,
) -> BTreeMap<String, Printed> {
    let region = rc.region;
    let mut printed = BTreeMap::new();
    // Forms known only by name, or published as the region's own file,
    // have no PDF of tebiki's.
    for form in region.form_defs.iter().filter(|f| f.is_typeset()) {
        match forms.render(rc, form) {
            Ok(pdfs) => {
                let base = format!("{}/forms/{}", region.id, form.id);
                // A form with nothing to fill is offered for print only.
                let fillable = form.has_fields().then(|| {
                    (
                        format!("{base}.pdf"),
                        out.write_blob(format!("{base}.pdf"), &pdfs.fillable),
                    )
                });
                let results = [
                    (
                        format!("{base}-print.pdf"),
                        out.write_blob(format!("{base}-print.pdf"), &pdfs.print),
                    ),
                    (
                        format!("{base}.png"),
                        out.write_blob(format!("{base}.png"), &pdfs.thumbnail),
                    ),
                ];
                for (path, r) in results.into_iter().chain(fillable) {
                    if let Err(e) = r {
                        diags.push(Diagnostic::error(
                            &form.origin.file,
                            None,
                            format!("{path} を書き出せません: {e}"),
                        ));
                    }
                }
                printed.insert(
                    form.id.clone(),
                    Printed {
                        key: pdfs.key,
                        pdf: pdfs.print,
                        pages: pdfs.pages,
                    },
                );
            }
            Err(ds) => diags.extend(ds),
        }
        rc.ctx.progress.inc();
    }
    printed
}
