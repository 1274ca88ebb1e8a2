//! Where a value came from, so that a check running long after loading can
//! still point at the line an author must change.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::diag::Pos;

/// Positions of the keys and values of one YAML document, by path
/// (`secretariat.tel`, `rules[2].topic`). Filled by the loader
/// (`source::yaml::index`), read by every later check.
///
/// Every file's positions are kept while the project is built, and a
/// national project has over a million paths: held as hash maps they were
/// half of the loaded model (125 MB of 230 MB for 1,000 regions). So the
/// paths are stored in one string, sorted, each with its two positions.
#[derive(Debug, Default, Clone)]
pub struct Positions {
    paths: Box<str>,
    /// Sorted by their path.
    entries: Box<[Entry]>,
}

/// One path of [`Positions`]: `paths[start..end]`, where its value and its
/// key (if it is a mapping's entry) are.
#[derive(Debug, Clone, Copy)]
struct Entry {
    start: u32,
    end: u32,
    value: Mark,
    key: Mark,
}

/// A position in 32 bits a side; `NONE` where there is none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Mark {
    line: u32,
    column: u32,
}

impl Mark {
    const NONE: Mark = Mark {
        line: u32::MAX,
        column: u32::MAX,
    };

    fn of(pos: Option<Pos>) -> Mark {
        pos.map_or(Mark::NONE, |p| Mark {
            line: u32::try_from(p.line).unwrap_or(u32::MAX - 1),
            column: u32::try_from(p.column).unwrap_or(u32::MAX - 1),
        })
    }

    fn pos(self) -> Option<Pos> {
        (self != Mark::NONE).then(|| Pos::new(self.line as usize, self.column as usize))
    }
}

impl Positions {
    /// The positions of `values` and of `keys`, by path.
    pub fn new(values: HashMap<String, Pos>, mut keys: HashMap<String, Pos>) -> Positions {
        let mut all: Vec<(String, Option<Pos>, Option<Pos>)> = values
            .into_iter()
            .map(|(path, value)| {
                let key = keys.remove(&path);
                (path, Some(value), key)
            })
            .collect();
        all.extend(keys.into_iter().map(|(path, key)| (path, None, Some(key))));
        all.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut paths = String::with_capacity(all.iter().map(|e| e.0.len()).sum());
        let entries = all
            .into_iter()
            .map(|(path, value, key)| {
                let start = paths.len() as u32;
                paths.push_str(&path);
                Entry {
                    start,
                    end: paths.len() as u32,
                    value: Mark::of(value),
                    key: Mark::of(key),
                }
            })
            .collect();
        Positions {
            paths: paths.into_boxed_str(),
            entries,
        }
    }

    fn entry(&self, path: &str) -> Option<&Entry> {
        let at = self
            .entries
            .binary_search_by(|e| self.paths[e.start as usize..e.end as usize].cmp(path))
            .ok()?;
        Some(&self.entries[at])
    }

    /// Position of the value at `path`.
    pub fn value(&self, path: &str) -> Option<Pos> {
        self.entry(path)?.value.pos()
    }

    /// Position of the key of the entry at `path`, if it is a mapping's entry.
    pub fn own_key(&self, path: &str) -> Option<Pos> {
        self.entry(path)?.key.pos()
    }

    /// Position of the key of the entry at `path`, or failing that its value.
    pub fn key(&self, path: &str) -> Option<Pos> {
        self.own_key(path).or_else(|| self.value(path))
    }

    /// The entries as one list of numbers, six to an entry: the compact
    /// form a loaded region's snapshot keeps (`source::snapshot`).
    fn numbers(&self) -> Vec<u32> {
        self.entries
            .iter()
            .flat_map(|e| {
                [
                    e.start,
                    e.end,
                    e.value.line,
                    e.value.column,
                    e.key.line,
                    e.key.column,
                ]
            })
            .collect()
    }

    /// [`Positions::numbers`] read back; `None` unless every path lies on
    /// character boundaries of `paths`.
    fn from_numbers(paths: Box<str>, numbers: &[u32]) -> Option<Positions> {
        if !numbers.len().is_multiple_of(6) {
            return None;
        }
        let entries: Box<[Entry]> = numbers
            .chunks_exact(6)
            .map(|n| Entry {
                start: n[0],
                end: n[1],
                value: Mark {
                    line: n[2],
                    column: n[3],
                },
                key: Mark {
                    line: n[4],
                    column: n[5],
                },
            })
            .collect();
        let fits = entries
            .iter()
            .all(|e| e.start <= e.end && paths.get(e.start as usize..e.end as usize).is_some());
        fits.then_some(Positions { paths, entries })
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

impl serde::Serialize for Positions {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serde::Serialize::serialize(&(&*self.paths, self.numbers()), s)
    }
}

impl<'de> serde::Deserialize<'de> for Positions {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let (paths, numbers) = <(String, Vec<u32>)>::deserialize(d)?;
        Positions::from_numbers(paths.into_boxed_str(), &numbers)
            .ok_or_else(|| serde::de::Error::custom("positions out of their paths"))
    }
}

/// A value's file (relative to the project root) and the positions of that
/// file, so later checks can point at any value in it.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_found_by_their_whole_path() {
        let at = |l, c| Pos::new(l, c);
        let by_path = |entries: &[(&str, Pos)]| -> HashMap<String, Pos> {
            entries.iter().map(|(p, v)| (p.to_string(), *v)).collect()
        };
        let values = by_path(&[
            ("", at(1, 1)),
            ("rules", at(2, 3)),
            ("rules[0]", at(3, 5)),
            ("rules[0].topic", at(3, 12)),
            ("rules[10]", at(9, 5)),
            ("rulesets", at(12, 11)),
        ]);
        let keys = by_path(&[
            ("rules", at(2, 1)),
            ("rules[0].topic", at(3, 5)),
            ("rulesets", at(12, 1)),
            ("only_key", at(14, 1)),
        ]);
        let p = Positions::new(values, keys);
        assert_eq!(p.value("rules[0].topic"), Some(at(3, 12)));
        assert_eq!(p.own_key("rules[0].topic"), Some(at(3, 5)));
        assert_eq!(p.value("rules[10]"), Some(at(9, 5)));
        assert_eq!(p.own_key("rules[10]"), None);
        assert_eq!(
            p.key("rules[10]"),
            Some(at(9, 5)),
            "a value stands in for its key"
        );
        assert_eq!(p.key("only_key"), Some(at(14, 1)));
        assert_eq!(p.value("only_key"), None);
        assert_eq!(p.value("rule"), None, "a prefix is not a path");
        assert_eq!(p.nearest("rules[0].topic.name"), Some(at(3, 12)));
        assert_eq!(p.nearest("rules[3].topic"), Some(at(2, 3)));
        assert_eq!(p.nearest("nothing"), None);
        assert_eq!(Positions::default().value(""), None);
    }
}
