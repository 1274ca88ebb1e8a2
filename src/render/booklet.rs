//! The handbook as one printable PDF per region: a cover (name, operator,
//! revision date in 和暦, a QR code to the site), the table of contents, the
//! pages in order, and the forms' print variants appended — typeset with
//! the same in-process Typst as the forms, from the same Markdown.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde_json::json;
use typst::foundations::{Datetime, Smart};

use super::Env;
use super::body;
use super::shortcodes::Mode;
use crate::diag::{Diagnostic, Diagnostics};
use crate::forms::Printed;
use crate::output::Outputs;
use crate::typeset::{Shared, TemplateWorld, compile};

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

/// The booklet template and fonts, loaded once per build.
pub struct Booklets {
    template: String,
    shared: Arc<Shared>,
}

impl Booklets {
    pub fn load(env: &Env) -> Result<Booklets, Diagnostic> {
        let theme = &env.theme_dir;
        let rel = theme
            .strip_prefix(&env.site.root)
            .unwrap_or(theme)
            .join(TEMPLATE);
        let template = std::fs::read_to_string(theme.join(TEMPLATE)).map_err(|e| {
            Diagnostic::error(&rel, None, format!("冊子のテンプレートを読めません: {e}"))
        })?;
        let shared = env.fonts().map_err(|e| Diagnostic::error(&rel, None, e))?;
        Ok(Booklets { template, shared })
    }

    /// Writes `<region>/booklet.pdf`, the region's forms appended.
    pub fn render(
        &self,
        env: &Arc<Env>,
        ri: usize,
        printed: &BTreeMap<String, Printed>,
        out: &Outputs,
        diags: &Diagnostics,
    ) {
        if let Err(e) = booklet(env, ri, &self.template, &self.shared, printed, out) {
            diags.push(
                Diagnostic::error(
                    &env.site.regions[ri].origin.file,
                    None,
                    format!("手引きの冊子を作れません: {e}"),
                )
                .hint("テーマの typst/booklet.typ とページの内容を確かめてください。"),
            );
        }
    }
}

fn booklet(
    env: &Arc<Env>,
    ri: usize,
    template: &str,
    shared: &Arc<Shared>,
    printed: &BTreeMap<String, Printed>,
    out: &Outputs,
) -> Result<(), String> {
    let site = &env.site;
    let region = &site.regions[ri];
    let latest = region.revisions.iter().map(|r| r.date).max();
    let date = latest.unwrap_or(crate::wareki::Date {
        year: 2020,
        month: 1,
        day: 1,
    });
    let today =
        Datetime::from_ymd(date.year, date.month as u8, date.day as u8).expect("a valid date");
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();

    let mut pages = Vec::new();
    for (n, page) in region.published_pages().enumerate() {
        // Problems in a page are reported by the site renderer already.
        let (markdown, _) = body::expand(env, ri, page, Mode::Print);
        let path = format!("/pages/{n}.typ");
        files.push((
            path.clone(),
            crate::typst_markup::convert(&markdown, 0).into_bytes(),
        ));
        pages.push(json!({"title": page.meta.title, "file": path}));
    }
    for flow in &region.flows {
        files.push((
            format!("/flows/{}.svg", flow.id),
            super::flow::svg(flow).into_bytes(),
        ));
    }
    let mut forms = Vec::new();
    for f in &region.form_defs {
        if let Some(p) = printed.get(&f.id) {
            let path = format!("/forms/{}.pdf", f.id);
            files.push((path.clone(), p.pdf.clone()));
            forms.push(
                json!({"number": f.number, "title": f.title, "file": path, "pages": p.pages}),
            );
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
    let rjson = &env.regions_json[ri];
    let data = json!({
        "title": rjson["handbook_title"],
        "region": region.name,
        "operator": region.operator.name,
        "area": region.area.join("・"),
        "platform": region.platform.name,
        "date": latest.map(|d| d.wareki()),
        "year": date.year, "month": date.month, "day": date.day,
        "url": url,
        "qr": qr.is_some(),
        "pages": pages,
        "forms": forms,
        "secretariat": region.secretariat.name,
        "tel": region.secretariat.tel,
    });
    let json = serde_json::to_vec(&data).expect("JSON");
    // The same template, fonts, data and files make the same booklet.
    let fonts = shared.fingerprint();
    let mut parts: Vec<&[u8]> = vec![template.as_bytes(), &json, &fonts];
    for (path, bytes) in &files {
        parts.push(path.as_bytes());
        parts.push(bytes);
    }
    let key = crate::cache::key(&parts);
    let target = format!("{}/booklet.pdf", region.id);
    if let Some([pdf]) = env
        .cache
        .get("booklets", &key, &["booklet.pdf"])
        .and_then(|v| <[Vec<u8>; 1]>::try_from(v).ok())
    {
        return out.write(target, pdf).map_err(|e| e.to_string());
    }
    let mut world = TemplateWorld::new(shared.clone(), template, json, today);
    for (path, bytes) in files {
        world.add_file(&path, bytes);
    }
    let doc = compile(&world).map_err(|e| e.join("\n"))?;
    let pdf = typst_pdf::pdf(
        &doc,
        &typst_pdf::PdfOptions {
            ident: Smart::Custom(format!("tebiki/{}/booklet", region.id)),
            timestamp: Some(typst_pdf::Timestamp::new_utc(today)),
            ..Default::default()
        },
    )
    .map_err(|e| format!("{e:?}"))?;
    env.cache.put("booklets", &key, &[("booklet.pdf", &pdf)]);
    out.write(target, pdf).map_err(|e| e.to_string())
}
