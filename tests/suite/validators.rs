//! Checkers nobody here wrote, on a fresh build of the bundled content: the
//! Nu HTML checker (vnu-jar), axe-core at WCAG 2.2 AA and its best practices
//! in Debian's chromium, and pdf.js. `.ci/run` installs them; a missing one fails the test.
//! Each is also shown failing on a deliberately broken page, so a silent
//! checker cannot pass for a clean site.

use std::path::Path;
use std::process::Command;

use crate::common::{Project, bundled_output, repo};

/// The Nu checker's errors for every HTML file under `dir`.
fn vnu(dir: &Path) -> Vec<String> {
    let jar = repo().join("tests/browser/node_modules/vnu-jar/build/dist/vnu.jar");
    assert!(
        jar.is_file(),
        "vnu-jar missing: run `npm install --prefix tests/browser`"
    );
    let out = Command::new("java")
        .args(["-jar"])
        .arg(&jar)
        .args(["--errors-only", "--skip-non-html"])
        .arg(dir)
        .output()
        .expect("java is needed for the Nu HTML checker");
    String::from_utf8_lossy(&out.stderr)
        .lines()
        .filter(|l| l.contains("error"))
        .map(str::to_string)
        .collect()
}

#[test]
fn every_page_is_valid_html() {
    let errors = vnu(bundled_output());
    assert!(errors.is_empty(), "Nu HTML checker:\n{}", errors.join("\n"));
}

/// The shapes only the fixture projects have (a disclosure network with
/// fees and institutions, forms not at hand, files, documents with
/// editions, a Q&A) are valid too.
#[test]
fn the_fixture_projects_are_valid_html() {
    for name in ["kitayama", "aoba"] {
        let p = Project::fixture(name);
        let (d, ok) = p.build();
        assert!(ok, "{d:#?}");
        let errors = vnu(&p.root().join("output"));
        assert!(
            errors.is_empty(),
            "{name}: Nu HTML checker:\n{}",
            errors.join("\n")
        );
    }
}

#[test]
fn the_html_checker_catches_a_broken_page() {
    let p = Project::new();
    // A theme that writes the same id twice on every page.
    let base = p.read("themes/default/templates/base.html").replace(
        "<main id=\"main\"",
        "<div id=\"main\"></div><main id=\"main\"",
    );
    p.write("themes/default/templates/base.html", &base);
    assert!(p.build().1);
    let errors = vnu(&p.root().join("output"));
    assert!(
        errors.iter().any(|e| e.contains("Duplicate ID")),
        "{errors:?}"
    );
}

/// axe-core's violations, as "page width: rule" lines.
pub(crate) fn axe(dir: &Path, pages: &[&str]) -> Vec<String> {
    let mut args = vec![dir.as_os_str().to_owned()];
    args.extend(pages.iter().map(std::ffi::OsString::from));
    let lines = crate::common::node_json("axe.mjs", args);
    assert_eq!(lines.len(), pages.len() * 2, "a page was not checked");
    let mut found = Vec::new();
    for v in &lines {
        for x in v["violations"].as_array().unwrap() {
            found.push(format!(
                "{} at {}px: {} ({}) {}",
                v["page"], v["width"], x["id"], x["help"], x["nodes"]
            ));
        }
    }
    found
}

#[test]
fn every_page_type_passes_axe_at_wcag_2_2_aa_on_phone_and_desktop() {
    let pages = [
        "index.html",
        "inabe/index.html",
        "inabe/operation-rules.html",
        "matsubara/policy.html",
        "inabe/rules.html",
        "compare/index.html",
        "inabe/forms.html",
        "koganei/history.html",
        "search.html?q=パスワード",
        "inabe/search.html?q=スマホをなくした",
        "inabe/search.html?q=ぬらりひょん&region=",
        "glossary.html",
        "inabe/glossary.html",
        "inabe/contact.html",
        "kanzaki/registration-flow.html",
        "koganei/forms.html",
        "koganei/index.html",
        "osaki/tables.html",
    ];
    let found = axe(bundled_output(), &pages);
    assert!(found.is_empty(), "axe-core:\n{}", found.join("\n"));
}

#[test]
fn axe_catches_a_broken_page() {
    let p = Project::new();
    let base = p
        .read("themes/default/templates/base.html")
        .replace("<html lang=\"ja\">", "<html>");
    p.write("themes/default/templates/base.html", &base);
    assert!(p.build().1);
    let found = axe(&p.root().join("output"), &["demo/intro.html"]);
    assert!(
        found.iter().any(|f| f.contains("html-has-lang")),
        "{found:?}"
    );
}

#[test]
fn pdf_js_loads_every_form_and_lists_its_fields() {
    let mut files = Vec::new();
    for region in std::fs::read_dir(bundled_output()).unwrap().flatten() {
        let forms = region.path().join("forms");
        for f in std::fs::read_dir(&forms).into_iter().flatten().flatten() {
            let p = f.path();
            if p.extension().is_some_and(|e| e == "pdf") {
                files.push(p);
            }
        }
    }
    files.sort();
    // 24 print PDFs, and a fillable one for each form with fields.
    let print = files
        .iter()
        .filter(|f| f.to_string_lossy().ends_with("-print.pdf"))
        .count();
    assert!(
        print >= 24 && files.len() - print >= 20,
        "{} PDFs",
        files.len()
    );
    let lines = crate::common::node_json("pdfjs.mjs", &files);
    assert_eq!(lines.len(), files.len(), "pdf.js did not load every PDF");
    for l in &lines {
        let file = l["file"].as_str().unwrap();
        let fields = l["fields"].as_array().unwrap();
        assert!(l["pages"].as_u64().unwrap() >= 1, "{file}");
        assert_eq!(l["js"], 0, "{file} has JavaScript");
        if file.ends_with("-print.pdf") {
            assert!(fields.is_empty(), "{file}: the print variant has fields");
        }
    }
    // The fillable application of おおさき, as pdf.js sees it.
    let app = lines
        .iter()
        .find(|l| {
            l["file"]
                .as_str()
                .unwrap()
                .ends_with("osaki/forms/application.pdf")
        })
        .unwrap();
    let names: Vec<&str> = app["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    for want in [
        "office_name",
        "facility_type",
        "staff_10_name",
        "staff_1_profession",
        "staff_1_admin",
    ] {
        assert!(
            names.contains(&want),
            "pdf.js does not see {want}: {names:?}"
        );
    }
}
