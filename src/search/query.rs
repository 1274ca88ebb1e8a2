//! A reader's question as the ranking weighs it: synonym concepts, terms
//! and phrases. `static/search.js` (`parse`) does the same step by step.
//!
//! 1. **Concepts.** Each synonym group with a word in the query, and each
//!    phrase whose `when` is in the query (or which the query begins, while
//!    the reader is still typing), is one concept: the words typed there
//!    and every other way of saying it. A page holding any of them holds the
//!    concept (BM25 over the summed counts, as one term), so a page in the
//!    handbook's wording ranks as if it used the reader's. Where concepts'
//!    places in the query overlap, a page scores the best of them: a
//!    specific phrase (個人のメール → 私的なメールアドレス) is not drowned in
//!    a broad group (メールアドレス, アドレス …), nor one word counted twice.
//! 2. **Terms.** The query's tokens, less those wholly inside a concept's
//!    place; a kanji counts alone only where no kanji stands beside it.
//!    Tokens of hiragana only (「して」「いい」), and pairs across a word's
//!    edge (「を何」), weigh less when the query has kanji, katakana or
//!    letters: they are the question's grammar.
//! 3. **Phrases.** Each run of kanji, katakana, letters and digits as typed
//!    (「21時」, 「同意書」, 「様式4-3」) that is more than one token: a page
//!    holding it as it stands ranks above one holding its pieces apart.

use super::normalize::{fold_char, is_kana, normalize};
use super::synonyms::Table;
use super::tokens::{Unigrams, each_token, is_kanji, is_word};

/// What a hiragana-only token weighs next to kanji, katakana or letters.
pub const GRAMMAR_WEIGHT: f64 = 0.5;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Query {
    /// (token, weight), in the order of the query.
    pub terms: Vec<(String, f64)>,
    pub phrases: Vec<String>,
    /// Per place in the query, the concepts found there (a synonym group
    /// and a phrase may both match 「スマホ」); each concept its ways of
    /// saying it; each way one or more words a page must all hold.
    pub concepts: Vec<Vec<Concept>>,
}

/// Whether a bigram straddles a change of script that is almost always a
/// word's edge: hiragana before kanji or katakana (the particle before a
/// word: 「を何」「のパ」), katakana before hiragana (「ンを」). Kanji before
/// hiragana is the word's own ending (「使う」) and counts fully.
fn seam(kinds: &[Kind]) -> bool {
    matches!(
        kinds,
        [Kind::Hiragana, Kind::Kanji | Kind::Katakana] | [Kind::Katakana, Kind::Hiragana]
    )
}

/// How a character of the query was typed.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Kanji,
    Hiragana,
    Katakana,
    Word,
    Other,
}

fn kind(c: char) -> Kind {
    if is_kanji(c) || c == '々' {
        Kind::Kanji
    } else if is_kana(c) && c < 'ァ' {
        Kind::Hiragana
    } else if is_kana(c) {
        Kind::Katakana
    } else if is_word(c) {
        Kind::Word
    } else {
        Kind::Other
    }
}

/// One way of saying a concept: words a page must all hold.
pub type Way = Vec<String>;
/// A concept: its ways of saying it.
pub type Concept = Vec<Way>;

/// Concepts being gathered at one place of the query (their places
/// overlap).
struct Found {
    places: Vec<(usize, usize)>,
    concepts: Vec<Concept>,
}

/// Where `needle` stands in `hay` (characters), as whole words where it
/// begins or ends with a letter or digit (「pc」 is not in 「pcr」).
pub fn occurrences(hay: &[char], needle: &[char]) -> Vec<usize> {
    let mut out = Vec::new();
    if needle.is_empty() || needle.len() > hay.len() {
        return out;
    }
    let mut i = 0;
    while i + needle.len() <= hay.len() {
        if &hay[i..i + needle.len()] == needle && bounded(hay, i, i + needle.len()) {
            out.push(i);
            i += needle.len();
        } else {
            i += 1;
        }
    }
    out
}

