//! A page body: Tera (region values, shortcodes) -> Markdown -> HTML, with
//! every problem located in the page's own file.

use std::sync::{Arc, Mutex};

use serde_json::Value;
use tera::{Context, Tera};

use super::context::RegionCtx;
use super::escape::escape_markdown_value;
use super::shortcodes::{self, Problem};
use super::standins::Compacted;
use super::theme::{chain, template_error};
use crate::diag::{Diagnostic, Pos};
use crate::markup::markdown::{self, Heading};
use crate::model::Page;

/// A link found in a page, to be checked once every page's headings are known.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Link {
    /// Region of the target page.
    pub region: String,
    /// Target page slug (a Markdown page or a generated one).
    pub slug: String,
    pub anchor: Option<String>,
    /// Text to find in the source to locate the link.
    pub needle: String,
}

/// A link to a file of the site that is not a page (`forms/consent.pdf`,
/// `../osaki/booklet.pdf`).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct FileLink {
    pub region: String,
    /// Inside the region's folder.
    pub path: String,
    pub needle: String,
}

#[derive(Debug)]
pub struct Body {
    pub html: String,
    pub headings: Vec<Heading>,
    pub links: Vec<Link>,
    pub files: Vec<FileLink>,
    pub problems: Vec<Diagnostic>,
}

/// Position of `needle` in the page file, searching the body first.
pub fn locate(page: &Page, needle: &str) -> Option<Pos> {
    let body_start = page.source.len() - page.body.len();
    page.source[body_start..]
        .find(needle)
        .map(|i| body_start + i)
        .or_else(|| page.source.find(needle))
        .map(|at| Pos::of_offset(&page.source, at))
}

/// Step 1 of a page: Tera expands values and shortcodes (HTML for the
/// site, Markdown for print), values escaped. Returns the Markdown and the
/// problems found, located in the page's file.
pub fn expand(rc: &RegionCtx, page: &Page, mode: shortcodes::Mode) -> (String, Vec<Diagnostic>) {
    let file = &page.origin.file;
    let source = hide_heading_ids(&page.body);
    // Most pages hold no tag at all: Tera would give the text back as it is.
    if !["{{", "{%", "{#"].iter().any(|t| source.contains(t)) {
        return (page.body.clone(), Vec::new());
    }
    let mut problems_out = Vec::new();
    let problems: shortcodes::Problems = Arc::new(Mutex::new(Vec::new()));
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".md"]);
    tera.set_escape_fn(escape_markdown_value);
    tera.register_filter("wareki", crate::wareki::tera_filter);
    shortcodes::register(&mut tera, rc, &problems, mode);
    let name = "page.md";
    // Tera reads the text between tags slowly: it sees stand-ins for it
    // (see `standins`), or the text as written when it refuses those.
    let compacted =
        Compacted::of(&source).filter(|c| tera.add_raw_template(name, &c.template).is_ok());
    let parsed = match compacted {
        Some(_) => Ok(()),
        None => tera.add_raw_template(name, &source),
    };
    let markdown = match parsed {
        Err(e) => {
            let mut d = template_error(file, &e);
            // Tera places an unclosed `{{` at the end of the text; point at
            // the opening instead.
            if let Some(at) = unclosed_tag(&page.body) {
                d.pos = Some(Pos::of_offset(&page.body, at));
                d = d.hint("「{{」や「{%」を閉じる「}}」「%}」がありません。");
            }
            if let Some(p) = d.pos.as_mut() {
                p.line += page.body_line - 1;
            }
            problems_out.push(d);
            page.body.clone()
        }
        Ok(()) => {
            // What `{{ … }}` in a page body can print: the site's settings,
            // the region (every value of region.yaml), the page, the shared
            // lists. The views are JSON values already: cloned into the
            // context, not serialized again (serializing a region's
            // whole view for every page was 11 % of the CPU of an edit build
            // at 1,000 regions; cloning it is 3 %).
            let mut view = serde_json::Map::new();
            view.insert("site".into(), rc.ctx.site_head().clone());
            view.insert("region".into(), rc.views.full.clone());
            view.insert(
                "page".into(),
                serde_json::json!({ "title": page.meta.title, "slug": page.slug }),
            );
            view.insert("lists".into(), rc.ctx.lists().clone());
            let ctx = Context::from_value(Value::Object(view)).expect("the body view is an object");
            match tera.render(name, &ctx) {
                Ok(s) => match &compacted {
                    Some(c) => c.restore(&s),
                    None => s,
                },
                Err(e) => {
                    problems_out.push(render_error(page, &e));
                    page.body.clone()
                }
            }
        }
    };
    let markdown = markdown.replace(HIDDEN_ID, "{#");
    if mode == shortcodes::Mode::Html {
        for (needle, path) in empty_values(&page.body, &rc.views.full) {
            problems_out.push(
                Diagnostic::warning(
                    file,
                    locate(page, &needle),
                    format!("`region.{path}` は空なので、何も出ません [empty value]"),
                )
                .underline(needle.chars().count())
                .hint(format!(
                    "region.yaml に {} を書くか、この文から {{{{ … }}}} を消してください。",
                    path.replace('.', " の ")
                )),
            );
        }
    }
    for Problem {
        needle,
        message,
        hint,
    } in problems.lock().unwrap().drain(..)
    {
        let pos = locate(page, &needle);
        problems_out.push(
            Diagnostic::error(file, pos, message)
                .hint(hint)
                .underline(needle.chars().count()),
        );
    }
    (markdown, problems_out)
}

