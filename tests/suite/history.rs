//! 新旧対照表 between git revisions, on temporary repositories with real
//! edits; 改正履歴 pages in 和暦.

use std::process::Command;

use crate::common::{Project, git};
use tebiki::compare::{self, RowKind};
use tebiki::render::shinkyu::Options;

const POLICY_V1: &str = "---
title: 運用ポリシー
kind: policy
order: 2
---
## 第1条（目的） {#purpose}

この規程は、デモ地域ネットの運用について定める。

## 第2条（利用者） {#users}

利用者は、医療・介護関係者とする。

## 第3条（届出） {#notice}

利用者は、登録内容に変更があったときは、速やかに事務局に届け出る。

## 第4条（退会） {#withdrawal}

利用者は、退会届を提出して退会できる。

## 附則 {#supplementary}

{{ revisions() }}
";

fn region_with(date: &str) -> String {
    crate::common::REGION.to_string()
        + &format!(
            "revisions:\n  - date: {date}\n    kind: enacted\n    summary: この規程は、{{date}}から施行する。\n"
        )
}

/// A project in a git repository with tags v1 … v5, one edit each.
fn repo() -> Project {
    let p = Project::new();
    p.write("content/demo/policy.md", POLICY_V1);
    p.write("content/demo/region.yaml", &region_with("令和2年4月1日"));
    p.write(".gitignore", "output/\n");
    git(p.root(), &["init", "-q"]);
    let commit = |tag: &str| {
        git(p.root(), &["add", "-A"]);
        git(p.root(), &["commit", "-q", "-m", tag]);
        git(p.root(), &["tag", tag]);
    };
    commit("v1");
    // v2: a phrase inside 第3条.
    p.write(
        "content/demo/policy.md",
        &POLICY_V1.replace("速やかに", "直ちに"),
    );
    commit("v2");
    // v3: a new 第4条, the following article renumbered (繰下げ).
    let v3 = POLICY_V1.replace("速やかに", "直ちに").replace(
        "## 第4条（退会） {#withdrawal}",
        "## 第4条（研修） {#training}\n\n利用者は、年1回の研修を受ける。\n\n## 第5条（退会） {#withdrawal}",
    );
    p.write("content/demo/policy.md", &v3);
    commit("v3");
    // v4: 第2条 deleted.
    let v4 = v3.replace(
        "## 第2条（利用者） {#users}\n\n利用者は、医療・介護関係者とする。\n\n",
        "",
    );
    p.write("content/demo/policy.md", &v4);
    commit("v4");
    // v5: the 附則 date changed in region.yaml.
    p.write("content/demo/region.yaml", &region_with("令和2年5月1日"));
    commit("v5");
    p
}

fn rows(p: &Project, a: &str, b: &str) -> Vec<compare::Row> {
    let tables = tebiki::commands::shinkyu_tables(p.root(), a, Some(b), &Options::default())
        .unwrap_or_else(|e| panic!("{e:#?}"));
    assert_eq!(tables.len(), 1, "one page changed");
    tables.into_iter().next().unwrap().rows
}

fn marked(side: &[Vec<compare::Span>]) -> String {
    side.iter()
        .flatten()
        .filter(|s| s.changed)
        .map(|s| s.text.as_str())
        .collect()
}

#[test]
fn a_changed_phrase_is_underlined_on_both_sides() {
    let p = repo();
    let rows = rows(&p, "v1", "v2");
    let notice = rows.iter().find(|r| r.id == "notice").unwrap();
    assert_eq!(notice.kind, RowKind::Changed);
    assert_eq!(marked(&notice.new), "直ち");
    assert_eq!(marked(&notice.old), "速やか");
    assert!(
        rows.iter()
            .filter(|r| r.id != "notice")
            .all(|r| r.kind == RowKind::Unchanged)
    );
}

