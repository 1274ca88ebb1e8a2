//! The search indexes of the site (`search/<region>.js`), built from the
//! same rendered pages the site shows: one document per section of a page,
//! one per form, one per contact.

use std::sync::Arc;

use super::body::Body;
use super::context::{RegionCtx, RenderCtx, write};
use super::views::{NoExtra, SitePage};
use crate::diag::Diagnostics;
use crate::markup::text::{id_attr, text_lines};
use crate::search::{Doc, index};
use crate::write::Outputs;

/// Splits a page body at its `<h2>`/`<h3>` headings into (id, heading, text).
fn sections(html: &str) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let mut rest = html;
    let mut current = (String::new(), String::new());
    loop {
        let next = [rest.find("<h2"), rest.find("<h3")]
            .into_iter()
            .flatten()
            .min();
        let (chunk, after) = match next {
            Some(i) => (&rest[..i], Some(&rest[i..])),
            None => (rest, None),
        };
        let text = text_lines(chunk).join(" ");
        if !text.is_empty() || !current.1.is_empty() {
            out.push((current.0.clone(), current.1.clone(), text));
        }
        let Some(after) = after else { break };
        let close = if after.starts_with("<h2") {
            "</h2>"
        } else {
            "</h3>"
        };
        let (head, body) = after.split_once(close).unwrap_or((after, ""));
        let id = id_attr(head).unwrap_or_default();
        current = (id, text_lines(&format!("{head}{close}")).join(" "));
        rest = body;
    }
    out
}

/// A region's search index, `search/<region>.js`: one document per
/// section of its pages, one per form, one per contact. The search page
/// loads the index of the region asked for, or of every region.
pub fn write_region(rc: RegionCtx, bodies: &[Body], out: &Outputs, diags: &Diagnostics) {
    let region = rc.region;
    let mut docs = Vec::new();
    for (page, body) in region.pages.iter().zip(bodies) {
        if page.meta.draft {
            continue;
        }
        for (id, heading, text) in sections(&body.html) {
            let anchor = if id.is_empty() {
                String::new()
            } else {
                format!("#{id}")
            };
            docs.push(Doc {
                url: format!("{}/{}.html{anchor}", region.id, page.slug),
                title: page.meta.title.clone(),
                heading,
                text,
            });
        }
    }
    for f in &region.form_defs {
        docs.push(Doc {
            url: format!("{}/forms.html#form-{}", region.id, f.id),
            title: "様式".into(),
            heading: format!("{} {}", f.number, f.title),
            text: format!("{} {}", f.purpose, f.submit_to),
        });
    }
    for c in std::iter::once(&region.secretariat).chain(&region.contacts) {
        docs.push(Doc {
            url: format!("{}/contact.html", region.id),
            title: "問い合わせ先".into(),
            heading: c.name.clone(),
            text: [
                c.role.as_str(),
                &c.postal_code,
                &c.address,
                "TEL",
                &c.tel,
                "FAX",
                &c.fax,
                &c.email,
                &c.hours,
            ]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" "),
        });
    }
    let path = shard_path(&region.id);
    // A script, not JSON: a page opened from the disk (file://) may load a
    // script but not fetch a file.
    let js = format!(
        "(window.tebikiSearchIndex = window.tebikiSearchIndex || {{}})[{}] = {};\n",
        serde_json::to_string(&region.id).expect("JSON"),
        serde_json::to_string(&index(&docs)).expect("JSON")
    );
    write(out, diags, &path, js);
}

/// Where a region's index is written.
pub fn shard_path(region: &str) -> String {
    format!("search/{region}.js")
}

/// The search page; it lists the regions (and so their indexes).
pub fn render(ctx: &Arc<RenderCtx>, out: &Outputs, diags: &Diagnostics) {
    ctx.write_page(
        out,
        diags,
        "search.html",
        "search.html",
        &SitePage {
            root: "",
            site: ctx.site_view(),
            extra: NoExtra {},
        },
    );
}
