//! Rebuilds that do only what a change needs (issue 16) give the same
//! bytes as a build from nothing: after each kind of change, the output a
//! rebuild leaves equals a fresh build's, and serve's quick path for an
//! edited page writes exactly the pages a full build would.

use std::path::Path;

use crate::common::{Project, files};

/// Every file of `a` and `b` (but the build marker) with the same bytes.
fn assert_same_tree(a: &Path, b: &Path) {
    let fa: Vec<_> = files(a)
        .into_iter()
        .filter(|f| f != Path::new(".tebiki-output"))
        .collect();
    let fb: Vec<_> = files(b)
        .into_iter()
        .filter(|f| f != Path::new(".tebiki-output"))
        .collect();
    assert_eq!(fa, fb, "the same files");
    for f in fa {
        assert!(
            std::fs::read(a.join(&f)).unwrap() == std::fs::read(b.join(&f)).unwrap(),
            "{} differs",
            f.display()
        );
    }
}

/// Builds `p`; fails the test, showing what was said, when the build did
/// not finish.
fn build_ok(p: &Project) -> (tebiki::diag::Diagnostics, tebiki::commands::Built) {
    let (d, built) = tebiki::commands::build(p.root(), None);
    let built = built.unwrap_or_else(|| panic!("{}", d.render(p.root())));
    (d, built)
}

fn project() -> Project {
    let p = Project::new();
    p.write(
        "forms/demo/apply.yaml",
        "number: 様式1\ntitle: 申込書\npurpose: 申し込む。\nkind: application\nblocks:\n  - field: {id: name, label: 氏名}\n",
    );
    p.write(
        "content/lists/jobs.yaml",
        "title: 職種\nentries:\n  - {id: doctor, label: 医師}\n  - {id: nurse, label: 看護師}\n",
    );
    p.write(
        "content/demo/second.md",
        "---\ntitle: 二つ目\norder: 2\n---\n{{ list_table(list=\"jobs\") }}\n\n[はじめに](intro.md)\n",
    );
    p
}

/// A second region, with a form and a page linking into `demo`: a change
/// to `demo` alone leaves it as it was (see `render::reuse`).
fn add_other(p: &Project) {
    p.write(
        "content/other/region.yaml",
        &crate::common::REGION
            .replace("id: demo", "id: other")
            .replace("デモ地域ネット", "ほか地域ネット")
            .replace("0594-72-6050", "0594-72-7000"),
    );
    p.write("content/other/intro.md", crate::common::PAGE);
    p.write(
        "content/other/links.md",
        "---\ntitle: 隣の手引き\norder: 2\n---\n[デモの第1条](../demo/intro.md#第1条)を見てください。\n",
    );
    p.write(
        "forms/other/apply.yaml",
        &p.read("forms/demo/apply.yaml")
            .replace("申込書", "ほかの申込書"),
    );
}

#[test]
fn a_rebuild_after_each_kind_of_change_equals_a_fresh_build() {
    let p = project();
    add_other(&p);
    let (d, _) = build_ok(&p);
    assert!(d.sorted().is_empty(), "{}", d.render(p.root()));
    // Each change, how many regions it leaves as they were, and how it is
    // made: a change to demo's files leaves `other`; a shared file
    // changes both.
    type Change<'a> = (&'a str, usize, &'a dyn Fn(&Project));
    let changes: [Change; 7] = [
        ("page text", 1, &|p| {
            p.replace("content/demo/second.md", "[はじめに]", "[最初のページ]")
        }),
        ("page title", 1, &|p| {
            p.replace(
                "content/demo/second.md",
                "title: 二つ目",
                "title: 二番目のページ",
            )
        }),
        ("region.yaml value", 1, &|p| {
            p.replace("content/demo/region.yaml", "0594-72-6050", "0594-72-6051")
        }),
        ("list entry", 0, &|p| {
            p.replace("content/lists/jobs.yaml", "看護師", "薬剤師")
        }),
        ("template", 0, &|p| {
            p.replace(
                "themes/default/templates/page.html",
                "</article>",
                "</article>\n<p class=\"changed\">変えた</p>",
            )
        }),
        ("form", 1, &|p| {
            p.replace(
                "forms/demo/apply.yaml",
                "title: 申込書",
                "title: 利用申込書",
            )
        }),
        ("page removed", 1, &|p| {
            std::fs::remove_file(p.root().join("content/demo/second.md")).unwrap()
        }),
    ];
    for (kind, reused, change) in changes {
        change(&p);
        let (d, built) = tebiki::commands::build(p.root(), None);
        let built = built.unwrap_or_else(|| panic!("{kind}: {}", d.render(p.root())));
        assert!(!built.changed.is_empty(), "{kind}: something changed");
        assert_eq!(built.reused, reused, "{kind}: regions taken as they were");
        let fresh = tempfile::tempdir().unwrap();
        let (d, again) =
            tebiki::commands::build_uncached(p.root(), Some(&fresh.path().join("out")));
        assert!(again.is_some(), "{}", d.render(p.root()));
        assert_same_tree(&p.root().join("output"), &fresh.path().join("out"));
    }
}