#[test]
fn an_inserted_article_is_new_and_the_next_is_renumbered() {
    let p = repo();
    let rows = rows(&p, "v2", "v3");
    let kinds: Vec<(&str, RowKind)> = rows.iter().map(|r| (r.id.as_str(), r.kind)).collect();
    assert_eq!(
        kinds,
        [
            ("purpose", RowKind::Unchanged),
            ("users", RowKind::Unchanged),
            ("notice", RowKind::Unchanged),
            ("training", RowKind::Added),
            ("withdrawal", RowKind::Changed),
            ("supplementary", RowKind::Unchanged),
        ]
    );
    let w = &rows[4];
    assert_eq!(marked(&w.new), "5");
    assert_eq!(marked(&w.old), "4");
    assert!(rows[3].old.is_empty());
}

#[test]
fn a_deleted_article_is_shown_where_it_stood() {
    let p = repo();
    let rows = rows(&p, "v3", "v4");
    let users = rows.iter().position(|r| r.id == "users").unwrap();
    assert_eq!(rows[users].kind, RowKind::Removed);
    assert_eq!(rows[users - 1].id, "purpose");
    assert!(rows[users].new.is_empty());
}

#[test]
fn a_changed_supplementary_date_shows_in_wareki() {
    let p = repo();
    let rows = rows(&p, "v4", "v5");
    let s = rows.iter().find(|r| r.id == "supplementary").unwrap();
    assert_eq!(s.kind, RowKind::Changed);
    let new: String = s.new.iter().flatten().map(|x| x.text.as_str()).collect();
    assert!(new.contains("令和2年5月1日から施行する"), "{new}");
    assert_eq!(marked(&s.new), "5");
}

#[test]
fn the_command_writes_html_and_pdf_and_leaves_the_work_tree_alone() {
    let p = repo();
    // An uncommitted edit in the working tree, which must survive.
    p.write(
        "content/demo/policy.md",
        &p.read("content/demo/policy.md").replace("年1回", "年2回"),
    );
    let status_before = git(p.root(), &["status", "--porcelain"]);
    let out = tempfile::tempdir().unwrap();
    let result = Command::new(env!("CARGO_BIN_EXE_tebiki"))
        .args(["diff", "v1", "v3", "--root"])
        .arg(p.root())
        .arg("--out")
        .arg(out.path())
        .output()
        .unwrap();
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    assert_eq!(git(p.root(), &["status", "--porcelain"]), status_before);
    assert!(p.read("content/demo/policy.md").contains("年2回"));

    let html = std::fs::read_to_string(out.path().join("demo/policy.html")).unwrap();
    assert!(html.contains("（傍線部分は改正部分）"));
    assert!(html.contains("<th scope=\"col\">改正後</th><th scope=\"col\">改正前</th>"));
    assert!(html.contains("（新設）"));
    assert!(
        html.contains("<span class=\"changed\">直ち</span>"),
        "{html}"
    );
    assert!(html.contains("<span class=\"changed\">速やか</span>"));
}

#[test]
fn a_missing_revision_is_refused_clearly() {
    let p = repo();
    let status_before = git(p.root(), &["status", "--porcelain"]);
    let (d, written) = tebiki::commands::diff(
        p.root(),
        "v9",
        None,
        &Options::default(),
        &p.root().join("x"),
    );
    assert!(d.has_errors() && written.is_empty());
    let msg = &d.sorted()[0].message;
    assert!(msg.contains("リビジョン「v9」が見つかりません"), "{msg}");
    assert_eq!(git(p.root(), &["status", "--porcelain"]), status_before);
}

#[test]
fn history_pages_show_revisions_in_wareki() {
    let out = crate::common::bundled_output();
    for (region, want) in [
        ("osaki", ["平成30年9月6日", "令和3年3月1日"].as_slice()),
        ("matsubara", ["令和2年4月1日"].as_slice()),
        (
            "koganei",
            ["平成28年2月1日", "平成30年9月11日", "令和4年3月2日"].as_slice(),
        ),
    ] {
        let html = std::fs::read_to_string(out.join(format!("{region}/history.html"))).unwrap();
        for w in want {
            assert!(html.contains(w), "{region}: {w} missing");
        }
        assert!(
            html.contains("現行"),
            "{region}: current version not marked"
        );
    }
    let koganei = std::fs::read_to_string(out.join("koganei/history.html")).unwrap();
    let (a, b) = (
        koganei.find("令和4年3月2日").unwrap(),
        koganei.find("平成28年2月1日").unwrap(),
    );
    assert!(a < b, "newest first");
}

