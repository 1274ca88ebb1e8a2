//! Form PDFs: for every 様式, a fillable PDF with AcroForm fields, a print
//! PDF (PDF/A-2b, tagged, no fields) and a thumbnail of its first page.
//!
//! data (Rust, `data.rs`) -> layout (Typst, `crate::typeset` and the theme's
//! `typst/form.typ`) -> fields (lopdf, `acroform.rs`).

pub mod acroform;
pub mod data;
pub mod fieldfont;
pub mod fill;

use std::collections::BTreeMap;
use std::sync::Arc;

use typst::foundations::{Datetime, Smart};
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::cache::Blob;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Form, Region};
use crate::output::Outputs;
use crate::render::Env;
use crate::typeset;

pub const TEMPLATE: &str = "typst/form.typ";
/// The font form fields show typed text in (see `fieldfont.rs`).
pub const FIELD_FONT: &str = "fonts/ipaexg.ttf";
/// Pixels per point of the thumbnails on the forms page (A4 -> 357 x 505).
const THUMBNAIL_SCALE: f64 = 0.6;

/// What a form renders to.
pub struct FormPdfs {
    pub fillable: Blob,
    pub print: Vec<u8>,
    pub pages: usize,
    pub thumbnail: Blob,
    pub fields: Vec<data::FieldSpec>,
}

/// The parts every form shares: fonts, template, field font.
pub struct Forms {
    shared: Arc<typeset::Shared>,
    template: String,
    field_font: &'static fieldfont::FieldFont,
    /// Hash of the fonts and template: part of every cache key.
    fingerprint: String,
}

impl Forms {
    pub fn load(env: &Env) -> Result<Forms, Diagnostic> {
        let theme = &env.theme_dir;
        let rel = |p: &str| theme.strip_prefix(&env.site.root).unwrap_or(theme).join(p);
        let shared = env.fonts().map_err(|e| {
            Diagnostic::error(rel("fonts"), None, e)
                .hint("テーマの fonts/ に日本語フォント（.ttf）を置いてください。")
        })?;
        let template = std::fs::read_to_string(theme.join(TEMPLATE)).map_err(|e| {
            Diagnostic::error(
                rel(TEMPLATE),
                None,
                format!("様式のテンプレートを読めません: {e}"),
            )
        })?;
        let font_data = std::fs::read(theme.join(FIELD_FONT)).map_err(|e| {
            Diagnostic::error(
                rel(FIELD_FONT),
                None,
                format!("入力欄のフォントを読めません: {e}"),
            )
        })?;
        let field_font = match fieldfont::FieldFont::shared(&font_data) {
            Ok(f) => f,
            Err(e) => return Err(Diagnostic::error(rel(FIELD_FONT), None, e.clone())),
        };
        let fingerprint = crate::cache::key(&[template.as_bytes(), &shared.fingerprint()]);
        Ok(Forms {
            shared,
            template,
            field_font,
            fingerprint,
        })
    }

    pub fn field_font(&self) -> &fieldfont::FieldFont {
        self.field_font
    }

    /// Lays out one form and makes both PDFs and the thumbnail, or takes
    /// them from the cache when the same data, template and fonts made them
    /// before.
    pub fn render(
        &self,
        env: &Env,
        region_index: usize,
        form: &Form,
    ) -> Result<FormPdfs, Vec<Diagnostic>> {
        let site = &env.site;
        let region = &site.regions[region_index];
        let data = data::build(site, region, form, &env.regions_json[region_index])?;
        let json = serde_json::to_vec(&data.json).expect("JSON");
        let key = crate::cache::key(&[self.fingerprint.as_bytes(), &json]);
        // A hit: the big files are linked from the cache, not read.
        let cached = |name| env.cache.file("forms", &key, name);
        if let (Some(fillable), Some(thumbnail), Some([print, pages])) = (
            cached("fillable.pdf"),
            cached("thumbnail.png"),
            env.cache
                .get("forms", &key, &["print.pdf", "pages"])
                .and_then(|v| <[Vec<u8>; 2]>::try_from(v).ok()),
        ) {
            let pages = String::from_utf8_lossy(&pages).parse().unwrap_or(1);
            return Ok(FormPdfs {
                fillable: Blob::File(fillable),
                print,
                pages,
                thumbnail: Blob::File(thumbnail),
                fields: data.fields,
            });
        }
        let pdfs = self.typeset(&site.root, region, form, data, json)?;
        let pages = pdfs.pages.to_string();
        if let (Blob::Bytes(fillable), Blob::Bytes(thumbnail)) = (&pdfs.fillable, &pdfs.thumbnail) {
            env.cache.put(
                "forms",
                &key,
                &[
                    ("fillable.pdf", fillable),
                    ("print.pdf", &pdfs.print),
                    ("thumbnail.png", thumbnail),
                    ("pages", pages.as_bytes()),
                ],
            );
        }
        Ok(pdfs)
    }

