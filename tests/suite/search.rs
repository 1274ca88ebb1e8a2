//! Search: the index built in Rust, the ranking measured on readers'
//! questions (tests/search/*.yaml) without a browser, and, with the
//! checkers, the page script in node (same ranking as Rust) and in a real
//! browser (Debian's chromium driven by playwright-core; `.ci/run`
//! installs both).

use std::collections::BTreeMap;

use crate::common::{Project, assert_error, bundled_output, repo};
use tebiki::search::{Index, Table, search, tokens};

/// The JSON after `= ` in a script the build wrote.
fn script_json(rel: &str) -> serde_json::Value {
    let js = std::fs::read_to_string(bundled_output().join(rel)).unwrap();
    let at = js.find(" = {").unwrap_or_else(|| panic!("{rel}: {js:.80}"));
    let json = js[at + 3..].trim().trim_end_matches(';');
    serde_json::from_str(json).unwrap()
}

/// The regions of the bundled site, with their search index.
fn indexes() -> Vec<Index> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(bundled_output().join("search")).unwrap() {
        let name = e.unwrap().file_name().into_string().unwrap();
        let Some(region) = name.strip_suffix(".js").filter(|r| !r.contains('.')) else {
            continue;
        };
        let js = std::fs::read_to_string(bundled_output().join("search").join(&name)).unwrap();
        let prefix = format!(
            "(window.tebikiSearchIndex = window.tebikiSearchIndex || {{}})[\"{region}\"] = "
        );
        assert!(js.starts_with(&prefix), "{name}: {js:.80}");
        let v = script_json(&format!("search/{name}"));
        out.push(Index::from_json(region, &v).unwrap_or_else(|| panic!("{name}: not an index")));
    }
    out.sort_by(|a, b| a.region.cmp(&b.region));
    out
}

fn table() -> Table {
    Table::from_json(&script_json("search/synonyms.table.js")).expect("a synonym table")
}

/// Ranked URLs for `q` over `regions` (all when empty).
fn urls(all: &[Index], table: &Table, regions: &[&str], q: &str) -> Vec<String> {
    let chosen: Vec<Index> = all
        .iter()
        .filter(|x| regions.is_empty() || regions.contains(&x.region.as_str()))
        .cloned()
        .collect();
    search(&chosen, table, q)
        .iter()
        .map(|h| chosen[h.index].docs[h.doc].url.clone())
        .collect()
}

#[test]
fn each_region_index_holds_its_own_pages() {
    let idx = indexes();
    let regions: Vec<&str> = idx.iter().map(|x| x.region.as_str()).collect();
    assert_eq!(
        regions,
        ["inabe", "kanzaki", "koganei", "matsubara", "osaki"]
    );
    for x in &idx {
        for d in &x.docs {
            assert!(
                d.url.starts_with(&format!("{}/", x.region)),
                "{} in {}",
                d.url,
                x.region
            );
        }
    }
}

#[test]
fn each_region_index_is_small() {
    for e in std::fs::read_dir(bundled_output().join("search")).unwrap() {
        let e = e.unwrap();
        let bytes = e.metadata().unwrap().len();
        assert!(bytes < 200_000, "{:?}: {bytes} bytes", e.file_name());
    }
}

#[test]
fn single_kanji_and_kanji_next_to_digits_are_tokens() {
    assert_eq!(tokens("２部"), ["2", "部"]);
    assert_eq!(tokens("２１時"), ["21", "時"]);
    assert_eq!(tokens("薬"), ["薬"]);
    let (idx, t) = (indexes(), table());
    for (q, page) in [
        ("2部", "inabe/procedures.html#start"),
        ("21時", "inabe/operation-rules.html#posting"),
        ("薬", "kanzaki/"),
        ("ＭＣＳ", "inabe/"),
        ("0594-72-6050", "inabe/contact.html"),
        ("０５９４－７２－６０５０", "inabe/contact.html"),
        ("すまほ", "matsubara/policy.html#id-password"),
        ("同意書", "inabe/"),
    ] {
        let found = urls(&idx, &t, &[], q);
        assert!(found.iter().any(|u| u.starts_with(page)), "{q}: {found:?}");
    }
    assert!(urls(&idx, &t, &[], "ぬらりひょん").is_empty());
}

