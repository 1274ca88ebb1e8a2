//! The search index of the site (`search/index.js`), built from the same
//! rendered pages the site shows: one document per section of a page, one
//! per form, one per contact.

use std::sync::Arc;

use super::Env;
use super::body::Body;
use crate::diag::{Diagnostic, Diagnostics};
use crate::history::compare::text_lines;
use crate::output::Outputs;
use crate::search::{Doc, index};

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
        let attrs = head.split_once('>').map_or(head, |(a, _)| a);
        let id = attrs
            .split("id=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .unwrap_or("")
            .to_string();
        current = (id, text_lines(&format!("{head}{close}")).join(" "));
        rest = body;
    }
    out
}

pub fn render(env: &Arc<Env>, bodies: &[Vec<Body>], out: &Outputs, diags: &Diagnostics) {
    let mut docs = Vec::new();
    for (ri, region) in env.site.regions.iter().enumerate() {
        for (pi, page) in region.pages.iter().enumerate() {
            if page.meta.draft {
                continue;
            }
            for (id, heading, text) in sections(&bodies[ri][pi].html) {
                let anchor = if id.is_empty() {
                    String::new()
                } else {
                    format!("#{id}")
                };
                docs.push(Doc {
                    url: format!("{}/{}.html{anchor}", region.id, page.slug),
                    title: page.meta.title.clone(),
                    heading,
                    region: region.id.clone(),
                    text,
                });
            }
        }
        for f in &region.form_defs {
            docs.push(Doc {
                url: format!("{}/forms.html#form-{}", region.id, f.id),
                title: "様式".into(),
                heading: format!("{} {}", f.number, f.title),
                region: region.id.clone(),
                text: format!("{} {}", f.purpose, f.submit_to),
            });
        }
        for c in std::iter::once(&region.secretariat).chain(&region.contacts) {
            docs.push(Doc {
                url: format!("{}/contact.html", region.id),
                title: "問い合わせ先".into(),
                heading: c.name.clone(),
                region: region.id.clone(),
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
    }
    let regions: serde_json::Map<String, serde_json::Value> = env
        .site
        .regions
        .iter()
        .map(|r| {
            (
                r.id.clone(),
                serde_json::Value::String(r.short().to_string()),
            )
        })
        .collect();
    let mut idx = index(&docs);
    idx["regions"] = serde_json::Value::Object(regions);
    // A script, not JSON: a page opened from the disk (file://) may load a
    // script but not fetch a file.
    let js = format!(
        "window.tebikiSearchIndex = {};\n",
        serde_json::to_string(&idx).expect("JSON")
    );
    if let Err(e) = out.write("search/index.js", js) {
        diags.push(Diagnostic::error(
            "search/index.js",
            None,
            format!("書き出せません: {e}"),
        ));
    }
    super::site::write_page(
        env,
        out,
        diags,
        "search.html",
        "search.html",
        serde_json::json!({"root": ""}),
    );
}