#[test]
fn serves_quick_path_writes_what_a_full_build_would() {
    let p = project();
    add_other(&p);
    let (_, built) = tebiki::commands::build(p.root(), None);
    let ctx = built
        .unwrap()
        .ctx
        .expect("a build that ran keeps its context");
    let out = p.root().join("output");
    let page = p.root().join("content/demo/second.md");
    p.replace("content/demo/second.md", "[はじめに]", "[はじめのページ]");
    let (_, moved) = tebiki::commands::serve::quick(
        &ctx,
        p.root(),
        &out,
        std::slice::from_ref(&page),
        &Default::default(),
    )
    .expect("a page's text alone: the quick path");
    assert!(moved.contains(&"demo/second.html".into()), "{moved:?}");
    assert!(p.read("output/demo/second.html").contains("はじめのページ"));
    // The full build that follows finds those pages as it would make them:
    // it changes only what the quick path leaves (the booklet).
    let (_, built) = tebiki::commands::build(p.root(), None);
    let built = built.unwrap();
    assert_eq!(built.reused, 1, "the region the quick path left");
    assert!(
        built
            .changed
            .iter()
            .all(|f| f.extension().is_none_or(|e| e != "html") && !moved.contains(f)),
        "{:?}",
        built.changed
    );
    let fresh = tempfile::tempdir().unwrap();
    tebiki::commands::build_uncached(p.root(), Some(&fresh.path().join("out")));
    assert_same_tree(&out, &fresh.path().join("out"));

    // A title change is not for the quick path (menus and the top page
    // show it); nor is a page it does not know.
    let ctx = built.ctx.unwrap();
    p.replace("content/demo/second.md", "title: 二つ目", "title: 二番目");
    assert!(
        tebiki::commands::serve::quick(&ctx, p.root(), &out, &[page], &Default::default())
            .is_none()
    );
    p.write("content/demo/third.md", "---\ntitle: 三つ目\n---\n本文\n");
    assert!(
        tebiki::commands::serve::quick(
            &ctx,
            p.root(),
            &out,
            &[p.root().join("content/demo/third.md")],
            &Default::default()
        )
        .is_none()
    );
}

/// A full build the sources outran (serve counted a save while it ran)
/// writes nothing: it would put back a page the quick path had replaced.
#[test]
fn a_build_outrun_by_a_save_writes_nothing() {
    let p = project();
    let (_, built) = tebiki::commands::build(p.root(), None);
    assert!(built.is_some());
    let before = p.read("output/demo/second.html");
    p.replace("content/demo/second.md", "[はじめに]", "[最初]");
    let g = std::sync::Arc::new(tebiki::commands::Generation::default());
    let at = g.now();
    g.seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst); // a save while it ran
    let opts = tebiki::commands::Options {
        generation: Some((g, at)),
        ..Default::default()
    };
    let (_, built) = tebiki::commands::build_with(p.root(), None, &opts);
    assert!(built.unwrap().stale);
    assert_eq!(p.read("output/demo/second.html"), before, "nothing written");
    let leftovers: Vec<_> = std::fs::read_dir(p.root())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains("tebiki-new"))
        .collect();
    assert!(leftovers.is_empty(), "no staging folder left");
}

