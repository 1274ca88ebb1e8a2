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
    hash_sources(root, &Known::default()).0
}

impl Cache {
    /// [`inputs`], taking the digest an earlier build made of a file whose
    /// size, times and inode are the same as then, as git's index does,
    /// rather than reading the file again: at 1,000 regions the sources are
    /// 64 MB, read by every build. A file changed less than two seconds
    /// before that build hashed it is read again, since a file system's
    /// clock may not tell the change from the hashing.
    pub fn inputs(&self, root: &Path) -> Inputs {
        // Not a project (no tebiki.yaml): nothing is left in the folder.
        let project = root.join(crate::model::CONFIG_FILE).is_file();
        let Some(dir) = self.dir.as_ref().filter(|_| project) else {
            return inputs(root);
        };
        let path = dir.join(DIGESTS);
        let known: Known = std::fs::read(&path)
            .ok()
            .and_then(|b| ciborium::from_reader(&b[..]).ok())
            .unwrap_or_default();
        let (inputs, seen) = hash_sources(root, &known);
        // Kept for the next build; failing to keep it is not an error.
        let mut bytes = Vec::new();
        if ciborium::into_writer(&seen, &mut bytes).is_ok() && std::fs::create_dir_all(dir).is_ok()
        {
            let tmp = dir.join(format!(".{DIGESTS}.{}", std::process::id()));
            if std::fs::write(&tmp, &bytes).is_ok() && std::fs::rename(&tmp, &path).is_err() {
                let _ = std::fs::remove_file(&tmp);
            }
        }
        inputs
    }
}

/// Where [`Cache::inputs`] keeps what it found, beside the entries.
const DIGESTS: &str = "digests.cbor";

/// Each source's digest and what its metadata was then.
#[derive(Default, serde::Serialize, serde::Deserialize)]
struct Known {
    /// When the hashing began, in nanoseconds since 1970.
    started: u64,
    files: std::collections::HashMap<PathBuf, (Stamp, [u8; 32])>,
}

/// What tells a file's contents changed without reading them: its size,
/// the times it and its inode last changed (in nanoseconds since 1970),
/// and its inode (a file replaced by another).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
struct Stamp {
    len: u64,
    modified: u64,
    changed: u64,
    inode: u64,
}

/// A file changed this close to the hashing (in nanoseconds) is read
/// again: two seconds, the coarsest clock of a file system (FAT's).
const RACY: u64 = 2_000_000_000;

impl Stamp {
    fn of(m: &std::fs::Metadata) -> Option<Stamp> {
        let modified = nanos(m.modified().ok()?)?;
        #[cfg(unix)]
        let (changed, inode) = {
            use std::os::unix::fs::MetadataExt;
            let secs = u64::try_from(m.ctime()).ok()?;
            let nsec = u64::try_from(m.ctime_nsec()).ok()?;
            (secs.checked_mul(1_000_000_000)?.checked_add(nsec)?, m.ino())
        };
        #[cfg(not(unix))]
        let (changed, inode) = (modified, 0);
        Some(Stamp {
            len: m.len(),
            modified,
            changed,
            inode,
        })
    }
}

fn nanos(t: SystemTime) -> Option<u64> {
    let d = t.duration_since(SystemTime::UNIX_EPOCH).ok()?;
    u64::try_from(d.as_nanos()).ok()
}

impl Known {
    /// The digest of `rel` if its stamp is `now`'s and it changed well
    /// before the hashing that found the digest began.
    fn digest(&self, rel: &Path, now: Stamp) -> Option<[u8; 32]> {
        let (then, digest) = self.files.get(rel)?;
        let settled = then.modified.max(then.changed).saturating_add(RACY) < self.started;
        (*then == now && settled).then_some(*digest)
    }
}