/// The `{{ region.… }}` of `body` that print nothing (an empty value in
/// region.yaml: 「電話は  です」), as (the text written, the path).
fn empty_values(body: &str, region: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = body;
    while let Some(i) = rest.find("{{") {
        let after = &rest[i + 2..];
        let Some(end) = after.find("}}") else { break };
        let expr = after[..end].trim();
        if let Some(path) = expr.strip_prefix("region.")
            && path
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
        {
            let value = path
                .split('.')
                .try_fold(region, |v, k| match k.parse::<usize>() {
                    Ok(n) => v.get(n),
                    Err(_) => v.get(k),
                });
            if value.is_some_and(|v| v.as_str() == Some("")) {
                out.push((rest[i..i + 2 + end + 2].to_string(), path.to_string()));
            }
        }
        rest = &after[end + 2..];
    }
    out
}

pub fn render(rc: &RegionCtx, page: &Page) -> Body {
    let file = &page.origin.file;
    let (markdown, mut problems_out) = expand(rc, page, shortcodes::Mode::Html);

    // 2. Markdown, resolving links as they come.
    let this_region = &rc.region.id;
    let mut links = Vec::new();
    let mut files = Vec::new();
    let rendered = markdown::render(&markdown, |dest, _range| {
        match resolve(this_region, &page.slug, dest) {
            Resolved::Keep => dest.to_string(),
            Resolved::File(f) => {
                files.push(f);
                dest.to_string()
            }
            Resolved::Page { href, link } => {
                links.push(link);
                href
            }
            Resolved::Refused(why, hint) => {
                let pos = locate(page, dest);
                problems_out.push(
                    Diagnostic::error(file, pos, why)
                        .hint(hint)
                        .underline(dest.chars().count()),
                );
                "#".to_string()
            }
        }
    });
    for (h, explicit) in &rendered.repeated_ids {
        let needle = if *explicit {
            format!("{{#{}}}", h.id)
        } else {
            h.text.clone()
        };
        let pos = locate_last(page, &needle);
        let d = if *explicit {
            Diagnostic::error(
                file,
                pos,
                format!(
                    "見出しの id「{}」が二度使われています [duplicate anchor]",
                    h.id
                ),
            )
            .hint(
                "リンクが前の見出しにしか届きません。後の見出しの {#…} を別の id にしてください。",
            )
        } else {
            Diagnostic::warning(file, pos, format!("見出し「{}」と同じアンカー（#{}）の見出しが前にあります [duplicate anchor]", h.text, h.id))
                .hint(format!("この見出しへのリンクは #{}-2 になります。見出しの後に {{#別の-id}} を付けると、はっきりしたアンカーになります。", h.id))
        };
        problems_out.push(d.underline(needle.chars().count()));
    }
    Body {
        html: rendered.html,
        headings: rendered.headings,
        links,
        files,
        problems: problems_out,
    }
}