/// Two regions with the same form (a new region copied from another): the
/// cached PDFs of the first must not stand in for the second's, which carry
/// its own identifier. A cached build equals a build from nothing.
#[test]
fn a_copied_regions_forms_are_its_own_not_the_cached_originals() {
    let p = project();
    build_ok(&p);
    p.write(
        "content/copy/region.yaml",
        &crate::common::REGION.replace("id: demo", "id: copy"),
    );
    p.write("content/copy/intro.md", crate::common::PAGE);
    p.write("forms/copy/apply.yaml", &p.read("forms/demo/apply.yaml"));
    build_ok(&p);
    let fresh = p.root().join("fresh");
    let (d, built) = tebiki::commands::build_uncached(p.root(), Some(&fresh));
    assert!(built.is_some(), "{}", d.render(p.root()));
    assert_same_tree(&p.root().join("output"), &fresh);
}

/// A form, booklet or zip made by this build is linked from the cache, as
/// a cached one is, so the next build sees it unchanged without reading 1 MB twice; an
/// output holding a copy with the same bytes is relinked, not counted as
/// changed.
#[cfg(unix)]
#[test]
fn forms_are_linked_from_the_cache_and_copies_relinked_quietly() {
    use std::os::unix::fs::MetadataExt;
    let p = project();
    build_ok(&p);
    let pdf = p.root().join("output/demo/forms/apply.pdf");
    let links = || std::fs::metadata(&pdf).unwrap().nlink();
    assert_eq!(links(), 2, "the output's PDF is the cache's file");
    let booklet = p.root().join("output/demo/booklet.pdf");
    assert_eq!(
        std::fs::metadata(&booklet).unwrap().nlink(),
        2,
        "so is the booklet"
    );
    let print = p.root().join("output/demo/forms/apply-print.pdf");
    assert_eq!(
        std::fs::metadata(&print).unwrap().nlink(),
        2,
        "the print PDF too"
    );
    let zip = p.root().join("output/demo/forms/demo-forms.zip");
    assert_eq!(std::fs::metadata(&zip).unwrap().nlink(), 2, "and the zip");
    // A copy with the same bytes (as an older tebiki left it).
    let bytes = std::fs::read(&pdf).unwrap();
    std::fs::remove_file(&pdf).unwrap();
    std::fs::write(&pdf, &bytes).unwrap();
    assert_eq!(links(), 1);
    p.replace("content/demo/second.md", "[はじめに]", "[最初]");
    let (_, built) = build_ok(&p);
    assert_eq!(links(), 2, "relinked");
    assert_eq!(std::fs::read(&pdf).unwrap(), bytes);
    assert!(
        !built.changed.iter().any(|f| f.ends_with("apply.pdf")),
        "not counted as changed: {:?}",
        built.changed
    );
}

/// A full build removes the cache entries it did not use, so the cache
/// does not grow with every edit; a partial build, which did not make
/// everything, removes nothing.
#[test]
fn a_full_build_leaves_only_the_cache_entries_it_used() {
    let p = project();
    let entries = |kind: &str| {
        files(&p.root().join(".tebiki-cache").join(kind))
            .into_iter()
            .filter_map(|f| f.parent().map(Path::to_path_buf))
            .collect::<std::collections::BTreeSet<_>>()
    };
    build_ok(&p);
    let (forms, booklets) = (entries("forms"), entries("booklets"));
    assert_eq!(forms.len(), 1, "one form: {forms:?}");
    assert_eq!(booklets.len(), 1, "one booklet: {booklets:?}");

    let retitle = |title: &str| {
        p.replace(
            "forms/demo/apply.yaml",
            "title: 申込書",
            &format!("title: {title}"),
        )
    };
    retitle("利用申込書");
    let site_only = tebiki::commands::Options {
        only: tebiki::render::Only::Site,
        ..Default::default()
    };
    let (d, built) = tebiki::commands::build_with(p.root(), None, &site_only);
    assert!(built.is_some(), "{}", d.render(p.root()));
    assert_eq!(entries("forms"), forms, "a site-only build removes nothing");

    build_ok(&p);
    let now = entries("forms");
    assert_eq!(now.len(), 1, "the old title's form is gone: {now:?}");
    assert_ne!(now, forms);
    assert_eq!(entries("booklets").len(), 1);
    assert_eq!(entries("zips").len(), 1);
}

