//! Regions taken as they were from the previous output.
//!
//! A region's files (its pages, rules, history, forms, booklet, forms page
//! and search index) are made from its own sources (`content/<id>/`,
//! `forms/<id>/`), the shared ones (`tebiki.yaml`, the rest of `content/`,
//! `themes/`), the dates git gives its pages, and tebiki itself — never
//! from another region's: a region's pages see only the site's head. Those
//! make the region's key. When the previous output was built from the same
//! key, the region's files stay as they are and nothing of it is rendered
//! again. What the rest of the build needs of it is kept in the cache under
//! its key ([`Record`]): its files, its pages' outlines (against which the
//! other pages' links are checked), the warnings its rendering gave (said
//! again) and the cache entries its PDFs came from (which the cache's
//! pruning must keep).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::context::RenderCtx;
use super::links::Outline;
use crate::diag::Diagnostic;
use crate::hash::key;
use crate::model::Site;
use crate::write::cache::Inputs;
use crate::write::{Outputs, built_regions};

/// What a build keeps of a region it did not render.
#[derive(Clone, Serialize, Deserialize)]
pub struct Record {
    /// Its files, relative to the output: all must still be there.
    pub files: Vec<PathBuf>,
    pub outlines: Vec<Outline>,
    /// Relative to the cache.
    pub entries: Vec<PathBuf>,
    /// What rendering it said (warnings): said again when it is taken.
    pub diagnostics: Vec<Diagnostic>,
}

const KIND: &str = "regions";
const FILE: &str = "record.json";

/// Each region's key, in the site's order (see the module's comment).
pub fn keys(site: &Site, inputs: &Inputs) -> Vec<String> {
    let index = by_id(site);
    let mut own: Vec<Vec<&[u8]>> = vec![Vec::new(); site.regions.len()];
    let mut shared: Vec<&[u8]> = Vec::new();
    for (rel, digest) in &inputs.files {
        match source_owner(rel, &index) {
            Some(i) => own[i].push(digest),
            None => shared.push(digest),
        }
    }
    let shared = key(&shared);
    site.regions
        .iter()
        .zip(own)
        .map(|(r, files)| {
            // A page with no date of its own is dated by git's last change.
            let dates: String = r
                .pages
                .iter()
                .map(|p| format!("{} {:?}\n", p.slug, p.committed.map(|d| d.iso())))
                .collect();
            let mut parts: Vec<&[u8]> = vec![r.id.as_bytes(), shared.as_bytes(), dates.as_bytes()];
            parts.extend(files);
            key(&parts)
        })
        .collect()
}

/// Whether a revision names a git ref: the repository is then an input
/// no key covers, and no region may be taken as it was.
pub fn reads_git(site: &Site) -> bool {
    site.regions
        .iter()
        .any(|r| r.revisions.iter().any(|x| !x.git_ref.is_empty()))
}

/// The regions of `ctx` whose files in `previous` (the output this build
/// replaces) were made from the same key, with what is kept of each.
pub fn plan(ctx: &RenderCtx, keys: &[String], previous: &Path) -> Vec<Option<Record>> {
    let built = built_regions(previous);
    ctx.site
        .regions
        .par_iter()
        .zip(keys)
        .map(|(r, k)| {
            if built.get(&r.id) != Some(k) {
                return None;
            }
            let record = recorded(ctx, k)?;
            // A file removed from the output since is made again.
            let there = record.files.iter().all(|f| previous.join(f).is_file());
            there.then_some(record)
        })
        .collect()
}

/// The records the cache holds of the regions of `ctx` under `keys`,
/// whatever output they were built into: for rendering in memory
/// (`tebiki check`, a build that found errors), which writes no output but
/// says what rendering them said. The regions found are marked in `ctx` as
/// taken.
pub fn recall(ctx: &RenderCtx, keys: &[String]) -> Vec<Option<Record>> {
    let records: Vec<Option<Record>> = keys.par_iter().map(|k| recorded(ctx, k)).collect();
    ctx.set_reused(records.iter().map(Option::is_some).collect());
    records
}

