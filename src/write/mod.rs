//! Writing the output folder safely.
//!
//! A build writes into a staging folder beside the output folder and moves
//! its files in only when everything succeeded: a failed build leaves the
//! previous output whole. Only files whose bytes changed are staged and
//! moved (each by a rename, so no file is ever half written); the others
//! are left alone, dates and all, so a deploy that copies what changed
//! copies only that. tebiki never writes outside the output folder, and
//! refuses an output folder that holds anything it did not make.

use std::collections::BTreeSet;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

pub mod cache;

/// Written into every output folder; its presence is what lets a later build
/// replace the folder.
pub const MARKER: &str = ".tebiki-output";
const MARKER_TEXT: &str = "tebiki build output; replaced by every build\n";

/// The inputs hash recorded in the output folder `out`, if any.
pub fn built_inputs(out: &Path) -> Option<String> {
    let text = std::fs::read_to_string(out.join(MARKER)).ok()?;
    text.lines()
        .find_map(|l| l.strip_prefix("inputs "))
        .map(str::to_string)
}

/// The key each region was built from, as recorded in the output folder
/// `out` (see `render::reuse`).
pub fn built_regions(out: &Path) -> std::collections::HashMap<String, String> {
    let text = std::fs::read_to_string(out.join(MARKER)).unwrap_or_default();
    text.lines()
        .filter_map(|l| l.strip_prefix("region "))
        .filter_map(|l| l.split_once(' '))
        .map(|(id, key)| (id.to_string(), key.to_string()))
        .collect()
}

/// Where renderers put their files. In a dry run (`tebiki check`) nothing is
/// written but paths are still checked for clashes.
pub struct Outputs {
    dir: Option<PathBuf>,
    /// The output this build replaces: a file with the same bytes there is
    /// not staged again.
    previous: Option<PathBuf>,
    written: Mutex<BTreeSet<PathBuf>>,
    /// The files staged (new or changed).
    changed: Mutex<Vec<PathBuf>>,
}

impl Outputs {
    pub fn dry() -> Self {
        Outputs {
            dir: None,
            previous: None,
            written: Mutex::new(BTreeSet::new()),
            changed: Default::default(),
        }
    }

    fn into_dir(dir: PathBuf, previous: Option<PathBuf>) -> Self {
        Outputs {
            dir: Some(dir),
            previous,
            written: Mutex::new(BTreeSet::new()),
            changed: Default::default(),
        }
    }

    /// The output this build replaces, if there is one.
    pub fn previous(&self) -> Option<&Path> {
        self.previous.as_deref()
    }

    /// Whether the previous output holds `rel` with exactly these bytes.
    fn unchanged(&self, rel: &Path, bytes: &[u8]) -> bool {
        let Some(prev) = &self.previous else {
            return false;
        };
        let path = prev.join(rel);
        std::fs::metadata(&path).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
            && std::fs::read(&path).is_ok_and(|old| old == bytes)
    }

    /// Checks that `rel` stays inside the output and records it as made by
    /// this build. Two renderers making the same path is a bug in tebiki
    /// or a clash of page names.
    fn claim(&self, rel: &Path) -> io::Result<()> {
        if rel.is_absolute() || rel.components().any(|c| !matches!(c, Component::Normal(_))) {
            return Err(io::Error::other(format!(
                "出力先の外を指すパスです: {}",
                rel.display()
            )));
        }
        if !self.written.lock().unwrap().insert(rel.to_path_buf()) {
            return Err(io::Error::other(format!(
                "同じファイルを二度書こうとしました: {}",
                rel.display()
            )));
        }
        Ok(())
    }

    /// Stages `rel` by `put` (which makes the file at the path it is
    /// given); nothing in a dry run.
    fn stage(&self, rel: &Path, put: impl FnOnce(&Path) -> io::Result<()>) -> io::Result<()> {
        if self.dir.is_some() {
            self.changed.lock().unwrap().push(rel.to_path_buf());
        }
        self.place(rel, put)
    }

    /// Stages `rel` without counting it as changed (the same bytes, put
    /// another way).
    fn place(&self, rel: &Path, put: impl FnOnce(&Path) -> io::Result<()>) -> io::Result<()> {
        let Some(dir) = &self.dir else { return Ok(()) };
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        put(&path)
    }

    /// Claims `rel` without writing it: the previous output holds it as
    /// this build would make it (a region taken as it was), so it stays.
    pub fn keep(&self, rel: impl AsRef<Path>) -> io::Result<()> {
        self.claim(rel.as_ref())
    }