/// One question of tests/search/*.yaml.
#[derive(serde::Deserialize)]
struct Case {
    q: String,
    #[serde(default)]
    region: Option<String>,
    expect: Vec<String>,
    #[serde(skip)]
    kind: String,
}

/// The questions of `file`, each with the kind its line's comment gives.
fn cases(file: &str) -> Vec<Case> {
    #[derive(serde::Deserialize)]
    struct File {
        queries: Vec<Case>,
    }
    let text = std::fs::read_to_string(repo().join(file)).unwrap();
    let mut cases = serde_yaml::from_str::<File>(&text).unwrap().queries;
    let kinds: Vec<String> = text
        .lines()
        .filter(|l| l.trim_start().starts_with("- q:"))
        .map(|l| l.rsplit_once('#').map_or("", |(_, k)| k.trim()).to_string())
        .collect();
    assert_eq!(
        kinds.len(),
        cases.len(),
        "{file}: one `- q:` line per question"
    );
    for (c, k) in cases.iter_mut().zip(kinds) {
        c.kind = k;
    }
    cases
}

/// recall@3 and MRR of `file`'s questions, per kind, and the misses.
struct Figures {
    n: usize,
    recall3: f64,
    mrr: f64,
    kinds: BTreeMap<String, (usize, usize)>,
    misses: Vec<String>,
}

fn measure(file: &str) -> Figures {
    let (idx, t) = (indexes(), table());
    let cases = cases(file);
    let (mut hits, mut rr) = (0, 0.0);
    let mut kinds: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut misses = Vec::new();
    for c in &cases {
        let regions: Vec<&str> = c.region.iter().map(String::as_str).collect();
        let found = urls(&idx, &t, &regions, &c.q);
        let rank = found
            .iter()
            .position(|u| c.expect.iter().any(|e| u.starts_with(e.as_str())))
            .map(|i| i + 1);
        let k = kinds.entry(c.kind.clone()).or_default();
        k.1 += 1;
        if let Some(r) = rank {
            rr += 1.0 / r as f64;
        }
        if rank.is_some_and(|r| r <= 3) {
            hits += 1;
            k.0 += 1;
        } else {
            misses.push(format!(
                "  {} [{}] ({}): rank {:?}; first {:?}",
                c.q,
                c.region.as_deref().unwrap_or("portal"),
                c.kind,
                rank,
                &found[..found.len().min(3)]
            ));
        }
    }
    let n = cases.len();
    Figures {
        n,
        recall3: hits as f64 / n as f64,
        mrr: rr / n as f64,
        kinds,
        misses,
    }
}

fn report(file: &str, f: &Figures) {
    println!(
        "{file}: {} questions, recall@3 {:.3}, MRR {:.3}",
        f.n, f.recall3, f.mrr
    );
    for (k, (h, n)) in &f.kinds {
        println!("  {k}: {h}/{n} in the first three");
    }
    for m in &f.misses {
        println!("{m}");
    }
}

/// The readers' questions (tests/search/queries.yaml, written before the
/// ranking) find a page that answers them among the first three results.
///
/// The old search (every bigram of the question, and each part as typed,
/// must stand in a section) scored recall@3 0.108 and MRR 0.108 here: it
/// found only the questions that repeat the handbook's words.
///
/// Thresholds: 0.9 for recall@3 on queries.yaml (the aim); MRR
/// 0.75, so that the right page is usually first, not third. The more
/// questions of tests/search/more-queries.yaml, written before the ranking
/// and never tuned on, must reach 0.8: a ranking fitted to queries.yaml
/// alone would fall well below.
#[test]
fn readers_questions_find_the_answer_in_the_first_three() {
    let main = measure("tests/search/queries.yaml");
    let more = measure("tests/search/more-queries.yaml");
    report("tests/search/queries.yaml", &main);
    report("tests/search/more-queries.yaml", &more);
    assert!(main.n >= 40);
    assert!(main.recall3 >= 0.9, "recall@3 {:.3}", main.recall3);
    assert!(main.mrr >= 0.75, "MRR {:.3}", main.mrr);
    assert!(
        more.recall3 >= 0.8,
        "more-queries recall@3 {:.3}",
        more.recall3
    );
}

