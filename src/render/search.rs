//! The search of the site: each region's index (`search/<region>.js`),
//! built from the same rendered pages the site shows, the synonym table
//! and the list of regions (`search/*.table.js`), and the search pages — the site-wide one
//! and one per region in the region's frame (`<region>/search.html`), so
//! that a region's search keeps its header and navigation.

use std::sync::Arc;

use super::body::Body;
use super::context::{RegionCtx, RenderCtx, write};
use super::views::{SearchExtra, SearchRegion, SearchView, SitePage};
use crate::diag::Diagnostics;
use crate::markup::text::{id_attr, text_lines};
use crate::search::{Doc, Table, build as index};
use crate::write::Outputs;

/// Splits a page body at its `<h2>`/`<h3>` headings into (id, heading,
/// text); a Q&A page only at its `<h2>`, so that a question and its whole
/// answer are one result.
fn sections(html: &str, qa: bool) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let mut rest = html;
    let mut current = (String::new(), String::new());
    loop {
        let next = [Some(rest.find("<h2")), (!qa).then(|| rest.find("<h3"))]
            .into_iter()
            .flatten()
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
        let id = id_attr(head).unwrap_or_default();
        current = (id, text_lines(&format!("{head}{close}")).join(" "));
        rest = body;
    }
    out
}

/// A region's search index, `search/<region>.js`: one document per
/// section of its pages, one for its top page, one per form, contact and
/// glossary term. The search page loads the index of the region asked
/// for, or of every region.
pub fn write_region(rc: &RegionCtx, bodies: &[Body], out: &Outputs, diags: &Diagnostics) {
    let region = rc.region;
    let mut docs = vec![Doc {
        url: format!("{}/index.html", region.id),
        title: region.name.clone(),
        heading: region.handbook_title(),
        text: [
            region.summary.as_str(),
            &region.area.join("・"),
            &region.operator.name,
            &region.platform.name,
            &region.platform.short,
            &region.platform.vendor,
        ]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" "),
    }];
    for (page, body) in region.pages.iter().zip(bodies) {
        if page.meta.draft {
            continue;
        }
        let qa = page.meta.kind == crate::model::PageKind::Qa;
        for (id, heading, text) in sections(&body.html, qa) {
            let anchor = if id.is_empty() {
                String::new()
            } else {
                format!("#{id}")
            };
            docs.push(Doc {
                url: format!("{}/{}.html{anchor}", region.id, page.slug),
                title: page.meta.title.clone(),
                heading,
                text,
            });
        }
    }
    for f in &region.form_defs {
        docs.push(Doc {
            url: format!("{}/forms.html#form-{}", region.id, f.id),
            title: "様式".into(),
            heading: format!("{} {}", f.number, f.title).trim().to_string(),
            text: format!("{} {}", f.purpose, f.submit_to),
        });
    }
    // The region's own files, by their titles.
    for a in &region.attachments {
        if let Some(f) = crate::render::views::file_view(region, &a.name) {
            docs.push(Doc {
                url: format!("{}/{}", region.id, f.url),
                title: "資料".into(),
                heading: f.title.to_string(),
                text: format!("{} {} {}", f.note, f.kind, f.name)
                    .trim()
                    .to_string(),
            });
        }
    }
    for c in std::iter::once(&region.secretariat).chain(&region.contacts) {
        docs.push(Doc {
            url: format!("{}/contact.html", region.id),
            title: "問い合わせ先".into(),
            heading: c.name.clone(),
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
    // The glossary page numbers its terms (`term-1` …) in this order.
    for (i, g) in region.glossary.iter().enumerate() {
        docs.push(Doc {
            url: format!("{}/glossary.html#term-{}", region.id, i + 1),
            title: "用語説明".into(),
            heading: g.term.clone(),
            text: format!("{} {}", g.reading, g.definition).trim().to_string(),
        });
    }
    // A script, not JSON: a page opened from the disk (file://) may load a
    // script but not fetch a file.
    let js = format!(
        "(window.tebikiSearchIndex = window.tebikiSearchIndex || {{}})[{}] = {};\n",
        serde_json::to_string(&region.id).expect("JSON"),
        index(&docs)
    );
    write(out, diags, &shard_path(&region.id), js);
    // The region's own search page, in its frame.
    rc.ctx.write_page(
        out,
        diags,
        &format!("{}/search.html", region.id),
        "search.html",
        &rc.nav_page(SearchExtra {
            search: SearchView::of(&rc.ctx.site, &region.id),
        }),
    );
}

/// Where a region's index is written.
pub fn shard_path(region: &str) -> String {
    format!("search/{region}.js")
}

/// Where the synonym table is written: a name no region's index can have
/// (ids have no dot).
pub const SYNONYMS_PATH: &str = "search/synonyms.table.js";

/// Where the list of regions is written (id, name, 事務局), for a
/// region's search page searching every region.
pub const REGIONS_PATH: &str = "search/regions.table.js";

/// The site-wide search page and the synonym table every search page
/// loads. (Each region's own search page, in its frame, is written with
/// its index.)
pub fn render(ctx: &Arc<RenderCtx>, out: &Outputs, diags: &Diagnostics) {
    let s = &ctx.site.synonyms;
    let table = Table::new(
        s.groups.iter().map(Vec::as_slice),
        s.phrases
            .iter()
            .map(|p| (p.when.as_slice(), p.also.as_slice())),
    );
    let js = format!(
        "window.tebikiSynonyms = {};\n",
        serde_json::to_string(&table.to_json()).expect("JSON")
    );
    write(out, diags, SYNONYMS_PATH, js);
    let regions: Vec<SearchRegion> = ctx
        .site
        .regions
        .iter()
        .map(|r| SearchRegion::of(r))
        .collect();
    let js = format!(
        "window.tebikiRegions = {};\n",
        serde_json::to_string(&regions).expect("JSON")
    );
    write(out, diags, REGIONS_PATH, js);
    ctx.write_page(
        out,
        diags,
        "search.html",
        "search.html",
        &SitePage {
            root: "",
            site: ctx.site_view(),
            extra: SearchExtra {
                search: SearchView::of(&ctx.site, ""),
            },
        },
    );
}
