//! BM25 over the searched regions' documents together (their counts
//! summed, so that scores from different regions compare), with a query's
//! terms, phrases and concepts (see [`super::query`]) each one BM25 term.
//! Not every term must match: a page holding most of a question ranks
//! above one holding a little of it. `static/search.js` (`rank`) is the
//! same computation in the same order, so the same pages come out in the
//! same order (a test runs both).

use super::index::{FIELD_WEIGHTS, Index, IndexDoc};
use super::query::{Query, occurrences};
use super::tokens::{is_kanji, is_word};

/// BM25's saturation and length normalisation, the usual values.
const K1: f64 = 1.2;
const B: f64 = 0.75;
/// A phrase of the query as typed, on top of its tokens.
pub const PHRASE_WEIGHT: f64 = 1.0;
/// Pages scoring under this share of the best are left out: they hold a
/// word or two of the question and nothing of its point.
pub const CUTOFF: f64 = 0.25;
/// What makes a page a result at all: a phrase or concept of the query,
/// a term with a kanji, letter or digit, or this many kana terms (not the
/// question's grammar). One stray kana pair — the 「よん」 of
/// 「ステーション」 for 「ぬらりひょん」 — is no answer; 「離席」 is.
pub const KANA_TERMS: usize = 2;

/// One result: document `doc` of `indexes[index]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    pub index: usize,
    pub doc: usize,
    pub score: f64,
}

/// Weighted count of `needle` in a document's folded fields.
fn count(d: &IndexDoc, needle: &[char]) -> f64 {
    let mut n = 0.0;
    for (f, w) in d.folded.iter().zip(FIELD_WEIGHTS) {
        n += (occurrences(f, needle).len() as u32 * w) as f64;
    }
    n
}