/// Whether `hay[start..end]` is not a piece of a longer run of letters and
/// digits.
pub fn bounded(hay: &[char], start: usize, end: usize) -> bool {
    let glued_before = is_word(hay[start]) && start > 0 && is_word(hay[start - 1]);
    let glued_after = is_word(hay[end - 1]) && end < hay.len() && is_word(hay[end]);
    !glued_before && !glued_after
}

impl Query {
    pub fn parse(raw: &str, table: &Table) -> Query {
        // The folded query, and how each of its characters was typed.
        let mut q = Vec::new();
        let mut kinds = Vec::new();
        let mut prev = None;
        for c in normalize(raw).chars() {
            if let Some(f) = fold_char(prev, c) {
                q.push(f);
                kinds.push(kind(c));
            }
            prev = Some(c);
        }
        let concepts = concepts(&q, table);
        let inside = |s: usize, e: usize| {
            concepts
                .iter()
                .any(|c| c.places.iter().any(|&(a, b)| a <= s && e <= b))
        };
        let content = kinds
            .iter()
            .any(|k| matches!(k, Kind::Kanji | Kind::Katakana | Kind::Word));

        let mut terms: Vec<(String, f64)> = Vec::new();
        each_token(&q, Unigrams::Isolated, |t, s, e| {
            if inside(s, e) {
                return;
            }
            let grammar =
                content && (kinds[s..e].iter().all(|k| *k == Kind::Hiragana) || seam(&kinds[s..e]));
            let w = if grammar { GRAMMAR_WEIGHT } else { 1.0 };
            let t: String = t.iter().collect();
            match terms.iter_mut().find(|(x, _)| *x == t) {
                Some(x) => x.1 = x.1.max(w),
                None => terms.push((t, w)),
            }
        });

        let mut phrases = Vec::new();
        let solid = |k: Kind| matches!(k, Kind::Kanji | Kind::Katakana | Kind::Word);
        let runs = |want: &dyn Fn(Kind) -> bool, joiners: bool| {
            let mut out = Vec::new();
            let mut i = 0;
            while i < q.len() {
                if !want(kinds[i]) {
                    i += 1;
                    continue;
                }
                let start = i;
                while i < q.len()
                    && (want(kinds[i])
                        || (joiners
                            && matches!(q[i], '-' | '@' | '.' | '_')
                            && i + 1 < q.len()
                            && want(kinds[i + 1])))
                {
                    i += 1;
                }
                out.push((start, i));
            }
            out
        };
        let mut chunks = runs(&solid, true);
        if !content {
            // All hiragana: the reader's word may be any run of it
            // (「かなみっく」).
            chunks = runs(&|k| k == Kind::Hiragana, false);
        }
        for (s, e) in chunks {
            let mut n = 0;
            each_token(&q[s..e], Unigrams::Isolated, |_, _, _| n += 1);
            let p: String = q[s..e].iter().collect();
            if n > 1 && !inside(s, e) && !phrases.contains(&p) {
                phrases.push(p);
            }
        }
        Query {
            terms,
            phrases,
            concepts: concepts.into_iter().map(|c| c.concepts).collect(),
        }
    }
}

