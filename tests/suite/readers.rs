//! What readers need of the site (issue 15): the tasks on a region's top
//! page, the menu and breadcrumbs, a description per page, the forms page
//! with sizes and a zip; in `checked`, the same measured in chromium: no
//! page scrolls sideways on a phone, the comparison on a phone and on
//! paper, taps to a form, the 新旧対照表's underlines.

use std::collections::HashMap;

use crate::common::{Project, bundled_output, files, git};

fn html(rel: &str) -> String {
    std::fs::read_to_string(bundled_output().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The `href` of the task `id` on a region's top page.
fn task_href(top: &str, id: &str) -> String {
    let at = top
        .find(&format!("class=\"task task-{id}\""))
        .unwrap_or_else(|| panic!("no task {id}"));
    let rest = &top[at..];
    let href = &rest[rest.find("href=\"").unwrap() + 6..];
    href[..href.find('"').unwrap()].replace("&amp;", "&")
}

#[test]
fn every_region_starts_with_the_readers_tasks() {
    for region in ["inabe", "osaki", "kanzaki", "matsubara", "koganei"] {
        let top = html(&format!("{region}/index.html"));
        let tasks = top.find("class=\"tasks\"").expect("tasks");
        let contents = top.find("<h2>目次</h2>").expect("contents");
        assert!(tasks < contents, "{region}: the tasks come first");
        for label in [
            "利用を始める",
            "同意書・様式",
            "異動・退職・退会",
            "端末の紛失・事故のとき",
            "問い合わせ",
        ] {
            assert!(
                top[tasks..contents]
                    .contains(&format!("<span class=\"task-label\">{label}</span>")),
                "{region}: {label}"
            );
        }
        assert_eq!(task_href(&top, "forms"), "forms.html", "{region}");
    }
    // Defaults from the handbooks' own headings and rules.
    let href = |r: &str, t: &str| task_href(&html(&format!("{r}/index.html")), t);
    assert_eq!(href("inabe", "start"), "procedures.html");
    assert_eq!(href("inabe", "leave"), "transfer.html");
    assert_eq!(
        href("inabe", "incident"),
        "operation-rules.html#device-loss"
    );
    assert_eq!(href("inabe", "contact"), "inquiry.html");
    assert_eq!(href("osaki", "start"), "application.html#application");
    assert_eq!(href("osaki", "leave"), "application.html#withdrawal");
    assert_eq!(
        href("osaki", "incident"),
        "common.html#rule-device-loss-report"
    );
    assert_eq!(href("matsubara", "start"), "policy.html#application");
    assert_eq!(href("kanzaki", "start"), "how-to-use.html");
    assert_eq!(href("koganei", "contact"), "contact.html");
    // 問い合わせ: the 事務局's number, to call.
    let inabe = html("inabe/index.html");
    assert!(
        inabe.contains("<a class=\"task-tel\" href=\"tel:0594726050\">"),
        "{inabe}"
    );
}

#[test]
fn tasks_written_in_region_yaml_are_followed_and_checked() {
    let p = Project::new();
    let region = crate::common::REGION.to_string()
        + "tasks:\n  start: intro.md#第1条\n  forms: https://example.jp/forms\n  leave: https://example.jp/leave\n  incident: rules.html#topic-password\n";
    p.write("content/demo/region.yaml", &region);
    let (d, ok) = p.build();
    assert!(ok, "{d:#?}");
    let top = p.read("output/demo/index.html");
    assert_eq!(task_href(&top, "start"), "intro.html#第1条");
    assert_eq!(task_href(&top, "leave"), "https://example.jp/leave");
    assert_eq!(task_href(&top, "incident"), "rules.html#topic-password");
    assert!(top.contains("はじめに › 第1条（目的）"), "{top}");
    assert_eq!(task_href(&top, "forms"), "https://example.jp/forms");
    // The region has no forms: its forms page says where they are.
    let forms = p.read("output/demo/forms.html");
    assert!(
        forms.contains("<a href=\"https://example.jp/forms\">"),
        "{forms}"
    );

    p.write(
        "content/demo/region.yaml",
        &(crate::common::REGION.to_string()
            + "tasks:\n  start: intro.md#第9条\n  leave: leave.md\n  contact: ../other/contact.md\n"),
    );
    let diags = p.check();
    let at = |line: usize, needle: &str| {
        crate::common::assert_error(&diags, "content/demo/region.yaml", line, needle)
    };
    let first = crate::common::REGION.lines().count() + 2;
    at(first, "リンク先に見出し「#第9条」がありません");
    at(first + 1, "リンク先のページ「leave.md」がありません");
    at(first + 2, "ほかの地域のページです");
}

#[test]
fn the_menu_marks_the_current_page_and_lists_contacts_once() {
    let nav = |rel: &str| {
        let page = html(rel);
        let from = page.find("<nav class=\"region-nav\"").unwrap();
        let to = from + page[from..].find("</nav>").unwrap();
        page[from..to].to_string()
    };
    let forms = nav("inabe/forms.html");
    assert_eq!(forms.matches("aria-current=\"page\"").count(), 1);
    assert!(forms.contains("href=\"../inabe/forms.html\" aria-current=\"page\">様式</a>"));
    assert!(nav("inabe/index.html").contains("aria-current=\"page\">トップ</a>"));
    assert!(nav("inabe/hajimeni.html").contains("aria-current=\"page\">1. はじめに</a>"));
    // いなべ has a page of contacts: the menu lists it once.
    let top = nav("inabe/index.html");
    assert_eq!(top.matches("問い合わせ先").count(), 1, "{top}");
    assert!(!top.contains("contact.html"));
    // Breadcrumbs: ホーム › region › page, the current one not a link.
    let page = html("inabe/forms.html");
    assert!(page.contains("<nav class=\"breadcrumbs\" aria-label=\"パンくずリスト\">"));
    assert!(page.contains("<li><a href=\"../index.html\">ホーム</a></li>"));
    assert!(page.contains("<li><span aria-current=\"page\">様式</span></li>"));
    assert!(!html("index.html").contains("breadcrumbs"));
    assert!(
        html("compare/index.html")
            .contains("<li><span aria-current=\"page\">地域ごとの運用ルールの比較</span></li>")
    );
}

#[test]
fn every_page_has_its_own_description() {
    let out = bundled_output();
    let mut seen: HashMap<String, String> = HashMap::new();
    for f in files(out) {
        if f.extension().is_none_or(|e| e != "html") || f.starts_with("history") {
            continue;
        }
        let page = std::fs::read_to_string(out.join(&f)).unwrap();
        let at = page
            .find("<meta name=\"description\" content=\"")
            .unwrap_or_else(|| panic!("{}: no description", f.display()));
        let rest = &page[at + 34..];
        let d = rest[..rest.find('"').unwrap()].to_string();
        assert!(!d.is_empty(), "{}", f.display());
        if let Some(other) = seen.insert(d.clone(), f.display().to_string()) {
            panic!("{} and {other} share the description {d}", f.display());
        }
    }
    assert!(seen.len() > 40);
}

#[test]
fn the_forms_page_gives_sizes_and_a_zip_of_the_forms() {
    let page = html("inabe/forms.html");
    assert!(page.contains("href=\"forms/inabe-forms.zip\""), "{page}");
    // 「PDF 2.4MB」 for a fillable form, 「PDF 106KB」 for its print variant.
    let metas: Vec<&str> = page
        .split("<span class=\"file-meta\">")
        .skip(1)
        .map(|s| &s[..s.find('<').unwrap()])
        .collect();
    assert!(
        metas[0].starts_with("ZIP ") && metas[0].ends_with("・5件"),
        "{metas:?}"
    );
    assert!(
        metas[1..].iter().all(|m| m.starts_with("PDF ")),
        "{metas:?}"
    );
    assert!(metas.iter().any(|m| m.ends_with("MB")) && metas.iter().any(|m| m.ends_with("KB")));
    let zip = std::fs::read(bundled_output().join("inabe/forms/inabe-forms.zip")).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    let names: Vec<String> = (0..archive.len())
        .map(|i| archive.by_index(i).unwrap().name().unwrap().to_string())
        .collect();
    assert_eq!(
        names,
        [
            "inabe-forms/consent-explanation-print.pdf",
            "inabe-forms/consent-print.pdf",
            "inabe-forms/group-notice-print.pdf",
            "inabe-forms/ledger-print.pdf",
            "inabe-forms/list.txt",
            "inabe-forms/pledge-print.pdf",
        ]
    );
    // 小金井 has no forms on the site: the page says whom to ask.
    let koganei = html("koganei/forms.html");
    assert!(koganei.contains("この地域の様式は、このサイトにはまだ載っていません。"));
    assert!(koganei.contains("小金井市医師会"));
    assert!(
        !bundled_output()
            .join("koganei/forms/koganei-forms.zip")
            .exists()
    );
}

/// The 新旧対照表 of a project in git: v1, then v2 changing a phrase in
/// 第2条 and one in 第3条; the build links it from 改正履歴.
fn shinkyu_project() -> Project {
    let p = Project::new();
    let policy = "---\ntitle: 運用ポリシー\nkind: policy\norder: 2\n---\n## 第1条（目的） {#purpose}\n\nこの規程は、デモ地域ネットの運用について定める。\n\n## 第2条（利用者） {#users}\n\n利用者は、医療・介護関係者とする。\n\n## 第3条（届出） {#notice}\n\n利用者は、登録内容に変更があったときは、速やかに事務局に届け出る。\n";
    p.write("content/demo/policy.md", policy);
    p.write(".gitignore", "output/\n");
    git(p.root(), &["init", "-q"]);
    git(p.root(), &["add", "-A"]);
    git(p.root(), &["commit", "-q", "-m", "v1"]);
    git(p.root(), &["tag", "v1"]);
    p.write(
        "content/demo/policy.md",
        &policy
            .replace(
                "医療・介護関係者とする",
                "医療・介護関係者及び地域包括支援センターの職員とする",
            )
            .replace("速やかに", "直ちに"),
    );
    git(p.root(), &["commit", "-q", "-a", "-m", "v2"]);
    git(p.root(), &["tag", "v2"]);
    p.write(
        "content/demo/region.yaml",
        &(crate::common::REGION.to_string()
            + "revisions:\n  - {date: 令和2年4月1日, kind: enacted, git_ref: v1}\n  - {date: 令和3年4月1日, kind: partly_revised, git_ref: v2}\n"),
    );
    let (d, ok) = p.build();
    assert!(ok, "{d:#?}");
    p
}

const SHINKYU: &str = "demo/history/v1..v2/policy.html";

#[test]
fn the_shinkyu_table_stands_in_the_site_with_a_way_back() {
    let p = shinkyu_project();
    let page = p.read(&format!("output/{SHINKYU}"));
    assert!(page.contains("<nav class=\"breadcrumbs\""), "{page}");
    assert!(
        page.contains("<a href=\"../../../demo/history.html\">改正履歴</a>"),
        "{page}"
    );
    assert!(page.contains("左が改正後、右が改正前です。"));
    assert!(page.contains("href=\"../../../static/style.css\""));
    // Rows are marked by kind; the class `changed` is the changed text's.
    assert!(page.contains("<tr id=\"row-users\" class=\"row-changed\">"));
    assert!(!page.contains("class=\"changed\">\n"), "{page}");
}

#[cfg(feature = "checkers")]
mod checked {
    use super::*;
    use crate::common::{node_json, tool};
    use std::path::Path;

    fn readers(dir: &Path, check: &str, args: &[&str]) -> Vec<serde_json::Value> {
        let mut all = vec![dir.as_os_str().to_owned(), check.into()];
        all.extend(args.iter().map(std::ffi::OsString::from));
        node_json("readers.mjs", all)
    }

    /// Every page type at 320 and 390 px, menu closed and open: nothing is
    /// wider than the screen.
    #[test]
    fn no_page_type_scrolls_sideways_on_a_phone() {
        let pages = [
            "index.html",
            "inabe/index.html",
            "inabe/hajimeni.html",
            "inabe/operation-rules.html",
            "matsubara/policy.html",
            "osaki/tables.html",
            "kanzaki/registration-flow.html",
            "inabe/rules.html",
            "compare/index.html",
            "inabe/forms.html",
            "koganei/forms.html",
            "koganei/history.html",
            "inabe/contact.html",
            "inabe/glossary.html",
            "glossary.html",
            "search.html?q=パスワード",
            "inabe/search.html?q=スマホをなくした",
        ];
        let mut wide = Vec::new();
        let lines = readers(bundled_output(), "widths", &pages);
        let p = shinkyu_project();
        let more = readers(
            &p.root().join("output"),
            "widths",
            &[SHINKYU, "demo/history.html"],
        );
        assert_eq!(lines.len() + more.len(), (pages.len() + 2) * 2);
        for l in lines.iter().chain(&more) {
            for state in ["closed", "open"] {
                let m = &l[state];
                if !m.is_null() && m["scrollWidth"] != m["clientWidth"] {
                    wide.push(format!(
                        "{} at {} px, menu {state}: {m}",
                        l["page"], l["width"]
                    ));
                }
            }
        }
        assert!(wide.is_empty(), "scrolls sideways:\n{}", wide.join("\n"));
    }

    #[test]
    fn the_comparison_shows_every_value_with_its_regions_name_on_a_phone() {
        let lines = readers(bundled_output(), "compare", &[]);
        let phone = &lines[0];
        let regions: Vec<&str> = phone["regions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_str().unwrap())
            .collect();
        let cells = phone["cells"].as_array().unwrap();
        let values = phone["values"].as_array().unwrap();
        assert_eq!(regions.len(), 5);
        assert_eq!(
            values.len(),
            cells.len(),
            "a value for every cell of the table"
        );
        for (i, v) in values.iter().enumerate() {
            // The cards follow the table: row by row, region by region.
            assert_eq!(
                v["region"].as_str(),
                Some(regions[i % regions.len()]),
                "{v}"
            );
            assert_eq!(v["value"], cells[i], "{v}");
            assert_eq!(v["beside"], true, "{v}");
            assert_eq!(v["inside"], true, "{v}");
        }
        assert_eq!(phone["table"], false, "the table is for wide screens");
        assert_eq!(phone["scrollWidth"], phone["clientWidth"]);
        // Two regions unticked: their values leave.
        let chosen = &lines[1];
        assert_eq!(
            chosen["shownValues"].as_u64().unwrap() * 5,
            chosen["allValues"].as_u64().unwrap() * 3
        );
        // On a desktop: the table uses the width, its header row in view.
        let desk = &lines[2];
        assert!(desk["scrollY"].as_f64().unwrap() > 1000.0, "{desk}");
        assert_eq!(desk["headTop"], 0, "{desk}");
        assert!(desk["tableWidth"].as_f64().unwrap() > 1100.0, "{desk}");
        assert_eq!(desk["cards"], false);
    }

    /// From a region's top page to its forms page: one tap (the task, in
    /// the first screen), or two (the menu, then its entry).
    #[test]
    fn a_regions_forms_are_two_taps_from_its_top_page() {
        for region in ["inabe", "osaki", "kanzaki", "matsubara", "koganei"] {
            let l = &readers(bundled_output(), "taps", &[region])[0];
            let forms = format!("{region}/forms.html");
            assert_eq!(l["byTask"]["reached"], forms.as_str(), "{l}");
            assert_eq!(l["byTask"]["inFirstScreen"], true, "{l}");
            assert_eq!(l["byMenu"]["reached"], forms.as_str(), "{l}");
            assert!(l["byMenu"]["taps"].as_u64().unwrap() <= 2, "{l}");
            assert_eq!(l["current"], serde_json::json!(["様式"]), "{l}");
            assert_eq!(l["expanded"], "false", "the menu starts closed: {l}");
        }
    }

    /// Printed by chromium: A4 landscape, page 1 not blank, every region's
    /// name on every page (the header row repeats), no column cut off.
    #[test]
    fn the_printed_comparison_names_every_region_on_every_page() {
        let dir = tempfile::tempdir().unwrap();
        let pdf = dir.path().join("compare.pdf");
        tool(
            std::env::var("CHROMIUM")
                .as_deref()
                .unwrap_or("/usr/bin/chromium"),
            &[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-pdf-header-footer",
                &format!("--print-to-pdf={}", pdf.display()),
                &format!(
                    "file://{}",
                    bundled_output().join("compare/index.html").display()
                ),
            ],
        );
        let info = String::from_utf8(tool("pdfinfo", &[pdf.to_str().unwrap()]).stdout).unwrap();
        assert!(
            info.contains("841.92 x 594.96"),
            "not A4 landscape:\n{info}"
        );
        let text =
            String::from_utf8(tool("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"]).stdout)
                .unwrap();
        let pages: Vec<&str> = text
            .split('\u{c}')
            .filter(|p| !p.trim().is_empty())
            .collect();
        assert!(pages.len() >= 2, "{} pages", pages.len());
        assert!(
            pages[0].contains("地域ごとの運用ルールの比較"),
            "page 1: {}",
            pages[0]
        );
        for (i, page) in pages.iter().enumerate() {
            for name in ["いなべ", "おおさき", "神崎市郡", "松原市", "小金井"] {
                assert!(page.contains(name), "page {}: no {name}\n{page}", i + 1);
            }
        }
        // No column cut off: every value of the table is printed, in full.
        let raw =
            String::from_utf8(tool("pdftotext", &["-raw", pdf.to_str().unwrap(), "-"]).stdout)
                .unwrap();
        let raw: String = raw.split_whitespace().collect();
        let cells = readers(bundled_output(), "compare", &[])[0]["cells"].clone();
        for c in cells.as_array().unwrap() {
            let c: String = c.as_str().unwrap().split_whitespace().collect();
            assert!(raw.contains(&c), "{c} is not printed");
        }
    }

    /// In the browser, only the changed characters are drawn underlined.
    #[test]
    fn only_the_changed_characters_are_underlined() {
        let p = shinkyu_project();
        let l = &readers(&p.root().join("output"), "underline", &[SHINKYU])[0];
        let want = serde_json::json!(["及び地域包括支援センターの職員", "直ち", "速やか"]);
        assert_eq!(l["changed"], want, "{l}");
        assert_eq!(l["underlined"], want, "{l}");
        assert_eq!(
            l["guide"],
            "左が改正後、右が改正前です。傍線（下線）を引いた文字が改正された部分です。"
        );
        assert_eq!(
            l["crumbs"],
            serde_json::json!([
                "ホーム",
                "デモ地域ネット",
                "改正履歴",
                "運用ポリシー 新旧対照表"
            ])
        );
    }

    /// axe on the pages only a project in git has: the 新旧対照表 and its
    /// history page, at both widths.
    #[test]
    fn the_shinkyu_pages_pass_axe() {
        let p = shinkyu_project();
        let found =
            crate::validators::axe(&p.root().join("output"), &[SHINKYU, "demo/history.html"]);
        assert!(found.is_empty(), "axe-core:\n{}", found.join("\n"));
    }
}
