//! `tebiki check`: one test per class of problem, each asserting the file,
//! the line and the message the reader sees.

use crate::common::{PAGE, Project, REGION, assert_error};

#[test]
fn a_valid_project_has_no_problems() {
    let p = Project::new();
    let d = p.check();
    assert!(d.is_empty(), "{d:#?}");
}

#[test]
fn unknown_key_is_caught_with_a_suggestion() {
    let p = Project::new();
    p.write(
        "content/demo/region.yaml",
        &crate::common::REGION.replace("  tel: 0594", "  tell: 0594"),
    );
    let d = p.check();
    assert_error(&d, "content/demo/region.yaml", 13, "知らない項目名 `tell`");
    let e = d.iter().find(|d| d.message.contains("`tell`")).unwrap();
    assert_eq!(e.pos.unwrap().column, 3);
    assert!(
        e.hints.iter().any(|h| h.contains("`tel:`")),
        "{:?}",
        e.hints
    );
}

#[test]
fn several_unknown_keys_are_reported_in_one_run() {
    let p = Project::new();
    p.write(
        "content/demo/region.yaml",
        &crate::common::REGION
            .replace("  tel: 0594", "  tell: 0594")
            .replace("area:", "areas: [x]\narea:"),
    );
    p.write("tebiki.yaml", "title: テスト\ntheeme: default\n");
    let d = p.check();
    assert_error(&d, "content/demo/region.yaml", 3, "`areas`");
    assert_error(&d, "content/demo/region.yaml", 14, "`tell`");
    assert_error(&d, "tebiki.yaml", 2, "`theeme`");
}

#[test]
fn wrong_type_is_located() {
    let p = Project::new();
    p.write(
        "content/demo/region.yaml",
        &crate::common::REGION.replace("min_length: 8", "min_length: eight"),
    );
    assert_error(
        &p.check(),
        "content/demo/region.yaml",
        19,
        "値の種類が違います",
    );
}

#[test]
fn missing_required_value_is_located() {
    let p = Project::new();
    p.write(
        "content/demo/region.yaml",
        &crate::common::REGION.replace("  name: デモ市医師会\n", ""),
    );
    assert_error(
        &p.check(),
        "content/demo/region.yaml",
        6,
        "必要な項目 `name`",
    );
}

#[test]
fn yaml_syntax_error_stops_that_file_only() {
    let p = Project::new();
    p.write(
        "content/demo/region.yaml",
        &crate::common::REGION.replace("area:\n  - デモ市", "area:\n  - デモ市\n\t- タブ"),
    );
    p.write("content/lists/bad.yaml", "title: x\nentries: [\n");
    let d = p.check();
    assert_error(&d, "content/demo/region.yaml", 5, "YAML の書き方");
    assert_error(&d, "content/lists/bad.yaml", 3, "YAML の書き方");
}

#[test]
fn duplicate_ids_are_reported_at_the_second() {
    let p = Project::new();
    let twice = crate::common::REGION.to_string()
        + "  - id: password-length\n    topic: password\n    text: 二つ目。\n";
    p.write("content/demo/region.yaml", &twice);
    let d = p.check();
    assert_error(
        &d,
        "content/demo/region.yaml",
        20,
        "規則の id「password-length」が重複",
    );
}

#[test]
fn unresolved_references_are_located_in_the_page() {
    let p = Project::new();
    p.write(
        "content/demo/intro.md",
        "---\ntitle: はじめに\n---\n様式は {{ form_link(form=\"consnet\") }} です。\n\n{{ list_table(list=\"profesions\") }}\n\n- {{ rule(id=\"pasword-length\") }}\n",
    );
    let d = p.check();
    assert_error(
        &d,
        "content/demo/intro.md",
        4,
        "様式「consnet」がありません",
    );
    assert_error(
        &d,
        "content/demo/intro.md",
        6,
        "リスト「profesions」がありません",
    );
    assert_error(
        &d,
        "content/demo/intro.md",
        8,
        "規則「pasword-length」がありません",
    );
    let rule = d.iter().find(|d| d.message.contains("pasword")).unwrap();
    assert!(
        rule.hints[0].contains("password-length"),
        "{:?}",
        rule.hints
    );
}

#[test]
fn unknown_region_value_is_located() {
    let p = Project::new();
    p.write(
        "content/demo/intro.md",
        "---\ntitle: はじめに\n---\n\n電話 {{ region.secretariat.tell }}\n",
    );
    assert_error(
        &p.check(),
        "content/demo/intro.md",
        5,
        "`region.secretariat.tell` という値はありません",
    );
}

