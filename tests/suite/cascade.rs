//! One cause, one message (issue 12, item 5): a file that cannot be loaded
//! is reported once, and nothing that points at it adds a message of its
//! own; messages fit the command that prints them.

use std::path::Path;
use std::process::Command;

use crate::common::{Project, REGION};

/// A second region whose page links into `demo` and whose forms list is
/// normal, so that only `demo`'s own problems should be reported.
fn with_neighbour() -> Project {
    let p = Project::new();
    p.write(
        "content/other/region.yaml",
        &REGION
            .replace("id: demo", "id: other")
            .replace("デモ地域ネット", "ほか地域ネット"),
    );
    p.write(
        "content/other/links.md",
        "---\ntitle: リンク\n---\n[デモの第1条](../demo/intro.md#第1条目的)と[様式](../demo/forms.md#form-apply)。\n",
    );
    p.write(
        "forms/demo/apply.yaml",
        "number: 様式1\ntitle: 申込書\npurpose: 申し込む。\nkind: application\nblocks:\n  - field: {id: name, label: 氏名}\n",
    );
    p
}

fn errors(p: &Project) -> Vec<tebiki::diag::Diagnostic> {
    p.check()
        .into_iter()
        .filter(|d| d.severity == tebiki::diag::Severity::Error)
        .collect()
}

#[test]
fn a_broken_region_yaml_is_one_message_not_one_per_page_and_form() {
    let p = with_neighbour();
    p.write(
        "content/demo/region.yaml",
        &REGION.replace("  - デモ市", "  - [デモ市"),
    );
    let e = errors(&p);
    assert_eq!(e.len(), 1, "{e:#?}");
    assert_eq!(e[0].file, Path::new("content/demo/region.yaml"));
    // It says, once, what was not checked because of it.
    let all = p.check();
    assert!(
        all.iter()
            .any(|d| d.message.contains("region.yaml を直すまで確かめていません")),
        "{all:#?}"
    );
}

#[test]
fn a_broken_form_is_one_message_not_also_a_missing_form() {
    let p = with_neighbour();
    p.write(
        "content/demo/region.yaml",
        &format!("{REGION}forms: [apply]\n"),
    );
    p.write(
        "content/demo/intro.md",
        &format!(
            "{}\n{{{{ form_link(form=\"apply\") }}}}\n",
            crate::common::PAGE
        ),
    );
    p.write(
        "forms/demo/apply.yaml",
        "number: 様式1\ntitle: 申込書\npurpose: 申し込む。\nkind: aplication\nblocks: []\n",
    );
    let e = errors(&p);
    assert_eq!(e.len(), 1, "{e:#?}");
    assert_eq!(e[0].file, Path::new("forms/demo/apply.yaml"));
    assert!(e[0].message.contains("aplication"), "{e:#?}");
}

#[test]
fn a_broken_list_or_topics_file_is_one_message() {
    let p = with_neighbour();
    p.write(
        "content/lists/jobs.yaml",
        "title: 職種\nentries: [{id: a, labl: 医師}]\n",
    );
    p.write(
        "forms/demo/apply.yaml",
        "number: 様式1\ntitle: 申込書\npurpose: 申し込む。\nkind: application\nblocks:\n  - choice: {id: job, label: 職種, list: jobs, style: combo}\n",
    );
    let e = errors(&p);
    assert_eq!(e.len(), 1, "{e:#?}");
    assert_eq!(e[0].file, Path::new("content/lists/jobs.yaml"));

    let p = with_neighbour();
    p.write(
        "content/topics.yaml",
        "topics:\n  - {id: password, labl: パスワード}\n",
    );
    let e = errors(&p);
    assert_eq!(e.len(), 1, "{e:#?}");
    assert_eq!(e[0].file, Path::new("content/topics.yaml"));
}

#[test]
fn a_broken_form_anchor_gets_the_hint_for_form_anchors() {
    let p = with_neighbour();
    p.write(
        "content/other/links.md",
        "---\ntitle: リンク\n---\n[様式](../demo/forms.md#form-aply)\n",
    );
    let e = errors(&p);
    assert_eq!(e.len(), 1, "{e:#?}");
    let hints = e[0].hints.join("\n");
    assert!(hints.contains("#form-apply"), "{hints}");
    assert!(!hints.contains("見出しの文字"), "{hints}");
}

fn tebiki(dir: &Path, args: &[&str]) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_tebiki"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn run_from_a_subfolder_the_project_is_found() {
    let p = Project::new();
    let (code, said) = tebiki(&p.root().join("content/demo"), &["check"]);
    assert_eq!(code, Some(0), "{said}");
    let outside = tempfile::tempdir().unwrap();
    let (code, said) = tebiki(outside.path(), &["check"]);
    assert_eq!(code, Some(1));
    assert_eq!(said.matches("エラー:").count(), 1, "{said}");
    assert!(said.contains("tebiki.yaml が見つかりません"), "{said}");
}

#[test]
fn check_does_not_talk_about_an_output_it_never_writes() {
    let p = Project::new();
    p.write(
        "content/demo/region.yaml",
        &REGION.replace("  tel: 0594", "  tell: 0594"),
    );
    let (code, said) = tebiki(p.root(), &["check"]);
    assert_eq!(code, Some(1));
    assert!(!said.contains("出力先"), "{said}");
    let (code, said) = tebiki(p.root(), &["build"]);
    assert_eq!(code, Some(1));
    assert!(said.contains("出力先は前のまま"), "{said}");
}

#[test]
fn a_page_that_does_not_load_does_not_make_its_rules_unused() {
    let p = Project::new();
    // The only page showing the rule has a bad date in its front matter.
    p.write(
        "content/demo/intro.md",
        &crate::common::PAGE.replace("order: 1", "order: 1\nupdated: 令和6年13月1日"),
    );
    let all = p.check();
    assert_eq!(all.len(), 1, "{all:#?}");
    assert!(all[0].message.contains("13"), "{all:#?}");
    assert_eq!(all[0].file, Path::new("content/demo/intro.md"));
}
