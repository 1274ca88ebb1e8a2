//! The link check: every link between pages must reach a published page
//! and, if it names one, an anchor on it. Runs once every page's headings
//! are known.

use std::collections::{HashMap, HashSet};

use super::body::{self, FileLink, Link};
use crate::diag::{Diagnostic, Diagnostics, Unknown};
use crate::markup::markdown::Heading;
use crate::model::{GENERATED_PAGES, Site};

/// What links between pages are checked against, kept of each page once
/// its HTML is written (and kept in the cache for a region a later build
/// takes as it was).
#[derive(Clone, serde::Serialize, serde::Deserialize)]
pub struct Outline {
    pub headings: Vec<Heading>,
    pub links: Vec<Link>,
    pub files: Vec<FileLink>,
}

/// The files (not pages) a region's folder holds after a build.
fn region_files(r: &crate::model::Region) -> HashSet<String> {
    let mut files: HashSet<String> = ["booklet.pdf".to_string()].into();
    if r.form_defs.iter().any(|f| f.is_typeset()) {
        files.insert(super::forms_page::zip_path(r));
    }
    for f in r.form_defs.iter().filter(|f| f.is_typeset()) {
        if f.has_fields() {
            files.insert(format!("forms/{}.pdf", f.id));
        }
        files.insert(format!("forms/{}-print.pdf", f.id));
        files.insert(format!("forms/{}.png", f.id));
    }
    files.extend(r.attachments.iter().map(|a| format!("files/{}", a.name)));
    files
}

