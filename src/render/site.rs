//! The HTML site: portal, and per region its top page, its Markdown pages,
//! contact, forms and glossary pages; then the theme's static files.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;
use serde_json::{Value, json};
use tera::Context;
use walkdir::WalkDir;

use super::body::{self, Body};
use super::{Env, view};
use crate::diag::{Diagnostic, Diagnostics};
use crate::output::Outputs;

/// What links between pages are checked against, kept of each page once
/// its HTML is written.
struct Outline {
    headings: Vec<crate::markdown::Heading>,
    links: Vec<body::Link>,
}

/// Renders the site's pages and each region's search index. A region's
/// page bodies are held only while its pages and index are written, so
/// memory does not grow with the number of regions; links are checked at
/// the end, against every page's headings.
pub fn render(env: &Arc<Env>, out: &Outputs, diags: &Diagnostics) {
    let site = &env.site;
    write_page(
        env,
        out,
        diags,
        "index.html",
        "portal.html",
        json!({"root": ""}),
    );
    let outlines: Vec<Vec<Outline>> = site
        .regions
        .par_iter()
        .enumerate()
        .map(|(ri, _)| {
            let bodies: Vec<Body> = site.regions[ri]
                .pages
                .iter()
                .map(|p| body::render(env, ri, p))
                .collect();
            write_region(env, ri, &bodies, out, diags);
            super::search::write_region(env, ri, &bodies, out, diags);
            bodies
                .into_iter()
                .map(|b| {
                    diags.extend(b.problems);
                    Outline {
                        headings: b.headings,
                        links: b.links,
                    }
                })
                .collect()
        })
        .collect();
    check_links(env, &outlines, diags);
    write_glossary(env, out, diags);
    copy_static(env, out, diags);
}

/// A region's pages: top, contact, forms, glossary and its Markdown pages.
fn write_region(env: &Env, ri: usize, bodies: &[Body], out: &Outputs, diags: &Diagnostics) {
    let region = &env.site.regions[ri];
    let r = &env.regions_json[ri];
    let base = json!({"root": "../", "region": r});
    // Pages need only the region's navigation, not all its data.
    let nav = json!({"root": "../", "region": env.regions_nav_json[ri]});
    let at = |name: &str| format!("{}/{name}", region.id);
    write_page(
        env,
        out,
        diags,
        &at("index.html"),
        "region.html",
        base.clone(),
    );
    write_page(
        env,
        out,
        diags,
        &at("contact.html"),
        "contact.html",
        base.clone(),
    );
    write_page(
        env,
        out,
        diags,
        &at("forms.html"),
        "forms.html",
        base.clone(),
    );
    if !region.glossary.is_empty() {
        write_page(
            env,
            out,
            diags,
            &at("glossary.html"),
            "glossary.html",
            base.clone(),
        );
    }
    let published: Vec<usize> = (0..region.pages.len())
        .filter(|&i| !region.pages[i].meta.draft)
        .collect();
    for (n, &pi) in published.iter().enumerate() {
        let page = &region.pages[pi];
        let b = &bodies[pi];
        let link = |i: Option<&usize>| {
            i.map(|&i| json!({"title": region.pages[i].meta.title, "url": view::page_url(&region.pages[i])}))
        };
        let prev = n.checked_sub(1).and_then(|k| published.get(k));
        let mut ctx = nav.clone();
        ctx["page"] = json!({
            "slug": page.slug,
            "title": page.meta.title,
            "summary": page.meta.summary,
            "kind": page.meta.kind,
            "kind_label": page.meta.kind.label(),
            "document": if page.meta.document.is_empty() { r["handbook_title"].clone() } else { json!(page.meta.document) },
            "updated": page.meta.updated.map(|d| d.wareki_with_seireki()),
            "html": b.html,
            "toc": b.headings.iter().filter(|h| h.level <= 3).collect::<Vec<_>>(),
            "prev": link(prev),
            "next": link(published.get(n + 1)),
        });
        write_page(
            env,
            out,
            diags,
            &at(&view::page_url(page)),
            "page.html",
            ctx,
        );
    }
}

/// The site-wide glossary: every region's terms, merged by term.
fn write_glossary(env: &Env, out: &Outputs, diags: &Diagnostics) {
    let mut terms: std::collections::BTreeMap<&str, Vec<Value>> = Default::default();
    let mut readings: HashMap<&str, &str> = HashMap::new();
    for r in &env.site.regions {
        for g in &r.glossary {
            terms
                .entry(&g.term)
                .or_default()
                .push(json!({"region": r.short(), "region_id": r.id, "definition": g.definition}));
            if !g.reading.is_empty() {
                readings.entry(&g.term).or_insert(&g.reading);
            }
        }
    }
    let list: Vec<Value> = terms
        .into_iter()
        .map(|(term, defs)| json!({"term": term, "reading": readings.get(term).copied().unwrap_or(""), "definitions": defs}))
        .collect();
    write_page(
        env,
        out,
        diags,
        "glossary.html",
        "site_glossary.html",
        json!({"root": "", "terms": list}),
    );
}