    /// Writes `bytes` to `rel` (a relative path with no `..`), unless the
    /// previous output holds the same bytes there.
    pub fn write(&self, rel: impl AsRef<Path>, bytes: impl AsRef<[u8]>) -> io::Result<()> {
        let rel = rel.as_ref();
        self.claim(rel)?;
        let bytes = bytes.as_ref();
        if self.unchanged(rel, bytes) {
            return Ok(());
        }
        self.stage(rel, |path| std::fs::write(path, bytes))
    }

    /// Writes a blob: a cached file is hard-linked into the output (copied
    /// where links are not possible), bytes are written.
    pub fn write_blob(&self, rel: impl AsRef<Path>, blob: &cache::Blob) -> io::Result<()> {
        let cache::Blob::File(src) = blob else {
            return self.write(rel, blob.bytes()?);
        };
        let rel = rel.as_ref();
        self.claim(rel)?;
        let link = |dst: &Path| {
            std::fs::hard_link(src, dst).or_else(|_| std::fs::copy(src, dst).map(|_| ()))
        };
        if let Some(prev) = &self.previous {
            let old = prev.join(rel);
            // The previous output holds a link to the same cached file.
            if same_file(&old, src) {
                return Ok(());
            }
            // The same bytes, made by an earlier build: linked now, not
            // counted as changed, so the next build need not read both.
            if same_bytes(&old, src) {
                return self.place(rel, link);
            }
        }
        self.stage(rel, link)
    }

    /// Copies the file `src` (a region's own file) to `rel`. Copied, not
    /// linked: the output must never share its bytes with a source.
    pub fn copy_file(&self, rel: impl AsRef<Path>, src: &Path) -> io::Result<()> {
        let rel = rel.as_ref();
        self.claim(rel)?;
        if self.dir.is_none() {
            return Ok(());
        }
        let bytes = std::fs::read(src)?;
        if self.unchanged(rel, &bytes) {
            return Ok(());
        }
        self.stage(rel, |dst| std::fs::write(dst, &bytes))
    }

    /// Where a file this build made is: staged, or (made the same as
    /// before) left in the previous output. None in a dry run or for a
    /// file it did not make.
    fn made(&self, rel: &Path) -> Option<PathBuf> {
        if !self.written.lock().unwrap().contains(rel) {
            return None;
        }
        let staged = self.dir.as_ref()?.join(rel);
        if staged.exists() {
            return Some(staged);
        }
        Some(self.previous.as_ref()?.join(rel))
    }

    /// The bytes of a file this build made (see `made`).
    pub fn read(&self, rel: impl AsRef<Path>) -> Option<Vec<u8>> {
        std::fs::read(self.made(rel.as_ref())?).ok()
    }

    /// The size of a file this build made, without reading it.
    pub fn size(&self, rel: impl AsRef<Path>) -> Option<u64> {
        std::fs::metadata(self.made(rel.as_ref())?)
            .ok()
            .map(|m| m.len())
    }

    pub fn files(&self) -> Vec<PathBuf> {
        self.written.lock().unwrap().iter().cloned().collect()
    }

    /// The files that are new or changed, in the order they were made.
    pub fn changed(&self) -> Vec<PathBuf> {
        self.changed.lock().unwrap().clone()
    }
}

/// Whether two files hold the same bytes (sizes first: most differ there).
fn same_bytes(a: &Path, b: &Path) -> bool {
    matches!((std::fs::metadata(a), std::fs::metadata(b)), (Ok(x), Ok(y)) if x.len() == y.len())
        && matches!((std::fs::read(a), std::fs::read(b)), (Ok(x), Ok(y)) if x == y)
}

/// Whether two paths are the same file (hard links of one another).
fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        matches!((std::fs::metadata(a), std::fs::metadata(b)),
            (Ok(x), Ok(y)) if x.dev() == y.dev() && x.ino() == y.ino())
    }
    #[cfg(not(unix))]
    {
        matches!((std::fs::read(a), std::fs::read(b)), (Ok(x), Ok(y)) if x == y)
    }
}

/// Why an output folder was refused.
#[derive(Debug)]
pub struct Refused(pub String);

