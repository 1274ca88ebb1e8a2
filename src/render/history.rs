//! Per region, the 改正履歴 page: the revisions from region.yaml, newest
//! first, in 和暦 with 西暦; where two consecutive revisions name git refs,
//! their 新旧対照表 is built and linked.

use std::sync::Arc;

use rayon::prelude::*;
use serde_json::{Value, json};

use super::{Env, view};
use crate::diag::{Diagnostic, Diagnostics};
use crate::history::{self, Options};
use crate::output::Outputs;

pub fn render(env: &Arc<Env>, out: &Outputs, diags: &Diagnostics) {
    env.site.regions.par_iter().enumerate().for_each(|(ri, region)| {
        let mut revisions: Vec<(usize, &crate::model::Revision)> =
            region.revisions.iter().enumerate().collect();
        revisions.sort_by(|a, b| b.1.date.cmp(&a.1.date));
        let mut list: Vec<Value> = Vec::new();
        for (n, (index, rev)) in revisions.iter().enumerate() {
            let mut v = view::revision(rev);
            v["current"] = json!(n == 0);
            // The table against the revision before, when both have refs.
            if let Some((_, prev)) = revisions.get(n + 1)
                && !rev.git_ref.is_empty()
                && !prev.git_ref.is_empty()
            {
                match comparisons(env, region, &prev.git_ref, &rev.git_ref, out) {
                    Ok(links) => v["comparisons"] = json!(links),
                    Err(e) => diags.push(
                        Diagnostic::error(&region.origin.file, region.origin.pos(&format!("revisions[{index}].git_ref")), e)
                            .hint("git_ref には git tag や git log に出てくるタグ名・コミットIDを書いてください。"),
                    ),
                }
            }
            list.push(v);
        }
        let ctx = json!({"root": "../", "region": env.regions_json[ri], "revisions": list});
        super::site::write_page(
            env,
            out,
            diags,
            &format!("{}/history.html", region.id),
            "history.html",
            ctx,
        );
    });
}

/// Writes the tables between `old` and `new` for one region; returns links.
fn comparisons(
    env: &Env,
    region: &crate::model::Region,
    old: &str,
    new: &str,
    out: &Outputs,
) -> Result<Vec<Value>, String> {
    let describe = |ds: Vec<Diagnostic>| {
        ds.into_iter()
            .map(|d| d.message)
            .collect::<Vec<_>>()
            .join("; ")
    };
    let old_v = history::version(&env.site.root, Some(old)).map_err(describe)?;
    let new_v = history::version(&env.site.root, Some(new)).map_err(describe)?;
    let opts = Options {
        region: Some(region.id.clone()),
        ..Options::default()
    };
    let mut links = Vec::new();
    for t in history::tables(&old_v, &new_v, &opts) {
        let data = history::template_data(&t, &old_v, &new_v, &opts);
        let dir = format!("{}/history/{}..{}", region.id, safe(old), safe(new));
        let html = history::html(env, &data)?;
        let pdf = history::pdf(env, &data, new_v.date)?;
        out.write(format!("{dir}/{}.html", t.slug), html)
            .map_err(|e| e.to_string())?;
        out.write(format!("{dir}/{}.pdf", t.slug), pdf)
            .map_err(|e| e.to_string())?;
        links.push(json!({"title": t.title, "html": format!("history/{}..{}/{}.html", safe(old), safe(new), t.slug), "pdf": format!("history/{}..{}/{}.pdf", safe(old), safe(new), t.slug)}));
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
