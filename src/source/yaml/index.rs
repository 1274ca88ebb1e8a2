//! The position index of a YAML file: every key and value by path
//! (`rules[3].topic`), built with yaml-rust2's marked parser. serde_yaml
//! keeps no positions for values that decode fine, and later checks (a
//! duplicate id, a reference that does not resolve) must still say where a
//! value stands.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use crate::diag::Pos;
use crate::model::Positions;
use crate::source::file::SourceFile;

/// What decoding needs of a file besides its positions.
#[derive(Debug, Default, Clone)]
pub struct YamlIndex {
    /// Where each key and value is: what the model keeps.
    pub positions: Positions,
    /// Keys written a second time in the same mapping: where the second is.
    pub(super) duplicates: HashMap<String, Pos>,
    /// The text of each scalar value, by path.
    scalars: HashMap<String, String>,
    /// Keys written with nothing after the colon (`name:`).
    pub(super) empty: Vec<String>,
    /// Byte range of each mapping entry, key to the start of the next entry.
    pub(super) entries: Vec<(String, usize, usize)>,
}

/// The path of `key` inside the mapping at `path` (serde_yaml writes the
/// top level as `.` or nothing).
pub(super) fn child(path: &str, key: &str) -> String {
    if path.is_empty() || path == "." {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

impl YamlIndex {
    /// Position of the value directly under `path` that is a date failing
    /// with the message `why`.
    pub(super) fn failing_date(&self, path: &str, why: &str) -> Option<Pos> {
        let prefix = child(path, "");
        self.scalars
            .iter()
            .filter(|(p, _)| {
                p.strip_prefix(&prefix)
                    .is_some_and(|rest| !rest.is_empty() && !rest.contains(['.', '[']))
            })
            .filter(|(_, text)| crate::wareki::Date::parse(text).err().as_deref() == Some(why))
            .filter_map(|(p, _)| self.positions.value(p))
            .min()
    }
}

enum Frame {
    Map {
        path: String,
        key: Option<(String, Marker)>,
        entry_start: Option<usize>,
    },
    Seq {
        path: String,
        next: usize,
    },
}

struct IndexBuilder<'a> {
    text: &'a str,
    /// Positions of values and of keys, by path, until they are frozen
    /// into the index's `positions`.
    values: HashMap<String, Pos>,
    keys: HashMap<String, Pos>,
    line_starts: Vec<usize>,
    stack: Vec<Frame>,
    index: YamlIndex,
    pending_entry: Option<(String, usize)>,
    documents: Vec<Marker>,
}

impl IndexBuilder<'_> {
    fn pos(&self, m: Marker) -> Pos {
        Pos::new(m.line(), m.col() + 1)
    }

    fn offset(&self, m: Marker) -> usize {
        let start = self
            .line_starts
            .get(m.line().saturating_sub(1))
            .copied()
            .unwrap_or(self.text.len());
        let line = &self.text[start..];
        start
            + line
                .char_indices()
                .nth(m.col())
                .map_or(line.len(), |(i, _)| i)
    }

    fn close_entry(&mut self, at: usize) {
        if let Some((path, start)) = self.pending_entry.take() {
            self.index.entries.push((path, start, at));
        }
    }

    /// Path for a value arriving now, advancing the parent frame.
    fn child_path(&mut self) -> Option<String> {
        match self.stack.last_mut() {
            None => Some(String::new()),
            Some(Frame::Seq { path, next }) => {
                let p = format!("{path}[{next}]");
                *next += 1;
                Some(p)
            }
            Some(Frame::Map { path, key, .. }) => key.take().map(|(k, _)| {
                if path.is_empty() {
                    k
                } else {
                    format!("{path}.{k}")
                }
            }),
        }
    }

    /// Returns true if the event was a mapping key (and so consumed).
    fn take_key(&mut self, ev: &Event, mark: Marker) -> bool {
        let at = self.offset(mark);
        let Some(Frame::Map {
            path,
            key,
            entry_start,
        }) = self.stack.last_mut()
        else {
            return false;
        };
        if key.is_some() {
            return false;
        }
        let name = match ev {
            Event::Scalar(s, ..) => s.clone(),
            _ => "?".to_string(),
        };
        // yaml-rust2 marks a block mapping at its first `:`; the first key
        // is where a reader sees the mapping begin.
        let first_key = entry_start.is_none();
        let map_path = path.clone();
        let full = if path.is_empty() {
            name.clone()
        } else {
            format!("{path}.{name}")
        };
        *key = Some((name, mark));
        *entry_start = Some(at);
        self.close_entry(at);
        self.pending_entry = Some((full.clone(), at));
        let p = self.pos(mark);
        match self.keys.entry(full) {
            Entry::Occupied(e) => {
                self.index.duplicates.entry(e.key().clone()).or_insert(p);
            }
            Entry::Vacant(e) => {
                e.insert(p);
            }
        }
        if first_key
            && let Some(v) = self.values.get_mut(&map_path)
            && p < *v
        {
            *v = p;
        }
        true
    }
}

