//! `tebiki build`: safe output, determinism, values flowing from data.

use crate::common::{Project, files};

#[test]
fn two_builds_are_byte_identical() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    // Without the cache, so that both builds really typeset every PDF.
    for t in [&a, &b] {
        let (d, built) =
            tebiki::commands::build_uncached(&crate::common::repo(), Some(&t.path().join("o")));
        assert!(built.is_some(), "{}", d.render(&crate::common::repo()));
    }
    let (fa, fb) = (files(&a.path().join("o")), files(&b.path().join("o")));
    assert_eq!(fa, fb);
    assert!(fa.len() > 40);
    for f in &fa {
        let x = std::fs::read(a.path().join("o").join(f)).unwrap();
        let y = std::fs::read(b.path().join("o").join(f)).unwrap();
        assert!(x == y, "{} differs between builds", f.display());
    }
}

#[test]
fn a_failed_build_leaves_the_previous_output_whole() {
    let p = Project::new();
    let (d, ok) = p.build();
    assert!(ok, "{d:#?}");
    let before = p.read("output/demo/intro.html");
    let listing = files(&p.root().join("output"));
    p.write(
        "content/demo/region.yaml",
        &crate::common::REGION.replace("  tel: 0594", "  tell: 0594"),
    );
    let (d, ok) = p.build();
    assert!(!ok && !d.is_empty());
    assert_eq!(p.read("output/demo/intro.html"), before);
    assert_eq!(files(&p.root().join("output")), listing);
    // No staging folder is left behind.
    let names: Vec<_> = std::fs::read_dir(p.root())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(
        !names
            .iter()
            .any(|n| n.to_string_lossy().contains("tebiki-new")),
        "{names:?}"
    );
}

#[test]
fn a_render_error_also_leaves_the_previous_output_whole() {
    let p = Project::new();
    assert!(p.build().1);
    let before = p.read("output/demo/intro.html");
    p.write(
        "content/demo/intro.md",
        "---\ntitle: はじめに\n---\n{{ rule(id=\"nope\") }}\n",
    );
    assert!(!p.build().1);
    assert_eq!(p.read("output/demo/intro.html"), before);
}

#[test]
fn a_page_changes_when_its_region_value_changes() {
    let p = Project::new();
    assert!(p.build().1);
    assert!(p.read("output/demo/intro.html").contains("0594-72-6050"));
    p.write(
        "content/demo/region.yaml",
        &crate::common::REGION.replace("0594-72-6050", "0594-00-1234"),
    );
    assert!(p.build().1);
    let page = p.read("output/demo/intro.html");
    assert!(page.contains("0594-00-1234") && !page.contains("0594-72-6050"));
    assert!(p.read("output/demo/contact.html").contains("0594-00-1234"));
}

#[test]
fn the_output_folder_is_refused_when_it_is_not_ours() {
    let p = Project::new();
    // The project root itself.
    let (d, built) = tebiki::commands::build(p.root(), Some(p.root()));
    assert!(built.is_none() && d.has_errors());
    // A folder with the user's own files.
    p.write("mine/notes.txt", "大事なメモ");
    let (_, built) = tebiki::commands::build(p.root(), Some(&p.root().join("mine")));
    assert!(built.is_none());
    assert_eq!(p.read("mine/notes.txt"), "大事なメモ");
}

#[test]
fn values_print_literally_and_never_become_markup() {
    let p = Project::new();
    p.write(
        "content/demo/region.yaml",
        &crate::common::REGION.replace(
            "name: デモ地域ネット",
            "name: \"<script>alert(1)</script> *強調* {{ config }}\"",
        ),
    );
    p.write(
        "content/demo/intro.md",
        "---\ntitle: はじめに\n---\n名称: {{ region.name }}\n",
    );
    let (d, ok) = p.build();
    assert!(ok, "{d:#?}");
    let page = p.read("output/demo/intro.html");
    assert!(!page.contains("<script>"), "{page}");
    assert!(page.contains("&lt;script&gt;"), "{page}");
    assert!(!page.contains("<em>強調</em>"), "{page}");
    assert!(page.contains("{{ config }}"), "{page}");
}

#[test]
fn a_second_build_of_the_same_sources_is_skipped_and_a_change_is_not() {
    let p = Project::new();
    let (_, first) = tebiki::commands::build(p.root(), None);
    assert!(!first.unwrap().unchanged);
    let (_, second) = tebiki::commands::build(p.root(), None);
    assert!(second.unwrap().unchanged, "nothing changed, nothing to do");
    p.write(
        "content/demo/intro.md",
        &crate::common::PAGE.replace("問い合わせは", "お問い合わせは"),
    );
    let (_, third) = tebiki::commands::build(p.root(), None);
    assert!(!third.unwrap().unchanged);
    assert!(p.read("output/demo/intro.html").contains("お問い合わせは"));
    // tebiki clean removes the cache and the output.
    assert!(p.root().join(".tebiki-cache").is_dir());
    assert!(!tebiki::commands::clean(p.root()).has_errors());
    assert!(!p.root().join(".tebiki-cache").exists() && !p.root().join("output").exists());
}

