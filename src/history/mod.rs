//! Revisions: the 新旧対照表 between two git revisions of the sources, as
//! HTML and as PDF, and the per-region 改正履歴 page.
//!
//! Each revision is loaded by the ordinary loader (from a snapshot folder for
//! a git revision) and each page rendered by the ordinary page renderer, so
//! the table compares the text people read — rule sentences and dates from
//! region.yaml included — not the Markdown source.

pub mod compare;
pub mod git;

use std::path::Path;
use std::sync::Arc;

use serde::Serialize;
use serde_json::json;

use crate::diag::{Diagnostic, Diagnostics};
use crate::render::{Env, body, theme::Theme};
use crate::wareki::Date;
use compare::{Row, RowKind};

/// One side of the comparison: a revision, or the working tree.
pub struct Version {
    pub label: String,
    pub date: Option<Date>,
    pub env: Arc<Env>,
    _snapshot: Option<git::Snapshot>,
}

/// The 新旧対照表 of one page.
#[derive(Debug, Serialize)]
pub struct PageTable {
    pub region: String,
    pub region_name: String,
    pub slug: String,
    pub title: String,
    pub rows: Vec<Row>,
}

impl PageTable {
    pub fn changed(&self) -> bool {
        self.rows.iter().any(|r| r.kind != RowKind::Unchanged)
    }
}

/// Options of a comparison.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub region: Option<String>,
    pub page: Option<String>,
    /// Unchanged articles in full rather than as (略).
    pub full: bool,
    /// 改正前 on the left (bodies differ in their custom).
    pub old_left: bool,
}

/// Loads the project at `rev` (or the working tree for `None`).
pub fn version(root: &Path, rev: Option<&str>) -> Result<Version, Vec<Diagnostic>> {
    let diags = Diagnostics::new();
    let (src_root, snapshot, commit_date) = match rev {
        None => (root.to_path_buf(), None, None),
        Some(r) => {
            let snap = git::snapshot(root, r).map_err(|e| vec![Diagnostic::error(r, None, e)])?;
            let date = snap.date;
            (snap.root.clone(), Some(snap), Some(date))
        }
    };
    let site = crate::load::load(&src_root, &diags);
    let theme = Theme::load(root, &site.config.theme, &diags);
    if diags.has_errors() || theme.is_none() {
        let mut ds = diags.sorted();
        if let Some(r) = rev {
            for d in &mut ds {
                d.message = format!("（リビジョン {r} の）{}", d.message);
            }
        }
        return Err(ds);
    }
    let env = Env::new(
        Arc::new(site),
        theme.expect("checked"),
        crate::cache::Cache::disabled(),
    );
    // The date the region data gives for this revision, else the commit's.
    let data_date = rev.and_then(|r| {
        env.site
            .regions
            .iter()
            .flat_map(|x| &x.revisions)
            .find(|x| x.git_ref == r)
            .map(|x| x.date)
    });
    Ok(Version {
        label: rev.map_or_else(|| "作業中の原稿".to_string(), str::to_string),
        date: data_date.or(commit_date),
        env,
        _snapshot: snapshot,
    })
}

fn page_articles(env: &Arc<Env>, region: usize, slug: &str) -> Vec<compare::Article> {
    match env.site.regions[region].page(slug) {
        Some(p) if !p.meta.draft => compare::articles(&body::render(env, region, p).html),
        _ => Vec::new(),
    }
}