/// How the anchors of the page `slug` are made, with the ones it has when
/// they are few enough to list.
fn anchor_hint(slug: &str, known: &[String]) -> String {
    let list = |what: &str| {
        if known.is_empty() {
            format!("このページには{what}がまだありません。")
        } else {
            format!(
                "このページにある{what}: {}",
                known
                    .iter()
                    .map(|k| format!("#{k}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
    };
    match slug {
        "forms" => format!(
            "様式のアンカーは #form- と様式の id（forms/<地域>/ のファイル名から .yaml を除いたもの）です。{}",
            list("様式のアンカー")
        ),
        "rules" => format!(
            "規則のアンカーは #rule- と規則の id（region.yaml の rules の id）です。{}",
            list("規則のアンカー")
        ),
        _ => "見出しのアンカーは見出しの文字から記号を除いたもの（第1条（目的） → #第1条目的）か、見出しに {#id} で付けた id です。条には条の番号のアンカーもあります（#第1条）。".into(),
    }
}

/// Checks every link of every page; `outlines[region][page]` follows
/// `site.regions[region].pages[page]`.
pub fn check(site: &Site, outlines: &[Vec<Outline>], diags: &Diagnostics) {
    // (region, slug) -> (anchors, draft)
    let mut targets: HashMap<(&str, &str), (HashSet<String>, bool)> = HashMap::new();
    for (ri, r) in site.regions.iter().enumerate() {
        for (pi, p) in r.pages.iter().enumerate() {
            // A heading's id and its article's number (`#第10条`).
            let ids = outlines[ri][pi]
                .headings
                .iter()
                .flat_map(|h| std::iter::once(&h.id).chain(&h.anchors))
                .cloned()
                .collect();
            targets.insert((&r.id, &p.slug), (ids, p.meta.draft));
        }
        for g in GENERATED_PAGES {
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
    let files: HashMap<&str, HashSet<String>> = site
        .regions
        .iter()
        .map(|r| (r.id.as_str(), region_files(r)))
        .collect();
    for (ri, r) in site.regions.iter().enumerate() {
        for (pi, page) in r.pages.iter().enumerate() {
            for f in &outlines[ri][pi].files {
                if site.unloaded.regions.contains(&f.region) || f.path.starts_with("history/") {
                    continue;
                }
                let Some(known) = files.get(f.region.as_str()) else {
                    diags.push(
                        Diagnostic::error(
                            &page.origin.file,
                            body::locate(page, &f.needle),
                            format!("リンク先の地域「{}」がありません [broken link]", f.region),
                        )
                        .underline(f.needle.chars().count()),
                    );
                    continue;
                };
                if !known.contains(&f.path) {
                    let mut list: Vec<&String> = known.iter().collect();
                    list.sort();
                    diags.push(
                        Diagnostic::error(
                            &page.origin.file,
                            body::locate(page, &f.needle),
                            format!(
                                "リンク先のファイル「{}」はサイトにありません [broken link]",
                                f.needle
                            ),
                        )
                        .underline(f.needle.chars().count())
                        .hint(format!(
                            "この地域のフォルダにできるファイル: {}",
                            list.iter()
                                .map(|s| s.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        )),
                    );
                }
            }
            for link in &outlines[ri][pi].links {
                let pos = body::locate(page, &link.needle);
                for (msg, hint) in problems(site, &targets, link, page.meta.draft) {
                    diags.push(
                        Diagnostic::error(&page.origin.file, pos, msg)
                            .hint(hint)
                            .underline(link.needle.chars().count()),
                    );
                }
            }
        }
        // A rule's source (`qa.md#問3`) is a link from region.yaml.
        for (i, rule) in r.rules.iter().enumerate() {
            if rule.source.is_empty() {
                continue;
            }
            let at = format!("rules[{i}].source");
            let found = match body::resolve(&r.id, "", &rule.source) {
                body::Resolved::Page { link, .. } => problems(site, &targets, &link, false),
                body::Resolved::Keep => Vec::new(),
                body::Resolved::File(_) => vec![(
                    format!("規則の出典「{}」はページではありません", rule.source),
                    "qa.md#問3 のように、ページとその見出しを書いてください。".into(),
                )],
                body::Resolved::Refused(why, hint) => vec![(why, hint)],
            };
            for (msg, hint) in found {
                diags.push(Diagnostic::error(&r.origin.file, r.origin.pos(&at), msg).hint(hint));
            }
        }
    }
}

type Targets<'a> = HashMap<(&'a str, &'a str), (HashSet<String>, bool)>;

/// What is wrong with one link, as (message, hint) pairs.
fn problems(
    site: &Site,
    targets: &Targets,
    link: &Link,
    from_draft: bool,
) -> Vec<(String, String)> {
    // A region whose region.yaml has errors was not loaded; its problem is
    // reported once, not for every link to it.
    if site.unloaded.regions.contains(&link.region) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let Some((anchors, draft)) = targets.get(&(link.region.as_str(), link.slug.as_str())) else {
        let known: Vec<String> = site
            .region(&link.region)
            .map(|r| r.pages.iter().map(|p| p.slug.clone()).collect())
            .unwrap_or_default();
        let mut hint = format!("content/{}/{}.md がありません。", link.region, link.slug);
        if let Some(c) = Unknown::among(&link.slug, known).nearest {
            hint.push_str(&format!("「{c}.md」の書き間違いではありませんか。"));
        }
        out.push((
            format!(
                "リンク先のページ「{}」がありません [broken link]",
                link.needle
            ),
            hint,
        ));
        return out;
    };
    if *draft && !from_draft {
        out.push((
            format!("下書き（draft: true）のページ「{}」にリンクしています", link.slug),
            "公開するページから下書きへはリンクできません。リンクを外すか、リンク先の draft を false にしてください。".into(),
        ));
    }
    // An anchor of a form whose file has errors: reported there.
    let unloaded_form = link.slug == "forms"
        && link
            .anchor
            .as_deref()
            .and_then(|a| a.strip_prefix("form-"))
            .is_some_and(|f| {
                site.unloaded
                    .forms
                    .contains(&(link.region.clone(), f.to_string()))
            });
    if let Some(a) = &link.anchor
        && !anchors.contains(a)
        && !unloaded_form
    {
        let mut known: Vec<String> = anchors.iter().cloned().collect();
        known.sort();
        let mut hint = Unknown::among(a, known.clone())
            .nearest
            .map(|c| format!("「#{c}」の書き間違いではありませんか。"))
            .unwrap_or_default();
        hint.push_str(&anchor_hint(&link.slug, &known));
        out.push((
            format!("リンク先に見出し「#{a}」がありません [broken anchor]"),
            hint,
        ));
    }
    out
}