#[test]
fn a_skipped_build_says_its_warnings_again_and_leaves_files_alone() {
    let p = Project::new();
    // A warning: a placeholder left in a page.
    p.write(
        "content/demo/intro.md",
        &crate::common::PAGE.replace("問い合わせは", "〇〇の問い合わせは"),
    );
    let (d1, first) = tebiki::commands::build(p.root(), None);
    let first = first.unwrap();
    assert!(!first.unchanged && first.changed.len() == first.files);
    assert_eq!(d1.warning_count(), 1, "{}", d1.render(p.root()));
    let (d2, second) = tebiki::commands::build(p.root(), None);
    assert!(second.unwrap().unchanged);
    assert_eq!(d2.sorted(), d1.sorted(), "the same warnings, not silence");
    // A change rewrites only the files it changes.
    let mtime = |rel: &str| {
        std::fs::metadata(p.root().join("output").join(rel))
            .unwrap()
            .modified()
            .unwrap()
    };
    let before = mtime("demo/contact.html");
    std::thread::sleep(std::time::Duration::from_millis(20));
    p.write(
        "content/demo/intro.md",
        &crate::common::PAGE.replace("問い合わせは", "お問い合わせは"),
    );
    let (d3, third) = tebiki::commands::build(p.root(), None);
    let third = third.unwrap();
    assert_eq!(d3.warning_count(), 0);
    assert!(
        third.changed.len() < third.files / 2,
        "{:?} of {}",
        third.changed,
        third.files
    );
    assert_eq!(
        mtime("demo/contact.html"),
        before,
        "an unchanged page is left alone"
    );
}

#[test]
fn pages_format_dates_in_wareki() {
    let p = Project::new();
    p.write("content/demo/intro.md", "---\ntitle: はじめに\n---\n施行日: {{ \"2019-05-01\" | wareki }}、{{ \"R3.3.1\" | wareki(seireki=true) }}\n");
    let (d, ok) = p.build();
    assert!(ok, "{d:#?}");
    let page = p.read("output/demo/intro.html");
    assert!(
        page.contains("施行日: 令和元年5月1日、令和3年3月1日（2021年3月1日）"),
        "{page}"
    );
}

#[test]
fn only_the_site_or_only_the_forms() {
    let p = Project::new();
    p.write("forms/demo/f.yaml", "number: 様式1\ntitle: 申込書\npurpose: 申し込む。\nkind: application\nblocks:\n  - field: {id: name, label: 氏名}\n");
    let site = tebiki::commands::Options {
        only: tebiki::render::Only::Site,
        ..Default::default()
    };
    let (d, built) = tebiki::commands::build_with(p.root(), Some(&p.root().join("site")), &site);
    assert!(built.is_some(), "{d:#?}");
    let written = files(&p.root().join("site"));
    assert!(written.iter().any(|f| f.ends_with("demo/intro.html")));
    assert!(
        !written
            .iter()
            .any(|f| f.extension().is_some_and(|e| e == "pdf")),
        "{written:?}"
    );
    let forms = tebiki::commands::Options {
        only: tebiki::render::Only::Forms,
        ..Default::default()
    };
    let (_, built) =
        tebiki::commands::build_with(p.root(), Some(&p.root().join("only-forms")), &forms);
    assert!(built.is_some());
    let written = files(&p.root().join("only-forms"));
    assert!(written.iter().any(|f| f.ends_with("demo/forms/f.pdf")));
    assert!(
        !written
            .iter()
            .any(|f| f.extension().is_some_and(|e| e == "html")),
        "{written:?}"
    );
}

/// `--only site` after a full build keeps the form PDFs and booklets as
/// they were, and `--only forms` the pages: a partial build never leaves
/// the forms page linking to files that are gone.
#[test]
fn a_partial_build_keeps_the_other_half() {
    let p = Project::new();
    p.write("forms/demo/f.yaml", "number: 様式1\ntitle: 申込書\npurpose: 申し込む。\nkind: application\nblocks:\n  - field: {id: name, label: 氏名}\n");
    let (d, ok) = p.build();
    assert!(ok, "{d:#?}");
    let before = files(&p.root().join("output"));
    let pdf = std::fs::read(p.root().join("output/demo/forms/f.pdf")).unwrap();
    for only in [tebiki::render::Only::Site, tebiki::render::Only::Forms] {
        p.write(
            "content/demo/intro.md",
            &crate::common::PAGE.replace("問い合わせは", &format!("{only:?} の後、問い合わせは")),
        );
        let opts = tebiki::commands::Options {
            only,
            ..Default::default()
        };
        let (d, built) = tebiki::commands::build_with(p.root(), None, &opts);
        assert!(built.is_some(), "{d:#?}");
        assert_eq!(files(&p.root().join("output")), before, "{only:?}");
        assert_eq!(
            std::fs::read(p.root().join("output/demo/forms/f.pdf")).unwrap(),
            pdf
        );
    }
    // The site half was rebuilt by --only site, and kept by --only forms.
    assert!(p.read("output/demo/intro.html").contains("Site の後"));
}
