//! The HTML site: portal, and per region its top page, its Markdown pages,
//! contact, forms and glossary pages and search index; then the site-wide
//! glossary and the theme's static files.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;
use walkdir::WalkDir;

use super::body::{self, Body};
use super::context::{RegionCtx, RenderCtx};
use super::links::Outline;
use super::reuse::Record;
use super::views::{
    ContentPage, GlossaryDefinition, GlossaryExtra, GlossaryTerm, NoExtra, PageExtra, PageLink,
    SitePage, TasksExtra, page_url,
};
use crate::diag::{Diagnostic, Diagnostics};
use crate::write::Outputs;

/// Renders the site's pages and each region's search index. A region's
/// page bodies are held only while its pages and index are written, so
/// memory does not grow with the number of regions. Returns each region's
/// outlines, those of the regions taken as they were (`kept`) as their
/// records hold them, for the link checks (made once every page's
/// headings are known).
pub fn render(
    ctx: &Arc<RenderCtx>,
    out: &Outputs,
    diags: &Diagnostics,
    kept: &[Option<Record>],
) -> Vec<Vec<Outline>> {
    ctx.write_page(
        out,
        diags,
        "index.html",
        "portal.html",
        &SitePage {
            root: "",
            site: ctx.site_view(),
            extra: NoExtra {},
        },
    );
    // A region taken as it was gives the outlines its pages had.
    let outlines: Vec<Vec<Outline>> = (0..ctx.site.regions.len())
        .into_par_iter()
        .map(|ri| match kept.get(ri) {
            Some(Some(record)) => record.outlines.clone(),
            _ => region_pages(&ctx.region(ri), out, diags),
        })
        .collect();
    write_glossary(ctx, out, diags);
    copy_static(ctx, out, diags);
    outlines
}

/// A region's HTML: its pages and its search index, from its page bodies.
/// Returns each page's outline (headings, links) for the link checks.
pub fn region_pages(rc: &RegionCtx, out: &Outputs, diags: &Diagnostics) -> Vec<Outline> {
    let bodies: Vec<Body> = rc
        .region
        .pages
        .iter()
        .map(|p| body::render(rc, p))
        .collect();
    write_region(rc, &bodies, out, diags);
    super::search::write_region(rc, &bodies, out, diags);
    bodies
        .into_iter()
        .map(|b| {
            diags.extend(b.problems);
            Outline {
                headings: b.headings,
                links: b.links,
                files: b.files,
            }
        })
        .collect()
}

/// A region's pages: top, contact, forms, glossary and its Markdown pages.
fn write_region(rc: &RegionCtx, bodies: &[Body], out: &Outputs, diags: &Diagnostics) {
    let ctx = rc.ctx;
    let region = rc.region;
    let frame = rc.page(NoExtra {});
    let at = |name: &str| format!("{}/{name}", region.id);
    let (tasks, problems) = super::tasks::tasks(region, bodies);
    diags.extend(problems);
    ctx.write_page(
        out,
        diags,
        &at("index.html"),
        "region.html",
        &rc.page(TasksExtra { tasks }),
    );
    ctx.write_page(out, diags, &at("contact.html"), "contact.html", &frame);
    if !region.glossary.is_empty() {
        ctx.write_page(out, diags, &at("glossary.html"), "glossary.html", &frame);
    }
    // The region's own files, published as they are.
    for a in &region.attachments {
        let rel = at(&format!("files/{}", a.name));
        if let Err(e) = out.copy_file(&rel, &ctx.site.root.join(&a.source)) {
            diags.push(Diagnostic::error(
                &a.source,
                None,
                format!("{rel} に写せません: {e}"),
            ));
        }
    }
    let published: Vec<usize> = (0..region.pages.len())
        .filter(|&i| !region.pages[i].meta.draft)
        .collect();
    let handbook_title = region.handbook_title();
    for (n, &pi) in published.iter().enumerate() {
        let page = &region.pages[pi];
        let b = &bodies[pi];
        let link = |i: Option<&usize>| i.map(|&i| PageLink::of(&region.pages[i]));
        let prev = n.checked_sub(1).and_then(|k| published.get(k));
        let dated = region.page_date(page);
        let view = ContentPage {
            slug: &page.slug,
            title: &page.meta.title,
            summary: &page.meta.summary,
            kind: page.meta.kind,
            kind_label: page.meta.kind.label(),
            document: match region.document_of(page) {
                Some(d) => d.title.clone(),
                None if page.meta.document.is_empty() => handbook_title.clone(),
                None => page.meta.document.clone(),
            },
            updated: dated.map(|(d, _)| d.wareki_with_seireki()),
            updated_iso: dated.map(|(d, _)| d.iso()),
            edition: dated.map_or("", |(_, e)| e),
            html: &b.html,
            toc: b.headings.iter().filter(|h| h.level <= 3).collect(),
            prev: link(prev),
            next: link(published.get(n + 1)),
        };
        // Pages need only the region's navigation, not all its data.
        ctx.write_page(
            out,
            diags,
            &at(&page_url(page)),
            "page.html",
            &rc.nav_page(PageExtra { page: view }),
        );
    }
}

/// The site-wide glossary: every region's terms, merged by term.
fn write_glossary(ctx: &RenderCtx, out: &Outputs, diags: &Diagnostics) {
    let mut terms: BTreeMap<&str, Vec<GlossaryDefinition>> = BTreeMap::new();
    let mut readings: HashMap<&str, &str> = HashMap::new();
    for r in &ctx.site.regions {
        for g in &r.glossary {
            terms.entry(&g.term).or_default().push(GlossaryDefinition {
                region: r.short(),
                region_id: &r.id,
                definition: &g.definition,
            });
            if !g.reading.is_empty() {
                readings.entry(&g.term).or_insert(&g.reading);
            }
        }
    }
    let terms = terms
        .into_iter()
        .map(|(term, definitions)| GlossaryTerm {
            term,
            reading: readings.get(term).copied().unwrap_or(""),
            definitions,
        })
        .collect();
    ctx.write_page(
        out,
        diags,
        "glossary.html",
        "site_glossary.html",
        &SitePage {
            root: "",
            site: ctx.site_view(),
            extra: GlossaryExtra { terms },
        },
    );
}

fn copy_static(ctx: &RenderCtx, out: &Outputs, diags: &Diagnostics) {
    let dir = ctx.theme.dir.join("static");
    for entry in WalkDir::new(&dir).sort_by_file_name().into_iter().flatten() {
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
        let res = std::fs::read(entry.path())
            .and_then(|b| out.write(PathBuf::from("static").join(rel), b));
        if let Err(e) = res {
            diags.push(Diagnostic::error(
                ctx.theme_rel("static").join(rel),
                None,
                format!("テーマのファイルを写せません: {e}"),
            ));
        }
    }
}
