//! Per region, the 改正履歴 page: the revisions from region.yaml, newest
//! first, in 和暦 with 西暦; where two consecutive revisions name git refs,
//! their 新旧対照表 is built and linked.

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

use super::context::{RegionCtx, RenderCtx};
use super::shinkyu::{self, Options, Side, TableView};
use super::views::{
    ComparisonLink, HistoryEntry, HistoryExtra, HistorySection, RevisionView, file_view,
};
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::Revision;
use crate::write::Outputs;

pub fn render(ctx: &Arc<RenderCtx>, out: &Outputs, diags: &Diagnostics) {
    // Each version the revisions name, ready to render: made once per build.
    let sides: HashMap<&str, Result<Side, String>> = ctx
        .versions
        .iter()
        .map(|(r, v)| {
            let side = match v {
                Ok(v) => Ok(Side::of(ctx, v)),
                Err(ds) => Err(describe(ds)),
            };
            (r.as_str(), side)
        })
        .collect();
    ctx.rendered()
        .into_par_iter()
        .for_each(|ri| render_region(&ctx.region(ri), &sides, out, diags));
}

fn render_region(
    rc: &RegionCtx,
    sides: &HashMap<&str, Result<Side, String>>,
    out: &Outputs,
    diags: &Diagnostics,
) {
    let region = rc.region;
    // The handbook as a whole, then each document with its own editions.
    let handbook = HistorySection {
        id: "",
        title: region.handbook_title(),
        partial: false,
        file: None,
        entries: entries(rc, sides, &region.revisions, "revisions", None, out, diags),
    };
    let documents = region
        .documents
        .iter()
        .enumerate()
        .map(|(i, d)| HistorySection {
            id: &d.id,
            title: d.title.clone(),
            partial: d.partial,
            file: file_view(region, &d.file),
            entries: entries(
                rc,
                sides,
                &d.editions,
                &format!("documents[{i}].editions"),
                Some(&d.id),
                out,
                diags,
            ),
        });
    let sections = std::iter::once(handbook)
        .filter(|h| !h.entries.is_empty())
        .chain(documents)
        .collect();
    rc.ctx.write_page(
        out,
        diags,
        &format!("{}/history.html", region.id),
        "history.html",
        &rc.page(HistoryExtra { sections }),
    );
}

/// One history, newest first, the newest marked current; where two
/// consecutive entries name git refs, the 新旧対照表 between them (of the
/// document's pages only, for a document).
fn entries<'a>(
    rc: &RegionCtx,
    sides: &HashMap<&str, Result<Side, String>>,
    revisions: &'a [Revision],
    path: &str,
    document: Option<&str>,
    out: &Outputs,
    diags: &Diagnostics,
) -> Vec<HistoryEntry<'a>> {
    let region = rc.region;
    let mut sorted: Vec<(usize, &Revision)> = revisions.iter().enumerate().collect();
    sorted.sort_by_key(|r| std::cmp::Reverse(r.1.date));
    let mut list = Vec::new();
    for (n, (index, rev)) in sorted.iter().enumerate() {
        let mut entry = HistoryEntry {
            revision: RevisionView::of(rev),
            current: n == 0,
            comparisons: None,
        };
        // The table against the revision before, when both have refs.
        if let Some((_, prev)) = sorted.get(n + 1)
            && !rev.git_ref.is_empty()
            && !prev.git_ref.is_empty()
        {
            match comparisons(rc, sides, &prev.git_ref, &rev.git_ref, document, out) {
                Ok(links) => entry.comparisons = Some(links),
                Err(e) => diags.push(
                    Diagnostic::error(&region.origin.file, region.origin.pos(&format!("{path}[{index}].git_ref")), e)
                        .hint("git_ref には git tag や git log に出てくるタグ名・コミットIDを書いてください。"),
                ),
            }
        }
        list.push(entry);
    }
    list
}

fn describe(ds: &[Diagnostic]) -> String {
    ds.iter()
        .map(|d| d.message.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}

/// Writes the tables between `old` and `new` for one region; returns links.
fn comparisons(
    rc: &RegionCtx,
    sides: &HashMap<&str, Result<Side, String>>,
    old: &str,
    new: &str,
    document: Option<&str>,
    out: &Outputs,
) -> Result<Vec<ComparisonLink>, String> {
    let side = |r: &str| match sides.get(r) {
        Some(Ok(s)) => Ok(s),
        Some(Err(e)) => Err(e.clone()),
        None => Err(format!("リビジョン「{r}」は読み込まれていません")),
    };
    let (old_side, new_side) = (side(old)?, side(new)?);
    let opts = Options {
        region: Some(rc.region.id.clone()),
        document: document.map(str::to_string),
        ..Options::default()
    };
    let dir = match document {
        Some(d) => format!("{d}/{}..{}", safe(old), safe(new)),
        None => format!("{}..{}", safe(old), safe(new)),
    };
    let mut links = Vec::new();
    for t in shinkyu::tables(old_side, new_side, &opts) {
        let view = TableView::of(&t, old_side, new_side, &opts);
        let base = format!("{}/history/{dir}/{}", rc.region.id, t.slug);
        let html =
            shinkyu::html_in_site(rc, &view, &format!("{base}.html")).map_err(|d| d.message)?;
        let pdf = shinkyu::pdf(rc.ctx, &view, new_side.date).map_err(|ds| describe(&ds))?;
        out.write(format!("{base}.html"), html)
            .map_err(|e| e.to_string())?;
        out.write(format!("{base}.pdf"), pdf)
            .map_err(|e| e.to_string())?;
        links.push(ComparisonLink {
            title: t.title.clone(),
            html: format!("history/{dir}/{}.html", t.slug),
            pdf: format!("history/{dir}/{}.pdf", t.slug),
        });
    }
    Ok(links)
}

/// A git ref as a folder name.
fn safe(r: &str) -> String {
    r.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '.' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}