/// Checks that `out` may be replaced by a build of the project at `root`.
pub fn check_target(root: &Path, out: &Path) -> Result<(), Refused> {
    let root = root
        .canonicalize()
        .map_err(|e| Refused(format!("{}: {e}", root.display())))?;
    let abs = absolute(out);
    if root.starts_with(&abs) {
        return Err(Refused(format!(
            "出力先 {} はプロジェクトのフォルダそのもの（またはその上）です。output のような専用のフォルダを指定してください。",
            out.display()
        )));
    }
    if abs.join("content").exists() || abs.join(crate::model::CONFIG_FILE).exists() {
        return Err(Refused(format!(
            "出力先 {} には content/ や tebiki.yaml があります。原稿を消さないよう、このフォルダには書き出しません。",
            out.display()
        )));
    }
    if abs.exists() {
        if !abs.is_dir() {
            return Err(Refused(format!(
                "出力先 {} はフォルダではありません。",
                out.display()
            )));
        }
        let empty = std::fs::read_dir(&abs)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty && !abs.join(MARKER).exists() {
            return Err(Refused(format!(
                "出力先 {} には tebiki が作っていないファイルがあります。中身を移すか、別のフォルダを指定してください（--out）。",
                out.display()
            )));
        }
    }
    Ok(())
}

fn absolute(p: &Path) -> PathBuf {
    if let Ok(c) = p.canonicalize() {
        return c;
    }
    // Not there yet: resolve the parent that exists, then add the rest.
    let base = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    let mut existing = base.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (
            existing.file_name().map(|f| f.to_os_string()),
            existing.parent(),
        ) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut abs = existing.canonicalize().unwrap_or(existing);
    for name in rest.into_iter().rev() {
        abs.push(name);
    }
    abs
}

/// A build in progress: a staging folder holding the files that changed,
/// moved into `out` on `commit`, and removed if dropped before.
pub struct Staging {
    out: PathBuf,
    staging: PathBuf,
    pub outputs: Outputs,
    /// A partial build (`--only site`): files of the previous output this
    /// build did not make are kept.
    keep: bool,
    committed: bool,
}

impl Staging {
    pub fn new(out: &Path) -> io::Result<Staging> {
        let abs = absolute(out);
        let parent = abs
            .parent()
            .ok_or_else(|| io::Error::other("出力先の親フォルダがありません"))?;
        std::fs::create_dir_all(parent)?;
        let name = abs
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // One per build of this process: serve's quick path may stage
        // while a full build does.
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let staging = parent.join(format!(".{name}.tebiki-new-{}-{n}", std::process::id()));
        if staging.exists() {
            std::fs::remove_dir_all(&staging)?;
        }
        std::fs::create_dir_all(&staging)?;
        std::fs::write(staging.join(MARKER), MARKER_TEXT)?;
        let previous = abs.join(MARKER).is_file().then(|| abs.clone());
        Ok(Staging {
            out: abs,
            outputs: Outputs::into_dir(staging.clone(), previous),
            staging,
            keep: false,
            committed: false,
        })
    }

    /// A partial build (`--only site`) keeps the other half: files of the
    /// previous output that this build did not make stay.
    pub fn keep_previous(&mut self) {
        self.keep = true;
    }

    /// Records in the marker the hash of the inputs this output was built
    /// from, so that a build of the same inputs can be skipped, and the
    /// key of each region (id, key) whose files a later build may take as
    /// they are.
    ///
    /// `serve`'s quick path records no inputs hash (it did not build
    /// everything), only the regions it left alone.
    pub fn set_inputs(&self, hash: Option<&str>, regions: &[(String, String)]) -> io::Result<()> {
        let mut text = MARKER_TEXT.to_string();
        if let Some(hash) = hash {
            text.push_str(&format!("inputs {hash}\n"));
        }
        for (id, key) in regions {
            text.push_str(&format!("region {id} {key}\n"));
        }
        std::fs::write(self.staging.join(MARKER), text)
    }

