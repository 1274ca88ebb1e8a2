//! The handbook as one printable PDF per region: a cover (name, operator,
//! revision date in 和暦, a QR code to the site), the table of contents, the
//! pages in order, and the forms' print variants appended — typeset with
//! the same in-process Typst as the forms, from the same Markdown.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;

use super::super::body;
use super::super::context::{RegionCtx, RenderCtx};
use super::super::shortcodes::Mode;
use super::super::views::to_value;
use super::forms::Printed;
use crate::diag::{Diagnostic, Diagnostics};
use crate::hash::key;
use crate::typeset::{Job, Standard, Template, document_date};
use crate::write::Outputs;
use crate::write::cache::Blob;

pub const TEMPLATE: &str = "typst/booklet.typ";

/// The QR code of `url` as SVG.
fn qr_svg(url: &str) -> Option<String> {
    let code = qrcode::QrCode::new(url.as_bytes()).ok()?;
    Some(
        code.render::<qrcode::render::svg::Color>()
            .min_dimensions(240, 240)
            .quiet_zone(true)
            .build(),
    )
}

/// The booklet template, loaded once per build.
pub struct Booklets {
    template: Arc<Template>,
    /// Hash of the theme's fonts: part of every cache key.
    fonts: Vec<u8>,
}

/// `/data.json` of a booklet.
#[derive(Serialize)]
struct BookletView<'a> {
    title: String,
    region: &'a str,
    operator: &'a str,
    area: String,
    platform: &'a str,
    /// The latest revision in 和暦, if any, and what it was (改正, 制定・施行 …).
    date: Option<String>,
    date_label: &'a str,
    /// The region's documents with their current editions.
    documents: Vec<DocumentEdition<'a>>,
    year: i32,
    month: u32,
    day: u32,
    url: String,
    qr: bool,
    pages: Vec<PageFile<'a>>,
    forms: Vec<FormFile<'a>>,
    secretariat: &'a str,
    tel: &'a str,
}

#[derive(Serialize)]
struct PageFile<'a> {
    title: &'a str,
    file: String,
    /// The document the page belongs to when it is not the handbook
    /// itself (資料１, 運用細則), 最終更新 and the edition: printed under
    /// the page's title.
    document: String,
    updated: Option<String>,
    edition: &'a str,
}

#[derive(Serialize)]
struct DocumentEdition<'a> {
    title: &'a str,
    /// 「2017/7/26版」, else the edition's date and kind.
    edition: String,
}

#[derive(Serialize)]
struct FormFile<'a> {
    number: &'a str,
    title: &'a str,
    file: String,
    pages: usize,
}

impl Booklets {
    pub fn load(ctx: &RenderCtx) -> Result<Booklets, Diagnostic> {
        Ok(Booklets {
            template: ctx.typesetter.template(TEMPLATE)?,
            fonts: ctx.typesetter.fonts()?.fingerprint(),
        })
    }

    /// Writes `<region>/booklet.pdf`, the region's forms appended.
    pub fn render(
        &self,
        rc: &RegionCtx,
        printed: &BTreeMap<String, Printed>,
        out: &Outputs,
        diags: &Diagnostics,
    ) {
        if let Err(ds) = self.booklet(rc, printed, out) {
            let file = &rc.region.origin.file;
            diags.extend(ds.into_iter().map(|d| {
                d.hint(format!(
                    "{} の手引きの冊子を組版しているときの問題です。",
                    file.display()
                ))
                .hint("テーマの typst/booklet.typ とページの内容を確かめてください。")
            }));
        }
    }

