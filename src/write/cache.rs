//! A cache of expensive outputs (form PDFs, booklets) under
//! `.tebiki-cache/`, keyed by a hash of everything that goes into them, so a
//! stale entry can never be used: changed input, changed key. A full build
//! removes the entries it did not use (`prune`), so the folder holds about
//! one build's worth and does not grow with every edit or new tebiki.
//! `tebiki clean` removes the folder.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use rayon::prelude::*;
use sha2::{Digest, Sha256};

pub use crate::hash::key;

pub const DIR: &str = ".tebiki-cache";

#[derive(Debug, Clone)]
pub struct Cache {
    dir: Option<PathBuf>,
    /// The entries asked for or stored since `opened` (shared by clones).
    used: Arc<Mutex<HashSet<PathBuf>>>,
    opened: SystemTime,
    /// The entries asked for through this clone alone ([`Cache::scoped`]).
    scope: Option<Arc<Mutex<Vec<PathBuf>>>>,
}

impl Cache {
    pub fn at(root: &Path) -> Cache {
        Cache {
            dir: Some(root.join(DIR)),
            used: Default::default(),
            opened: SystemTime::now(),
            scope: None,
        }
    }

    /// A cache that holds nothing (tests, `--no-cache`).
    pub fn disabled() -> Cache {
        Cache {
            dir: None,
            used: Default::default(),
            opened: SystemTime::now(),
            scope: None,
        }
    }

    /// The same cache, also noting the entries asked for through it: one
    /// region's, so that a build taking the region as it was keeps them.
    pub fn scoped(&self) -> Cache {
        Cache {
            scope: Some(Default::default()),
            ..self.clone()
        }
    }

    /// The entries asked for through this scope, relative to the cache.
    pub fn scope_entries(&self) -> Vec<PathBuf> {
        let (Some(dir), Some(scope)) = (&self.dir, &self.scope) else {
            return Vec::new();
        };
        let mut v: Vec<PathBuf> = scope
            .lock()
            .unwrap()
            .iter()
            .filter_map(|e| e.strip_prefix(dir).ok().map(Path::to_path_buf))
            .collect();
        v.sort();
        v.dedup();
        v
    }

    /// Marks `entries` (relative to the cache) as used by this build: a
    /// region taken as it was still needs its PDFs at its next change.
    pub fn keep(&self, entries: &[PathBuf]) {
        let Some(dir) = &self.dir else { return };
        let mut used = self.used.lock().unwrap();
        used.extend(entries.iter().map(|e| dir.join(e)));
    }

    /// An entry's folder, recorded as used (whether it is there or not).
    fn entry(&self, kind: &str, key: &str) -> Option<PathBuf> {
        let dir = self.dir.as_ref()?.join(kind).join(&key[..2]).join(key);
        self.used.lock().unwrap().insert(dir.clone());
        if let Some(scope) = &self.scope {
            scope.lock().unwrap().push(dir.clone());
        }
        Some(dir)
    }

    /// Removes every entry this cache was not asked for, after a build
    /// that made everything: what it did not use belongs to sources or a
    /// tebiki that are gone. Entries newer than this cache (another build
    /// running beside it) are left. Returns how many were removed.
    pub fn prune(&self) -> usize {
        let Some(dir) = &self.dir else { return 0 };
        let used = self.used.lock().unwrap();
        // <kind>/<first two hex digits>/<key>, and `.<key>.<pid>` while
        // one is written: such a folder left by a build that stopped half
        // way is old and goes too.
        let entries: Vec<walkdir::DirEntry> = walkdir::WalkDir::new(dir)
            .min_depth(3)
            .max_depth(3)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_dir() && !used.contains(e.path()))
            .collect();
        // Side by side: after a tebiki upgrade every entry of the last one
        // goes (6,600 folders, 6.5 GB at 1,000 regions), and the user waits.
        entries
            .par_iter()
            .filter(|e| {
                let old = e
                    .metadata()
                    .ok()
                    .and_then(|m| m.modified().ok())
                    .is_some_and(|t| t < self.opened);
                old && std::fs::remove_dir_all(e.path()).is_ok()
            })
            .count()
    }

    /// The named files of an entry, if all are there.
    pub fn get(&self, kind: &str, key: &str, names: &[&str]) -> Option<Vec<Vec<u8>>> {
        let dir = self.entry(kind, key)?;
        names
            .iter()
            .map(|n| std::fs::read(dir.join(n)).ok())
            .collect()
    }

    /// The path of one file of an entry, if it is there (for hard links).
    pub fn file(&self, kind: &str, key: &str, name: &str) -> Option<PathBuf> {
        let p = self.entry(kind, key)?.join(name);
        p.is_file().then_some(p)
    }

    /// Stores an entry; written to a temporary folder and renamed, so a
    /// reader never sees half of one. Failing to cache is not an error.
    pub fn put(&self, kind: &str, key: &str, files: &[(&str, &[u8])]) {
        let Some(dir) = self.entry(kind, key) else {
            return;
        };
        let Some(parent) = dir.parent() else { return };
        let tmp = parent.join(format!(".{key}.{}", std::process::id()));
        let ok = std::fs::create_dir_all(&tmp).is_ok()
            && files
                .iter()
                .all(|(n, b)| std::fs::write(tmp.join(n), b).is_ok());
        if ok && std::fs::rename(&tmp, &dir).is_ok() {
            return;
        }
        let _ = std::fs::remove_dir_all(&tmp);
    }
}