#[test]
fn broken_links_and_anchors_are_located() {
    let p = Project::new();
    p.write(
        "content/demo/other.md",
        "---\ntitle: 他\norder: 2\n---\n[目的](intro.md#第1条目的) と [誤り](intro.md#第2条)\n\n[なし](missing.md)\n\n[外](../../etc/passwd)\n\n[危険](javascript:alert(1))\n",
    );
    let d = p.check();
    assert!(
        !d.iter().any(|d| d.message.contains("第1条目的")),
        "a good anchor was refused: {d:#?}"
    );
    assert_error(
        &d,
        "content/demo/other.md",
        5,
        "見出し「#第2条」がありません",
    );
    assert_error(
        &d,
        "content/demo/other.md",
        7,
        "ページ「missing.md」がありません",
    );
    assert_error(&d, "content/demo/other.md", 9, "外を指すリンク");
    assert_error(
        &d,
        "content/demo/other.md",
        11,
        "`javascript:` は使えません",
    );
}

#[test]
fn draft_linked_from_a_published_page_is_an_error() {
    let p = Project::new();
    p.write(
        "content/demo/draft.md",
        "---\ntitle: 下書き\ndraft: true\n---\n本文\n",
    );
    p.write(
        "content/demo/intro.md",
        "---\ntitle: はじめに\n---\n\n[下書き](draft.md)\n",
    );
    assert_error(
        &p.check(),
        "content/demo/intro.md",
        5,
        "下書き（draft: true）",
    );
}

#[test]
fn unknown_rule_topic_and_wrong_value_kind_are_located() {
    let p = Project::new();
    p.write(
        "content/demo/region.yaml",
        &(crate::common::REGION.to_string()
            + "  - id: night\n    topic: hourz\n    text: 夜は投稿しない。\n  - id: night2\n    topic: posting\n    text: 夜は投稿しない。\n    hours: {applies_to: 投稿, window: forbidden, from: \"21:00\", to: \"08:00\"}\n"),
    );
    let d = p.check();
    assert_error(
        &d,
        "content/demo/region.yaml",
        21,
        "分類（topic）「hourz」はありません",
    );
    assert_error(
        &d,
        "content/demo/region.yaml",
        26,
        "`hours` の値を書けません",
    );
}

#[test]
fn a_form_naming_a_missing_list_is_located() {
    let p = Project::new();
    p.write(
        "forms/demo/apply.yaml",
        "number: 様式1\ntitle: 申込書\npurpose: 申し込む。\nkind: application\nblocks:\n  - title: 申込書\n  - choice: {id: job, label: 職種, list: profesions, style: combo}\n",
    );
    assert_error(
        &p.check(),
        "forms/demo/apply.yaml",
        7,
        "リスト「profesions」がありません",
    );
}

#[test]
fn impossible_dates_are_located() {
    let p = Project::new();
    p.write(
        "content/demo/region.yaml",
        &(crate::common::REGION.to_string()
            + "revisions:\n  - date: 令和0年4月1日\n    kind: enacted\n"),
    );
    assert_error(&p.check(), "content/demo/region.yaml", 21, "令和0年");
    p.write(
        "content/demo/region.yaml",
        &(crate::common::REGION.to_string()
            + "revisions:\n  - date: 令和3年2月30日\n    kind: enacted\n"),
    );
    assert_error(
        &p.check(),
        "content/demo/region.yaml",
        21,
        "2月に30日はありません",
    );
}

#[test]
fn a_template_error_names_the_template_and_line() {
    let p = Project::new();
    p.write(
        "themes/default/templates/region.html",
        "{% extends \"base.html\" %}\n{% block main %}\n{% if x %}\n{% endblock main %}\n",
    );
    let d = p.check();
    assert!(
        d.iter()
            .any(|d| d.file.ends_with("themes/default/templates/region.html") && d.pos.is_some()),
        "{d:#?}"
    );
}

#[test]
fn the_command_prints_located_errors_and_exits_1() {
    let p = Project::new();
    p.write(
        "content/demo/region.yaml",
        &crate::common::REGION.replace("  tel: 0594", "  tell: 0594"),
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tebiki"))
        .args(["check", "--root"])
        .arg(p.root())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("content/demo/region.yaml:13:3"), "{err}");
    assert!(err.contains("13 |   tell: 0594-72-6050"), "{err}");
    assert!(err.contains("`tel:` に直してください"), "{err}");
}

/// Every mistake of one file in one run, each where it is written, each
/// once: a wrong kind of value, an unknown key, an empty required value, an
/// impossible date, an unknown value and a missing key.
#[test]
fn every_mistake_of_a_file_is_reported_in_one_run() {
    let p = Project::new();
    p.write(
        "content/demo/region.yaml",
        "\
id: demo
name: デモ地域ネット
operator:
  name: デモ市医師会
platform:
  name: メディカルケアステーション
  vendr: エンブレース
secretariat:
  name:
  tel: 0594-72-6050
rules:
  - id: password-length
    topic: password
    text: パスワードは８文字以上とします。
    password:
      min_length: eight
revisions:
  - date: 令和3年2月30日
    kind: enactd
",
    );
    let d = p.check();
    let f = "content/demo/region.yaml";
    assert_error(&d, f, 1, "必要な項目 `area`");
    assert_error(&d, f, 7, "`vendr`");
    assert_error(&d, f, 9, "`name` の値が書かれていません");
    assert_error(&d, f, 16, "値の種類が違います");
    assert_error(&d, f, 18, "30日はありません");
    assert_error(&d, f, 19, "`enactd` はここに書ける値ではありません");
    let errors: Vec<_> = d
        .iter()
        .filter(|x| {
            x.file == std::path::Path::new(f) && x.severity == tebiki::diag::Severity::Error
        })
        .collect();
    assert_eq!(errors.len(), 6, "{errors:#?}");
}

