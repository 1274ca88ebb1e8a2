//! Diagnostics: located problems in the user's sources, written for the
//! 事務局 staff member who has to fix them.
//!
//! Every problem tebiki finds is a [`Diagnostic`]: a file, a line and column,
//! a message in Japanese (with the English term in brackets where it helps a
//! search), and a hint that says what to write instead. Loading and checking
//! collect them into [`Diagnostics`] and go on, so that one run reports every
//! problem it can find.

use std::fmt::{self, Write as _};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use unicode_width::UnicodeWidthStr;

/// How bad a problem is. Errors stop `build`; warnings are printed only.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Severity {
    Error,
    Warning,
}

/// A position in a source file, both 1-based; `column` counts characters.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Default,
    serde::Serialize,
    serde::Deserialize,
)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

impl Pos {
    pub fn new(line: usize, column: usize) -> Self {
        Pos { line, column }
    }

    /// The position of byte offset `at` in `text`.
    pub fn of_offset(text: &str, at: usize) -> Pos {
        let at = floor_char_boundary(text, at.min(text.len()));
        let before = &text[..at];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Pos::new(line, before[line_start..].chars().count() + 1)
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path as shown to the user: relative to the project root.
    pub file: PathBuf,
    pub pos: Option<Pos>,
    /// How many characters to underline from `pos` (at least one is shown).
    pub len: usize,
    pub message: String,
    /// What to write instead. Several hints are shown one per line.
    pub hints: Vec<String>,
}

impl Diagnostic {
    pub fn error(file: impl Into<PathBuf>, pos: Option<Pos>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            pos,
            len: 1,
            message: message.into(),
            hints: Vec::new(),
        }
    }

    pub fn warning(file: impl Into<PathBuf>, pos: Option<Pos>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, pos, message)
        }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    pub fn underline(mut self, len: usize) -> Self {
        self.len = len.max(1);
        self
    }

    /// Renders the diagnostic as the terminal shows it, quoting the line from
    /// `source` (the file's text) when it is given.
    pub fn render(&self, source: Option<&str>) -> String {
        let mut out = String::new();
        let label = match self.severity {
            Severity::Error => "エラー",
            Severity::Warning => "警告",
        };
        let _ = writeln!(out, "{label}: {}", self.message);
        let location = match self.pos {
            Some(p) => format!("{}:{}:{}", self.file.display(), p.line, p.column),
            None => self.file.display().to_string(),
        };
        let _ = writeln!(out, "  --> {location}");
        if let (Some(pos), Some(text)) = (self.pos, source)
            && let Some(line) = text.lines().nth(pos.line.saturating_sub(1))
        {
            let num = pos.line.to_string();
            let pad = " ".repeat(num.len());
            let line = line.trim_end_matches('\r');
            let shown = line.replace('\t', "    ");
            let before: String = line.chars().take(pos.column.saturating_sub(1)).collect();
            let marked: String = line
                .chars()
                .skip(pos.column.saturating_sub(1))
                .take(self.len)
                .collect();
            let indent = before.replace('\t', "    ").width();
            let carets = marked.width().max(1);
            let _ = writeln!(out, "{pad} |");
            let _ = writeln!(out, "{num} | {shown}");
            let _ = writeln!(out, "{pad} | {}{}", " ".repeat(indent), "^".repeat(carets));
        }
        for hint in &self.hints {
            let _ = writeln!(out, "  = {hint}");
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(None))
    }
}

/// A thread-safe collection of diagnostics, sorted when read so that the
/// report does not depend on the order in which parallel work finished.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Mutex<Vec<Diagnostic>>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&self, d: Diagnostic) {
        self.items.lock().unwrap().push(d);
    }

    pub fn extend(&self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.items.lock().unwrap().extend(ds);
    }

    pub fn has_errors(&self) -> bool {
        self.items
            .lock()
            .unwrap()
            .iter()
            .any(|d| d.severity == Severity::Error)
    }

    pub fn error_count(&self) -> usize {
        self.items
            .lock()
            .unwrap()
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    pub fn warning_count(&self) -> usize {
        self.sorted()
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }

    /// All diagnostics, sorted by file and position, duplicates removed.
    pub fn sorted(&self) -> Vec<Diagnostic> {
        let mut v = self.items.lock().unwrap().clone();
        v.sort_by(|a, b| {
            (&a.file, a.pos, a.severity, &a.message).cmp(&(&b.file, b.pos, b.severity, &b.message))
        });
        v.dedup();
        v
    }

    /// Renders every diagnostic, reading each file once to quote its lines.
    pub fn render(&self, root: &Path) -> String {
        let mut out = String::new();
        let mut cache: Option<(PathBuf, Option<String>)> = None;
        for d in self.sorted() {
            if cache.as_ref().map(|(p, _)| p != &d.file).unwrap_or(true) {
                let text = std::fs::read(root.join(&d.file))
                    .ok()
                    .map(|b| String::from_utf8_lossy(&b).into_owned());
                cache = Some((d.file.clone(), text));
            }
            let text = cache.as_ref().and_then(|(_, t)| t.as_deref());
            let text = text.map(|t| t.strip_prefix('\u{feff}').unwrap_or(t));
            out.push_str(&d.render(text));
            out.push('\n');
        }
        out
    }
}