impl MarkedEventReceiver for IndexBuilder<'_> {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        match ev {
            Event::Scalar(..) | Event::Alias(_) => {
                if let Some(Frame::Map { key: None, .. }) = self.stack.last()
                    && self.take_key(&ev, mark)
                {
                    return;
                }
                let in_map = matches!(self.stack.last(), Some(Frame::Map { .. }));
                if let Some(p) = self.child_path() {
                    let pos = self.pos(mark);
                    if let Event::Scalar(text, style, ..) = &ev {
                        if in_map
                            && *style == TScalarStyle::Plain
                            && ["", "~", "null", "Null", "NULL"].contains(&text.as_str())
                        {
                            self.index.empty.push(p.clone());
                        }
                        self.index
                            .scalars
                            .entry(p.clone())
                            .or_insert_with(|| text.clone());
                    }
                    self.values.entry(p).or_insert(pos);
                }
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                if let Some(Frame::Map { key: None, .. }) = self.stack.last() {
                    // A complex key: not used by tebiki's files; keep going.
                    self.take_key(&ev, mark);
                }
                let path = self.child_path().unwrap_or_default();
                let pos = self.pos(mark);
                self.values.entry(path.clone()).or_insert(pos);
                self.stack.push(if matches!(ev, Event::MappingStart(..)) {
                    Frame::Map {
                        path,
                        key: None,
                        entry_start: None,
                    }
                } else {
                    Frame::Seq { path, next: 0 }
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                if matches!(ev, Event::MappingEnd) {
                    let at = self.offset(mark);
                    self.close_entry(at);
                }
                self.stack.pop();
            }
            Event::DocumentStart => self.documents.push(mark),
            Event::StreamEnd | Event::DocumentEnd => {
                let at = self.text.len();
                self.close_entry(at);
            }
            _ => {}
        }
    }
}

/// Why a file could not be indexed; `messages` says it in Japanese.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// yaml-rust2's scanner or parser stopped here, saying `info`.
    Syntax { pos: Pos, info: String },
    /// A second `---` document begins here (serde_yaml refuses it without
    /// saying where).
    SecondDocument(Pos),
}

/// Builds the position index of `file`.
pub fn index(file: &SourceFile) -> Result<YamlIndex, ParseError> {
    let mut line_starts = vec![0];
    line_starts.extend(file.text.match_indices('\n').map(|(i, _)| i + 1));
    let mut b = IndexBuilder {
        text: &file.text,
        values: HashMap::new(),
        keys: HashMap::new(),
        line_starts,
        stack: Vec::new(),
        index: YamlIndex::default(),
        pending_entry: None,
        documents: Vec::new(),
    };
    let mut parser = Parser::new_from_str(&file.text);
    match parser.load(&mut b, true) {
        Ok(()) => match b.documents.get(1) {
            Some(m) => Err(ParseError::SecondDocument(Pos::new(m.line(), m.col() + 1))),
            None => Ok(YamlIndex {
                positions: Positions::new(b.values, b.keys),
                ..b.index
            }),
        },
        Err(e) => {
            let m = e.marker();
            Err(ParseError::Syntax {
                pos: Pos::new(m.line(), m.col() + 1),
                info: e.info().to_string(),
            })
        }
    }
}
