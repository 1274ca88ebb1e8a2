//! `tebiki new`: a project started with nothing but the binary, and the
//! starters an author fills in. Everything a starter leaves as an example
//! is a 〇〇 that `check` points at, so an unchanged starter is never
//! published as another network's rules.

use std::process::Command;

use tebiki::commands::new::{self, PageStarter};
use tebiki::diag::Severity;

fn tebiki(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_tebiki"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

#[test]
fn a_new_project_has_what_a_build_needs_and_its_starters_are_all_flagged() {
    let t = tempfile::tempdir().unwrap();
    let out = tebiki(
        t.path(),
        &[
            "new",
            "project",
            "minato",
            "--title",
            "みなと市 利用の手引き",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let root = t.path().join("minato");
    for f in [
        "tebiki.yaml",
        "content/topics.yaml",
        "content/synonyms.yaml",
        "content/lists/professions.yaml",
        "themes/default/templates/base.html",
        "themes/default/fonts/LICENSE-IPAexfont.txt",
        "schemas/region.schema.json",
        ".vscode/settings.json",
    ] {
        assert!(root.join(f).is_file(), "{f}");
    }
    assert!(
        std::fs::read_to_string(root.join("tebiki.yaml"))
            .unwrap()
            .contains("title: \"みなと市 利用の手引き\"")
    );
    // The theme is the one this tebiki was built with.
    assert_eq!(
        std::fs::read(root.join("themes/default/static/style.css")).unwrap(),
        std::fs::read(crate::common::repo().join("themes/default/static/style.css")).unwrap()
    );

    let (d, written) = new::region(
        &root,
        "minato",
        Some("みなと市在宅医療介護連携ネットワーク"),
    );
    assert!(!d.has_errors() && !written.is_empty());
    let (d, _) = new::page(&root, "minato/qa", Some("質疑応答集"), PageStarter::Qa);
    assert!(!d.has_errors());
    let diags = tebiki::commands::check(&root).sorted();
    let errors: Vec<_> = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert!(errors.is_empty(), "a starter is not an error: {errors:#?}");
    // Every example that would print as the region's own is flagged.
    let flagged = |file: &str, key: &str| {
        diags.iter().any(|d| {
            d.file.to_string_lossy() == file
                && d.message.contains("〇〇")
                && d.message.contains(key)
        })
    };
    assert!(flagged("forms/minato/consent.yaml", "`number`"));
    assert!(flagged("forms/minato/consent.yaml", "`submit_to`"));
    assert!(flagged("forms/minato/pledge.yaml", "`number`"));
    assert!(
        flagged("content/minato/region.yaml", "`text`"),
        "the example rules"
    );
    assert!(flagged("content/minato/region.yaml", "`tel`"));
    assert!(
        diags
            .iter()
            .any(|d| d.file.to_string_lossy() == "content/minato/qa.md")
    );
    // Nothing but placeholders: one cause, one message.
    assert!(
        diags.iter().all(|d| d.message.contains("〇〇")),
        "{:#?}",
        diags
            .iter()
            .filter(|d| !d.message.contains("〇〇"))
            .collect::<Vec<_>>()
    );
    // And it builds: the author sees the site before filling it in.
    let (d, built) = tebiki::commands::build(&root, None);
    assert!(built.is_some(), "{}", d.render(&root));
    let qa = std::fs::read_to_string(root.join("output/minato/qa.html")).unwrap();
    assert!(qa.contains(r#"id="問1""#), "{qa}");
}

#[test]
fn a_project_is_not_made_over_another() {
    let t = tempfile::tempdir().unwrap();
    assert!(tebiki(t.path(), &["new", "project", "p"]).status.success());
    let before = std::fs::read(t.path().join("p/tebiki.yaml")).unwrap();
    let again = tebiki(t.path(), &["new", "project", "p"]);
    assert!(!again.status.success());
    let err = String::from_utf8_lossy(&again.stderr);
    assert_eq!(
        err.matches("エラー").count(),
        2,
        "one error and the count: {err}"
    );
    assert!(err.contains("もうプロジェクトがあります"), "{err}");
    assert_eq!(
        std::fs::read(t.path().join("p/tebiki.yaml")).unwrap(),
        before
    );
}
