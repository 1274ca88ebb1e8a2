//! Reading the project as it was at a git revision, through libgit2, without
//! touching the working tree or the index: the revision's files are written
//! into a temporary folder and loaded from there by the one loader.

use std::path::{Path, PathBuf};

use git2::{ObjectType, Repository, TreeWalkMode, TreeWalkResult};

use crate::diag::Diagnostic;
use crate::wareki::Date;

/// The sources a revision is read from. The theme is taken from the working
/// tree for both sides, so a template change never reads as a text change.
const PROJECT_PARTS: &[&str] = &["tebiki.yaml", "content", "forms"];

pub struct Snapshot {
    /// Holds the files; removed when the snapshot is dropped.
    _dir: tempfile::TempDir,
    /// The project root inside it.
    pub root: PathBuf,
    /// The commit's date, in the committer's time zone.
    pub date: Date,
}

/// The commit HEAD points at, if `root` is in a git repository: page dates
/// come from commits, so a new commit may change the output.
pub fn head(root: &Path) -> Option<String> {
    let (repo, _) = open(root).ok()?;
    let id = repo.head().ok()?.peel_to_commit().ok()?.id();
    Some(id.to_string())
}

/// The date of the last commit that changed each file under content/ (by
/// its path from `root`), walking back from HEAD through at most `limit`
/// commits; empty when `root` is not in a git repository. A page with no
/// date of its own shows this as its 最終更新.
pub fn last_changed(root: &Path, limit: usize) -> std::collections::HashMap<PathBuf, Date> {
    let mut seen = std::collections::HashMap::new();
    let Ok((repo, sub)) = open(root) else {
        return seen;
    };
    let walk = repo
        .head()
        .and_then(|h| h.peel_to_commit())
        .and_then(|head| {
            let mut w = repo.revwalk()?;
            w.push(head.id())?;
            w.set_sorting(git2::Sort::TIME)?;
            Ok(w)
        });
    let Ok(walk) = walk else { return seen };
    let content = sub.join("content");
    for oid in walk.take(limit).flatten() {
        let Ok(commit) = repo.find_commit(oid) else {
            continue;
        };
        let (Ok(tree), parent) = (commit.tree(), commit.parent(0).and_then(|p| p.tree()).ok())
        else {
            continue;
        };
        let mut opts = git2::DiffOptions::new();
        opts.pathspec(content.to_string_lossy().replace('\\', "/"));
        let Ok(diff) = repo.diff_tree_to_tree(parent.as_ref(), Some(&tree), Some(&mut opts)) else {
            continue;
        };
        let date = commit_date(&commit);
        for delta in diff.deltas() {
            if let Some(p) = delta.new_file().path()
                && let Ok(rel) = p.strip_prefix(&sub)
            {
                seen.entry(rel.to_path_buf()).or_insert(date);
            }
        }
    }
    seen
}

/// A commit's date, in the committer's time zone.
fn commit_date(commit: &git2::Commit) -> Date {
    let time = commit.time();
    let local = time.seconds() + i64::from(time.offset_minutes()) * 60;
    Date::from_days_since_epoch(local.div_euclid(86_400))
}

/// Opens the repository holding `root` and says where `root` is inside it.
fn open(root: &Path) -> Result<(Repository, PathBuf), String> {
    let repo = Repository::discover(root).map_err(|_| {
        format!("{} は git のリポジトリの中にありません。改正の履歴は git で管理してください（git init）。", root.display())
    })?;
    let workdir = repo
        .workdir()
        .ok_or("作業フォルダのないリポジトリは使えません")?
        .canonicalize()
        .map_err(|e| e.to_string())?;
    let abs = root.canonicalize().map_err(|e| e.to_string())?;
    let sub = abs
        .strip_prefix(&workdir)
        .map(Path::to_path_buf)
        .unwrap_or_default();
    Ok((repo, sub))
}

/// The project at revision `rev` (a tag, branch or commit); an error names
/// the revision as the place to look.
pub fn snapshot(root: &Path, rev: &str) -> Result<Snapshot, Diagnostic> {
    read(root, rev).map_err(|e| Diagnostic::error(rev, None, e))
}

fn read(root: &Path, rev: &str) -> Result<Snapshot, String> {
    let (repo, sub) = open(root)?;
    let object = repo.revparse_single(rev).map_err(|_| {
        format!("リビジョン「{rev}」が見つかりません。git tag や git log で確かめてください（タグ名・ブランチ名・コミットID）。")
    })?;
    let commit = object
        .peel_to_commit()
        .map_err(|_| format!("「{rev}」はコミットを指していません"))?;
    let tree = commit.tree().map_err(|e| e.to_string())?;
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let out = dir.path().to_path_buf();
    let prefix = sub.to_string_lossy().replace('\\', "/");
    let mut error = None;
    tree.walk(TreeWalkMode::PreOrder, |parent, entry| {
        if entry.kind() != Some(ObjectType::Blob) {
            return TreeWalkResult::Ok;
        }
        let path = format!("{parent}{}", entry.name().unwrap_or(""));
        let Some(rel) = (if prefix.is_empty() {
            Some(path.as_str())
        } else {
            path.strip_prefix(&format!("{prefix}/"))
        }) else {
            return TreeWalkResult::Ok;
        };
        if !PROJECT_PARTS
            .iter()
            .any(|p| rel == *p || rel.starts_with(&format!("{p}/")))
        {
            return TreeWalkResult::Ok;
        }
        let result = repo
            .find_blob(entry.id())
            .map_err(|e| e.to_string())
            .and_then(|blob| {
                let dest = out.join(rel);
                std::fs::create_dir_all(dest.parent().expect("a file has a parent"))
                    .map_err(|e| e.to_string())?;
                std::fs::write(&dest, blob.content()).map_err(|e| e.to_string())
            });
        if let Err(e) = result {
            error = Some(e);
            return TreeWalkResult::Abort;
        }
        TreeWalkResult::Ok
    })
    .map_err(|e| e.to_string())?;
    if let Some(e) = error {
        return Err(e);
    }
    Ok(Snapshot {
        _dir: dir,
        root: out,
        date: commit_date(&commit),
    })
}
