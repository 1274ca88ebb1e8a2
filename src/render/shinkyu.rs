//! The 新旧対照表 between two versions of the project, per changed page, as
//! HTML (theme template `shinkyu.html`) and as an A4 PDF (`typst/shinkyu.typ`).
//!
//! Each side's pages are rendered by the ordinary page renderer over that
//! version's model, so the table compares the text people read — rule
//! sentences and dates from region.yaml included — not the Markdown source.
//! The diff itself is pure text code (`crate::compare`).

use std::sync::Arc;

use serde::Serialize;

use super::body;
use super::context::{RegionCtx, RenderCtx};
use super::theme::chain;
use super::views::{Here, to_value};
use crate::compare::{self, Row, RowKind};
use crate::diag::Diagnostic;
use crate::model::Version;
use crate::typeset::{Job, Standard};
use crate::wareki::Date;

pub const PDF_TEMPLATE: &str = "typst/shinkyu.typ";

/// Which tables, and how they are laid out.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub region: Option<String>,
    pub page: Option<String>,
    /// Only the pages of this document (`documents[].id`).
    pub document: Option<String>,
    /// Unchanged articles in full rather than as (略).
    pub full: bool,
    /// 改正前 on the left (bodies differ in their custom).
    pub old_left: bool,
}

/// One side of a comparison, ready to render.
pub struct Side {
    pub label: String,
    pub date: Option<Date>,
    pub ctx: Arc<RenderCtx>,
}

impl Side {
    /// `version` rendered with `base`'s theme and typesetter.
    pub fn of(base: &RenderCtx, version: &Version) -> Side {
        Side {
            label: version.label.clone(),
            date: version.date,
            ctx: base.for_site(version.site.clone()),
        }
    }
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

fn page_articles(side: &Side, region: usize, slug: &str) -> Vec<compare::Article> {
    let rc = side.ctx.region(region);
    match rc.region.page(slug) {
        Some(p) if !p.meta.draft => compare::articles(&body::render(&rc, p).html),
        _ => Vec::new(),
    }
}

/// The tables of every page that differs between `old` and `new`.
pub fn tables(old: &Side, new: &Side, opts: &Options) -> Vec<PageTable> {
    let mut out = Vec::new();
    for (ni, region) in new.ctx.site.regions.iter().enumerate() {
        if opts.region.as_deref().is_some_and(|r| r != region.id) {
            continue;
        }
        let oi = old.ctx.site.regions.iter().position(|r| r.id == region.id);
        // Pages in the new order, then pages only the old revision had.
        let mut slugs: Vec<(String, String)> = region
            .pages
            .iter()
            .map(|p| (p.slug.clone(), p.meta.title.clone()))
            .collect();
        if let Some(oi) = oi {
            for p in &old.ctx.site.regions[oi].pages {
                if !slugs.iter().any(|(s, _)| *s == p.slug) {
                    slugs.push((p.slug.clone(), p.meta.title.clone()));
                }
            }
        }
        let in_document = |slug: &str| {
            let of = |ctx: &RenderCtx, ri: Option<usize>| {
                ri.and_then(|i| ctx.site.regions[i].page(slug))
                    .is_some_and(|p| Some(p.meta.document.as_str()) == opts.document.as_deref())
            };
            opts.document.is_none() || of(&new.ctx, Some(ni)) || of(&old.ctx, oi)
        };
        for (slug, title) in slugs {
            if opts.page.as_deref().is_some_and(|p| p != slug) || !in_document(&slug) {
                continue;
            }
            let new_articles = page_articles(new, ni, &slug);
            let old_articles = oi
                .map(|oi| page_articles(old, oi, &slug))
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

/// What the HTML and PDF templates read.
#[derive(Serialize)]
pub struct TableView<'a> {
    pub region: &'a str,
    pub page: &'a str,
    pub slug: &'a str,
    pub old: SideView<'a>,
    pub new: SideView<'a>,
    pub full: bool,
    pub old_left: bool,
    pub rows: Vec<Row>,
}

#[derive(Serialize)]
pub struct SideView<'a> {
    pub label: &'a str,
    /// 和暦, or （未確定） for the working tree.
    pub date: String,
    pub iso: Option<String>,
}

impl<'a> SideView<'a> {
    fn of(side: &'a Side) -> SideView<'a> {
        SideView {
            label: &side.label,
            date: side
                .date
                .map_or_else(|| "（未確定）".into(), |d| d.wareki()),
            iso: side.date.map(|d| d.iso()),
        }
    }
}

impl<'a> TableView<'a> {
    pub fn of(t: &'a PageTable, old: &'a Side, new: &'a Side, opts: &Options) -> TableView<'a> {
        TableView {
            region: &t.region_name,
            page: &t.title,
            slug: &t.slug,
            old: SideView::of(old),
            new: SideView::of(new),
            full: opts.full,
            old_left: opts.old_left,
            rows: if opts.full {
                t.rows.clone()
            } else {
                collapse_unchanged(&t.rows)
            },
        }
    }
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

/// What `shinkyu.html` reads: the table, and the frame of the site it
/// stands in (none for the files of `tebiki diff`, which stand alone).
#[derive(Serialize)]
struct HtmlPage<'a> {
    root: String,
    site: &'a serde_json::Value,
    /// The region's menu ([`super::views::RegionNav`]); none standing alone.
    region: Option<&'a serde_json::Value>,
    here: Here<'a>,
    standalone: bool,
    table: &'a TableView<'a>,
}

/// The table as a standalone HTML page (`tebiki diff`).
pub fn html(ctx: &RenderCtx, view: &TableView) -> Result<String, Diagnostic> {
    render_html(
        ctx,
        &HtmlPage {
            root: String::new(),
            site: ctx.site_head(),
            region: None,
            here: Here::of(""),
            standalone: true,
            table: view,
        },
    )
}

/// The table as a page of the site at `path` (`<region>/history/…`), in
/// the region's frame: its menu, breadcrumbs back to 改正履歴.
pub fn html_in_site(rc: &RegionCtx, view: &TableView, path: &str) -> Result<String, Diagnostic> {
    render_html(
        rc.ctx,
        &HtmlPage {
            root: "../".repeat(path.matches('/').count()),
            site: rc.ctx.site_head(),
            region: Some(&rc.views.nav),
            here: Here::of(path),
            standalone: false,
            table: view,
        },
    )
}

fn render_html(ctx: &RenderCtx, page: &HtmlPage) -> Result<String, Diagnostic> {
    let tctx = tera::Context::from_serialize(page).expect("the table view is an object");
    ctx.theme.tera.render("shinkyu.html", &tctx).map_err(|e| {
        Diagnostic::error(
            ctx.theme_rel("templates/shinkyu.html"),
            None,
            format!("新旧対照表を作れません: {}", chain(&e)),
        )
    })
}

/// The table as an A4 PDF, dated by the newer side.
pub fn pdf(
    ctx: &RenderCtx,
    view: &TableView,
    date: Option<Date>,
) -> Result<Vec<u8>, Vec<Diagnostic>> {
    let template = ctx.typesetter.template(PDF_TEMPLATE).map_err(|d| vec![d])?;
    let layout = ctx.typesetter.layout(Job {
        template: &template,
        data: serde_json::to_vec(&to_value(view)).expect("JSON"),
        files: Vec::new(),
        date,
    })?;
    // The slug is quoted in the identifier as it always was: the PDF's id
    // stays the same across tebiki versions.
    layout.pdf(
        &format!("tebiki/shinkyu/\"{}\"", view.slug),
        Standard::Plain,
    )
}
