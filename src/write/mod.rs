//! Writing the output folder safely.
//!
//! A build writes into a fresh staging folder beside the output folder and
//! swaps it in only when everything succeeded: a failed build leaves the
//! previous output whole. tebiki never writes outside the output folder, and
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

/// Where renderers put their files. In a dry run (`tebiki check`) nothing is
/// written but paths are still checked for clashes.
pub struct Outputs {
    dir: Option<PathBuf>,
    written: Mutex<BTreeSet<PathBuf>>,
}

impl Outputs {
    pub fn dry() -> Self {
        Outputs {
            dir: None,
            written: Mutex::new(BTreeSet::new()),
        }
    }

    fn into_dir(dir: PathBuf) -> Self {
        Outputs {
            dir: Some(dir),
            written: Mutex::new(BTreeSet::new()),
        }
    }

    /// Writes `bytes` to `rel` (a relative path with no `..`). Two renderers
    /// writing the same path is a bug in tebiki or a clash of page names.
    pub fn write(&self, rel: impl AsRef<Path>, bytes: impl AsRef<[u8]>) -> io::Result<()> {
        let rel = rel.as_ref();
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
        if let Some(dir) = &self.dir {
            let path = dir.join(rel);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(path, bytes)?;
        }
        Ok(())
    }

    /// Writes a blob: a cached file is hard-linked into the output (copied
    /// where links are not possible), bytes are written.
    pub fn write_blob(&self, rel: impl AsRef<Path>, blob: &cache::Blob) -> io::Result<()> {
        let cache::Blob::File(src) = blob else {
            return self.write(rel, blob.bytes()?);
        };
        let rel = rel.as_ref();
        let Some(dir) = &self.dir else {
            return self.write(rel, []);
        };
        self.write(rel, [])?; // checks the path and records it
        let dst = dir.join(rel);
        std::fs::remove_file(&dst)?;
        std::fs::hard_link(src, &dst).or_else(|_| std::fs::copy(src, &dst).map(|_| ()))
    }

    /// The bytes of a file this build wrote; None in a dry run or for a
    /// file it did not write.
    pub fn read(&self, rel: impl AsRef<Path>) -> Option<Vec<u8>> {
        let rel = rel.as_ref();
        if !self.written.lock().unwrap().contains(rel) {
            return None;
        }
        std::fs::read(self.dir.as_ref()?.join(rel)).ok()
    }

    pub fn files(&self) -> Vec<PathBuf> {
        self.written.lock().unwrap().iter().cloned().collect()
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

/// A build in progress: a staging folder that becomes `out` on `commit`,
/// and is removed if dropped before.
pub struct Staging {
    out: PathBuf,
    staging: PathBuf,
    pub outputs: Outputs,
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
        let staging = parent.join(format!(".{name}.tebiki-new-{}", std::process::id()));
        if staging.exists() {
            std::fs::remove_dir_all(&staging)?;
        }
        std::fs::create_dir_all(&staging)?;
        std::fs::write(
            staging.join(MARKER),
            "tebiki build output; replaced by every build\n",
        )?;
        Ok(Staging {
            out: abs,
            outputs: Outputs::into_dir(staging.clone()),
            staging,
            committed: false,
        })
    }

    /// Carries every file of the previous output that this build did not
    /// write into the new one (hard-linked, or copied where links cannot
    /// be made): a partial build (`--only site`) keeps the other half.
    pub fn keep_previous(&self) -> io::Result<usize> {
        if !self.out.join(MARKER).is_file() {
            return Ok(0);
        }
        let written: BTreeSet<PathBuf> = self.outputs.files().into_iter().collect();
        let mut kept = 0;
        for entry in walkdir::WalkDir::new(&self.out)
            .into_iter()
            .filter_map(Result::ok)
        {
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = entry.path().strip_prefix(&self.out).unwrap_or(entry.path());
            if rel == Path::new(MARKER) || written.contains(rel) {
                continue;
            }
            let dst = self.staging.join(rel);
            if let Some(parent) = dst.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::hard_link(entry.path(), &dst)
                .or_else(|_| std::fs::copy(entry.path(), &dst).map(|_| ()))?;
            kept += 1;
        }
        Ok(kept)
    }

    /// Records in the marker the hash of the inputs this output was built
    /// from, so that a build of the same inputs can be skipped.
    pub fn set_inputs(&self, hash: &str) -> io::Result<()> {
        std::fs::write(
            self.staging.join(MARKER),
            format!("{MARKER_TEXT}inputs {hash}\n"),
        )
    }

    /// Swaps the staging folder in: the old output is moved aside, the new
    /// one renamed into place, and the old one removed.
    pub fn commit(mut self) -> io::Result<()> {
        let parent = self.out.parent().unwrap_or(Path::new("."));
        let name = self
            .out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let old = parent.join(format!(".{name}.tebiki-old-{}", std::process::id()));
        let had_old = self.out.exists();
        if had_old {
            std::fs::rename(&self.out, &old)?;
        }
        if let Err(e) = std::fs::rename(&self.staging, &self.out) {
            if had_old {
                let _ = std::fs::rename(&old, &self.out);
            }
            return Err(e);
        }
        self.committed = true;
        if had_old {
            std::fs::remove_dir_all(&old)?;
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
}