    fn booklet(
        &self,
        rc: &RegionCtx,
        printed: &BTreeMap<String, Printed>,
        out: &Outputs,
    ) -> Result<(), Vec<Diagnostic>> {
        let site = &rc.ctx.site;
        let region = rc.region;
        let newest = region.revisions.iter().max_by_key(|r| r.date);
        let latest = newest.map(|r| r.date);
        let date = document_date(latest);
        let mut files: Vec<(String, Vec<u8>)> = Vec::new();

        let mut pages = Vec::new();
        for (n, page) in region.published_pages().enumerate() {
            // Problems in a page are reported by the site renderer already.
            let (markdown, _) = body::expand(rc, page, Mode::Print);
            let path = format!("/pages/{n}.typ");
            files.push((
                path.clone(),
                crate::markup::typst::convert(&markdown, 0).into_bytes(),
            ));
            let dated = region.page_date(page);
            pages.push(PageFile {
                title: &page.meta.title,
                file: path,
                document: match region.document_of(page) {
                    Some(d) => d.title.clone(),
                    None => page.meta.document.clone(),
                },
                updated: dated.map(|(d, _)| d.wareki()),
                edition: dated.map_or("", |(_, e)| e),
            });
        }
        for flow in &region.flows {
            files.push((
                format!("/flows/{}.svg", flow.id),
                super::super::flow::svg(flow).into_bytes(),
            ));
        }
        let mut forms = Vec::new();
        // The forms' print PDFs, added to `files` only on a cache miss.
        let mut appended: Vec<(String, &Printed)> = Vec::new();
        for f in &region.form_defs {
            if let Some(p) = printed.get(&f.id) {
                let path = format!("/forms/{}.pdf", f.id);
                appended.push((path.clone(), p));
                forms.push(FormFile {
                    number: &f.number,
                    title: &f.title,
                    file: path,
                    pages: p.pages,
                });
            }
        }
        let url = if site.config.base_url.is_empty() {
            String::new()
        } else {
            format!(
                "{}/{}/index.html",
                site.config.base_url.trim_end_matches('/'),
                region.id
            )
        };
        let qr = if url.is_empty() { None } else { qr_svg(&url) };
        if let Some(svg) = &qr {
            files.push(("/qr.svg".into(), svg.clone().into_bytes()));
        }
        let view = BookletView {
            title: region.handbook_title(),
            region: &region.name,
            operator: &region.operator.name,
            area: region.area.join("・"),
            platform: &region.platform.name,
            date: latest.map(|d| d.wareki()),
            date_label: newest.map_or("", |r| r.label()),
            documents: region
                .documents
                .iter()
                .filter_map(|d| {
                    let e = d.current()?;
                    Some(DocumentEdition {
                        title: &d.title,
                        edition: if e.edition.is_empty() {
                            format!("{} {}", e.date.wareki(), e.label())
                        } else {
                            e.edition.clone()
                        },
                    })
                })
                .collect(),
            year: date.year,
            month: date.month,
            day: date.day,
            url,
            qr: qr.is_some(),
            pages,
            forms,
            secretariat: &region.secretariat.name,
            tel: &region.secretariat.tel,
        };
        let json = serde_json::to_vec(&to_value(&view)).expect("JSON");
        // The same template, fonts, data and files make the same booklet;
        // its identifier (the region's) is written into it.
        let ident = format!("tebiki/{}/booklet", region.id);
        let mut parts: Vec<&[u8]> = vec![
            self.template.text().as_bytes(),
            &json,
            &self.fonts,
            ident.as_bytes(),
        ];
        for (path, bytes) in &files {
            parts.push(path.as_bytes());
            parts.push(bytes);
        }
        // A form's key stands for its PDF's bytes: reading and hashing
        // every region's print PDFs was a fifth of a one-page-edit build
        // at 1,000 regions.
        for (path, p) in &appended {
            parts.push(path.as_bytes());
            parts.push(p.key.as_bytes());
        }
        let key = key(&parts);
        let target = format!("{}/booklet.pdf", region.id);
        let write = |blob: Blob| {
            out.write_blob(&target, &blob).map_err(|e| {
                vec![Diagnostic::error(
                    &target,
                    None,
                    format!("書き出せません: {e}"),
                )]
            })
        };
        // Linked from the cache, hit or miss: the next build sees the
        // output's file is the cached one without reading either.
        let cache = rc.cache;
        let cached = || cache.file("booklets", &key, "booklet.pdf");
        if let Some(path) = cached() {
            return write(Blob::File(path));
        }
        for (path, p) in appended {
            let pdf = p.pdf.bytes().map_err(|e| {
                vec![Diagnostic::error(
                    &target,
                    None,
                    format!("様式 {path} の印刷用 PDF を読めません: {e}"),
                )]
            })?;
            files.push((path, pdf.into_owned()));
        }
        let layout = rc.ctx.typesetter.layout(Job {
            template: &self.template,
            data: json,
            files,
            date: latest,
        })?;
        let pdf = layout.pdf(&ident, Standard::Plain)?;
        cache.put("booklets", &key, &[("booklet.pdf", &pdf)]);
        write(cached().map_or(Blob::Bytes(pdf), Blob::File))
    }
}
