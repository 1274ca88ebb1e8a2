//! The index of one region (`search/<region>.js`) and its reading back.
//!
//! What BM25 needs, compactly: each document as [url, title, heading, text]
//! (the page script shows them and counts phrases in them), its length in
//! weighted tokens, and per token its postings as a flat list of
//! (document − previous document, weighted count) pairs.

use std::collections::HashMap;

use rustc_hash::FxHashMap;
use serde::Serialize;
use serde_json::Value;

use super::normalize::fold;
use super::tokens::{Unigrams, each_token};

/// One searchable section: a page's part under one heading, a form, a
/// contact, a glossary term.
#[derive(Debug, Clone)]
pub struct Doc {
    pub url: String,
    pub title: String,
    pub heading: String,
    pub text: String,
}

/// How much a token or phrase counts in each field: a word in the heading
/// says more about a section than the same word in its text; the page
/// title is shared by all its sections, so it says less.
pub const FIELD_WEIGHTS: [u32; 3] = [2, 3, 1];

/// The index the page script loads, as JSON text.
pub fn build(docs: &[Doc]) -> String {
    // Every field folded first, so that tokens can borrow from them: a
    // region's index has hundreds of thousands of tokens, and a String each
    // was a third of a site build.
    let folded: Vec<[String; 3]> = docs
        .iter()
        .map(|d| [fold(&d.title), fold(&d.heading), fold(&d.text)])
        .collect();
    // Per token: the last document it was counted in, and its postings.
    let mut postings: FxHashMap<&str, (u32, Vec<u32>)> = FxHashMap::default();
    let mut counts: FxHashMap<&str, u32> = FxHashMap::default();
    let mut lens = Vec::with_capacity(docs.len());
    for (i, fields) in folded.iter().enumerate() {
        let i = i as u32;
        counts.clear();
        let mut len = 0;
        for (field, w) in fields.iter().zip(FIELD_WEIGHTS) {
            each_token_str(field, |t| {
                *counts.entry(t).or_default() += w;
                len += w;
            });
        }
        lens.push(len);
        // Documents come in order, so each posting list is already sorted:
        // each is written as the gap from the one before (small numbers).
        for (&t, &n) in &counts {
            let (last, flat) = postings.entry(t).or_insert((0, Vec::new()));
            flat.extend([i - *last, n]);
            *last = i;
        }
    }
    // Sorted, so that the file is the same on every build.
    let mut terms: Vec<(&str, Vec<u32>)> = postings
        .into_iter()
        .map(|(t, (_, flat))| (t, flat))
        .collect();
    terms.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let file = IndexFile {
        docs: docs
            .iter()
            .map(|d| [&d.url, &d.title, &d.heading, &d.text])
            .collect(),
        lens,
        terms: SortedMap(terms),
    };
    serde_json::to_string(&file).expect("an index is always JSON")
}

/// What `search/<region>.js` holds (see the module's comment).
#[derive(Serialize)]
struct IndexFile<'a> {
    docs: Vec<[&'a String; 4]>,
    lens: Vec<u32>,
    terms: SortedMap<'a>,
}

/// Already sorted pairs, written as a JSON object.
struct SortedMap<'a>(Vec<(&'a str, Vec<u32>)>);

impl Serialize for SortedMap<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

/// Calls `f` with each token of folded text, as a slice of it.
fn each_token_str<'a>(folded: &'a str, mut f: impl FnMut(&'a str)) {
    let mut chars = Vec::with_capacity(folded.len() / 3);
    let mut offsets = Vec::with_capacity(folded.len() / 3 + 1);
    for (at, c) in folded.char_indices() {
        chars.push(c);
        offsets.push(at);
    }
    offsets.push(folded.len());
    each_token(&chars, Unigrams::All, |_, start, end| {
        f(&folded[offsets[start]..offsets[end]])
    });
}

/// A region's index as the ranking reads it (the page script builds the
/// same from the same file).
#[derive(Debug, Clone)]
pub struct Index {
    pub region: String,
    pub docs: Vec<IndexDoc>,
    pub terms: HashMap<String, Vec<(u32, u32)>>,
}

#[derive(Debug, Clone)]
pub struct IndexDoc {
    pub url: String,
    pub title: String,
    pub heading: String,
    pub text: String,
    pub len: f64,
    /// Title, heading and text folded, where phrases are counted.
    pub folded: [Vec<char>; 3],
}

impl Index {
    /// Reads what [`build`] wrote; `None` if it is not that shape.
    pub fn from_json(region: &str, v: &Value) -> Option<Index> {
        let lens = v["lens"].as_array()?;
        let mut docs = Vec::new();
        for (d, len) in v["docs"].as_array()?.iter().zip(lens) {
            let f = |i: usize| d[i].as_str().map(str::to_string);
            let (title, heading, text) = (f(1)?, f(2)?, f(3)?);
            docs.push(IndexDoc {
                url: f(0)?,
                folded: [&title, &heading, &text].map(|s| fold(s).chars().collect()),
                title,
                heading,
                text,
                len: len.as_f64()?,
            });
        }
        let mut terms = HashMap::new();
        for (t, flat) in v["terms"].as_object()? {
            let flat = flat.as_array()?;
            let mut list = Vec::with_capacity(flat.len() / 2);
            let mut doc = 0;
            for p in flat.chunks(2) {
                doc += p[0].as_u64()? as u32;
                list.push((doc, p.get(1)?.as_u64()? as u32));
            }
            terms.insert(t.clone(), list);
        }
        Some(Index {
            region: region.to_string(),
            docs,
            terms,
        })
    }
}
