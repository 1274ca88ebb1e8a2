//! A region as the loader made it, kept between builds.
//!
//! At 1,000 regions, decoding every region again (each YAML file parsed
//! twice, once for positions and once into types, then validated; every
//! page split) was over half of a one-page edit's build. A region whose
//! files have not changed is read back from its snapshot instead.
//!
//! A snapshot is keyed on tebiki's code, the region's id and the digests of
//! every file under `content/<id>/` and `forms/<id>/`: all that
//! `load::load_region` reads. Only a region that loaded without an error is
//! kept, with the warnings its loading gave, to say again.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diag::Diagnostic;
use crate::model::{Attachment, Form, Origin, Page, Region};

/// Where snapshots are kept: the build's cache.
pub trait Store: Sync {
    fn get(&self, key: &str) -> Option<Vec<u8>>;
    fn put(&self, key: &str, bytes: &[u8]);
}

/// The snapshots one load may read and write: the store, and each region's
/// key.
pub struct Snapshots<'a> {
    store: &'a dyn Store,
    keys: HashMap<String, String>,
}

impl<'a> Snapshots<'a> {
    /// `files`: every source file (relative to the project root) with its
    /// digest, hashed before loading.
    pub fn new(store: &'a dyn Store, files: &[(PathBuf, [u8; 32])]) -> Snapshots<'a> {
        let mut own: HashMap<&str, Vec<&[u8]>> = HashMap::new();
        for (rel, digest) in files {
            if let Some(id) = region_of(rel) {
                own.entry(id).or_default().push(digest);
            }
        }
        let keys = own
            .into_iter()
            .map(|(id, mut digests)| {
                // content/ before forms/, each sorted: the same files, the
                // same key, in whatever order they were listed.
                digests.sort_unstable();
                let mut parts: Vec<&[u8]> = vec![b"region snapshot", id.as_bytes()];
                parts.extend(digests);
                (id.to_string(), crate::hash::key(&parts))
            })
            .collect();
        Snapshots { store, keys }
    }

    pub(super) fn key(&self, id: &str) -> Option<&str> {
        self.keys.get(id).map(String::as_str)
    }

    /// The region kept under `key` and the warnings its loading gave; `None`
    /// if there is none or it cannot be read back.
    pub(super) fn restore(&self, key: &str) -> Option<(Region, Vec<Diagnostic>)> {
        let bytes = self.store.get(key)?;
        decode(&bytes)
    }

    /// Keeps `region`, loaded with `warnings`, under `key`.
    pub(super) fn keep(&self, key: &str, region: &Region, warnings: &[Diagnostic]) {
        if let Some(bytes) = encode(region, warnings) {
            self.store.put(key, &bytes);
        }
    }
}

/// The region a source file belongs to: `content/<id>/…` or `forms/<id>/…`.
fn region_of(rel: &Path) -> Option<&str> {
    let mut parts = rel.components().map(|c| c.as_os_str().to_str());
    match (parts.next()?, parts.next()?, parts.next()) {
        (Some("content" | "forms"), Some(id), Some(_)) => Some(id),
        _ => None,
    }
}

/// What a snapshot holds: the region with the parts its own serialisation
/// leaves out (it is also the templates' view of region.yaml).
#[derive(Serialize, Deserialize)]
struct Snapshot {
    region: Region,
    pages: Vec<Page>,
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
        pages: region.pages.clone(),
        forms,
        attachments: region.attachments.clone(),
        origin: region.origin.clone(),
        warnings: warnings.to_vec(),
    };
    let mut bytes = Vec::new();
    ciborium::into_writer(&snapshot, &mut bytes).ok()?;
    Some(bytes)
}

fn decode(bytes: &[u8]) -> Option<(Region, Vec<Diagnostic>)> {
    let s: Snapshot = ciborium::from_reader(bytes).ok()?;
    let mut region = s.region;
    region.pages = s.pages;
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
        assert_eq!(region_of(Path::new("themes/default/page.html")), None);
        assert_eq!(region_of(Path::new("tebiki.yaml")), None);
    }
}