/// Position of the last `needle` in the page's body (a repeated heading is
/// the later one).
fn locate_last(page: &Page, needle: &str) -> Option<Pos> {
    let body_start = page.source.len() - page.body.len();
    page.source[body_start..]
        .rfind(needle)
        .map(|i| Pos::of_offset(&page.source, body_start + i))
}

/// Byte offset of the last `{{` or `{%` that is never closed.
fn unclosed_tag(text: &str) -> Option<usize> {
    let mut open: Option<(usize, &str)> = None;
    let mut i = 0;
    while i + 1 < text.len() {
        let rest = &text[i..];
        match open {
            None if rest.starts_with("{{") => open = Some((i, "}}")),
            None if rest.starts_with("{%") => open = Some((i, "%}")),
            Some((_, close)) if rest.starts_with(close) => open = None,
            _ => {}
        }
        i += rest.chars().next().map_or(1, char::len_utf8);
    }
    open.map(|(at, _)| at)
}

/// Two private-use characters standing in for `{#` while Tera reads the page.
const HIDDEN_ID: &str = "\u{E000}\u{E001}";

/// Markdown writes a heading id as `{#purpose}`, which Tera would read as the
/// start of a comment: hide `{#` where it opens such an id.
fn hide_heading_ids(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(i) = rest.find("{#") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        let id_len = after
            .find(|c: char| !(c.is_alphanumeric() || "-_:.".contains(c)))
            .unwrap_or(after.len());
        if id_len > 0 && after[id_len..].starts_with('}') {
            out.push_str(HIDDEN_ID);
        } else {
            out.push_str("{#");
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// Tera says which variable or filter failed but not where: find the name in
/// the source.
fn render_error(page: &Page, e: &tera::Error) -> Diagnostic {
    let text = chain(e);
    let quoted: Vec<&str> = text
        .split('`')
        .enumerate()
        .filter(|(i, _)| i % 2 == 1)
        .map(|(_, s)| s)
        .collect();
    // Tera names an unknown function as `Function 'network' not found`.
    let function = text
        .split_once("Function '")
        .and_then(|(_, rest)| rest.split_once("' not found"))
        .map(|(name, _)| name.to_string());
    if let Some(name) = function {
        let needle = format!("{name}(");
        let names: Vec<String> = super::shortcodes::Shortcode::ALL
            .iter()
            .map(|s| s.name().to_string())
            .collect();
        let mut d = Diagnostic::error(
            &page.origin.file,
            locate(page, &needle),
            format!("「{name}」というショートコードはありません"),
        )
        .underline(name.chars().count());
        if let Some(typo) = crate::diag::Unknown::among(&name, names.clone()).typo() {
            d = d.hint(typo);
        }
        return d.hint(format!(
            "書けるショートコード: {}（docs/reference.md の「ショートコード」）",
            names.join("、")
        ));
    }
    let needle = quoted
        .iter()
        .find(|q| **q != "page.md")
        .copied()
        .unwrap_or("{{");
    let pos = locate(page, needle);
    let mut d = Diagnostic::error(
        &page.origin.file,
        pos,
        if text.contains("not found in context") {
            format!("`{needle}` という値はありません")
        } else {
            format!("ページの {{{{ … }}}} を処理できません [{text}]")
        },
    )
    .underline(needle.chars().count());
    if let Some(rest) = needle.strip_prefix("region.") {
        let key = rest.rsplit('.').next().unwrap_or(rest);
        d = d.hint(format!(
            "region.yaml に `{key}` が書かれているか、名前の綴りを確かめてください（例: region.secretariat.tel）。"
        ));
    } else {
        d = d.hint(
            "使える値は site.…, region.…, page.… です。docs/reference.md の「ページの本文の書き方」を見てください。",
        );
    }
    d
}

pub enum Resolved {
    /// External or otherwise not ours to check.
    Keep,
    /// A file of the site other than a page; the link is kept as written.
    File(FileLink),
    Page {
        href: String,
        link: Link,
    },
    Refused(String, String),
}

/// Resolves a link destination written in a page of `region`.
/// `policy.md#第1条`, `../osaki/rules.md`, `contact.html`, `#anchor`.
pub fn resolve(region: &str, slug: &str, dest: &str) -> Resolved {
    let lower = dest.trim().to_ascii_lowercase();
    if let Some(scheme) = ["javascript:", "vbscript:", "data:", "file:"]
        .iter()
        .find(|s| lower.starts_with(**s))
    {
        return Resolved::Refused(
            format!("リンク先に `{scheme}` は使えません [unsafe link]"),
            "https://… のウェブページか、同じサイトのページ（policy.md など）にリンクしてください。".into(),
        );
    }
    if lower.contains("://")
        || lower.starts_with("mailto:")
        || lower.starts_with("tel:")
        || lower.starts_with("//")
    {
        return Resolved::Keep;
    }
    let (path, anchor) = match dest.split_once('#') {
        Some((p, a)) => (p, Some(a.to_string())),
        None => (dest, None),
    };
    if path.is_empty() {
        return Resolved::Page {
            href: dest.to_string(),
            link: Link {
                region: region.into(),
                slug: slug.into(),
                anchor,
                needle: dest.into(),
            },
        };
    }
    if path.starts_with('/') {
        return Resolved::Refused(
            "「/」で始まるリンクはサイトの置き場所によって切れます".into(),
            "同じ地域のページは policy.md、他の地域は ../osaki/rules.md のように相対で書いてください。".into(),
        );
    }
    // The region the link goes into, and the path inside its folder.
    let (target_region, inside) = match path.strip_prefix("../") {
        Some(rest) => match rest.split_once('/') {
            Some((r, inside)) if !r.is_empty() && r != "." && r != ".." => (r.to_string(), inside),
            _ => (String::new(), rest),
        },
        None => (region.to_string(), path),
    };
    if inside.split('/').any(|p| p == ".." || p == ".") || target_region.is_empty() {
        return Resolved::Refused(
            "プロジェクトの外やサイトの外を指すリンクです".into(),
            "リンクできるのはサイトのページ（policy.md, ../osaki/rules.md）か https://… のアドレスです。".into(),
        );
    }
    let page = (!inside.contains('/'))
        .then(|| {
            inside
                .strip_suffix(".md")
                .or_else(|| inside.strip_suffix(".html"))
        })
        .flatten();
    let Some(stem) = page else {
        // A file the site holds (a form's PDF, the booklet), checked once
        // every output is known.
        return Resolved::File(FileLink {
            region: target_region,
            path: inside.to_string(),
            needle: dest.to_string(),
        });
    };
    let href = match &anchor {
        Some(a) => format!(
            "{}{stem}.html#{a}",
            if target_region == region {
                String::new()
            } else {
                format!("../{target_region}/")
            }
        ),
        None => format!(
            "{}{stem}.html",
            if target_region == region {
                String::new()
            } else {
                format!("../{target_region}/")
            }
        ),
    };
    Resolved::Page {
        href,
        link: Link {
            region: target_region,
            slug: stem.to_string(),
            anchor,
            needle: dest.to_string(),
        },
    }
}
