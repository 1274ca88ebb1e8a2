//! Tokens of folded text (see [`super::normalize::fold`]), the same in the
//! index and in a query: a run of ASCII letters and digits is one token
//! (`mcs`, `0594`); a run of Japanese characters gives every pair of
//! neighbours (bigrams: 「同意書」 → 同意, 意書) and each kanji alone, so that
//! a single kanji (「薬」) and a kanji next to a digit (「2部」 → 2, 部) are
//! found. A lone kana is no token: it is a particle more often than a word.

/// Kana, CJK ideographs and 々: the characters bigrams are made of.
pub fn is_japanese(c: char) -> bool {
    matches!(c as u32,
        0x3005 | 0x3041..=0x309F | 0x30A0..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
}

/// A CJK ideograph: a token on its own as well as in bigrams.
pub fn is_kanji(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
}

/// An ASCII letter or digit: runs of them are whole tokens.
pub fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

/// Which kanji are tokens on their own.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Unigrams {
    /// Every kanji: what the index holds.
    All,
    /// A kanji with no kanji beside it (「薬」, 「2部」, the 「盗」 of
    /// 「盗まれた」): in a query, a kanji inside a compound is already in
    /// its bigrams, and alone it would find every page with that kanji.
    Isolated,
}

/// Calls `f(token, start, end)` for each token of the folded `chars`, with
/// the character range it covers.
pub fn each_token(chars: &[char], unigrams: Unigrams, mut f: impl FnMut(&[char], usize, usize)) {
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if is_word(c) {
            let start = i;
            while i < chars.len() && is_word(chars[i]) {
                i += 1;
            }
            f(&chars[start..i], start, i);
        } else if is_japanese(c) {
            let start = i;
            while i < chars.len() && is_japanese(chars[i]) {
                i += 1;
            }
            for j in start..i {
                if j + 1 < i {
                    f(&chars[j..j + 2], j, j + 2);
                }
                let alone = unigrams == Unigrams::All
                    || !((j > start && is_kanji(chars[j - 1]))
                        || (j + 1 < i && is_kanji(chars[j + 1])));
                if is_kanji(chars[j]) && alone {
                    f(&chars[j..j + 1], j, j + 1);
                }
            }
        } else {
            i += 1;
        }
    }
}

/// The tokens of folded text as the index holds them.
pub fn index_tokens(folded: &str) -> Vec<String> {
    let chars: Vec<char> = folded.chars().collect();
    let mut out = Vec::new();
    each_token(&chars, Unigrams::All, |t, _, _| {
        out.push(t.iter().collect())
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::normalize::fold;

    fn toks(s: &str) -> Vec<String> {
        index_tokens(&fold(s))
    }

    #[test]
    fn splits_like_the_page_script() {
        assert_eq!(toks("ＭＣＳ"), ["mcs"]);
        assert_eq!(toks("０５９４－７２－６０５０"), ["0594", "72", "6050"]);
        assert_eq!(toks("パスワード"), ["ぱす", "すわ", "わど"]);
        assert_eq!(
            toks("同意書の保管"),
            [
                "同意", "同", "意書", "意", "書の", "書", "の保", "保管", "保", "管"
            ]
        );
        assert_eq!(toks("m@tsuネット"), ["m", "tsu", "ねつ", "つと"]);
        assert_eq!(toks("緊"), ["緊"]);
        assert_eq!(toks("２部"), ["2", "部"]);
        assert_eq!(toks("の"), Vec::<String>::new());
        assert_eq!(toks("ｶﾅﾐｯｸ"), ["かな", "なみ", "みつ", "つく"]);
    }

    #[test]
    fn a_query_keeps_only_lone_kanji() {
        let chars: Vec<char> = fold("薬を盗まれた同意書").chars().collect();
        let mut out = Vec::new();
        each_token(&chars, Unigrams::Isolated, |t, _, _| {
            out.push(t.iter().collect::<String>())
        });
        assert_eq!(
            out,
            [
                "薬を", "薬", "を盗", "盗ま", "盗", "まれ", "れた", "た同", "同意", "意書"
            ]
        );
    }
}