#[test]
fn the_build_links_the_table_between_consecutive_revisions_with_refs() {
    let p = repo();
    p.write(
        "content/demo/region.yaml",
        &(crate::common::REGION.to_string()
            + "revisions:\n  - {date: 令和2年4月1日, kind: enacted, git_ref: v1, summary: \"この規程は、{date}から施行する。\"}\n  - {date: 令和3年4月1日, kind: partly_revised, git_ref: v2}\n"),
    );
    let (d, ok) = p.build();
    assert!(ok, "{d:#?}");
    let page = p.read("output/demo/history.html");
    assert!(
        page.contains("href=\"history/v1..v2/policy.html\""),
        "{page}"
    );
    assert!(page.contains("令和3年4月1日（2021年4月1日）"));
    let table = p.read("output/demo/history/v1..v2/policy.html");
    assert!(table.contains("<span class=\"changed\">直ち</span>"));
    assert!(
        p.root()
            .join("output/demo/history/v1..v2/policy.pdf")
            .is_file()
    );
}

/// The PDF read by poppler.
#[cfg(feature = "checkers")]
mod checked {
    use super::*;
    use crate::common::tool;

    #[test]
    fn the_command_writes_the_table_as_pdf() {
        let p = repo();
        let out = tempfile::tempdir().unwrap();
        let (d, _) =
            tebiki::commands::diff(p.root(), "v1", Some("v3"), &Options::default(), out.path());
        assert!(!d.has_errors(), "{}", d.render(p.root()));
        let pdf = out.path().join("demo/policy.pdf");
        let text = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
        // Cells wrap, and poppler puts spaces between digits and kanji.
        let text: String = String::from_utf8(text.stdout)
            .unwrap()
            .split_whitespace()
            .collect();
        for want in [
            "新旧対照表",
            "改正後",
            "改正前",
            "直ちに事務局に届け出る",
            "速やかに事務局に届け出る",
            "（新設）",
            "第5条（退会）",
            "第4条（退会）",
        ] {
            assert!(text.contains(want), "{want} not in the PDF:\n{text}");
        }
        // Header: the region and both dates in 和暦 (the commits' dates).
        assert!(
            text.contains("デモ地域ネット") && text.contains("令和"),
            "{text}"
        );
    }
}

/// 附則 as Japanese rules print them: one block per revision, the first
/// 「附　則」, later ones 「附　則（日付 一部改正）」, the sentence and what
/// changed; dates in the digits the source wrote.
#[test]
fn revisions_with_headings_print_one_supplementary_block_each() {
    let p = Project::new();
    p.write(
        "content/demo/region.yaml",
        &format!(
            "{}revisions:\n  - date: 令和４年４月１日\n    kind: enacted\n    summary: この規約は、{{date}}から施行する。\n  - date: 令和６年10月１日\n    kind: partly_revised\n    summary: この規約は、{{date}}から施行する。\n    changes: 第６条のガイドラインの名称を改め、第７条第４号を加えた。\n",
            crate::common::REGION
        ),
    );
    p.write(
        "content/demo/policy.md",
        "---\ntitle: 運用規約\norder: 2\n---\n## 第1条（目的）\n\n目的を定める。\n\n{{ revisions(heading=true) }}\n",
    );
    let (diags, ok) = p.build();
    assert!(ok, "{diags:#?}");
    let html = p.read("output/demo/policy.html");
    for want in [
        "<h2>附　則</h2>\n<p>この規約は、令和４年４月１日から施行する。</p>",
        "<h2>附　則（令和６年10月１日一部改正）</h2>\n<p>この規約は、令和６年10月１日から施行する。</p>",
        "<p>（改正内容：第６条のガイドラインの名称を改め、第７条第４号を加えた。）</p>",
    ] {
        assert!(html.contains(want), "{want}\n{html}");
    }
    // A quoted value is a mistake the author is told about.
    p.write(
        "content/demo/policy.md",
        "---\ntitle: 運用規約\norder: 2\n---\n{{ revisions(heading=\"はい\") }}\n",
    );
    let diags = p.check();
    assert!(
        diags
            .iter()
            .any(|d| d.message.contains("heading には true か false")),
        "{diags:#?}"
    );
}
