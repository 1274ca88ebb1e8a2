//! Where a value came from, so that a check running long after loading can
//! still point at the line an author must change.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::diag::Pos;

/// Positions of the keys and values of one YAML document, by path
/// (`secretariat.tel`, `rules[2].topic`). Filled by the loader
/// (`source::yaml::index`), read by every later check.
#[derive(Debug, Default, Clone)]
pub struct Positions {
    pub(crate) values: HashMap<String, Pos>,
    pub(crate) keys: HashMap<String, Pos>,
}

impl Positions {
    /// Position of the value at `path`.
    pub fn value(&self, path: &str) -> Option<Pos> {
        self.values.get(path).copied()
    }

    /// Position of the key of the entry at `path`, or failing that its value.
    pub fn key(&self, path: &str) -> Option<Pos> {
        self.keys.get(path).copied().or_else(|| self.value(path))
    }

    /// The nearest position for `path`: the path itself, else its parents.
    pub fn nearest(&self, path: &str) -> Option<Pos> {
        let mut p = path;
        loop {
            if let Some(pos) = self.value(p) {
                return Some(pos);
            }
            let cut = p.rfind(['.', '['])?;
            p = &p[..cut];
        }
    }
}

/// A value's file (relative to the project root) and the positions of that
/// file, so later checks can point at any value in it.
#[derive(Debug, Clone, Default)]
pub struct Origin {
    pub file: PathBuf,
    pub positions: Positions,
    /// Lines before the YAML starts in the file (front matter starts at 2).
    pub line_offset: usize,
}

impl Origin {
    pub fn pos(&self, path: &str) -> Option<Pos> {
        self.positions
            .nearest(path)
            .map(|p| Pos::new(p.line + self.line_offset, p.column))
    }
}