/// Hashes the sources, taking the digests `known` holds where it may (see
/// [`Cache::inputs`]); returns what to know next time too.
fn hash_sources(root: &Path, known: &Known) -> (Inputs, Known) {
    let started = nanos(SystemTime::now()).unwrap_or(0);
    let mut entries: Vec<walkdir::DirEntry> = Vec::new();
    for part in ["tebiki.yaml", "content", "forms", "themes"] {
        entries.extend(
            walkdir::WalkDir::new(root.join(part))
                .follow_links(false)
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file() || e.path_is_symlink()),
        );
    }
    entries.sort_by(|a, b| a.path().cmp(b.path()));
    // Each file hashed on its own (side by side), then the list of hashes.
    let hashed: Vec<(PathBuf, Option<Stamp>, [u8; 32])> = entries
        .par_iter()
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(root)
                .unwrap_or(e.path())
                .to_path_buf();
            // A link is an input too (the loader refuses it): its target
            // stands for its contents, which are not read.
            if e.path_is_symlink() {
                let target = std::fs::read_link(e.path()).unwrap_or_default();
                let bytes = format!("\0link\0{}", target.display()).into_bytes();
                let d = digest(&rel, &bytes);
                return (rel, None, d);
            }
            // Metadata before contents: a change between the two is seen
            // by the next build, whose stamp differs.
            let stamp = e.metadata().ok().as_ref().and_then(Stamp::of);
            if let Some(d) = stamp.and_then(|s| known.digest(&rel, s)) {
                return (rel, stamp, d);
            }
            let bytes = std::fs::read(e.path()).unwrap_or_default();
            let d = digest(&rel, &bytes);
            (rel, stamp, d)
        })
        .collect();
    let mut h = Sha256::new();
    h.update(crate::hash::CODE.as_bytes());
    for (_, _, d) in &hashed {
        h.update(d);
    }
    let seen = Known {
        started,
        files: hashed
            .iter()
            .filter_map(|(rel, stamp, d)| Some((rel.clone(), ((*stamp)?, *d))))
            .collect(),
    };
    let inputs = Inputs {
        hash: h.finalize().iter().map(|b| format!("{b:02x}")).collect(),
        files: hashed.into_iter().map(|(rel, _, d)| (rel, d)).collect(),
    };
    (inputs, seen)
}

/// A source's digest: its path and its contents.
fn digest(rel: &Path, bytes: &[u8]) -> [u8; 32] {
    let name = rel.to_string_lossy();
    let mut h = Sha256::new();
    h.update((name.len() as u64).to_le_bytes());
    h.update(name.as_bytes());
    h.update(bytes);
    h.finalize().into()
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

    /// A file whose stamp is as it was when hashed is taken at its digest,
    /// not read; a file changed since, or changed too close to that
    /// hashing, is read again.
    #[test]
    fn a_source_is_read_again_only_when_it_may_have_changed() {
        let t = tempfile::tempdir().unwrap();
        let page = t.path().join("content/a/page.md");
        std::fs::create_dir_all(page.parent().unwrap()).unwrap();
        std::fs::write(&page, "一つ目").unwrap();
        std::fs::write(t.path().join("tebiki.yaml"), "title: テスト\n").unwrap();
        let cache = Cache::at(t.path());
        let rel = Path::new("content/a/page.md");
        let real = |i: &Inputs| i.files.iter().find(|(r, _)| r == rel).unwrap().1;
        let first = cache.inputs(t.path());
        assert_eq!(real(&first), real(&inputs(t.path())));

        // What the last build knew, with the file's digest marked; the
        // hashing `after` seconds after the file was written.
        let memo = t.path().join(DIR).join(DIGESTS);
        let mark = |after: u64| {
            let mut known: Known =
                ciborium::from_reader(&std::fs::read(&memo).unwrap()[..]).unwrap();
            let (stamp, digest) = known.files.get_mut(rel).unwrap();
            *digest = [7; 32];
            known.started = stamp.modified.max(stamp.changed) + after * 1_000_000_000;
            let mut bytes = Vec::new();
            ciborium::into_writer(&known, &mut bytes).unwrap();
            std::fs::write(&memo, bytes).unwrap();
        };
        mark(5);
        assert_eq!(real(&cache.inputs(t.path())), [7; 32], "taken, not read");
        mark(0);
        assert_eq!(
            real(&cache.inputs(t.path())),
            real(&first),
            "changed as it was hashed: read"
        );
        mark(5);
        // The same size, the same modification time: the inode's change
        // time still tells.
        let modified = std::fs::metadata(&page).unwrap().modified().unwrap();
        std::fs::write(&page, "二つ目").unwrap();
        std::fs::File::options()
            .write(true)
            .open(&page)
            .unwrap()
            .set_modified(modified)
            .unwrap();
        let now = cache.inputs(t.path());
        assert_ne!(real(&now), [7; 32]);
        assert_eq!(real(&now), real(&inputs(t.path())));
        assert_ne!(real(&now), real(&first));
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