/// Every source of the project (`tebiki.yaml`, `content/`, `forms/`,
/// `themes/`) hashed: each file's path and contents on its own, and all of
/// them together.
pub struct Inputs {
    /// Of all the files, in a fixed order, with tebiki itself.
    pub hash: String,
    /// Each file or link (relative to the root, sorted) and its digest.
    pub files: Vec<(PathBuf, [u8; 32])>,
}

/// Hashes the sources of the project at `root` (see [`Inputs`]).
pub fn inputs(root: &Path) -> Inputs {
    use rayon::prelude::*;
    let mut files: Vec<PathBuf> = Vec::new();
    for part in ["tebiki.yaml", "content", "forms", "themes"] {
        files.extend(
            walkdir::WalkDir::new(root.join(part))
                .follow_links(false)
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file() || e.path_is_symlink())
                .map(|e| e.into_path()),
        );
    }
    files.sort();
    // Each file hashed on its own (side by side), then the list of hashes.
    let files: Vec<(PathBuf, [u8; 32])> = files
        .par_iter()
        .map(|f| {
            let rel = f.strip_prefix(root).unwrap_or(f);
            let name = rel.to_string_lossy();
            // A link is an input too (the loader refuses it): its target
            // stands for its contents, which are not read.
            let bytes = match std::fs::read_link(f) {
                Ok(target) => format!("\0link\0{}", target.display()).into_bytes(),
                Err(_) => std::fs::read(f).unwrap_or_default(),
            };
            let mut h = Sha256::new();
            h.update((name.len() as u64).to_le_bytes());
            h.update(name.as_bytes());
            h.update(&bytes);
            (rel.to_path_buf(), h.finalize().into())
        })
        .collect();
    let mut h = Sha256::new();
    h.update(crate::hash::CODE.as_bytes());
    for (_, d) in &files {
        h.update(d);
    }
    Inputs {
        hash: h.finalize().iter().map(|b| format!("{b:02x}")).collect(),
        files,
    }
}

/// Output bytes, in memory or as a file in the cache (written by a hard
/// link, not copied: a fillable PDF is 2.5 MB).
#[derive(Debug, Clone)]
pub enum Blob {
    Bytes(Vec<u8>),
    File(PathBuf),
}

impl Blob {
    pub fn bytes(&self) -> std::io::Result<std::borrow::Cow<'_, [u8]>> {
        match self {
            Blob::Bytes(b) => Ok(std::borrow::Cow::Borrowed(b)),
            Blob::File(p) => std::fs::read(p).map(std::borrow::Cow::Owned),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_round_trip_and_keys_see_every_part() {
        let t = tempfile::tempdir().unwrap();
        let c = Cache::at(t.path());
        let k = key(&[b"a", b"bc"]);
        assert_ne!(k, key(&[b"ab", b"c"]), "parts are length-prefixed");
        assert!(c.get("forms", &k, &["x"]).is_none());
        c.put("forms", &k, &[("x", b"1"), ("y", b"2")]);
        assert_eq!(
            c.get("forms", &k, &["x", "y"]),
            Some(vec![b"1".to_vec(), b"2".to_vec()])
        );
        assert!(Cache::disabled().get("forms", &k, &["x"]).is_none());
    }

    #[test]
    fn prune_keeps_what_was_used_and_what_is_newer() {
        let t = tempfile::tempdir().unwrap();
        let earlier = Cache::at(t.path());
        let (old, kept, beside) = (key(&[b"old"]), key(&[b"kept"]), key(&[b"beside"]));
        earlier.put("forms", &old, &[("x", b"1")]);
        earlier.put("booklets", &kept, &[("x", b"2")]);
        // Another build's entry, stored after this one started.
        earlier.put("forms", &beside, &[("x", b"3")]);
        // Dated rather than slept for, so that no file system's clock
        // granularity can blur the order.
        let hour = std::time::Duration::from_secs(3600);
        let date = |kind: &str, k: &str, t: SystemTime| {
            let dir = earlier.entry(kind, k).unwrap();
            std::fs::File::open(dir).unwrap().set_modified(t).unwrap();
        };
        date("forms", &old, SystemTime::now() - hour);
        date("booklets", &kept, SystemTime::now() - hour);
        date("forms", &beside, SystemTime::now() + hour);

        let build = Cache::at(t.path());
        assert!(build.file("booklets", &kept, "x").is_some());
        assert_eq!(build.prune(), 1);
        assert!(
            build.get("forms", &old, &["x"]).is_none(),
            "unused: removed"
        );
        assert!(build.get("booklets", &kept, &["x"]).is_some(), "used: kept");
        assert!(build.get("forms", &beside, &["x"]).is_some(), "newer: kept");
        assert_eq!(Cache::disabled().prune(), 0);
    }
}
