//! Japanese-aware search: the index is built here at build time, and the
//! page script (`themes/default/static/search.js`) splits the query with the
//! same rules, so what is indexed is what is looked up.
//!
//! The rules, in both places: NFKC, lower case; runs of ASCII letters and
//! digits are whole tokens (`ＭＣＳ` → `mcs`, `0594-72-6050` → `0594`, `72`,
//! `6050`); runs of Japanese characters become overlapping character bigrams
//! (a run of one is itself a token); everything else separates.

use std::collections::BTreeMap;

use unicode_normalization::UnicodeNormalization;

/// Kana, CJK ideographs and 々 / ー: the characters bigrams are made of.
pub fn is_japanese(c: char) -> bool {
    matches!(c as u32,
        0x3005 | 0x3041..=0x309F | 0x30A0..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
}

fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

/// The text as the index and the query see it.
pub fn normalize(s: &str) -> String {
    s.nfkc().flat_map(char::to_lowercase).collect()
}

/// Tokens of `s` (see the module comment).
pub fn tokens(s: &str) -> Vec<String> {
    let norm: Vec<char> = normalize(s).chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < norm.len() {
        let c = norm[i];
        if is_word(c) {
            let start = i;
            while i < norm.len() && is_word(norm[i]) {
                i += 1;
            }
            out.push(norm[start..i].iter().collect());
        } else if is_japanese(c) {
            let start = i;
            while i < norm.len() && is_japanese(norm[i]) {
                i += 1;
            }
            let run = &norm[start..i];
            if run.len() == 1 {
                out.push(run[0].to_string());
            } else {
                out.extend(run.windows(2).map(|w| w.iter().collect::<String>()));
            }
        } else {
            i += 1;
        }
    }
    out
}

/// One searchable section: a page's part under one heading.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Doc {
    pub url: String,
    pub title: String,
    pub heading: String,
    pub region: String,
    pub text: String,
}

/// The index the page script loads: documents, and token -> document ids.
pub fn index(docs: &[Doc]) -> serde_json::Value {
    let mut postings: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, d) in docs.iter().enumerate() {
        let all = format!("{} {} {}", d.title, d.heading, d.text);
        for t in tokens(&all) {
            let list = postings.entry(t).or_default();
            if list.last() != Some(&i) {
                list.push(i);
            }
        }
    }
    serde_json::json!({
        "docs": docs.iter().map(|d| [&d.url, &d.title, &d.heading, &d.region, &d.text]).collect::<Vec<_>>(),
        "index": postings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_like_the_page_script() {
        assert_eq!(tokens("ＭＣＳ"), ["mcs"]);
        assert_eq!(tokens("０５９４－７２－６０５０"), ["0594", "72", "6050"]);
        assert_eq!(tokens("パスワード"), ["パス", "スワ", "ワー", "ード"]);
        assert_eq!(
            tokens("同意書の保管"),
            ["同意", "意書", "書の", "の保", "保管"]
        );
        assert_eq!(tokens("m@tsuネット"), ["m", "tsu", "ネッ", "ット"]);
        assert_eq!(tokens("緊"), ["緊"]);
        assert_eq!(tokens("ｶﾅﾐｯｸ"), ["カナ", "ナミ", "ミッ", "ック"]);
    }
}
