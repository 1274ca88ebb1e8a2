//! The 新旧対照表 of one page: its text split into articles (the `##`
//! sections; in a policy, the 条), articles matched by their stable id, and
//! the characters inside each pair diffed.

use serde::Serialize;
use similar::{ChangeTag, TextDiff};

use crate::markup::text::{id_attr, text_lines};

/// One article of a page as a reader sees it: heading and lines of text.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    /// The heading's anchor: `{#purpose}` in the source, else its text.
    pub id: String,
    pub heading: String,
    pub lines: Vec<String>,
}

impl Article {
    fn text(&self) -> String {
        let mut s = self.heading.clone();
        for l in &self.lines {
            s.push('\n');
            s.push_str(l);
        }
        s
    }
}

/// Splits a page's HTML into articles at its `<h2>` headings. Text before
/// the first heading is an article with the id `_preamble`.
pub fn articles(html: &str) -> Vec<Article> {
    let mut out = Vec::new();
    let mut parts = html.split("<h2");
    let preamble = parts.next().unwrap_or("");
    let lines = text_lines(preamble);
    if !lines.is_empty() {
        out.push(Article {
            id: "_preamble".into(),
            heading: String::new(),
            lines,
        });
    }
    let mut seen = std::collections::HashMap::new();
    for part in parts {
        let (head, body) = part.split_once("</h2>").unwrap_or((part, ""));
        let heading = text_lines(&format!("<h2{head}")).join(" ");
        // A heading without an id (one a shortcode made) goes by its text;
        // repeated ids are numbered so that each article is matched once.
        let id = id_attr(head).unwrap_or_else(|| heading.clone());
        let n = seen.entry(id.clone()).and_modify(|n| *n += 1).or_insert(1);
        let id = if *n == 1 { id } else { format!("{id}-{n}") };
        out.push(Article {
            id,
            heading,
            lines: text_lines(body),
        });
    }
    out
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Span {
    pub text: String,
    pub changed: bool,
}

/// One side of a row: lines of spans (the heading first).
pub type Side = Vec<Vec<Span>>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RowKind {
    Unchanged,
    Changed,
    /// 新設: only on the new side.
    Added,
    /// 削る: only on the old side.
    Removed,
}

#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub id: String,
    pub kind: RowKind,
    pub new: Side,
    pub old: Side,
}

fn plain(a: &Article) -> Side {
    a.text()
        .split('\n')
        .map(|l| {
            vec![Span {
                text: l.to_string(),
                changed: false,
            }]
        })
        .collect()
}

/// Pushes `text` onto `side`, starting a new line at each `\n`.
fn push(side: &mut Side, text: &str, changed: bool) {
    for (n, piece) in text.split('\n').enumerate() {
        if n > 0 || side.is_empty() {
            side.push(Vec::new());
        }
        if piece.is_empty() {
            continue;
        }
        let line = side.last_mut().expect("a line");
        match line.last_mut() {
            Some(last) if last.changed == changed => last.text.push_str(piece),
            _ => line.push(Span {
                text: piece.to_string(),
                changed,
            }),
        }
    }
}

/// Both sides of a changed pair, the differing characters marked.
fn diff_pair(old: &Article, new: &Article) -> (Side, Side) {
    let (a, b) = (old.text(), new.text());
    let diff = TextDiff::from_chars(a.as_str(), b.as_str());
    let (mut o, mut n) = (Side::new(), Side::new());
    for change in diff.iter_all_changes() {
        let v = change.value();
        match change.tag() {
            ChangeTag::Equal => {
                push(&mut o, v, false);
                push(&mut n, v, false);
            }
            ChangeTag::Delete => push(&mut o, v, v != "\n"),
            ChangeTag::Insert => push(&mut n, v, v != "\n"),
        }
    }
    (n, o)
}

