//! What the index and the query see of a text: NFKC, lower case, and the
//! differences a reader does not mean folded away — katakana as hiragana
//! (「スマホ」 = 「すまほ」), small kana as large (「ウィルス」 = 「ウイルス」,
//! 「ヶ月」 = 「か月」) and no long-vowel mark after kana
//! (「ケアマネージャー」 = 「ケアマネジャー」). NFKC already makes full-width
//! digits and letters half-width (「２１時」 = 「21時」).
//!
//! Every rule is per character (ー looks only at the character before it), so
//! the page script maps a match back to the characters of the page it
//! highlights. `static/search.js` has the same rules in `fold`.

use unicode_normalization::UnicodeNormalization;

/// The text as NFKC and lower case.
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

/// The text as the index and the query compare it: [`normalize`], then
/// each character through [`fold_char`].
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev = None;
    for c in normalize(s).chars() {
        if let Some(f) = fold_char(prev, c) {
            out.push(f);
        }
        prev = Some(c);
    }
    out
}

/// One normalised character as compared, given the normalised character
/// before it: `None` drops it.
pub fn fold_char(prev: Option<char>, c: char) -> Option<char> {
    Some(match c {
        // ー lengthens the kana before it: 「ケアマネージャー」 and
        // 「ケアマネジャー」 are one word. Anywhere else it is a dash.
        'ー' => {
            return if prev.is_some_and(is_kana) {
                None
            } else {
                Some(' ')
            };
        }
        // Small kana as large: 「ウィルス」「ウイルス」, 「ヶ月」「か月」.
        'ァ' | 'ぁ' => 'あ',
        'ィ' | 'ぃ' => 'い',
        'ゥ' | 'ぅ' => 'う',
        'ェ' | 'ぇ' => 'え',
        'ォ' | 'ぉ' => 'お',
        'ッ' | 'っ' => 'つ',
        'ャ' | 'ゃ' => 'や',
        'ュ' | 'ゅ' => 'ゆ',
        'ョ' | 'ょ' => 'よ',
        'ヮ' | 'ゎ' => 'わ',
        'ヵ' | 'ゕ' | 'ヶ' | 'ゖ' => 'か',
        // Katakana as hiragana (ヷ–ヺ have none and stay).
        'ァ'..='ヶ' | 'ヽ' | 'ヾ' => char::from_u32(c as u32 - 0x60).unwrap_or(c),
        _ => c,
    })
}

/// Hiragana or katakana (letters, not marks or the middle dot).
pub fn is_kana(c: char) -> bool {
    matches!(c, 'ぁ'..='ゖ' | 'ァ'..='ヺ')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_what_a_reader_does_not_mean() {
        assert_eq!(fold("スマホ"), fold("すまほ"));
        assert_eq!(fold("ｽﾏﾎ"), "すまほ");
        assert_eq!(fold("ケアマネージャー"), fold("ケアマネジャー"));
        assert_eq!(fold("ウィルス"), fold("ウイルス"));
        assert_eq!(fold("３ヶ月"), "3か月");
        assert_eq!(fold("３カ月"), "3か月");
        assert_eq!(fold("ＭＣＳ"), "mcs");
        assert_eq!(fold("０５９４ー７２"), "0594 72");
        assert_eq!(fold("パスワード"), "ぱすわど");
        assert_eq!(fold("同意書"), "同意書");
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