    /// Puts the build in place: with no previous output the staging folder
    /// is renamed into place; otherwise each changed file is renamed over
    /// the old one and files this build no longer makes are removed.
    pub fn commit(mut self) -> io::Result<()> {
        if self.outputs.previous.is_none() {
            // Empty (check_target allows no other) or not there yet.
            if self.out.is_dir() {
                std::fs::remove_dir(&self.out)?;
            }
            std::fs::rename(&self.staging, &self.out)?;
            self.committed = true;
            return Ok(());
        }
        for entry in walkdir::WalkDir::new(&self.staging).into_iter() {
            let entry = entry.map_err(io::Error::other)?;
            if entry.file_type().is_dir() {
                continue;
            }
            let rel = entry
                .path()
                .strip_prefix(&self.staging)
                .unwrap_or(entry.path());
            let dst = self.out.join(rel);
            if dst.is_dir() {
                std::fs::remove_dir_all(&dst)?;
            }
            if let Some(parent) = dst.parent() {
                if parent.is_file() {
                    std::fs::remove_file(parent)?;
                }
                std::fs::create_dir_all(parent)?;
            }
            std::fs::rename(entry.path(), &dst)?;
        }
        self.committed = true;
        std::fs::remove_dir_all(&self.staging)?;
        if self.keep {
            return Ok(());
        }
        let made: BTreeSet<PathBuf> = self.outputs.files().into_iter().collect();
        for entry in walkdir::WalkDir::new(&self.out)
            .contents_first(true)
            .into_iter()
        {
            let entry = entry.map_err(io::Error::other)?;
            let rel = entry.path().strip_prefix(&self.out).unwrap_or(entry.path());
            if rel.as_os_str().is_empty() || rel == Path::new(MARKER) {
                continue;
            }
            if entry.file_type().is_dir() {
                // Left empty by the files removed before it.
                let _ = std::fs::remove_dir(entry.path());
            } else if !made.contains(rel) {
                std::fs::remove_file(entry.path())?;
            }
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_paths_that_leave_the_output() {
        let o = Outputs::dry();
        assert!(o.write("../x.html", "x").is_err());
        assert!(o.write("/etc/x", "x").is_err());
        assert!(o.write("a/./b.html", "x").is_ok());
        assert!(
            o.write("a/b.html", "x").is_err(),
            "second write of the same path"
        );
    }

    #[test]
    fn refuses_the_project_root_and_foreign_folders() {
        let t = tempfile::tempdir().unwrap();
        let root = t.path().join("p");
        std::fs::create_dir_all(root.join("content")).unwrap();
        assert!(check_target(&root, &root).is_err());
        assert!(check_target(&root, t.path()).is_err());
        let mine = t.path().join("docs");
        std::fs::create_dir_all(&mine).unwrap();
        std::fs::write(mine.join("notes.txt"), "mine").unwrap();
        assert!(check_target(&root, &mine).is_err());
        assert!(check_target(&root, &root.join("output")).is_ok());
    }

    #[test]
    fn a_dropped_build_leaves_the_old_output() {
        let t = tempfile::tempdir().unwrap();
        let out = t.path().join("output");
        let s = Staging::new(&out).unwrap();
        s.outputs.write("index.html", "one").unwrap();
        s.commit().unwrap();
        let s = Staging::new(&out).unwrap();
        s.outputs.write("index.html", "two").unwrap();
        drop(s);
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "one"
        );
        let leftovers: Vec<_> = std::fs::read_dir(t.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1);
    }

    #[test]
    fn only_changed_files_are_replaced_and_gone_ones_removed() {
        let t = tempfile::tempdir().unwrap();
        let out = t.path().join("output");
        let s = Staging::new(&out).unwrap();
        for (rel, text) in [("a.html", "a"), ("b/b.html", "b"), ("c/c.html", "c")] {
            s.outputs.write(rel, text).unwrap();
        }
        s.commit().unwrap();
        let inode = |rel: &str| {
            use std::os::unix::fs::MetadataExt;
            std::fs::metadata(out.join(rel)).unwrap().ino()
        };
        let (a, b) = (inode("a.html"), inode("b/b.html"));

        let s = Staging::new(&out).unwrap();
        s.outputs.write("a.html", "a").unwrap();
        s.outputs.write("b/b.html", "b2").unwrap();
        assert_eq!(s.outputs.changed(), [PathBuf::from("b/b.html")]);
        s.commit().unwrap();
        assert_eq!(inode("a.html"), a, "unchanged: left alone");
        assert_ne!(inode("b/b.html"), b, "changed: replaced");
        assert_eq!(std::fs::read_to_string(out.join("b/b.html")).unwrap(), "b2");
        assert!(
            !out.join("c").exists(),
            "no longer made: removed with its folder"
        );
        assert!(out.join(MARKER).is_file());
        let leftovers: Vec<_> = std::fs::read_dir(t.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no staging folder left");

        // A partial build keeps what it did not make.
        let mut s = Staging::new(&out).unwrap();
        s.outputs.write("b/b.html", "b3").unwrap();
        s.keep_previous();
        s.commit().unwrap();
        assert_eq!(std::fs::read_to_string(out.join("a.html")).unwrap(), "a");
    }
}
