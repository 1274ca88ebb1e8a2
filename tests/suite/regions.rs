//! Regions as they really are (issue 13), on two projects written for the
//! tests from fictional handbooks (tests/fixtures/handbooks):
//!
//! - kitayama: a one-way disclosure network (ID-Link) with an annual fee
//!   per facility, whose handbook is only partly at hand — written by a
//!   new user from the reference alone (its TRIAL.md);
//! - aoba: a prefecture-wide network whose documents (運用ポリシー, 細則,
//!   留意事項, 質疑応答集) each have their own editions, one with a blank
//!   date.
//!
//! Each builds with no error and no warning (as does minato, a chat-group
//! network a new user wrote for the authoring issue); the tests read what
//! a reader would see.

use std::sync::OnceLock;

use crate::common::Project;

/// Each fixture built once for every test that reads it.
fn built(name: &'static str) -> &'static Project {
    static KITAYAMA: OnceLock<Project> = OnceLock::new();
    static AOBA: OnceLock<Project> = OnceLock::new();
    static MINATO: OnceLock<Project> = OnceLock::new();
    let cell = match name {
        "kitayama" => &KITAYAMA,
        "aoba" => &AOBA,
        "minato" => &MINATO,
        _ => unreachable!(),
    };
    cell.get_or_init(|| {
        let p = Project::fixture(name);
        let (diags, ok) = p.build();
        assert!(ok, "{name}: {diags:#?}");
        assert!(
            diags.is_empty(),
            "{name} builds without a warning: {diags:#?}"
        );
        p
    })
}

fn read(name: &'static str, rel: &str) -> String {
    built(name).read(&format!("output/{rel}"))
}

/// Row `id` of the comparison's JSON: its states, one per region.
fn states(name: &'static str, id: &str, label: &str) -> Vec<String> {
    let json: serde_json::Value = serde_json::from_str(&read(name, "compare/rules.json")).unwrap();
    let row = json["comparison"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id && r["label"] == label)
        .unwrap_or_else(|| panic!("no row {id} {label}"));
    row["cells"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["state"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_fixtures_build_clean() {
    built("kitayama");
    built("aoba");
    // The chat-group network a new user wrote for the authoring issue.
    built("minato");
}

// ---- 6. The comparison's honesty ----

#[test]
fn comparison_says_not_applicable_and_not_held_apart_from_no_rule() {
    // Posting hours do not apply to a network where nobody posts.
    assert_eq!(states("kitayama", "hours", ""), ["not_applicable"]);
    // Chapter 5 onwards is not at hand: the e-mail rules are not known.
    assert_eq!(states("kitayama", "email", ""), ["missing"]);
    // The password section is at hand and sets no character classes:
    // that is 定めなし, not 未収録.
    assert_eq!(
        states("kitayama", "password-classes", "文字の種類"),
        ["not_addressed"]
    );
    // A complete region with no rule on a topic says so.
    assert_eq!(states("aoba", "training", ""), ["not_addressed"]);

    let html = read("kitayama", "compare/index.html");
    for want in [
        "<dt>該当なし</dt>",
        "<dt>未収録</dt>",
        r#"<span class="cell-state cell-not_applicable">該当なし</span><small class="cell-note">開示病院が情報を開示し"#,
        r#"<span class="cell-state cell-missing">未収録</span><small class="cell-note">第5章「利用の申込み」"#,
    ] {
        assert!(html.contains(want), "{want}");
    }
    let csv = read("kitayama", "compare/rules.csv");
    assert!(
        csv.contains("\"利用時間\",\"規定\",\"該当なし（開示病院が"),
        "{csv}"
    );
    assert!(
        csv.contains("\"メールアドレス\",\"規定\",\"未収録（第5章"),
        "{csv}"
    );
}

// ---- 7. Networks of other shapes ----

#[test]
fn the_network_is_on_the_region_page_and_in_the_comparison() {
    let html = read("kitayama", "kitayama/index.html");
    for want in [
        "病院などが開示し、ほかの施設が閲覧",
        // A fee with its note, on one line; a free fee says nothing of who pays.
        "<li>診療所・歯科診療所 12,000円／年（4月から翌年3月までの1年分。",
        "<li>患者 無料（患者さんの費用負担はありません）</li>",
        // Institutions with when they started, as the source dates them.
        "北山中央病院",
        "平成27年12月",
        "令和元年度",
        "iPadOS 15 以降",
    ] {
        assert!(html.contains(want), "{want}");
    }
    assert_eq!(states("kitayama", "network-model", ""), ["given"]);
    let csv = read("kitayama", "compare/rules.csv");
    assert!(
        csv.contains("\"ネットワークの形\",\"費用\",\"診療所・歯科診療所 12,000円／年"),
        "{csv}"
    );
}

#[test]
fn a_rule_of_two_topics_is_listed_under_both_with_one_anchor() {
    let html = read("kitayama", "kitayama/rules.html");
    let cost = html.find(r#"id="topic-cost""#).unwrap();
    let application = html.find(r#"id="topic-application""#).unwrap();
    let sentence = "閲覧施設として参加する場合は、次の年会費が必要です。";
    let places: Vec<usize> = html.match_indices(sentence).map(|(i, _)| i).collect();
    assert_eq!(places.len(), 2, "listed under both topics");
    assert!(places.iter().any(|i| *i > cost) && places.iter().any(|i| *i > application));
    assert_eq!(html.matches(r#"id="rule-annual-fee""#).count(), 1);
}

// ---- 2, 3. Forms known only by name; the region's own files ----

#[test]
fn forms_not_at_hand_are_listed_with_whom_to_ask_and_no_pdf() {
    let html = read("kitayama", "kitayama/forms.html");
    assert!(html.contains("未収録"), "{html}");
    assert!(html.contains("0120-000-387"), "the 事務局 to ask");
    assert!(
        !html.contains("画面で入力する"),
        "nothing is offered as fillable"
    );
    assert!(!html.contains("forms.zip"), "no zip of nothing");
    // Where forms are typeset, the page explains the two PDFs.
    let bundled =
        std::fs::read_to_string(crate::common::bundled_output().join("osaki/forms.html")).unwrap();
    assert!(bundled.contains("「画面で入力する」は PDF に入力してから印刷でき"));
    assert!(
        !built("kitayama")
            .root()
            .join("output/kitayama/forms")
            .exists()
    );
}

#[test]
fn the_regions_files_are_published_listed_linked_and_searchable() {
    let p = built("kitayama");
    let name = "開示病院一覧.csv";
    assert_eq!(
        std::fs::read(p.root().join("output/kitayama/files").join(name)).unwrap(),
        std::fs::read(p.root().join("content/kitayama/files").join(name)).unwrap(),
        "published as it is"
    );
    let forms = read("kitayama", "kitayama/forms.html");
    assert!(forms.contains(&format!("href=\"files/{name}\"")), "listed");
    assert!(forms.contains("CSV"), "with its type");
    let page = read("kitayama", "kitayama/chapter3.html");
    // Markdown links are percent-encoded, as browsers expect.
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b == b'.' {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    assert!(
        page.contains(&format!("href=\"files/{encoded}\"")),
        "linked from a page"
    );
    let index = read("kitayama", "search/kitayama.js");
    assert!(
        index.contains(&format!("kitayama/files/{name}")),
        "searchable"
    );
}

// ---- 1, 4. Dates as written; documents with their own editions ----

#[test]
fn each_page_is_dated_by_its_own_documents_edition() {
    // The 細則 was revised on 令和3年7月1日; the policy is the 2017/7/26版.
    let reg = read("aoba", "aoba/regulations.html");
    assert!(reg.contains("令和3年7月1日"), "{reg}");
    let policy = read("aoba", "aoba/policy.html");
    assert!(policy.contains("2017/7/26版"), "{policy}");
    assert!(!policy.contains("令和3年7月1日"), "not the 細則's date");
    // The Q&A's edition was printed with its date left blank.
    let qa = read("aoba", "aoba/qa.html");
    assert!(qa.contains("Ver.1"), "{qa}");
    assert!(qa.contains("平成29年　月　日"), "{qa}");
}

#[test]
fn history_has_a_section_per_document_with_its_current_edition() {
    let html = read("aoba", "aoba/history.html");
    for want in ["運用ポリシー", "運用細則", "利用上の留意事項", "質疑応答集"]
    {
        assert!(html.contains(want), "{want}");
    }
    // Each document has its own 現行, not the region's newest change.
    assert!(html.matches("現行").count() >= 4, "{html}");
}

// ---- 5. Q&A ----

#[test]
fn each_question_is_one_search_result_and_rules_cite_it() {
    let index = read("aoba", "search/aoba.js");
    for n in 1..=10 {
        let anchor = format!("\"aoba/qa.html#問{n}\"");
        assert_eq!(index.matches(&anchor).count(), 1, "{anchor}");
    }
    let rules = read("aoba", "aoba/rules.html");
    assert!(rules.contains(r#"（出典: <a href="qa.html#問"#), "{rules}");
}

#[test]
fn questions_are_anchored_by_their_number_however_written() {
    let p = Project::new();
    p.write(
        "content/demo/qa.md",
        "---\ntitle: 質疑応答集\nkind: qa\n---\n## 問１　パスワードを忘れたら？\n\n答　事務局に連絡してください。\n\n## 問２　端末は？\n\n答　業務用の端末です。\n",
    );
    p.write(
        "content/demo/links.md",
        "---\ntitle: リンク\n---\n[問2](qa.md#問2)を見てください。\n",
    );
    let (diags, ok) = p.build();
    assert!(ok && diags.is_empty(), "{diags:#?}");
    let html = p.read("output/demo/qa.html");
    assert!(
        html.contains(r#"id="問1""#) && html.contains(r#"id="問2""#),
        "{html}"
    );
}

// ---- 9. Form numbers in natural order ----

#[test]
fn forms_sort_by_their_numbers_as_people_read_them() {
    let p = Project::new();
    for (id, number) in [
        ("a", "様式1-10"),
        ("b", "様式1-2"),
        ("c", "別紙様式4-1"),
        ("d", "様式2"),
    ] {
        p.write(
            &format!("forms/demo/{id}.yaml"),
            &format!("number: {number}\ntitle: 書類{id}\n"),
        );
    }
    let (diags, ok) = p.build();
    assert!(ok, "{diags:#?}");
    let html = p.read("output/demo/forms.html");
    let at = |n: &str| {
        html.find(&format!(">{n}<"))
            .unwrap_or_else(|| panic!("{n} in {html}"))
    };
    assert!(at("様式1-2") < at("様式1-10"));
    assert!(at("様式1-10") < at("様式2"));
}

// ---- 8. Copies; forms with no number ----

#[test]
fn the_consent_is_printed_as_its_two_labelled_copies_and_unnumbered_forms_show_their_title() {
    let p = built("aoba");
    let print =
        lopdf::Document::load(p.root().join("output/aoba/forms/consent-print.pdf")).unwrap();
    assert_eq!(
        print.get_pages().len(),
        2,
        "（甲） and （乙）, one sheet each"
    );
    let html = read("aoba", "aoba/forms.html");
    assert!(
        html.contains("<h2>あおばネット患者同意書"),
        "no number before the title"
    );
    assert!(!html.contains("form-number\"></span>"));
}