/// The synonym concepts of the folded query `q`, in the table's order,
/// overlapping ones merged.
fn concepts(q: &[char], table: &Table) -> Vec<Found> {
    let chars = |s: &str| s.chars().collect::<Vec<char>>();
    let mut found: Vec<Found> = Vec::new();
    for g in &table.groups {
        let mut places = Vec::new();
        for w in g {
            let w = chars(w);
            places.extend(occurrences(q, &w).into_iter().map(|i| (i, i + w.len())));
        }
        let concepts = vec![g.iter().map(|w| vec![w.clone()]).collect()];
        add(&mut found, Found { places, concepts });
    }
    // The query without the spaces around it, for a phrase being typed.
    let start = q.iter().position(|c| !c.is_whitespace()).unwrap_or(q.len());
    let end = q
        .iter()
        .rposition(|c| !c.is_whitespace())
        .map_or(start, |e| e + 1);
    let typed = &q[start..end];
    for p in &table.phrases {
        let mut places = Vec::new();
        let mut ways = Vec::new();
        for w in &p.when {
            let w = chars(w);
            for i in occurrences(q, &w) {
                places.push((i, i + w.len()));
                let s: String = w.iter().collect();
                if !ways.contains(&vec![s.clone()]) {
                    ways.push(vec![s]);
                }
            }
            if typed.len() >= 2 && w.len() > typed.len() && w.starts_with(typed) {
                places.push((start, end));
                let s: String = w.iter().collect();
                if !ways.contains(&vec![s.clone()]) {
                    ways.push(vec![s]);
                }
            }
        }
        for a in &p.also {
            if !ways.contains(a) {
                ways.push(a.clone());
            }
        }
        add(
            &mut found,
            Found {
                places,
                concepts: vec![ways],
            },
        );
    }
    found
}

/// Adds `f`, merged with every place it overlaps (the earlier one's
/// concepts first), where the first of them stood.
fn add(found: &mut Vec<Found>, mut f: Found) {
    if f.places.is_empty() {
        return;
    }
    let mut at: Option<usize> = None;
    loop {
        let overlapping = found.iter().position(|g| {
            g.places
                .iter()
                .any(|&(a, b)| f.places.iter().any(|&(c, d)| a < d && c < b))
        });
        let Some(i) = overlapping else { break };
        let g = found.remove(i);
        at = Some(at.map_or(i, |a| a.min(i)));
        let mut places = g.places;
        places.extend(f.places);
        let mut concepts = g.concepts;
        for c in f.concepts {
            if !concepts.contains(&c) {
                concepts.push(c);
            }
        }
        f = Found { places, concepts };
    }
    found.insert(at.unwrap_or(found.len()), f);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Table {
        let g = |w: &[&str]| w.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let groups = [g(&["夜間", "夜中", "深夜"]), g(&["PC", "パソコン"])];
        let when = g(&["パスワードを忘れた"]);
        let also = g(&["パスワード 変更"]);
        Table::new(
            groups.iter().map(Vec::as_slice),
            [(when.as_slice(), also.as_slice())],
        )
    }

    #[test]
    fn a_question_becomes_concepts_terms_and_phrases() {
        let q = Query::parse("夜中に投稿してもいい？", &table());
        assert_eq!(
            q.concepts,
            [[vec![
                vec!["夜間".to_string()],
                vec!["夜中".into()],
                vec!["深夜".into()]
            ]]]
        );
        // 夜中 is the concept's; its neighbours and the grammar stay.
        let w = |t: &str| q.terms.iter().find(|x| x.0 == t).map(|x| x.1);
        assert_eq!(w("夜中"), None);
        assert_eq!(w("投稿"), Some(1.0));
        assert_eq!(w("して"), Some(GRAMMAR_WEIGHT));
        assert_eq!(w("に投"), Some(GRAMMAR_WEIGHT));
        assert_eq!(q.phrases, Vec::<String>::new());
        assert_eq!(Query::parse("２１時以降", &table()).phrases, ["21時以降"]);
        assert_eq!(Query::parse("様式４－３", &table()).phrases, ["様式4-3"]);
    }

    #[test]
    fn a_phrase_works_while_it_is_typed_and_words_are_whole() {
        let t = table();
        assert_eq!(Query::parse("パスワードを忘", &t).concepts.len(), 1);
        assert_eq!(Query::parse("ぱすわーどをわすれた", &t).concepts.len(), 0);
        assert_eq!(Query::parse("PCで使う", &t).concepts.len(), 1);
        assert_eq!(Query::parse("PCR検査", &t).concepts.len(), 0);
    }
}