/// The project's synonym list: located warnings for what its header
/// forbids, an error for a misspelt key, nothing when it is absent, and
/// its words in the search of the built site.
#[test]
fn the_synonym_list_is_checked_and_used() {
    let p = Project::new();
    p.write(
        "content/synonyms.yaml",
        "groups:\n  - [パスワード, 暗証コード]\n  - [スマホ, すまほ]\n  - [携帯, 暗証コード]\n  - [薬, 薬剤]\nphrases:\n  - {when: [忘れた], also: []}\n",
    );
    let d = p.check();
    assert_error(&d, "content/synonyms.yaml", 3, "もともと同じ言葉");
    assert_error(
        &d,
        "content/synonyms.yaml",
        4,
        "「暗証コード」はほかの行にもあります",
    );
    assert_error(&d, "content/synonyms.yaml", 5, "1文字の言葉「薬」");
    assert_error(&d, "content/synonyms.yaml", 7, "also が空");
    assert!(
        d.iter()
            .all(|x| x.severity == tebiki::diag::Severity::Warning),
        "{d:#?}"
    );

    // Built, the first group finds the page that says パスワード.
    let (_, built) = p.build();
    assert!(built);
    let out = p.root().join("output");
    let read = |rel: &str| -> serde_json::Value {
        let js = std::fs::read_to_string(out.join(rel)).unwrap();
        let at = js.find(" = {").unwrap();
        serde_json::from_str(js[at + 3..].trim().trim_end_matches(';')).unwrap()
    };
    let table = Table::from_json(&read("search/synonyms.table.js")).unwrap();
    let demo = Index::from_json("demo", &read("search/demo.js")).unwrap();
    let found = search(std::slice::from_ref(&demo), &table, "暗証コードの長さ");
    assert_eq!(demo.docs[found[0].doc].url, "demo/intro.html#第1条目的");

    p.write("content/synonyms.yaml", "groups:\n  - [a, b]\nphrase: []\n");
    assert_error(&p.check(), "content/synonyms.yaml", 3, "phrase");
    std::fs::remove_file(p.root().join("content/synonyms.yaml")).unwrap();
    assert!(p.check().is_empty());
}

/// The page script, in node and in Debian's chromium.
#[cfg(feature = "checkers")]
mod checked {
    use super::*;