    fn typeset(
        &self,
        root: &std::path::Path,
        region: &Region,
        form: &Form,
        data: data::FormData,
        json: Vec<u8>,
    ) -> Result<FormPdfs, Vec<Diagnostic>> {
        let fail = |msg: String| vec![Diagnostic::error(&form.origin.file, None, msg)];
        let d = &data.json["date"];
        let date = Datetime::from_ymd(
            d["year"].as_i64().unwrap_or(2020) as i32,
            d["month"].as_u64().unwrap_or(1) as u8,
            d["day"].as_u64().unwrap_or(1) as u8,
        )
        .expect("a valid date");
        let world = typeset::TemplateWorld::new(self.shared.clone(), &self.template, json, date);
        let doc = typeset::compile(&world).map_err(|errs| {
            errs.into_iter()
                .map(|e| {
                    Diagnostic::error(
                        &form.origin.file,
                        None,
                        format!("様式を組版できません: {e}"),
                    )
                    .hint("テーマの typst/form.typ と様式の内容を確かめてください。")
                })
                .collect::<Vec<_>>()
        })?;

        let ident = format!("tebiki/{}/{}", region.id, form.id);
        let timestamp = Some(Timestamp::new_utc(date));
        let print = typst_pdf::pdf(
            &doc,
            &PdfOptions {
                ident: Smart::Custom(format!("{ident}/print")),
                timestamp,
                standards: PdfStandards::new(&[PdfStandard::A_2b])
                    .map_err(|e| fail(format!("PDF/A: {}", e.message())))?,
                tagged: true,
                ..PdfOptions::default()
            },
        )
        .map_err(|e| fail(format!("印刷用 PDF を書けません: {e:?}")))?;
        let plain = typst_pdf::pdf(
            &doc,
            &PdfOptions {
                ident: Smart::Custom(ident),
                timestamp,
                tagged: true,
                ..PdfOptions::default()
            },
        )
        .map_err(|e| fail(format!("PDF を書けません: {e:?}")))?;
        let placed = typeset::placed_fields(&doc);
        let missing = unplaced(&data.fields, &placed);
        if !missing.is_empty() {
            return Err(missing
                .iter()
                .map(|spec| unplaced_error(root, form, spec))
                .collect());
        }
        let fillable =
            acroform::add_fields(&plain, &data.fields, &placed, self.field_font).map_err(fail)?;
        let page = &doc.pages()[0];
        let pixmap = typst_render::render(
            page,
            &typst_render::RenderOptions {
                pixel_per_pt: THUMBNAIL_SCALE.into(),
                render_bleed: false,
            },
        );
        let thumbnail = pixmap
            .encode_png()
            .map_err(|e| fail(format!("見本画像を書けません: {e}")))?;
        Ok(FormPdfs {
            fillable: Blob::Bytes(fillable),
            print,
            pages: doc.pages().len(),
            thumbnail: Blob::Bytes(thumbnail),
            fields: data.fields,
        })
    }
}

/// Fields the layout gave no place: the template did not lay out their
/// blank, so they could not be filled.
fn unplaced<'a>(
    specs: &'a [data::FieldSpec],
    placed: &[typeset::Placed],
) -> Vec<&'a data::FieldSpec> {
    specs
        .iter()
        .filter(|s| {
            let has = |id: &str| placed.iter().any(|p| p.id == id);
            if s.kind == data::SpecKind::Radio {
                (0..s.options.len()).any(|n| !has(&format!("{}__{n}", s.id)))
            } else {
                !has(&s.id)
            }
        })
        .collect()
}

/// Points at the field in the form's file: its id as written, or the id of
/// the block that makes it (`staff` for `staff_3_name`).
fn unplaced_error(root: &std::path::Path, form: &Form, spec: &data::FieldSpec) -> Diagnostic {
    let text = std::fs::read_to_string(root.join(&form.origin.file)).unwrap_or_default();
    let stem = spec.id.split('_').next().unwrap_or(&spec.id);
    let pos = [spec.id.as_str(), stem]
        .iter()
        .find_map(|id| text.find(&format!("id: {id}")).map(|i| i + 4))
        .map(|at| crate::diag::Pos::of_offset(&text, at));
    Diagnostic::error(&form.origin.file, pos, format!("欄「{}」（{}）の位置がレイアウトにありません", spec.id, spec.label))
        .hint("テーマの typst/form.typ がこの欄の空欄を配置していません。テンプレートを直すか、この欄の種類（kind）を確かめてください。")
}

/// A form's print variant, kept for the booklet that appends it.
pub struct Printed {
    pub pdf: Vec<u8>,
    pub pages: usize,
}

/// Renders the forms of one region into `<region>/forms/`; returns their
/// print variants by form id, for the region's booklet.
pub fn render_region(
    env: &Env,
    forms: &Forms,
    ri: usize,
    out: &Outputs,
    diags: &Diagnostics,
) -> BTreeMap<String, Printed> {
    let region = &env.site.regions[ri];
    let mut printed = BTreeMap::new();
    for form in &region.form_defs {
        match forms.render(env, ri, form) {
            Ok(pdfs) => {
                let base = format!("{}/forms/{}", region.id, form.id);
                let results = [
                    (
                        format!("{base}.pdf"),
                        out.write_blob(format!("{base}.pdf"), &pdfs.fillable),
                    ),
                    (
                        format!("{base}-print.pdf"),
                        out.write(format!("{base}-print.pdf"), &pdfs.print),
                    ),
                    (
                        format!("{base}.png"),
                        out.write_blob(format!("{base}.png"), &pdfs.thumbnail),
                    ),
                ];
                for (path, r) in results {
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
                        pdf: pdfs.print,
                        pages: pdfs.pages,
                    },
                );
            }
            Err(ds) => diags.extend(ds),
        }
        env.progress.inc();
    }
    printed
}
