//! The index of one region (`search/<region>.js`) and its reading back.
//!
//! What BM25 needs, compactly: each document as [url, title, heading, text]
//! (the page script shows them and counts phrases in them), its length in
//! weighted tokens, and per token its postings as a flat list of
//! (document − previous document, weighted count) pairs.

use std::collections::{BTreeMap, HashMap};

use serde_json::{Value, json};

use super::normalize::fold;
use super::tokens::index_tokens;

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

/// The index the page script loads, as JSON.
pub fn build(docs: &[Doc]) -> Value {
    let mut postings: HashMap<String, Vec<u32>> = HashMap::new();
    let mut lens = Vec::with_capacity(docs.len());
    for (i, d) in docs.iter().enumerate() {
        let mut counts: HashMap<String, u32> = HashMap::new();
        let mut len = 0;
        for (field, w) in [&d.title, &d.heading, &d.text]
            .into_iter()
            .zip(FIELD_WEIGHTS)
        {
            for t in index_tokens(&fold(field)) {
                *counts.entry(t).or_default() += w;
                len += w;
            }
        }
        lens.push(len);
        for (t, n) in counts {
            postings.entry(t).or_default().extend([i as u32, n]);
        }
    }
    // Sorted, so that the file is the same on every build; documents in
    // order, each as the gap from the one before (small numbers).
    let terms: BTreeMap<String, Vec<u32>> = postings
        .into_iter()
        .map(|(t, mut flat)| {
            let mut pairs: Vec<(u32, u32)> = flat.chunks(2).map(|p| (p[0], p[1])).collect();
            pairs.sort_unstable();
            flat.clear();
            let mut prev = 0;
            for (d, n) in pairs {
                flat.extend([d - prev, n]);
                prev = d;
            }
            (t, flat)
        })
        .collect();
    json!({
        "docs": docs.iter().map(|d| [&d.url, &d.title, &d.heading, &d.text]).collect::<Vec<_>>(),
        "lens": lens,
        "terms": terms,
    })
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