    /// The page script ranks every question as the Rust ranking does: the
    /// same pages in the same order, the same scores.
    #[test]
    fn the_page_script_ranks_as_rust_does() {
        let (idx, t) = (indexes(), table());
        let mut asked: Vec<(Option<String>, String)> = Vec::new();
        for file in [
            "tests/search/queries.yaml",
            "tests/search/more-queries.yaml",
        ] {
            asked.extend(cases(file).into_iter().map(|c| (c.region, c.q)));
        }
        for q in [
            "",
            "　",
            "ぱすわーど",
            "パスワードを忘",
            "ＭＣＳ",
            "0594-72-6050",
            "ぬらりひょん",
            "Wi-Fi",
            "ｶﾅﾐｯｸ",
            "ケアマネージャー",
            "様式4-3",
            "ｓｕｍａｈｏ",
            "PC",
            "第10条",
            "同意書 誓約書",
            "ヶ月",
            "ID・パスワード",
            "𠮷",
            "か\u{3099}",
        ] {
            asked.push((None, q.to_string()));
        }
        let args: Vec<std::ffi::OsString> =
            std::iter::once(bundled_output().as_os_str().to_owned())
                .chain(asked.iter().map(|(r, q)| match r {
                    Some(r) => format!("{r}|{q}").into(),
                    None => q.into(),
                }))
                .collect();
        let lines = crate::common::node_json("rank.mjs", args);
        assert_eq!(lines.len(), asked.len());
        for ((region, q), line) in asked.iter().zip(&lines) {
            let regions: Vec<&str> = region.iter().map(String::as_str).collect();
            let chosen: Vec<Index> = idx
                .iter()
                .filter(|x| regions.is_empty() || regions.contains(&x.region.as_str()))
                .cloned()
                .collect();
            let rust: Vec<(String, f64)> = search(&chosen, &t, q)
                .iter()
                .map(|h| (chosen[h.index].docs[h.doc].url.clone(), h.score))
                .collect();
            let js: Vec<(String, f64)> = line["results"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| {
                    (
                        r["url"].as_str().unwrap().to_string(),
                        r["score"].as_f64().unwrap(),
                    )
                })
                .collect();
            let urls = |v: &[(String, f64)]| v.iter().map(|r| r.0.clone()).collect::<Vec<_>>();
            assert_eq!(urls(&rust), urls(&js), "{q} [{region:?}]");
            for (a, b) in rust.iter().zip(&js) {
                assert!(
                    (a.1 - b.1).abs() < 1e-9 * a.1.max(1.0),
                    "{q}: {} {} vs {}",
                    a.0,
                    a.1,
                    b.1
                );
            }
        }
    }

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
            ("パスワードを忘れた", "osaki/common.html#password"),
            // From a region's page, its header box searches that region,
            // on the region's own search page.
            ("osaki/index.html|パスワード", "osaki/"),
            (
                "koganei/policy.html|すまほのロック",
                "koganei/policy.html#id-password",
            ),
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
            if let Some((start, _)) = query.split_once('|') {
                let region = start.split('/').next().unwrap();
                assert!(
                    hrefs.iter().all(|h| h.starts_with(&format!("{region}/"))),
                    "{query}: {hrefs:?}"
                );
                // The results page is the region's, in its frame.
                assert_eq!(line["page"], format!("{region}/search.html"), "{query}");
                assert!(
                    line["nav"].as_bool().unwrap(),
                    "{query}: no region navigation"
                );
            }
            assert!(
                line["marks"].as_u64().unwrap() > 0,
                "no highlighted match for {query}"
            );
            assert_eq!(
                line["labels"].as_u64().unwrap(),
                hrefs.len() as u64,
                "{query}: a result without its region"
            );
            assert!(
                line["overflow"].as_u64().unwrap() <= 390,
                "{query}: wider than the phone"
            );
        }
    }

    /// A link shared as `search.html?q=…&region=…` opens the region's search
    /// page; nothing found shows the 事務局's number (the region's, or every
    /// region's); every region searched from a region lists its own first.
    #[test]
    fn shared_links_and_nothing_found_in_chromium() {
        let lines = crate::common::node_json(
            "search.mjs",
            [
                bundled_output().as_os_str().to_owned(),
                "search.html?q=同意書&region=kanzaki".into(),
                "inabe/search.html?q=ぬらりひょん".into(),
                "search.html?q=ぬらりひょん".into(),
                "inabe/search.html?q=同意書&region=".into(),
            ],
        );
        let hrefs = |i: usize| -> Vec<String> {
            lines[i]["results"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["href"].as_str().unwrap().to_string())
                .collect()
        };
        let tel = |i: usize| lines[i]["tel"].as_array().unwrap().len();
        assert_eq!(lines[0]["page"], "kanzaki/search.html");
        assert!(hrefs(0)[0].starts_with("kanzaki/"), "{:?}", hrefs(0));
        assert!(hrefs(1).is_empty());
        assert_eq!(lines[1]["tel"][0], "tel:0594726050", "the region's 事務局");
        assert_eq!(tel(1), 1, "the region's 事務局 only");
        assert!(hrefs(2).is_empty());
        assert_eq!(tel(2), 4, "every region's 事務局 with a number");
        // Every region searched from a region's page: its own results first.
        let regions: Vec<String> = hrefs(3)
            .iter()
            .map(|h| h.split('/').next().unwrap().to_string())
            .collect();
        let own = regions.iter().take_while(|r| *r == "inabe").count();
        assert!(own > 0 && own < regions.len(), "{regions:?}");
        assert!(regions[own..].iter().all(|r| r != "inabe"), "{regions:?}");
        assert_eq!(lines[3]["page"], "inabe/search.html");
    }
}