/// The results for `query` over `indexes`, best first (ties by region,
/// then document order).
pub fn rank(indexes: &[Index], query: &Query) -> Vec<Hit> {
    let docs: Vec<(usize, usize, &IndexDoc)> = indexes
        .iter()
        .enumerate()
        .flat_map(|(i, x)| x.docs.iter().enumerate().map(move |(d, doc)| (i, d, doc)))
        .collect();
    let n = docs.len() as f64;
    if docs.is_empty() {
        return Vec::new();
    }
    let avgdl = docs.iter().map(|(_, _, d)| d.len).sum::<f64>() / n;
    let offsets: Vec<usize> = indexes
        .iter()
        .scan(0, |acc, x| {
            let at = *acc;
            *acc += x.docs.len();
            Some(at)
        })
        .collect();
    let idf = |df: f64| (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
    let bm25 = |tf: f64, len: f64| tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * len / avgdl));
    let mut score = vec![0.0; docs.len()];
    // Whether a page is a result (see KANA_TERMS), and its kana terms.
    let mut strong = vec![false; docs.len()];
    let mut kana = vec![0; docs.len()];

    for (t, w) in &query.terms {
        let lists: Vec<(usize, &Vec<(u32, u32)>)> = indexes
            .iter()
            .enumerate()
            .filter_map(|(i, x)| x.terms.get(t).map(|l| (i, l)))
            .collect();
        let df: usize = lists.iter().map(|(_, l)| l.len()).sum();
        if df == 0 {
            continue;
        }
        let weight = w * idf(df as f64);
        let solid = t.chars().any(|c| is_kanji(c) || is_word(c));
        for (i, list) in lists {
            for &(d, tf) in list {
                let at = offsets[i] + d as usize;
                score[at] += weight * bm25(tf as f64, docs[at].2.len);
                strong[at] |= solid;
                kana[at] += usize::from(!solid && *w >= 1.0);
            }
        }
    }
    // A phrase or concept, counted in each page's text (`tfs`): its BM25
    // score in each page, as one term.
    let term = |tfs: &[f64]| -> Vec<f64> {
        let df = tfs.iter().filter(|&&tf| tf > 0.0).count();
        let weight = idf(df as f64);
        tfs.iter()
            .enumerate()
            .map(|(at, &tf)| {
                if tf > 0.0 {
                    weight * bm25(tf, docs[at].2.len)
                } else {
                    0.0
                }
            })
            .collect()
    };
    for p in &query.phrases {
        let p: Vec<char> = p.chars().collect();
        let tfs: Vec<f64> = docs.iter().map(|(_, _, d)| count(d, &p)).collect();
        for (at, s) in term(&tfs).into_iter().enumerate() {
            if s > 0.0 {
                score[at] += PHRASE_WEIGHT * s;
                strong[at] = true;
            }
        }
    }
    // A concept: the summed counts of its ways (a way of several words
    // counts as often as its rarest word), one BM25 term. At each place of
    // the query a page scores the best of the concepts found there.
    for place in &query.concepts {
        let scores: Vec<Vec<f64>> = place
            .iter()
            .map(|ways| {
                let ways: Vec<Vec<Vec<char>>> = ways
                    .iter()
                    .map(|w| w.iter().map(|p| p.chars().collect()).collect())
                    .collect();
                let tfs: Vec<f64> = docs
                    .iter()
                    .map(|(_, _, d)| {
                        ways.iter()
                            .map(|parts| {
                                parts
                                    .iter()
                                    .map(|p| count(d, p))
                                    .fold(f64::INFINITY, f64::min)
                            })
                            .sum()
                    })
                    .collect();
                term(&tfs)
            })
            .collect();
        for at in 0..docs.len() {
            let s = scores.iter().map(|c| c[at]).fold(0.0, f64::max);
            if s > 0.0 {
                score[at] += s;
                strong[at] = true;
            }
        }
    }

    let best = score.iter().cloned().fold(0.0, f64::max);
    let mut hits: Vec<Hit> = docs
        .iter()
        .enumerate()
        .filter(|&(at, _)| {
            (strong[at] || kana[at] >= KANA_TERMS) && score[at] > 0.0 && score[at] >= CUTOFF * best
        })
        .map(|(at, &(index, doc, _))| Hit {
            index,
            doc,
            score: score[at],
        })
        .collect();
    // Rounded, so that the last bit of a logarithm (which may differ
    // between Rust and the browser) never reorders two pages.
    let key = |s: f64| (s * 1e6).round() as i64;
    hits.sort_by(|a, b| {
        key(b.score)
            .cmp(&key(a.score))
            .then_with(|| indexes[a.index].region.cmp(&indexes[b.index].region))
            .then(a.doc.cmp(&b.doc))
    });
    hits
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::{Doc, Table, build, search};

    fn index(texts: &[(&str, &str)]) -> Index {
        let docs: Vec<Doc> = texts
            .iter()
            .map(|(url, text)| Doc {
                url: url.to_string(),
                title: "手引き".into(),
                heading: String::new(),
                text: text.to_string(),
            })
            .collect();
        Index::from_json("r", &serde_json::from_str(&build(&docs)).unwrap()).unwrap()
    }

    fn urls(x: &Index, q: &str) -> Vec<String> {
        search(std::slice::from_ref(x), &Table::default(), q)
            .iter()
            .map(|h| x.docs[h.doc].url.clone())
            .collect()
    }

    #[test]
    fn not_every_term_must_match_and_the_fuller_match_wins() {
        let x = index(&[
            ("a", "同意書は２部作成します。"),
            ("b", "パスワードは８文字以上とします。"),
            ("c", "２１時以降の投稿は禁止します。"),
        ]);
        assert_eq!(urls(&x, "2部"), ["a"]);
        assert_eq!(urls(&x, "21時"), ["c"]);
        assert_eq!(urls(&x, "夜の投稿はだめ？"), ["c"]);
        assert_eq!(urls(&x, "すまほ"), Vec::<String>::new());
        assert_eq!(urls(&x, "ぱすわーどは何文字"), ["b"]);
    }
}