/// The tables of every page that differs between `old` and `new`.
pub fn tables(old: &Version, new: &Version, opts: &Options) -> Vec<PageTable> {
    let mut out = Vec::new();
    for (ni, region) in new.env.site.regions.iter().enumerate() {
        if opts.region.as_deref().is_some_and(|r| r != region.id) {
            continue;
        }
        let oi = old.env.site.regions.iter().position(|r| r.id == region.id);
        // Pages in the new order, then pages only the old revision had.
        let mut slugs: Vec<(String, String)> = region
            .pages
            .iter()
            .map(|p| (p.slug.clone(), p.meta.title.clone()))
            .collect();
        if let Some(oi) = oi {
            for p in &old.env.site.regions[oi].pages {
                if !slugs.iter().any(|(s, _)| *s == p.slug) {
                    slugs.push((p.slug.clone(), p.meta.title.clone()));
                }
            }
        }
        for (slug, title) in slugs {
            if opts.page.as_deref().is_some_and(|p| p != slug) {
                continue;
            }
            let new_articles = page_articles(&new.env, ni, &slug);
            let old_articles = oi
                .map(|oi| page_articles(&old.env, oi, &slug))
                .unwrap_or_default();
            let table = PageTable {
                region: region.id.clone(),
                region_name: region.name.clone(),
                slug,
                title,
                rows: compare::compare(&old_articles, &new_articles),
            };
            if table.changed() {
                out.push(table);
            }
        }
    }
    out
}

fn date_label(v: &Version) -> String {
    match v.date {
        Some(d) => d.wareki(),
        None => "（未確定）".into(),
    }
}

/// What the HTML and PDF templates read.
pub fn template_data(
    t: &PageTable,
    old: &Version,
    new: &Version,
    opts: &Options,
) -> serde_json::Value {
    json!({
        "region": t.region_name,
        "page": t.title,
        "slug": t.slug,
        "old": {"label": old.label, "date": date_label(old), "iso": old.date.map(|d| d.iso())},
        "new": {"label": new.label, "date": date_label(new), "iso": new.date.map(|d| d.iso())},
        "full": opts.full,
        "old_left": opts.old_left,
        "rows": if opts.full { t.rows.clone() } else { collapse_unchanged(&t.rows) },
    })
}

/// Runs of unchanged articles become one （略） row.
fn collapse_unchanged(rows: &[Row]) -> Vec<Row> {
    let mut out: Vec<Row> = Vec::new();
    for r in rows {
        let after_unchanged = out.last().is_some_and(|l| l.kind == RowKind::Unchanged);
        if !(r.kind == RowKind::Unchanged && after_unchanged) {
            out.push(r.clone());
        }
    }
    out
}

pub const PDF_TEMPLATE: &str = "typst/shinkyu.typ";

/// The table as a standalone HTML page (theme template `shinkyu.html`).
pub fn html(env: &Env, data: &serde_json::Value) -> Result<String, String> {
    let ctx = tera::Context::from_value(data.clone()).map_err(|e| e.to_string())?;
    env.theme
        .render("shinkyu.html", &ctx)
        .map_err(|e| crate::render::theme::chain(&e))
}

/// The table as an A4 PDF, typeset by the same in-process Typst as the forms.
pub fn pdf(env: &Env, data: &serde_json::Value, date: Option<Date>) -> Result<Vec<u8>, String> {
    use typst::foundations::{Datetime, Smart};
    let theme = &env.theme_dir;
    let shared = env.fonts()?;
    let template = std::fs::read_to_string(theme.join(PDF_TEMPLATE))
        .map_err(|e| format!("{PDF_TEMPLATE}: {e}"))?;
    let d = date.unwrap_or(Date {
        year: 2020,
        month: 1,
        day: 1,
    });
    let today = Datetime::from_ymd(d.year, d.month as u8, d.day as u8).expect("a valid date");
    let world = crate::typeset::TemplateWorld::new(
        shared,
        &template,
        serde_json::to_vec(data).expect("JSON"),
        today,
    );
    let doc = crate::typeset::compile(&world).map_err(|e| e.join("\n"))?;
    typst_pdf::pdf(
        &doc,
        &typst_pdf::PdfOptions {
            ident: Smart::Custom(format!("tebiki/shinkyu/{}", data["slug"])),
            timestamp: Some(typst_pdf::Timestamp::new_utc(today)),
            ..Default::default()
        },
    )
    .map_err(|e| format!("{e:?}"))
}
