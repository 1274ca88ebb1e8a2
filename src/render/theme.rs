//! The theme: Tera templates for the site and the static files copied as-is.

use std::path::{Path, PathBuf};

use tera::Tera;
use walkdir::WalkDir;

use crate::diag::{Diagnostic, Diagnostics, Pos};

pub struct Theme {
    pub dir: PathBuf,
    pub tera: Tera,
}

/// Templates a theme must have; a missing one is reported at load.
pub const REQUIRED: &[&str] = &[
    "base.html",
    "portal.html",
    "region.html",
    "page.html",
    "contact.html",
    "forms.html",
    "glossary.html",
    "rules.html",
    "compare.html",
    "site_glossary.html",
    "history.html",
    "shinkyu.html",
    "search.html",
    "shortcodes/contact.html",
    "shortcodes/list_table.html",
    "shortcodes/form_link.html",
    "shortcodes/rules.html",
    "shortcodes/glossary.html",
    "shortcodes/revisions.html",
];

impl Theme {
    /// Loads `themes/<name>/templates/**/*.html`. Each template is parsed on
    /// its own so that every broken one is reported, with its line.
    pub fn load(root: &Path, name: &str, diags: &Diagnostics) -> Option<Theme> {
        let rel = PathBuf::from("themes").join(name);
        let dir = root.join(&rel);
        if !dir.is_dir() {
            diags.push(
                Diagnostic::error("tebiki.yaml", None, format!("テーマ「{name}」がありません（{} を探しました）", rel.display()))
                    .hint("tebiki.yaml の theme を default にするか、themes/ にそのフォルダを置いてください。"),
            );
            return None;
        }
        let mut tera = Tera::default();
        let mut ok = true;
        let tdir = dir.join("templates");
        let mut templates = Vec::new();
        let mut broken: Vec<String> = Vec::new();
        for entry in WalkDir::new(&tdir).sort_by_file_name() {
            let Ok(entry) = entry else { continue };
            if !entry.file_type().is_file() || entry.path().extension().is_none_or(|e| e != "html")
            {
                continue;
            }
            let name = entry
                .path()
                .strip_prefix(&tdir)
                .unwrap_or(entry.path())
                .to_string_lossy()
                .replace('\\', "/");
            let file = rel.join("templates").join(&name);
            let Some(src) = crate::yaml::SourceFile::read(root, &file, diags) else {
                ok = false;
                continue;
            };
            // Parse alone first, to locate a syntax error in this file.
            if let Err(e) = tera::Template::new(&name, None, &src.text) {
                ok = false;
                diags.push(template_error(&file, &e));
                broken.push(name);
                continue;
            }
            templates.push((name, src.text));
        }
        if let Err(e) = tera.add_raw_templates(templates) {
            ok = false;
            diags.push(Diagnostic::error(
                rel.join("templates"),
                None,
                format!("テンプレートを読めません: {}", chain(&e)),
            ));
        }
        for req in REQUIRED {
            // A template that failed to parse was reported already.
            if !tera.get_template_names().any(|n| n == *req) && !broken.iter().any(|b| b == req) {
                ok = false;
                diags.push(
                    Diagnostic::error(
                        rel.join("templates").join(req),
                        None,
                        "テーマに必要なテンプレートがありません",
                    )
                    .hint("themes/default/templates/ から同じ名前のファイルを写してください。"),
                );
            }
        }
        tera.set_escape_fn(escape_html);
        tera.register_filter("wareki", crate::wareki::tera_filter);
        ok.then_some(Theme { dir, tera })
    }
}

/// HTML escaping for templates: Tera's own also escapes `/`, which makes
/// every URL in the output unreadable (`..&#x2F;index.html`).
pub fn escape_html(s: &str) -> String {
    escape_with(s, &[])
}

/// HTML escaping, and `extra` characters as numeric entities too.
pub fn escape_with(s: &str, extra: &[char]) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if extra.contains(&c) => out.push_str(&format!("&#{};", c as u32)),
            _ => out.push(c),
        }
    }
    out
}

/// A Tera error with its causes, on one line.
pub fn chain(e: &tera::Error) -> String {
    let mut s = e.to_string();
    let mut cur: Option<&dyn std::error::Error> = std::error::Error::source(e);
    while let Some(c) = cur {
        s.push_str(": ");
        s.push_str(&c.to_string());
        cur = c.source();
    }
    s
}

/// Tera prints syntax errors as `--> 3:5` with a caret picture; take the
/// position out of it and keep the first line of the explanation.
pub fn template_error(file: &Path, e: &tera::Error) -> Diagnostic {
    let text = chain(e);
    let pos = text.split("--> ").nth(1).and_then(|rest| {
        let mut it = rest
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty());
        Some(Pos::new(it.next()?.parse().ok()?, it.next()?.parse().ok()?))
    });
    let why = text
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| {
            !l.is_empty()
                && !l.starts_with('|')
                && !l.starts_with("-->")
                && !l
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '|' || c == ' ')
        })
        .unwrap_or("")
        .trim_start_matches("= ")
        .to_string();
    Diagnostic::error(
        file,
        pos,
        format!("テンプレートの書き方に誤りがあります [{why}]"),
    )
    .hint("{{ … }} と {% … %} の組み合わせ・閉じ忘れ（{% endif %} など）を確かめてください。")
}
