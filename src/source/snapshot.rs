//! A region as the loader made it, and what its checks said, kept between
//! builds.
//!
//! At 1,000 regions, decoding every region again (each YAML file parsed
//! twice, once for positions and once into types, then validated; every
//! page split) was over half of a one-page edit's build, and checking them
//! all again a tenth. A region whose files have not changed is read back
//! from its snapshot instead, and its checks' findings with it if the
//! shared files have not changed either.
//!
//! A snapshot is keyed on tebiki's code, the region's id and the digests of
//! every file under `content/<id>/` and `forms/<id>/`: all that
//! `load::load_region` reads. Only a region that loaded without an error is
//! kept, with the warnings its loading gave, to say again. Its checks'
//! findings are keyed on the same and the files outside every region's
//! folders (tebiki.yaml, the topics, the lists …), which is all that
//! `check::region` reads.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diag::Diagnostic;
use crate::model::{Attachment, Form, Origin, Page, Region};

/// Where snapshots are kept: the build's cache. `kind` is one of
/// [`REGIONS`] and [`CHECKS`].
pub trait Store: Sync {
    fn get(&self, kind: &str, key: &str) -> Option<Vec<u8>>;
    fn put(&self, kind: &str, key: &str, bytes: &[u8]);
}

/// Loaded regions.
pub const REGIONS: &str = "loaded";
/// What a region's checks said.
pub const CHECKS: &str = "checked";

/// The snapshots one build may read and write: the store, and each
/// region's keys.
pub struct Snapshots<'a> {
    store: &'a dyn Store,
    /// By region id: its snapshot's key, and its checks' key.
    keys: HashMap<String, (String, String)>,
}

