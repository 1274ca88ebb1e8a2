//! Shared helpers: small projects in temporary folders, and the bundled one.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A minimal valid project: one region `demo` with one page, using the
/// repository's default theme and topic vocabulary.
pub struct Project {
    pub dir: tempfile::TempDir,
}

pub const REGION: &str = "\
id: demo
name: デモ地域ネット
area:
  - デモ市
operator:
  name: デモ市医師会
  kind: 医師会
platform:
  name: メディカルケアステーション
  short: MCS
secretariat:
  name: デモ市在宅医療介護連携支援センター
  tel: 0594-72-6050
rules:
  - id: password-length
    topic: password
    text: パスワードは８文字以上とします。
    password:
      min_length: 8
";

pub const PAGE: &str = "\
---
title: はじめに
order: 1
---
## 第1条（目的）

問い合わせは {{ region.secretariat.tel }} へ。

- {{ rule(id=\"password-length\") }}
";

impl Project {
    pub fn new() -> Project {
        let dir = tempfile::tempdir().unwrap();
        let p = Project { dir };
        p.write("tebiki.yaml", "title: テスト\n");
        p.write(
            "content/topics.yaml",
            &std::fs::read_to_string(repo().join("content/topics.yaml")).unwrap(),
        );
        p.write("content/demo/region.yaml", REGION);
        p.write("content/demo/intro.md", PAGE);
        copy_dir(
            &repo().join("themes/default"),
            &p.root().join("themes/default"),
        );
        p
    }

    /// A copy of `tests/fixtures/projects/<name>` with the default theme
    /// (fixtures hold only what an author writes).
    pub fn fixture(name: &str) -> Project {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(
            &repo().join("tests/fixtures/projects").join(name),
            dir.path(),
        );
        copy_dir(
            &repo().join("themes/default"),
            &dir.path().join("themes/default"),
        );
        Project { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, rel: &str, text: &str) {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// Replaces `from` with `to` in the file `rel`, which must hold it (an
    /// edit that changes nothing would leave the test testing nothing).
    pub fn replace(&self, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} has no {from:?}");
        self.write(rel, &text.replace(from, to));
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root().join(rel)).unwrap()
    }

    /// Diagnostics of `tebiki check`, sorted.
    pub fn check(&self) -> Vec<tebiki::diag::Diagnostic> {
        tebiki::commands::check(self.root()).sorted()
    }

    pub fn build(&self) -> (Vec<tebiki::diag::Diagnostic>, bool) {
        let (d, built) = tebiki::commands::build(self.root(), None);
        (d.sorted(), built.is_some())
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

/// Every file under `dir`, relative, sorted.
pub fn files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(dir).unwrap().to_path_buf())
        .collect();
    v.sort();
    v
}

/// The bundled project built once per test binary into a temporary folder.
pub fn bundled_output() -> &'static Path {
    use std::sync::OnceLock;
    static OUT: OnceLock<tempfile::TempDir> = OnceLock::new();
    OUT.get_or_init(|| {
        let t = tempfile::tempdir().unwrap();
        let out = t.path().join("site");
        let (d, built) = tebiki::commands::build(&repo(), Some(&out));
        assert!(
            built.is_some(),
            "bundled build failed:\n{}",
            d.render(&repo())
        );
        t
    })
    .path()
    .join("site")
    .leak()
}

/// Asserts one error at `file:line` whose message contains `needle`.
pub fn assert_error(diags: &[tebiki::diag::Diagnostic], file: &str, line: usize, needle: &str) {
    let found = diags.iter().any(|d| {
        d.file == Path::new(file)
            && d.pos.map(|p| p.line) == Some(line)
            && d.message.contains(needle)
    });
    assert!(
        found,
        "expected an error at {file}:{line} containing {needle:?}, got:\n{diags:#?}"
    );
}

/// Runs `tests/browser/<script>` with node and returns the JSON lines it
/// prints (one per page, query or file checked).
pub fn node_json<S: AsRef<std::ffi::OsStr>>(
    script: &str,
    args: impl IntoIterator<Item = S>,
) -> Vec<serde_json::Value> {
    let dir = repo().join("tests/browser");
    assert!(
        dir.join("node_modules/playwright-core").is_dir(),
        "run `npm install --prefix tests/browser` (.ci/run does)"
    );
    let out = std::process::Command::new("node")
        .arg(dir.join(script))
        .args(args)
        .output()
        .expect("node is needed for this test");
    assert!(
        out.status.success(),
        "{script}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Runs an outside checker (qpdf, pdftotext, python3 …) and returns its
/// output. A missing tool fails the test: the `checkers` feature promises
/// they are installed (`.ci/run` installs them).
pub fn tool(cmd: &str, args: &[&str]) -> std::process::Output {
    let out = std::process::Command::new(cmd)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{cmd} is needed for this test ({e}); .ci/run installs it"));
    assert!(
        out.status.success(),
        "{cmd} {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Runs git in `dir` as the 事務局 (no signing), asserting it succeeds;
/// returns its output.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new("git")
        .args([
            "-c",
            "user.name=事務局",
            "-c",
            "user.email=office@example.jp",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}