/// Levenshtein distance over characters, for "did you mean" hints.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The candidate closest to `word`, if it is close enough to be a typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c)
}

/// An id that names nothing, with what an author needs to fix it: the
/// nearest id there is (a likely typo) and every id there is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Unknown {
    pub nearest: Option<String>,
    pub known: Vec<String>,
}

/// The item of `items` whose `key` is `id`, else the [`Unknown`] that says
/// what could have been meant. The one lookup behind every "「…」がありません".
pub fn lookup<'a, T: ?Sized + 'a>(
    items: impl IntoIterator<Item = &'a T>,
    key: impl Fn(&T) -> &str,
    id: &str,
) -> Result<&'a T, Unknown> {
    let mut known = Vec::new();
    for item in items {
        let k = key(item);
        if k == id {
            return Ok(item);
        }
        known.push(k.to_string());
    }
    Err(Unknown::among(id, known))
}

impl Unknown {
    /// `id` is none of `known`.
    pub fn among(id: &str, known: Vec<String>) -> Unknown {
        let nearest = closest(id, known.iter().map(String::as_str)).map(str::to_string);
        Unknown { nearest, known }
    }

    /// 「…」の書き間違いではありませんか。, when an id is near enough.
    pub fn typo(&self) -> Option<String> {
        self.nearest
            .as_ref()
            .map(|c| format!("「{c}」の書き間違いではありませんか。"))
    }

    /// The typo hint, then `{place} にある{what}: a, b` (or that there are
    /// none yet), in one line.
    pub fn hint(&self, what: &str, place: &str) -> String {
        let mut hint = self.typo().unwrap_or_default();
        if self.known.is_empty() {
            hint.push_str(&format!("{place} に{what}がまだありません。"));
        } else {
            hint.push_str(&format!("{place} にある{what}: {}", self.known.join(", ")));
        }
        hint
    }
}

/// A message of tebiki's own (a date that cannot be, say) raised inside
/// serde deserialisation, where only text passes: carried through serde's
/// error text as `tebiki:message|hint` and taken apart again by the YAML
/// loader. This pair is the whole protocol.
pub mod carried {
    const PREFIX: &str = "tebiki:";

    pub fn encode(message: &str, hint: &str) -> String {
        format!("{PREFIX}{message}|{hint}")
    }

    /// The message and hint, if `text` (serde's message without its
    /// position) carries one.
    pub fn decode(text: &str) -> Option<(&str, &str)> {
        let rest = text.strip_prefix(PREFIX)?;
        Some(rest.split_once('|').unwrap_or((rest, "")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_the_line_and_underlines_wide_characters() {
        let d = Diagnostic::error("content/a/region.yaml", Some(Pos::new(2, 3)), "不明な項目")
            .underline(2)
            .hint("`tel` と書いてください");
        let text = "id: a\n  電話: 1\n";
        let r = d.render(Some(text));
        assert!(r.contains("content/a/region.yaml:2:3"), "{r}");
        assert!(r.contains("2 |   電話: 1"), "{r}");
        assert!(r.contains("  |   ^^^^\n"), "{r}");
        assert!(r.contains("= `tel` と書いてください"), "{r}");
    }

    #[test]
    fn offsets_become_line_and_character_column() {
        let text = "あい\nうえお";
        assert_eq!(Pos::of_offset(text, 0), Pos::new(1, 1));
        assert_eq!(Pos::of_offset(text, "あい\nう".len()), Pos::new(2, 2));
    }

    #[test]
    fn closest_finds_typos_only() {
        assert_eq!(closest("tell", ["tel", "fax", "email"]), Some("tel"));
        assert_eq!(closest("zzzz", ["tel", "fax"]), None);
        let text = carried::encode("令和0年はありません", "令和元年と書きます。");
        assert_eq!(
            carried::decode(&text),
            Some(("令和0年はありません", "令和元年と書きます。"))
        );
        assert_eq!(carried::decode("invalid type: map"), None);
    }
}
