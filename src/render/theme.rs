//! The theme: Tera templates for the site (`*.html`) and for print
//! (`*.md`, the shortcodes of the booklet); its static files and Typst
//! templates are read by the renderers that use them.

use std::path::{Path, PathBuf};

use tera::Tera;
use walkdir::WalkDir;

use super::escape::{escape_html, escape_markdown_value};
use crate::diag::{Diagnostic, Diagnostics, Pos};
use crate::source::file::SourceFile;

pub struct Theme {
    /// The theme's folder.
    pub dir: PathBuf,
    /// The same folder relative to the project, as diagnostics name it.
    pub rel: PathBuf,
    /// `templates/**/*.html`, escaping for HTML.
    pub tera: Tera,
    /// `templates/**/*.md`: the shortcodes as Markdown for the printed
    /// booklet, escaping for Markdown.
    pub print: Tera,
}

/// The site's templates a theme must have; the shortcodes' templates are
/// added by the caller (`render::load_theme`), from the shortcodes' own list.
pub const SITE_TEMPLATES: &[&str] = &[
    "base.html",
    "portal.html",
    "region.html",
    "page.html",
    "contact.html",
    "forms.html",
    "glossary.html",
    "rules.html",
    "compare.html",
    "compare_cell.html",
    "site_glossary.html",
    "history.html",
    "shinkyu.html",
    "search.html",
];

impl Theme {
    /// Loads `themes/<name>/templates/`: `*.html` for the site and `*.md`
    /// for print. Each template is parsed on its own so that every broken
    /// one is reported, with its line; every name in `required` must be
    /// there.
    pub fn load(
        root: &Path,
        name: &str,
        required: &[String],
        diags: &Diagnostics,
    ) -> Option<Theme> {
        let rel = PathBuf::from("themes").join(name);
        let dir = root.join(&rel);
        if !dir.is_dir() {
            diags.push(
                Diagnostic::error(crate::model::CONFIG_FILE, None, format!("テーマ「{name}」がありません（{} を探しました）", rel.display()))
                    .hint(if name == "default" {
                        "tebiki new project で作ったプロジェクトには themes/default が入っています。別のフォルダに tebiki new project で作り、その themes/ を写してください。".to_string()
                    } else {
                        format!("themes/{name} にテーマのフォルダを置くか、tebiki.yaml を theme: default にしてください。")
                    }),
            );
            return None;
        }
        let (mut tera, html_ok, mut broken) = load_set(root, &rel, "html", diags);
        let (mut print, print_ok, broken_md) = load_set(root, &rel, "md", diags);
        broken.extend(broken_md);
        let mut ok = html_ok && print_ok;
        for req in required {
            let set = if req.ends_with(".md") { &print } else { &tera };
            // A template that failed to parse was reported already.
            if !set.get_template_names().any(|n| n == req) && !broken.contains(req) {
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
        print.autoescape_on(vec![".md"]);
        print.set_escape_fn(escape_markdown_value);
        print.register_filter("wareki", crate::wareki::tera_filter);
        ok.then_some(Theme {
            dir,
            rel,
            tera,
            print,
        })
    }
}

/// The templates of one kind (`html`, `md`) under `<theme>/templates/`:
/// the set, whether all parsed, and the names of those that did not.
fn load_set(root: &Path, rel: &Path, ext: &str, diags: &Diagnostics) -> (Tera, bool, Vec<String>) {
    let mut tera = Tera::default();
    let mut ok = true;
    let tdir = root.join(rel).join("templates");
    let mut templates = Vec::new();
    let mut broken: Vec<String> = Vec::new();
    for entry in WalkDir::new(&tdir).sort_by_file_name() {
        let Ok(entry) = entry else { continue };
        if !entry.file_type().is_file() || entry.path().extension().is_none_or(|e| e != ext) {
            continue;
        }
        let name = entry
            .path()
            .strip_prefix(&tdir)
            .unwrap_or(entry.path())
            .to_string_lossy()
            .replace('\\', "/");
        let file = rel.join("templates").join(&name);
        let Some(src) = SourceFile::read(root, &file, diags) else {
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
    (tera, ok, broken)
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
