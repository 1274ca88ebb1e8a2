//! The comparison of the regions' rules, against values read from the seed
//! documents by hand (not derived from the YAML the table is built from).

use crate::common::bundled_output;

/// Cells of `compare/rules.csv` for one row: (分類, 項目) -> cells in portal
/// order いなべ, おおさき, 神崎市郡, 松原市, 小金井.
fn row(topic: &str, item: &str) -> Vec<String> {
    let csv = std::fs::read_to_string(bundled_output().join("compare/rules.csv")).unwrap();
    assert!(
        csv.starts_with('\u{feff}'),
        "no BOM: Excel would misread the Japanese"
    );
    for line in csv.trim_start_matches('\u{feff}').lines() {
        let cells: Vec<String> = line
            .trim_end_matches('\r')
            .split("\",\"")
            .map(|c| c.trim_matches('"').to_string())
            .collect();
        if cells[0] == topic && cells[1] == item {
            return cells[2..].to_vec();
        }
    }
    panic!("no row {topic}/{item} in:\n{csv}");
}

#[test]
fn header_lists_the_five_regions_in_portal_order() {
    let csv = std::fs::read_to_string(bundled_output().join("compare/rules.csv")).unwrap();
    let header = csv.lines().next().unwrap();
    assert!(
        header.ends_with("\"いなべ\",\"おおさき\",\"神崎市郡\",\"松原市\",\"小金井\""),
        "{header}"
    );
}

#[test]
fn password_rows_match_the_seeds() {
    // 000: 半角の英字数字を両方含む８文字以上とし、２ヶ月に１回程度
    // 001: 定期的な変更は不要 (NIST SP800-63B); 適切な長さ, no number
    // 002: 定期的(3か月に1度程度)な変更がのぞましい
    // 003: 英数混合8ヶタ以上とし、定期的(最長で2か月に1回)に必ず変更する
    // 004: 英数混合8ケタ以上とし、定期的（最長で2か月に1回）に必ず変更する
    assert_eq!(
        row("パスワード", "最小文字数"),
        [
            "8文字以上",
            "定めなし",
            "定めなし",
            "8文字以上",
            "8文字以上"
        ]
    );
    assert_eq!(
        row("パスワード", "定期的な変更"),
        [
            "2か月ごと（程度）",
            "不要",
            "3か月ごと（程度）",
            "2か月ごと",
            "2か月ごと"
        ]
    );
}

#[test]
fn hours_rows_match_the_seeds() {
    // 000: ２１時以降翌朝８時までの投稿は禁止; 001: 自由グループ 6:00～22:00
    let hours = row("利用時間", "時間帯");
    assert!(hours[0].starts_with("21:00〜08:00"), "{hours:?}");
    assert!(hours[1].starts_with("06:00〜22:00"), "{hours:?}");
    assert_eq!(&hours[2..], ["定めなし", "定めなし", "定めなし"]);
}

#[test]
fn consent_copies_match_the_seeds() {
    // 000: 同意書は2部作成; 003: 2部作成し; 004 says nothing of copies.
    let c = row("同意", "同意書の部数と保管");
    assert!(c[0].starts_with("2部"), "{c:?}");
    assert!(c[3].starts_with("2部"), "{c:?}");
    assert_eq!(c[4], "定めなし");
}

#[test]
fn every_cell_links_to_the_sentence_it_comes_from() {
    let html = std::fs::read_to_string(bundled_output().join("compare/index.html")).unwrap();
    assert!(
        html.contains("href=\"../inabe/rules.html#rule-"),
        "no links to sentences"
    );
    let rules = std::fs::read_to_string(bundled_output().join("inabe/rules.html")).unwrap();
    let linked: Vec<&str> = html
        .split("href=\"../inabe/rules.html#")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    assert!(!linked.is_empty());
    for anchor in linked {
        assert!(
            rules.contains(&format!("id=\"{anchor}\"")),
            "#{anchor} not on inabe/rules.html"
        );
    }
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(bundled_output().join("compare/rules.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(json["regions"].as_array().unwrap().len(), 5);
}