/// Matches articles by id (so renumbering reads as a change of number, not
/// of every later article) and lists the rows in the new order, each
/// removed article where it stood in the old.
pub fn compare(old: &[Article], new: &[Article]) -> Vec<Row> {
    let mut rows = Vec::new();
    let mut next_old = 0;
    let in_new = |id: &str| new.iter().any(|a| a.id == id);
    let flush_removed = |upto: usize, rows: &mut Vec<Row>, from: usize| {
        for a in &old[from..upto] {
            if !in_new(&a.id) {
                rows.push(Row {
                    id: a.id.clone(),
                    kind: RowKind::Removed,
                    new: Side::new(),
                    old: plain(a),
                });
            }
        }
    };
    for a in new {
        match old.iter().position(|o| o.id == a.id) {
            Some(j) => {
                if j >= next_old {
                    flush_removed(j, &mut rows, next_old);
                    next_old = j + 1;
                }
                let o = &old[j];
                if o.text() == a.text() {
                    rows.push(Row {
                        id: a.id.clone(),
                        kind: RowKind::Unchanged,
                        new: plain(a),
                        old: plain(o),
                    });
                } else {
                    let (n, ol) = diff_pair(o, a);
                    rows.push(Row {
                        id: a.id.clone(),
                        kind: RowKind::Changed,
                        new: n,
                        old: ol,
                    });
                }
            }
            None => rows.push(Row {
                id: a.id.clone(),
                kind: RowKind::Added,
                new: plain(a),
                old: Side::new(),
            }),
        }
    }
    flush_removed(old.len(), &mut rows, next_old);
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn art(id: &str, heading: &str, lines: &[&str]) -> Article {
        Article {
            id: id.into(),
            heading: heading.into(),
            lines: lines.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn splits_html_into_articles() {
        let a = articles(
            "<p>前文</p>\n<h2 id=\"purpose\">第1条（目的）</h2>\n<p>この規程は、&lt;目的&gt;を定める。</p>\n<ol><li>一</li><li>二</li></ol>",
        );
        assert_eq!(a[0], art("_preamble", "", &["前文"]));
        assert_eq!(
            a[1],
            art(
                "purpose",
                "第1条（目的）",
                &["この規程は、<目的>を定める。", "一", "二"]
            )
        );
    }

    #[test]
    fn full_width_space_is_text() {
        assert_eq!(
            text_lines("<p>\u{3000}一　字下げ </p>"),
            ["\u{3000}一　字下げ"]
        );
    }

    #[test]
    fn changed_characters_are_marked_on_both_sides() {
        let rows = compare(
            &[art("a", "第3条", &["利用者は、速やかに届け出る。"])],
            &[art("a", "第3条", &["利用者は、直ちに届け出る。"])],
        );
        assert_eq!(rows[0].kind, RowKind::Changed);
        let marked = |side: &Side| {
            side.iter()
                .flatten()
                .filter(|s| s.changed)
                .map(|s| s.text.clone())
                .collect::<String>()
        };
        assert_eq!(marked(&rows[0].new), "直ち");
        assert_eq!(marked(&rows[0].old), "速やか");
    }

    #[test]
    fn insertion_and_renumbering_and_removal() {
        let old = [
            art("a", "第1条", &["甲"]),
            art("b", "第2条", &["乙"]),
            art("c", "第3条", &["丙"]),
        ];
        let new = [
            art("a", "第1条", &["甲"]),
            art("n", "第2条", &["新"]),
            art("b", "第3条", &["乙"]),
        ];
        let rows = compare(&old, &new);
        let kinds: Vec<_> = rows.iter().map(|r| (r.id.as_str(), r.kind)).collect();
        assert_eq!(
            kinds,
            [
                ("a", RowKind::Unchanged),
                ("n", RowKind::Added),
                ("b", RowKind::Changed),
                ("c", RowKind::Removed)
            ]
        );
        // The renumbered article differs only in its number.
        let changed: String = rows[2]
            .new
            .iter()
            .flatten()
            .filter(|s| s.changed)
            .map(|s| s.text.clone())
            .collect();
        assert_eq!(changed, "3");
    }
}
