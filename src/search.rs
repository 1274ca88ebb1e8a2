//! Japanese-aware search: the index is built here at build time, and the
//! page script (`themes/default/static/search.js`) splits the query with the
//! same rules, so what is indexed is what is looked up.
//!
//! The rules, in both places: NFKC, lower case; runs of ASCII letters and
//! digits are whole tokens (`ＭＣＳ` → `mcs`, `0594-72-6050` → `0594`, `72`,
//! `6050`); runs of Japanese characters become overlapping character bigrams
//! (a run of one is itself a token); everything else separates.

use std::collections::HashMap;

use unicode_normalization::UnicodeNormalization;

/// Kana, CJK ideographs and 々 / ー: the characters bigrams are made of.
pub fn is_japanese(c: char) -> bool {
    matches!(c as u32,
        0x3005 | 0x3041..=0x309F | 0x30A0..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
}

fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

/// The text as the index and the query see it: NFKC, lower case.
pub fn normalize(s: &str) -> String {
    // Most characters of a Japanese page are unchanged by NFKC and have no
    // case: they are copied, and only the runs between them are normalised.
    // A run takes the character before it along, which a combining mark
    // (か + ゛) may join.
    let mut out = String::with_capacity(s.len());
    let mut run: Option<usize> = None;
    let mut prev: Option<(usize, char)> = None;
    for (i, c) in s.char_indices() {
        if stays(c) {
            if let Some(start) = run.take() {
                normalize_run(&s[start..i], &mut out);
            }
            out.push(c.to_ascii_lowercase());
        } else if run.is_none() {
            let start = match prev {
                Some((at, p)) => {
                    out.truncate(out.len() - p.len_utf8());
                    at
                }
                None => i,
            };
            run = Some(start);
        }
        prev = Some((i, c));
    }
    if let Some(start) = run {
        normalize_run(&s[start..], &mut out);
    }
    out
}

fn normalize_run(run: &str, out: &mut String) {
    out.extend(run.nfkc().flat_map(char::to_lowercase));
}

/// Characters NFKC leaves alone, never joined to the character before them
/// and without case (ASCII is only lower-cased): ASCII, kana, 、。「」『』々ー
/// and the unified ideographs.
fn stays(c: char) -> bool {
    matches!(c as u32,
        0x00..=0x7F | 0x3001 | 0x3002 | 0x3005 | 0x300C..=0x300F | 0x3041..=0x3096 | 0x30A1..=0x30FA | 0x30FC | 0x4E00..=0x9FFF)
}

/// Calls `f` with each token of `s` (see the module comment), borrowed
/// from the normalised text.
fn each_token(s: &str, mut f: impl FnMut(&str)) {
    let norm = normalize(s);
    let mut chars = norm.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if is_word(c) {
            let mut end = start + c.len_utf8();
            while let Some(&(i, c)) = chars.peek().filter(|(_, c)| is_word(*c)) {
                end = i + c.len_utf8();
                chars.next();
            }
            f(&norm[start..end]);
        } else if is_japanese(c) {
            // Bigrams of the run; a run of one is its own token.
            let mut prev = (start, c);
            let mut alone = true;
            while let Some(&(i, c)) = chars.peek().filter(|(_, c)| is_japanese(*c)) {
                f(&norm[prev.0..i + c.len_utf8()]);
                prev = (i, c);
                alone = false;
                chars.next();
            }
            if alone {
                f(&norm[start..start + c.len_utf8()]);
            }
        }
    }
}

/// Tokens of `s` (see the module comment).
pub fn tokens(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    each_token(s, |t| out.push(t.to_string()));
    out
}

/// One searchable section: a page's part under one heading.
#[derive(Debug, Clone)]
pub struct Doc {
    pub url: String,
    pub title: String,
    pub heading: String,
    pub text: String,
}

/// The index the page script loads: documents as [url, title, heading,
/// text], and token -> ids of the documents holding it.
pub fn index(docs: &[Doc]) -> serde_json::Value {
    let mut postings: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, d) in docs.iter().enumerate() {
        for part in [&d.title, &d.heading, &d.text] {
            each_token(part, |t| match postings.get_mut(t) {
                Some(list) => {
                    if list.last() != Some(&i) {
                        list.push(i);
                    }
                }
                None => {
                    postings.insert(t.to_string(), vec![i]);
                }
            });
        }
    }
    // Sorted, so that the file is the same on every build.
    let postings: std::collections::BTreeMap<String, Vec<usize>> = postings.into_iter().collect();
    serde_json::json!({
        "docs": docs.iter().map(|d| [&d.url, &d.title, &d.heading, &d.text]).collect::<Vec<_>>(),
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

    #[test]
    fn normalize_equals_full_nfkc() {
        let reference = |s: &str| -> String { s.nfkc().flat_map(char::to_lowercase).collect() };
        for s in [
            "",
            "同意書の保管（２部）、ＭＣＳ。",
            "か\u{3099}き\u{309A}",
            "\u{3099}先頭の濁点",
            "ｶﾞｷﾞｸﾞ ﾊﾟ",
            "Ångström Å",
            "e\u{301}t\u{301}é",
            "①②③ ㍻ ㌔ ﬁ",
            "〜～―‐　全角空間",
            "ABCＤＥＦ ÀÉ Σσς",
            "𠮷野家 髙﨑 神",
        ] {
            assert_eq!(normalize(s), reference(s), "{s:?}");
        }
    }
}
