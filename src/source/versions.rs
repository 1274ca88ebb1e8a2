//! The project at the git revisions its 改正履歴 names: each distinct ref
//! read from the repository and loaded by the one loader, once per build.

use std::path::Path;
use std::sync::Arc;

use super::{git, load};
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Site, Version, Versions};

/// Loads the project at `rev`, or the working tree for `None`. Problems in
/// that revision's sources come back as its diagnostics, each saying which
/// revision it is about.
pub fn version(root: &Path, rev: Option<&str>) -> Result<Version, Vec<Diagnostic>> {
    let Some(rev) = rev else {
        let diags = Diagnostics::new();
        let site = load(root, &diags);
        if diags.has_errors() {
            return Err(diags.sorted());
        }
        return Ok(Version {
            label: "作業中の原稿".into(),
            date: None,
            site: Arc::new(site),
        });
    };
    // The snapshot's folder is removed when it is dropped: the loaded model
    // holds every text it needs.
    let snap = git::snapshot(root, rev).map_err(|d| vec![d])?;
    let diags = Diagnostics::new();
    let mut site = load(&snap.root, &diags);
    if diags.has_errors() {
        let mut ds = diags.sorted();
        for d in &mut ds {
            d.message = format!("（リビジョン {rev} の）{}", d.message);
        }
        return Err(ds);
    }
    // Renderers resolve theme and output paths against the project.
    site.root = root.to_path_buf();
    // The date the region data gives for this revision, else the commit's.
    let data_date = site
        .regions
        .iter()
        .flat_map(|x| &x.revisions)
        .find(|x| x.git_ref == rev)
        .map(|x| x.date);
    Ok(Version {
        label: rev.to_string(),
        date: data_date.or(Some(snap.date)),
        site: Arc::new(site),
    })
}

/// Every git ref that a revision of `site` names, loaded once.
pub fn of_site(root: &Path, site: &Site) -> Versions {
    let mut refs: Vec<&str> = site
        .regions
        .iter()
        .flat_map(|r| &r.revisions)
        .map(|r| r.git_ref.as_str())
        .filter(|r| !r.is_empty())
        .collect();
    refs.sort_unstable();
    refs.dedup();
    refs.into_iter()
        .map(|r| (r.to_string(), version(root, Some(r)).map(Arc::new)))
        .collect()
}