/// The record kept under `key`.
fn recorded(ctx: &RenderCtx, key: &str) -> Option<Record> {
    let bytes = ctx.cache.get(KIND, key, &[FILE])?;
    serde_json::from_slice(&bytes[0]).ok()
}

/// Takes the regions `records` holds (see [`plan`]) as they were: marks
/// them in `ctx`, claims their files as they are in the previous output,
/// and keeps their cache entries. Returns how many regions.
pub fn keep(ctx: &RenderCtx, records: &[Option<Record>], out: &Outputs) -> std::io::Result<usize> {
    ctx.set_reused(records.iter().map(Option::is_some).collect());
    let mut kept = 0;
    for record in records.iter().flatten() {
        for f in &record.files {
            out.keep(f)?;
        }
        ctx.cache.keep(&record.entries);
        kept += 1;
    }
    Ok(kept)
}

/// The region (by index) a source belongs to: `content/<id>/…`,
/// `forms/<id>/…`. Any other source is shared by every region.
fn source_owner(path: &Path, index: &HashMap<&str, usize>) -> Option<usize> {
    let mut parts = path.components().map(|c| c.as_os_str().to_str());
    match (parts.next()?, parts.next()?, parts.next()) {
        (Some("content" | "forms"), Some(dir), Some(_)) => index.get(dir).copied(),
        _ => None,
    }
}

/// The region (by index) an output file belongs to: `<id>/…`, or its
/// search index (`shards`, by [`super::search::shard_path`]).
fn output_owner(
    path: &Path,
    index: &HashMap<&str, usize>,
    shards: &HashMap<PathBuf, usize>,
) -> Option<usize> {
    if let Some(&ri) = shards.get(path) {
        return Some(ri);
    }
    let mut parts = path.components().map(|c| c.as_os_str().to_str());
    match (parts.next()?, parts.next()?) {
        (Some(dir), Some(_)) => index.get(dir).copied(),
        _ => None,
    }
}

/// Each region's index by its id.
fn by_id(site: &Site) -> HashMap<&str, usize> {
    site.regions
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect()
}

/// Keeps a record of every region this build rendered, under its key:
/// its files among `files` (the output's) and its diagnostics among
/// `found` (what rendering said). Returns false if something rendering
/// said belongs to no region: then no region may be taken as it was next
/// time, or it would not be said again.
pub fn save(
    ctx: &RenderCtx,
    keys: &[String],
    outlines: &[Vec<Outline>],
    files: &[PathBuf],
    found: &[Diagnostic],
) -> bool {
    let index = by_id(&ctx.site);
    let shards: HashMap<PathBuf, usize> = ctx
        .site
        .regions
        .iter()
        .enumerate()
        .map(|(i, r)| (PathBuf::from(super::search::shard_path(&r.id)), i))
        .collect();
    let mut owned: Vec<Vec<PathBuf>> = vec![Vec::new(); ctx.site.regions.len()];
    for f in files {
        if let Some(ri) = output_owner(f, &index, &shards) {
            owned[ri].push(f.clone());
        }
    }
    let mut said: Vec<Vec<Diagnostic>> = vec![Vec::new(); ctx.site.regions.len()];
    let mut all_placed = true;
    // A diagnostic names a source, or an output it could not write.
    for d in found {
        let at = &d.file;
        match source_owner(at, &index).or_else(|| output_owner(at, &index, &shards)) {
            Some(ri) => said[ri].push(d.clone()),
            None => all_placed = false,
        }
    }
    ctx.rendered().into_par_iter().for_each(|ri| {
        let record = Record {
            files: owned[ri].clone(),
            outlines: outlines[ri].clone(),
            entries: ctx.cache_entries(ri),
            diagnostics: said[ri].clone(),
        };
        if let Ok(json) = serde_json::to_vec(&record) {
            ctx.cache.put(KIND, &keys[ri], &[(FILE, &json)]);
        }
    });
    all_placed
}

/// The marker's lines naming each region's key (see `Staging::set_inputs`).
pub fn marker_lines(ctx: &RenderCtx, keys: &[String]) -> Vec<(String, String)> {
    ctx.site
        .regions
        .iter()
        .zip(keys)
        .map(|(r, k)| (r.id.clone(), k.clone()))
        .collect()
}