impl<'a> Snapshots<'a> {
    /// `files`: every source file (relative to the project root) with its
    /// digest, hashed before loading.
    pub fn new(store: &'a dyn Store, files: &[(PathBuf, [u8; 32])]) -> Snapshots<'a> {
        let mut own: HashMap<&str, Vec<&[u8]>> = HashMap::new();
        let mut shared: Vec<&[u8]> = vec![b"shared"];
        for (rel, digest) in files {
            match region_of(rel) {
                Some(id) => own.entry(id).or_default().push(digest),
                None => shared.push(digest),
            }
        }
        let shared = crate::hash::key(&shared);
        let keys = own
            .into_iter()
            .map(|(id, mut digests)| {
                // content/ before forms/, each sorted: the same files, the
                // same key, in whatever order they were listed.
                digests.sort_unstable();
                let mut parts: Vec<&[u8]> = vec![b"region snapshot", id.as_bytes()];
                parts.extend(digests);
                let region = crate::hash::key(&parts);
                let checks = crate::hash::key(&[region.as_bytes(), shared.as_bytes()]);
                (id.to_string(), (region, checks))
            })
            .collect();
        Snapshots { store, keys }
    }

    /// The region `id` as the last build with the same files loaded it, and
    /// the warnings its loading gave.
    pub(super) fn restore(&self, id: &str) -> Option<(Region, Vec<Diagnostic>)> {
        let (key, _) = self.keys.get(id)?;
        decode(&self.store.get(REGIONS, key)?)
    }

    /// Keeps `region`, loaded from the folder `id` with `warnings`.
    pub(super) fn keep(&self, id: &str, region: &Region, warnings: &[Diagnostic]) {
        let Some((key, _)) = self.keys.get(id) else {
            return;
        };
        if let Some(bytes) = encode(region, warnings) {
            self.store.put(REGIONS, key, &bytes);
        }
    }

    /// What the checks of `region` said in the last build with the same
    /// files, its own and the shared ones.
    pub fn checked(&self, region: &Region) -> Option<Vec<Diagnostic>> {
        let key = self.checks_key(region)?;
        ciborium::from_reader(&self.store.get(CHECKS, key)?[..]).ok()
    }

    /// Keeps what the checks of `region` said.
    pub fn keep_checked(&self, region: &Region, said: &[Diagnostic]) {
        let Some(key) = self.checks_key(region) else {
            return;
        };
        let mut bytes = Vec::new();
        if ciborium::into_writer(&said, &mut bytes).is_ok() {
            self.store.put(CHECKS, key, &bytes);
        }
    }

    /// The key of `region`'s checks; none for a region whose id is not
    /// its folder's name (an error of its own), which might take another
    /// region's key.
    fn checks_key(&self, region: &Region) -> Option<&str> {
        let folder = region.origin.file.parent()?.file_name()?.to_str()?;
        let (_, key) = self.keys.get(folder).filter(|_| folder == region.id)?;
        Some(key)
    }
}

/// The region a source file belongs to: `content/<id>/…` or `forms/<id>/…`
/// (`content/lists/` holds the shared lists, as the loader reads it).
fn region_of(rel: &Path) -> Option<&str> {
    let mut parts = rel.components().map(|c| c.as_os_str().to_str());
    match (parts.next()?, parts.next()?, parts.next()) {
        (Some("content"), Some("lists"), Some(_)) => None,
        (Some("content" | "forms"), Some(id), Some(_)) => Some(id),
        _ => None,
    }
}

/// What a snapshot holds: the region with the parts its own serialisation
/// leaves out (it is also the templates' view of region.yaml).
#[derive(Serialize, Deserialize)]
struct Snapshot {
    region: Region,
    /// Each page, and where its body starts in its source when the body is
    /// the source's end (as the loader makes it): the body is then kept
    /// once, not twice.
    pages: Vec<(Page, Option<usize>)>,
    /// Each form's id, origin and the rest of it. The rest is kept as a
    /// CBOR value without `id`: a form file may not name its id, so `Form`
    /// refuses an `id` it reads.
    forms: Vec<(String, Origin, ciborium::Value)>,
    attachments: Vec<Attachment>,
    origin: Origin,
    warnings: Vec<Diagnostic>,
}

/// CBOR, which (unlike JSON) is not read by people, so dates keep the era
/// and digits they are printed with (see `wareki::Date`'s serialisation).
fn encode(region: &Region, warnings: &[Diagnostic]) -> Option<Vec<u8>> {
    let forms = region
        .form_defs
        .iter()
        .map(|f| {
            let mut value = ciborium::Value::serialized(f).ok()?;
            if let ciborium::Value::Map(entries) = &mut value {
                entries.retain(|(k, _)| k.as_text() != Some("id"));
            }
            Some((f.id.clone(), f.origin.clone(), value))
        })
        .collect::<Option<Vec<_>>>()?;
    let snapshot = Snapshot {
        region: region.clone(),
        pages: region.pages.iter().map(without_body).collect(),
        forms,
        attachments: region.attachments.clone(),
        origin: region.origin.clone(),
        warnings: warnings.to_vec(),
    };
    let mut bytes = Vec::new();
    ciborium::into_writer(&snapshot, &mut bytes).ok()?;
    Some(bytes)
}

fn without_body(page: &Page) -> (Page, Option<usize>) {
    let at = page
        .source
        .len()
        .checked_sub(page.body.len())
        .filter(|&at| page.source.get(at..) == Some(page.body.as_str()));
    let mut kept = page.clone();
    if at.is_some() {
        kept.body = String::new();
    }
    (kept, at)
}

fn decode(bytes: &[u8]) -> Option<(Region, Vec<Diagnostic>)> {
    let s: Snapshot = ciborium::from_reader(bytes).ok()?;
    let mut region = s.region;
    region.pages = s
        .pages
        .into_iter()
        .map(|(mut page, body_at)| {
            if let Some(at) = body_at {
                page.body = page.source.get(at..)?.to_string();
            }
            Some(page)
        })
        .collect::<Option<Vec<_>>>()?;
    region.form_defs = s
        .forms
        .into_iter()
        .map(|(id, origin, value)| {
            let mut form: Form = value.deserialized().ok()?;
            form.id = id;
            form.origin = origin;
            Some(form)
        })
        .collect::<Option<Vec<_>>>()?;
    region.attachments = s.attachments;
    region.origin = s.origin;
    Some((region, s.warnings))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every bundled region read back from its snapshot is the region the
    /// loader made, to the last position and date (`Debug` shows every
    /// field, those its serialisation skips too).
    #[test]
    fn a_snapshot_reads_back_the_region_it_kept() {
        let diags = crate::diag::Diagnostics::new();
        let site = super::super::load(Path::new(env!("CARGO_MANIFEST_DIR")), &diags);
        assert!(!diags.has_errors(), "{:?}", diags.sorted());
        assert!(site.regions.len() >= 5);
        let warning = Diagnostic::warning("content/x/region.yaml", None, "w").hint("h");
        for region in &site.regions {
            let bytes = encode(region, std::slice::from_ref(&warning)).expect("encoded");
            let (back, warnings) = decode(&bytes).expect("decoded");
            assert_eq!(format!("{back:?}"), format!("{region:?}"), "{}", region.id);
            assert_eq!(warnings, vec![warning.clone()]);
        }
    }

    #[test]
    fn a_damaged_snapshot_is_not_read() {
        let diags = crate::diag::Diagnostics::new();
        let site = super::super::load(Path::new(env!("CARGO_MANIFEST_DIR")), &diags);
        let bytes = encode(&site.regions[0], &[]).expect("encoded");
        assert!(decode(&bytes[..bytes.len() / 2]).is_none());
    }

    #[test]
    fn a_source_belongs_to_the_region_of_its_folder() {
        assert_eq!(
            region_of(Path::new("content/inabe/region.yaml")),
            Some("inabe")
        );
        assert_eq!(
            region_of(Path::new("forms/inabe/consent.yaml")),
            Some("inabe")
        );
        assert_eq!(
            region_of(Path::new("content/inabe/files/a/b.pdf")),
            Some("inabe")
        );
        assert_eq!(region_of(Path::new("content/topics.yaml")), None);
        assert_eq!(region_of(Path::new("content/lists/jobs.yaml")), None);
        assert_eq!(region_of(Path::new("themes/default/page.html")), None);
        assert_eq!(region_of(Path::new("tebiki.yaml")), None);
    }
}
