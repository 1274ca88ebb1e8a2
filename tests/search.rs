//! Search: the index built in Rust, and the page script in a real browser
//! (Debian's chromium driven by playwright-core; `.ci/run` installs both).

mod common;

use common::{bundled_output, repo};
use tebiki::search::tokens;

fn index() -> serde_json::Value {
    let js = std::fs::read_to_string(bundled_output().join("search/index.js")).unwrap();
    let json = js
        .trim()
        .trim_start_matches("window.tebikiSearchIndex = ")
        .trim_end_matches(';');
    serde_json::from_str(json).unwrap()
}

/// URLs of the documents holding every token of `q`, as the script's first
/// step finds them.
fn candidates(idx: &serde_json::Value, q: &str) -> Vec<String> {
    let mut docs: Option<Vec<u64>> = None;
    for t in tokens(q) {
        let p: Vec<u64> = idx["index"][&t]
            .as_array()
            .map(|a| a.iter().filter_map(|v| v.as_u64()).collect())
            .unwrap_or_default();
        docs = Some(match docs {
            None => p,
            Some(d) => d.into_iter().filter(|x| p.contains(x)).collect(),
        });
    }
    docs.unwrap_or_default()
        .iter()
        .map(|&i| idx["docs"][i as usize][0].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_index_finds_what_a_person_would_expect() {
    let idx = index();
    let expect = [
        (
            "パスワード",
            vec![
                "inabe/operation-rules.html",
                "osaki/common.html",
                "matsubara/policy.html",
                "koganei/policy.html",
            ],
        ),
        ("同意書", vec!["inabe/procedures.html", "inabe/forms.html"]),
        ("緊急", vec!["inabe/operation-rules.html"]),
        ("ＭＣＳ", vec!["inabe/mcs.html"]),
        ("MCS", vec!["inabe/mcs.html"]),
        ("0594-72-6050", vec!["inabe/contact.html"]),
        ("０５９４－７２－６０５０", vec!["inabe/contact.html"]),
        ("世話役", vec!["kanzaki/"]),
    ];
    for (q, pages) in expect {
        let found = candidates(&idx, q);
        for p in pages {
            assert!(
                found.iter().any(|u| u.starts_with(p)),
                "{q}: nothing on {p} in {found:?}"
            );
        }
    }
    assert!(candidates(&idx, "存在しない言葉ですよ").is_empty());
}

#[test]
fn the_index_is_small() {
    let bytes = std::fs::metadata(bundled_output().join("search/index.js"))
        .unwrap()
        .len();
    assert!(bytes < 2_000_000, "{bytes} bytes");
}

#[test]
fn typing_into_the_box_in_chromium_finds_the_pages() {
    let dir = repo().join("tests/browser");
    assert!(
        dir.join("node_modules/playwright-core").is_dir(),
        "run `npm install --prefix tests/browser` (.ci/run does)"
    );
    let queries = [
        "パスワード",
        "同意書",
        "緊急",
        "ＭＣＳ",
        "0594-72-6050",
        "世話役",
    ];
    let mut args = vec![bundled_output().as_os_str().to_owned()];
    args.extend(queries.iter().map(std::ffi::OsString::from));
    let lines = common::node_json("search.mjs", args);
    assert_eq!(lines.len(), queries.len());
    let hrefs = |n: usize| -> Vec<String> {
        lines[n]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["href"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(
        hrefs(0)
            .iter()
            .any(|h| h.starts_with("inabe/operation-rules.html")),
        "{:?}",
        hrefs(0)
    );
    assert!(
        hrefs(1).iter().any(|h| h.starts_with("inabe/")),
        "{:?}",
        hrefs(1)
    );
    assert!(
        hrefs(2)
            .iter()
            .any(|h| h.starts_with("inabe/operation-rules.html")),
        "{:?}",
        hrefs(2)
    );
    assert!(
        hrefs(3).iter().any(|h| h.starts_with("inabe/mcs.html")),
        "{:?}",
        hrefs(3)
    );
    assert!(
        hrefs(4).iter().any(|h| h.starts_with("inabe/contact.html")),
        "{:?}",
        hrefs(4)
    );
    assert!(
        hrefs(5).iter().any(|h| h.starts_with("kanzaki/")),
        "{:?}",
        hrefs(5)
    );
    for l in &lines {
        assert!(
            l["marks"].as_u64().unwrap() > 0,
            "no highlighted match for {}",
            l["query"]
        );
    }
}