/// Mistakes that do not stop a build are warnings, each located; `check
/// --strict` fails on them.
#[test]
fn what_would_pass_silently_is_a_warning() {
    let p = Project::new();
    p.write(
        "tebiki.yaml",
        "title: テスト\nbase_url: https://tebiki.example.jp/\n",
    );
    p.write(
        "content/demo/region.yaml",
        &crate::common::REGION
            .replace(
                "tel: 0594-72-6050",
                "tel: ０５９４－７２－６０５０\n  fax: \"\"",
            )
            .replace(
                "rules:\n",
                "rules:\n  - {id: unused, topic: other, text: どこにも出ない規則。}\n",
            ),
    );
    p.write(
        "content/demo/intro.md",
        "---\ntitle: はじめに\n---\n## 目的\n\nFAX は {{ region.secretariat.fax }} です。<!-- 事務局メモ: 公開しない -->\n\n## 目的\n\n- {{ rule(id=\"password-length\") }}\n",
    );
    p.write(
        "forms/demo/f.yaml",
        "number: 様式1\ntitle: 申込書\npurpose: 申し込む。\nkind: application\nblocks:\n  - label: ＜様式２＞\n  - field: {id: name, label: 氏名}\n",
    );
    let d = p.check();
    let warning = |file: &str, line: usize, needle: &str| {
        assert!(
            d.iter()
                .any(|x| x.severity == tebiki::diag::Severity::Warning
                    && x.file == std::path::Path::new(file)
                    && x.pos.map(|p| p.line) == Some(line)
                    && x.message.contains(needle)),
            "no warning at {file}:{line} with {needle:?}:\n{d:#?}"
        );
    };
    warning("tebiki.yaml", 2, "例のアドレス");
    warning("content/demo/region.yaml", 13, "半角にしました");
    warning(
        "content/demo/region.yaml",
        16,
        "規則「unused」はどのページの本文にも出ていません",
    );
    warning("content/demo/intro.md", 6, "`region.secretariat.fax` は空");
    warning("content/demo/intro.md", 8, "同じアンカー");
    warning("forms/demo/f.yaml", 6, "number「様式1」と違います");
    assert!(
        !d.iter()
            .any(|x| x.severity == tebiki::diag::Severity::Error),
        "{d:#?}"
    );
    // The build goes on; the comment is not published; the number dials.
    let (_, ok) = p.build();
    assert!(ok);
    let html = p.read("output/demo/intro.html");
    assert!(!html.contains("事務局メモ"), "{html}");
    assert!(
        p.read("output/demo/contact.html")
            .contains("tel:0594726050")
    );
    // --strict fails on warnings.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tebiki"))
        .args(["check", "--strict", "--root"])
        .arg(p.root())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}

/// A rule whose text is a lead sentence and a list (みなと trial): the page
/// shows it as a block in the list item, valid HTML; inside a sentence it
/// is a warning naming the line.
#[test]
fn a_rule_holding_a_list_is_a_block() {
    let p = Project::new();
    p.write(
        "content/demo/region.yaml",
        &format!(
            "{REGION}  - id: creators\n    topic: password\n    text: |\n      作成できるのは次の者です。\n\n      - 医師\n      - 看護師\n"
        ),
    );
    p.write(
        "content/demo/intro.md",
        &format!("{PAGE}- {{{{ rule(id=\"creators\") }}}}\n\n本文の途中 {{{{ rule(id=\"creators\") }}}} です。\n"),
    );
    let (diags, ok) = p.build();
    assert!(ok, "{diags:#?}");
    let warned: Vec<_> = diags
        .iter()
        .filter(|d| d.message.contains("文の途中には出せません"))
        .collect();
    assert_eq!(warned.len(), 1, "{diags:#?}");
    assert_eq!(
        warned[0].pos.map(|p| p.line),
        Some(PAGE.lines().count() + 3)
    );
    let html = p.read("output/demo/intro.html");
    assert!(
        html.contains(r#"<li><div class="rule" id="rule-creators"><p>作成できるのは次の者です。</p><ul><li>医師</li><li>看護師</li></ul></div>"#),
        "{html}"
    );
    assert!(
        !html.contains(r#"<span class="rule" id="rule-creators"><p>"#),
        "{html}"
    );
}
