//! Search: the index built in Rust, and the page script in a real browser
//! (Debian's chromium driven by playwright-core; `.ci/run` installs both).

use crate::common::bundled_output;
use tebiki::search::tokens;

/// The regions of the bundled site, with their search index.
fn indexes() -> Vec<(String, serde_json::Value)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(bundled_output().join("search")).unwrap() {
        let path = e.unwrap().path();
        let region = path.file_stem().unwrap().to_str().unwrap().to_string();
        let js = std::fs::read_to_string(&path).unwrap();
        let prefix = format!(
            "(window.tebikiSearchIndex = window.tebikiSearchIndex || {{}})[\"{region}\"] = "
        );
        let json = js
            .trim()
            .strip_prefix(&prefix)
            .unwrap_or_else(|| panic!("{}: {js:.80}", path.display()))
            .trim_end_matches(';');
        out.push((region, serde_json::from_str(json).unwrap()));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// URLs of the documents holding every token of `q`, in every region, as
/// the script's first step finds them.
fn candidates(indexes: &[(String, serde_json::Value)], q: &str) -> Vec<String> {
    let mut urls = Vec::new();
    for (_, idx) in indexes {
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
        urls.extend(
            docs.unwrap_or_default()
                .iter()
                .map(|&i| idx["docs"][i as usize][0].as_str().unwrap().to_string()),
        );
    }
    urls
}

#[test]
fn the_index_finds_what_a_person_would_expect() {
    let idx = indexes();
    let regions: Vec<&str> = idx.iter().map(|(r, _)| r.as_str()).collect();
    assert_eq!(
        regions,
        ["inabe", "kanzaki", "koganei", "matsubara", "osaki"]
    );
    // Each region's index holds only its own pages.
    for (region, index) in &idx {
        for doc in index["docs"].as_array().unwrap() {
            let url = doc[0].as_str().unwrap();
            assert!(url.starts_with(&format!("{region}/")), "{url} in {region}");
        }
    }
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
fn each_region_index_is_small() {
    for (region, _) in indexes() {
        let path = bundled_output().join(format!("search/{region}.js"));
        let bytes = std::fs::metadata(path).unwrap().len();
        assert!(bytes < 200_000, "{region}: {bytes} bytes");
    }
}

/// The page script in Debian's chromium, driven by playwright-core.
#[cfg(feature = "checkers")]
mod checked {
    use super::*;

    #[test]
    fn typing_into_the_box_in_chromium_finds_the_pages() {
        // Each query, and a page some result must be on.
        let cases = [
            ("パスワード", "inabe/operation-rules.html"),
            ("同意書", "inabe/"),
            ("緊急", "inabe/operation-rules.html"),
            ("ＭＣＳ", "inabe/mcs.html"),
            ("0594-72-6050", "inabe/contact.html"),
            ("世話役", "kanzaki/"),
            // From a region's page, its header box searches that region only.
            ("osaki/index.html|パスワード", "osaki/"),
        ];
        let mut args = vec![bundled_output().as_os_str().to_owned()];
        args.extend(cases.iter().map(|(q, _)| std::ffi::OsString::from(q)));
        let lines = crate::common::node_json("search.mjs", args);
        assert_eq!(lines.len(), cases.len());
        for (line, (query, page)) in lines.iter().zip(cases) {
            let hrefs: Vec<&str> = line["results"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["href"].as_str().unwrap())
                .collect();
            assert!(
                hrefs.iter().any(|h| h.starts_with(page)),
                "{query}: {hrefs:?}"
            );
            if query.contains('|') {
                assert!(
                    hrefs.iter().all(|h| h.starts_with(page)),
                    "{query}: {hrefs:?}"
                );
            }
        }
        for l in &lines {
            assert!(
                l["marks"].as_u64().unwrap() > 0,
                "no highlighted match for {}",
                l["query"]
            );
        }
    }
}
