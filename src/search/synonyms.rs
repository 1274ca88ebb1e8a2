//! The synonym table as the search applies it, folded once at build time
//! and shipped to the page script (`search/synonyms.js`) so that both apply
//! the same words. The project's file (`content/synonyms.yaml`) is read by
//! the loader; this module only knows the words.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::normalize::fold;

/// Folded words: `groups` of words meaning the same; `phrases` from a
/// reader's way of saying (`when`) to the handbook's (`also`, each one or
/// more words a page must all hold).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    pub groups: Vec<Vec<String>>,
    pub phrases: Vec<Phrase>,
    /// Each folded word as first written, for the page to show (a word
    /// to try when nothing is found reads 「アプリケーション」, not
    /// 「あぷりけしよん」).
    pub labels: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Phrase {
    pub when: Vec<String>,
    pub also: Vec<Vec<String>>,
}

/// A word as the table holds it: folded, trimmed. Words that fold to the
/// same (スマホ, すまほ) are one.
fn word(w: &str) -> String {
    fold(w).split_whitespace().collect::<Vec<_>>().join(" ")
}

fn push_unique<T: PartialEq>(v: &mut Vec<T>, x: T) {
    if !v.contains(&x) {
        v.push(x);
    }
}

impl Table {
    /// The table of the given groups and (when, also) phrases, as written.
    pub fn new<'a>(
        groups: impl IntoIterator<Item = &'a [String]>,
        phrases: impl IntoIterator<Item = (&'a [String], &'a [String])>,
    ) -> Table {
        let mut t = Table::default();
        for g in groups {
            let mut words = Vec::new();
            for w in g {
                let f = word(w);
                if !f.is_empty() {
                    t.labels
                        .entry(f.clone())
                        .or_insert_with(|| w.trim().to_string());
                    push_unique(&mut words, f);
                }
            }
            if words.len() > 1 {
                t.groups.push(words);
            }
        }
        for (when, also) in phrases {
            let mut p = Phrase::default();
            for w in when.iter().map(|w| word(w)).filter(|w| !w.is_empty()) {
                push_unique(&mut p.when, w);
            }
            for a in also {
                let parts: Vec<String> = word(a).split(' ').map(str::to_string).collect();
                if !parts[0].is_empty() {
                    for (f, w) in parts.iter().zip(a.split_whitespace()) {
                        t.labels.entry(f.clone()).or_insert_with(|| w.to_string());
                    }
                    push_unique(&mut p.also, parts);
                }
            }
            if !p.when.is_empty() && !p.also.is_empty() {
                t.phrases.push(p);
            }
        }
        t
    }

    pub fn to_json(&self) -> Value {
        json!({
            "groups": self.groups,
            "phrases": self.phrases.iter().map(|p| json!({"when": p.when, "also": p.also})).collect::<Vec<_>>(),
            "labels": self.labels,
        })
    }

    /// Reads what [`Table::to_json`] wrote.
    pub fn from_json(v: &Value) -> Option<Table> {
        let strings = |v: &Value| -> Option<Vec<String>> {
            v.as_array()?
                .iter()
                .map(|s| s.as_str().map(str::to_string))
                .collect()
        };
        Some(Table {
            groups: v["groups"]
                .as_array()?
                .iter()
                .map(strings)
                .collect::<Option<_>>()?,
            phrases: v["phrases"]
                .as_array()?
                .iter()
                .map(|p| {
                    Some(Phrase {
                        when: strings(&p["when"])?,
                        also: p["also"]
                            .as_array()?
                            .iter()
                            .map(strings)
                            .collect::<Option<_>>()?,
                    })
                })
                .collect::<Option<_>>()?,
            labels: v["labels"]
                .as_object()
                .map(|m| {
                    m.iter()
                        .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
                        .collect()
                })
                .unwrap_or_default(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_and_splits_the_words() {
        let g = vec!["スマホ".to_string(), "すまほ".into(), "ＰＣ".into()];
        let when = vec!["ログインできない".to_string()];
        let also = vec!["パスワード　変更".to_string()];
        let t = Table::new([g.as_slice()], [(when.as_slice(), also.as_slice())]);
        assert_eq!(t.groups, [["すまほ", "pc"]]);
        assert_eq!(t.phrases[0].when, ["ろぐいんできない"]);
        assert_eq!(t.phrases[0].also, [["ぱすわど", "変更"]]);
        assert_eq!(t.labels["すまほ"], "スマホ");
        assert_eq!(t.labels["ぱすわど"], "パスワード");
        assert_eq!(Table::from_json(&t.to_json()), Some(t));
    }
}