/// A region taken as it was still has its links checked against the
/// regions that changed, its cached PDFs kept and its warnings said.
#[test]
fn a_region_taken_as_it_was_keeps_its_link_checks_and_its_cache() {
    let p = project();
    add_other(&p);
    build_ok(&p);
    let heading = |from: &str, to: &str| p.replace("content/demo/intro.md", from, to);
    // other's link into demo breaks: found though other is not rendered.
    heading("## 第1条（目的）", "## 第2条（目的）");
    let (d, built) = tebiki::commands::build(p.root(), None);
    assert!(built.is_none());
    let broken: Vec<_> = d
        .sorted()
        .into_iter()
        .filter(|x| x.file.ends_with("content/other/links.md"))
        .collect();
    assert_eq!(broken.len(), 1, "{}", d.render(p.root()));

    heading("## 第2条（目的）", "## 第1条（目的）");
    p.replace("content/demo/intro.md", "へ。", "へどうぞ。");
    let (_, built) = build_ok(&p);
    assert_eq!(built.reused, 1, "other is taken as it was");
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let print = p.root().join("output/other/forms/apply-print.pdf");
        assert_eq!(
            std::fs::metadata(&print).unwrap().nlink(),
            2,
            "other's cached PDF was not pruned"
        );
    }

    // A warning (an empty value) in demo's page: said by every build,
    // whether demo is rendered or taken as it was.
    let reused_and_warnings = || {
        let (d, built) = build_ok(&p);
        (built.reused, d.warning_count())
    };
    p.replace(
        "content/demo/second.md",
        "[はじめに]",
        "{{ region.secretariat.address }} [はじめに]",
    );
    assert_eq!(reused_and_warnings(), (1, 1), "other taken, demo's warning");
    p.replace("content/other/intro.md", "へ。", "へどうぞ。");
    assert_eq!(
        reused_and_warnings(),
        (1, 1),
        "demo taken as it was, its warning said again"
    );
}

/// A region is taken only from an output built from its key (another
/// output folder of the same project holds what it held) and holding all
/// its files.
#[test]
fn regions_are_taken_only_from_an_output_built_from_them() {
    let p = project();
    add_other(&p);
    let a = p.root().join("a");
    let b = p.root().join("b");
    let edit = |from: &str, to: &str| p.replace("content/other/intro.md", from, to);
    let build = |out: &Path| {
        let (d, built) = tebiki::commands::build(p.root(), Some(out));
        built.unwrap_or_else(|| panic!("{}", d.render(p.root())))
    };
    build(&a);
    edit("問い合わせは", "お問い合わせは");
    build(&b);
    // The cache holds other's record for this edit (b was built from it),
    // but `a` still holds other as it was before.
    build(&a);
    let fresh = p.root().join("fresh");
    let (d, built) = tebiki::commands::build_uncached(p.root(), Some(&fresh));
    assert!(built.is_some(), "{}", d.render(p.root()));
    assert_same_tree(&a, &fresh);

    // A file removed from the output since: its region is made again.
    std::fs::remove_file(a.join("other/intro.html")).unwrap();
    p.replace("content/demo/intro.md", "へ。", "へどうぞ。");
    assert_eq!(build(&a).reused, 0);
    assert!(a.join("other/intro.html").is_file());
}