pub(crate) fn write_page(
    env: &Env,
    out: &Outputs,
    diags: &Diagnostics,
    path: &str,
    template: &str,
    extra: Value,
) {
    // `Context::from_value` moves the values in; `insert` would copy each.
    let mut extra = extra;
    let in_region = extra.get("region").is_some();
    extra["site"] = if in_region {
        env.site_head_json.clone()
    } else {
        env.site_json.clone()
    };
    let ctx = Context::from_value(extra).expect("the page context is a JSON object");
    let file = env.theme_dir.join("templates").join(template);
    let rel = file
        .strip_prefix(&env.site.root)
        .map(PathBuf::from)
        .unwrap_or(file);
    match env.theme.render(template, &ctx) {
        Ok(html) => {
            if let Err(e) = out.write(path, html) {
                diags.push(Diagnostic::error(
                    path,
                    None,
                    format!("書き出せません: {e}"),
                ));
            }
        }
        Err(e) => diags.push(
            Diagnostic::error(
                rel,
                None,
                format!("{path} を作れません: {}", super::theme::chain(&e)),
            )
            .hint("テンプレートが使う値の名前を確かめてください。"),
        ),
    }
}

/// Every link between pages must reach a published page and, if it names
/// one, an anchor on it.
fn check_links(env: &Env, bodies: &[Vec<Outline>], diags: &Diagnostics) {
    let site = &env.site;
    // (region, slug) -> (anchors, draft)
    let mut targets: HashMap<(&str, &str), (HashSet<String>, bool)> = HashMap::new();
    for (ri, r) in site.regions.iter().enumerate() {
        for (pi, p) in r.pages.iter().enumerate() {
            let ids = bodies[ri][pi]
                .headings
                .iter()
                .map(|h| h.id.clone())
                .collect();
            targets.insert((&r.id, &p.slug), (ids, p.meta.draft));
        }
        for g in view::GENERATED {
            let anchors: HashSet<String> = match *g {
                "forms" => r
                    .form_defs
                    .iter()
                    .map(|f| format!("form-{}", f.id))
                    .collect(),
                "rules" => r.rules.iter().map(|x| format!("rule-{}", x.id)).collect(),
                _ => HashSet::new(),
            };
            targets.entry((&r.id, g)).or_insert((anchors, false));
        }
    }
    for (ri, r) in site.regions.iter().enumerate() {
        for (pi, page) in r.pages.iter().enumerate() {
            for link in &bodies[ri][pi].links {
                let pos = body::locate(page, &link.needle);
                let err = |msg: String, hint: String| {
                    Diagnostic::error(&page.origin.file, pos, msg)
                        .hint(hint)
                        .underline(link.needle.chars().count())
                };
                let Some((anchors, draft)) =
                    targets.get(&(link.region.as_str(), link.slug.as_str()))
                else {
                    let known: Vec<&str> = site
                        .region(&link.region)
                        .map(|r| r.pages.iter().map(|p| p.slug.as_str()).collect())
                        .unwrap_or_default();
                    let mut hint =
                        format!("content/{}/{}.md がありません。", link.region, link.slug);
                    if let Some(c) = crate::diag::closest(&link.slug, known.iter().copied()) {
                        hint.push_str(&format!("「{c}.md」の書き間違いではありませんか。"));
                    }
                    diags.push(err(
                        format!(
                            "リンク先のページ「{}」がありません [broken link]",
                            link.needle
                        ),
                        hint,
                    ));
                    continue;
                };
                if *draft && !page.meta.draft {
                    diags.push(err(
                        format!("下書き（draft: true）のページ「{}」にリンクしています", link.slug),
                        "公開するページから下書きへはリンクできません。リンクを外すか、リンク先の draft を false にしてください。".into(),
                    ));
                }
                if let Some(a) = &link.anchor
                    && !anchors.contains(a)
                {
                    let mut hint = String::new();
                    if let Some(c) = crate::diag::closest(a, anchors.iter().map(String::as_str)) {
                        hint.push_str(&format!("「#{c}」の書き間違いではありませんか。"));
                    }
                    hint.push_str("見出しのアンカーは見出しの文字から記号を除いたもの（第1条（目的） → #第1条目的）か、見出しに {#id} で付けた id です。");
                    diags.push(err(
                        format!("リンク先に見出し「#{a}」がありません [broken anchor]"),
                        hint,
                    ));
                }
            }
        }
    }
}

fn copy_static(env: &Env, out: &Outputs, diags: &Diagnostics) {
    let dir = env.theme_dir.join("static");
    for entry in WalkDir::new(&dir).sort_by_file_name().into_iter().flatten() {
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
        let res = std::fs::read(entry.path())
            .and_then(|b| out.write(PathBuf::from("static").join(rel), b));
        if let Err(e) = res {
            diags.push(Diagnostic::error(
                entry.path(),
                None,
                format!("テーマのファイルを写せません: {e}"),
            ));
        }
    }
}