/// A region whose files did not change is read back from the snapshot
/// the last build kept of it (not decoded again), and the warnings its
/// loading gave are said again.
#[test]
fn an_unchanged_region_is_read_back_with_its_loading_warnings() {
    let p = project();
    add_other(&p);
    p.replace(
        "content/other/region.yaml",
        "0594-72-7000",
        "０５９４-72-7000",
    );
    let said = |d: &tebiki::diag::Diagnostics| {
        d.sorted()
            .iter()
            .filter(|w| w.message.contains("[normalised]"))
            .map(|w| w.file.display().to_string())
            .collect::<Vec<_>>()
    };
    let (d, _) = build_ok(&p);
    assert_eq!(said(&d), ["content/other/region.yaml"]);
    let kept = files(&p.root().join(".tebiki-cache/loaded"));
    assert_eq!(kept.len(), 2, "one snapshot a region: {kept:?}");

    // Renamed in its snapshot alone (the same number of bytes, so the
    // snapshot still reads): the name the site shows is the snapshot's.
    let snapshots = p.root().join(".tebiki-cache/loaded");
    let renamed = kept.iter().any(|f| {
        let bytes = std::fs::read(snapshots.join(f)).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        text.contains("ほか地域ネット")
            && std::fs::write(
                snapshots.join(f),
                replace_bytes(&bytes, "ほか地域ネット", "よそ地域ネット"),
            )
            .is_ok()
    });
    assert!(renamed, "other's snapshot holds its name");
    p.replace("content/demo/second.md", "[はじめに]", "[最初のページ]");
    let (d, _) = build_ok(&p);
    assert_eq!(said(&d), ["content/other/region.yaml"], "said again");
    let portal = p.read("output/index.html");
    assert!(portal.contains("よそ地域ネット"), "read back, not loaded");

    // A change to the region's own file is loaded, not read back.
    p.replace(
        "content/other/region.yaml",
        "０５９４-72-7000",
        "0594-72-7000",
    );
    let (d, _) = build_ok(&p);
    assert!(said(&d).is_empty());
    assert!(p.read("output/index.html").contains("ほか地域ネット"));
}

fn replace_bytes(bytes: &[u8], from: &str, to: &str) -> Vec<u8> {
    assert_eq!(from.len(), to.len());
    let at = bytes
        .windows(from.len())
        .position(|w| w == from.as_bytes())
        .expect("found");
    let mut out = bytes.to_vec();
    out[at..at + to.len()].copy_from_slice(to.as_bytes());
    out
}

/// The comparison (50 MB at 1,000 regions) is made again only when what it
/// is made of changed: region.yaml and the shared files, not a page or a
/// form.
#[test]
fn the_comparison_is_kept_unless_what_it_shows_changed() {
    let p = project();
    let key = || {
        let site = tebiki::source::load(p.root(), &tebiki::diag::Diagnostics::new());
        let inputs = tebiki::write::cache::inputs(p.root());
        tebiki::render::rules::compare_key(&site, &inputs)
    };
    build_ok(&p);
    let first = key();
    p.replace("content/demo/intro.md", "問い合わせは", "お問い合わせは");
    p.replace(
        "content/demo/intro.md",
        "title: はじめに",
        "title: 利用のはじめに",
    );
    p.replace(
        "forms/demo/apply.yaml",
        "title: 申込書",
        "title: 利用申込書",
    );
    assert_eq!(key(), first, "a page and a form are not in it");
    build_ok(&p);
    type Change<'a> = (&'a str, &'a dyn Fn(&Project));
    let changes: [Change; 4] = [
        ("region.yaml", &|p| {
            p.replace(
                "content/demo/region.yaml",
                "min_length: 8",
                "min_length: 10",
            )
        }),
        ("topics", &|p| {
            p.replace("content/topics.yaml", "パスワード", "合言葉")
        }),
        ("list", &|p| {
            p.replace("content/lists/jobs.yaml", "看護師", "薬剤師")
        }),
        ("template", &|p| {
            p.replace(
                "themes/default/templates/compare.html",
                "</table>",
                "</table>\n<p>変えた</p>",
            )
        }),
    ];
    let mut last = first;
    for (kind, change) in changes {
        change(&p);
        let now = key();
        assert_ne!(now, last, "{kind}");
        last = now;
        build_ok(&p);
    }
    let html = p.read("output/compare/index.html");
    assert!(html.contains("10文字以上") && html.contains("合言葉") && html.contains("変えた"));
    assert!(!html.contains("8文字以上"));
}

/// What a region's checks found is said again when the region is not
/// checked again (its files and the shared ones unchanged), and a change
/// to a shared file checks it again.
#[test]
fn a_regions_findings_are_said_again_and_found_anew_after_a_shared_change() {
    let p = project();
    add_other(&p);
    p.replace(
        "content/other/region.yaml",
        "rules:\n",
        "rules:\n  - id: not-shown\n    topic: password\n    text: どこにも出ない規則です。\n",
    );
    let unused = |d: &tebiki::diag::Diagnostics| {
        d.sorted()
            .iter()
            .filter(|w| w.message.contains("[unused rule]"))
            .count()
    };
    let (d, _) = build_ok(&p);
    assert_eq!(unused(&d), 1);
    let checked = || files(&p.root().join(".tebiki-cache/checked"));
    let before = checked();
    assert_eq!(before.len(), 2, "one a region");

    p.replace("content/demo/second.md", "[はじめに]", "[最初のページ]");
    let (d, _) = build_ok(&p);
    assert_eq!(unused(&d), 1, "said again");
    let after = checked();
    let kept = after.iter().filter(|f| before.contains(f)).count();
    assert_eq!((after.len(), kept), (2, 1), "only demo checked again");

    // The topic the rules name is gone: both regions are checked again.
    p.replace("content/topics.yaml", "id: password", "id: passphrase");
    let (d, built) = tebiki::commands::build(p.root(), None);
    assert!(built.is_none());
    let unknown: Vec<String> = d
        .sorted()
        .iter()
        .filter(|e| e.message.contains("「password」"))
        .map(|e| e.file.display().to_string())
        .collect();
    assert!(
        unknown.contains(&"content/demo/region.yaml".to_string())
            && unknown.contains(&"content/other/region.yaml".to_string()),
        "{unknown:?}"
    );
}

/// Two regions built, `other` with a warning its rendering gives (an
/// empty value); then the forms typeset are forgotten. Returns the
/// project and how many cache files the two regions' forms made.
fn built_with_a_rendering_warning() -> (Project, usize) {
    let p = project();
    add_other(&p);
    p.replace(
        "content/other/links.md",
        "を見てください。",
        "を見てください。{{ region.secretariat.address }}",
    );
    let (d, _) = build_ok(&p);
    assert_eq!(d.warning_count(), 1, "{}", d.render(p.root()));
    let both = typeset(&p);
    assert!(both > 0);
    std::fs::remove_dir_all(p.root().join(".tebiki-cache/forms")).unwrap();
    (p, both)
}

/// How many files the forms typeset left in the cache.
fn typeset(p: &Project) -> usize {
    files(&p.root().join(".tebiki-cache/forms")).len()
}

/// `tebiki check` after a build renders only the regions changed since:
/// the others' warnings are said again from the build's records, their
/// outlines still catch a link broken into them, and their forms are not
/// typeset again.
#[test]
fn check_after_a_build_renders_only_what_changed_and_says_all() {
    let (p, both) = built_with_a_rendering_warning();
    let messages = |d: &tebiki::diag::Diagnostics| -> Vec<String> {
        d.sorted()
            .iter()
            .map(|x| format!("{} {}", x.file.display(), x.message))
            .collect()
    };
    p.replace("content/demo/intro.md", "へ。", "へどうぞ。");
    let d = tebiki::commands::check(p.root());
    assert_eq!(typeset(&p) * 2, both, "only demo's form typeset");
    let fresh = tempfile::tempdir().unwrap();
    crate::common::copy_dir(p.root(), fresh.path());
    std::fs::remove_dir_all(fresh.path().join(".tebiki-cache")).unwrap();
    let all = tebiki::commands::check(fresh.path());
    assert_eq!(messages(&d), messages(&all), "the same said");
    assert_eq!(d.warning_count(), 1);

    // other's link into demo breaks: found from other's kept outline.
    p.replace(
        "content/demo/intro.md",
        "## 第1条（目的）",
        "## 第2条（目的）",
    );
    let d = tebiki::commands::check(p.root());
    assert!(
        d.sorted()
            .iter()
            .any(|x| x.severity == tebiki::diag::Severity::Error
                && x.file.ends_with("content/other/links.md")),
        "{}",
        d.render(p.root())
    );
}

/// A build that finds an error before rendering still renders, in memory,
/// for what rendering finds, but not the regions unchanged since the last
/// build: their warnings are said again from its records.
#[test]
fn a_failing_build_renders_only_what_changed_and_says_all() {
    let (p, both) = built_with_a_rendering_warning();
    // An error loading finds, in a page of demo.
    p.replace("content/demo/second.md", "order: 2", "order: 二");
    let (d, built) = tebiki::commands::build(p.root(), None);
    assert!(built.is_none());
    assert!(d.has_errors());
    assert_eq!(
        d.warning_count(),
        1,
        "other's warning: {}",
        d.render(p.root())
    );
    assert_eq!(typeset(&p) * 2, both, "only demo's form typeset");
}
