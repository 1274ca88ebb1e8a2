//! Typed YAML with positions.
//!
//! serde_yaml turns a file into the typed model and locates the first error it
//! meets, but keeps no positions for values that decode fine. Checks that come
//! later (a duplicate id, a reference that does not resolve) still have to say
//! where the value stands, so every file is also read once with yaml-rust2's
//! marked parser into a [`YamlIndex`]: path (`rules[3].topic`) -> position.
//!
//! Unknown keys are collected all at once: an unknown key is reported, blanked
//! out in a copy of the text (spaces keep every other position), and the file
//! decoded again.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use crate::diag::{Diagnostic, Diagnostics, Pos, closest};

/// A source file as read from disk: BOM removed, CRLF made LF (so that line
/// and column numbers match what an editor shows).
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Relative to the project root, as shown in diagnostics.
    pub rel: PathBuf,
    pub text: String,
}

/// Files larger than this are refused before parsing: no handbook page or
/// region file comes near it, and reading a stray 50 MB file would only hide
/// the real problem.
pub const MAX_SOURCE_BYTES: u64 = 4 * 1024 * 1024;

impl SourceFile {
    /// Reads `root/rel`, reporting unreadable, oversized and non-UTF-8 files.
    pub fn read(root: &Path, rel: &Path, diags: &Diagnostics) -> Option<SourceFile> {
        let path = root.join(rel);
        let size = match std::fs::metadata(&path) {
            Ok(m) => m.len(),
            Err(e) => {
                diags.push(Diagnostic::error(
                    rel,
                    None,
                    format!("ファイルを読めません ({e})"),
                ));
                return None;
            }
        };
        if size > MAX_SOURCE_BYTES {
            diags.push(
                Diagnostic::error(
                    rel,
                    None,
                    format!(
                        "ファイルが大きすぎます ({} MB、上限 {} MB) [file too large]",
                        size / (1024 * 1024),
                        MAX_SOURCE_BYTES / (1024 * 1024)
                    ),
                )
                .hint("手引きや設定のファイルではないものが置かれていないか確かめてください。画像やPDFは static/ に置きます。"),
            );
            return None;
        }
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                diags.push(Diagnostic::error(
                    rel,
                    None,
                    format!("ファイルを読めません ({e})"),
                ));
                return None;
            }
        };
        Self::from_bytes(rel, bytes, diags)
    }

    pub fn from_bytes(rel: &Path, bytes: Vec<u8>, diags: &Diagnostics) -> Option<SourceFile> {
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let valid = e.utf8_error().valid_up_to();
                let bytes = e.into_bytes();
                let prefix = String::from_utf8_lossy(&bytes[..valid]);
                let saved_as =
                    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
                        "UTF-16（「Unicode」）"
                    } else {
                        "Shift_JIS など"
                    };
                diags.push(
                    Diagnostic::error(
                        rel,
                        Some(Pos::of_offset(&prefix, valid)),
                        "文字コードが UTF-8 ではありません [not UTF-8]",
                    )
                    .hint(format!("{saved_as}で保存されています。エディタで「UTF-8」を選んで保存し直してください。")),
                );
                return None;
            }
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let text = if text.contains('\r') {
            text.replace("\r\n", "\n")
        } else {
            text.to_string()
        };
        // NUL and other control characters come from copying or converting;
        // YAML refuses them, and nobody can see them in an editor.
        if let Some((at, c)) = text
            .char_indices()
            .find(|&(_, c)| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        {
            diags.push(
                Diagnostic::error(
                    rel,
                    Some(Pos::of_offset(&text, at)),
                    format!("見えない制御文字（U+{:04X}）が含まれています [control character]", c as u32),
                )
                .hint("コピーや変換のときに紛れ込んだ文字です。この位置の文字を消して、前後を書き直してください。"),
            );
            return None;
        }
        Some(SourceFile {
            rel: rel.to_path_buf(),
            text,
        })
    }
}

/// Positions of keys and values in one YAML document, by path.
#[derive(Debug, Default, Clone)]
pub struct YamlIndex {
    values: HashMap<String, Pos>,
    keys: HashMap<String, Pos>,
    /// Keys written a second time in the same mapping: where the second is.
    duplicates: HashMap<String, Pos>,
    /// The text of each scalar value, by path.
    scalars: HashMap<String, String>,
    /// Keys written with nothing after the colon (`name:`).
    empty: Vec<String>,
    /// Byte range of each mapping entry, key to the start of the next entry.
    entries: Vec<(String, usize, usize)>,
}

/// The path of `key` inside the mapping at `path` (serde_yaml writes the
/// top level as `.` or nothing).
fn child(path: &str, key: &str) -> String {
    if path.is_empty() || path == "." {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

impl YamlIndex {
    /// Position of the value directly under `path` that is a date failing
    /// with the message `why`.
    fn failing_date(&self, path: &str, why: &str) -> Option<Pos> {
        let prefix = child(path, "");
        self.scalars
            .iter()
            .filter(|(p, _)| {
                p.strip_prefix(&prefix)
                    .is_some_and(|rest| !rest.is_empty() && !rest.contains(['.', '[']))
            })
            .filter(|(_, text)| crate::wareki::Date::parse(text).err().as_deref() == Some(why))
            .filter_map(|(p, _)| self.value(p))
            .min()
    }

    /// Position of the value at `path` (`secretariat.tel`, `rules[2].topic`).
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
        match self.index.keys.entry(full) {
            Entry::Occupied(e) => {
                self.index.duplicates.entry(e.key().clone()).or_insert(p);
            }
            Entry::Vacant(e) => {
                e.insert(p);
            }
        }
        if first_key
            && let Some(v) = self.index.values.get_mut(&map_path)
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
                    self.index.values.entry(p).or_insert(pos);
                }
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                if let Some(Frame::Map { key: None, .. }) = self.stack.last() {
                    // A complex key: not used by tebiki's files; keep going.
                    self.take_key(&ev, mark);
                }
                let path = self.child_path().unwrap_or_default();
                let pos = self.pos(mark);
                self.index.values.entry(path.clone()).or_insert(pos);
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

/// Builds the position index, or returns the syntax error as a diagnostic.
pub fn index(file: &SourceFile) -> Result<YamlIndex, Diagnostic> {
    let mut line_starts = vec![0];
    line_starts.extend(file.text.match_indices('\n').map(|(i, _)| i + 1));
    let mut b = IndexBuilder {
        text: &file.text,
        line_starts,
        stack: Vec::new(),
        index: YamlIndex::default(),
        pending_entry: None,
        documents: Vec::new(),
    };
    let mut parser = Parser::new_from_str(&file.text);
    match parser.load(&mut b, true) {
        Ok(()) => match b.documents.get(1) {
            // serde_yaml refuses a second document, without saying where.
            Some(m) => Err(Diagnostic::error(
                &file.rel,
                Some(Pos::new(m.line(), m.col() + 1)),
                "--- の行から後に二つ目の文書があります [more than one document]",
            )
            .underline(3)
            .hint("一つのファイルには一つの文書だけを書きます。--- の行を消して一つにまとめてください。")),
            None => Ok(b.index),
        },
        Err(e) => {
            let m = e.marker();
            Err(syntax_error(
                file,
                Pos::new(m.line(), m.col() + 1),
                e.info(),
            ))
        }
    }
}

fn syntax_error(file: &SourceFile, mut pos: Pos, info: &str) -> Diagnostic {
    // The scanner reports a tab at the start of the token it was reading;
    // point at the tab itself.
    if info.contains("tab") {
        let start: usize = file
            .text
            .split_inclusive('\n')
            .take(pos.line.saturating_sub(1))
            .map(str::len)
            .sum();
        if let Some(i) = file.text[start..].find('\t') {
            pos = Pos::of_offset(&file.text, start + i);
        }
    }
    let line = file
        .text
        .lines()
        .nth(pos.line.saturating_sub(1))
        .unwrap_or("");
    // The parser stops where an unclosed `[` or `{` no longer makes sense,
    // often lines later: name the bracket that was never closed.
    let unclosed = unclosed_flow(&file.text)
        .map(|(at, open)| (Pos::of_offset(&file.text, at), open))
        .filter(|(at, _)| at.line < pos.line);
    let before: String = line.chars().take(pos.column.saturating_sub(1)).collect();
    let quote = line
        .chars()
        .nth(pos.column.saturating_sub(1))
        .filter(|c| matches!(c, '"' | '\''));
    // What went wrong, when it can be said more plainly than the parser
    // does, and what to write instead.
    let (what, hint) = if let Some((at, open)) = unclosed {
        let close = if open == '[' { ']' } else { '}' };
        (
            Some(format!(
                "{} 行目 {} 文字目の「{open}」が閉じられていません",
                at.line, at.column
            )),
            format!(
                "{} 行目の「{open}」に対応する「{close}」をその値の終わりに書き足してください。",
                at.line
            ),
        )
    } else if line.contains('\t') || info.contains("tab") {
        (
            None,
            "字下げにタブ文字は使えません。半角スペースで字下げしてください。".into(),
        )
    } else if let Some(q) = quote.filter(|_| info.contains("quoted scalar")) {
        let inside = if q == '"' {
            "\\\""
        } else {
            "''（二つ重ねる）"
        };
        (
            Some(format!("「{q}」で始めた値が閉じられていません")),
            format!(
                "値の終わりにもう一つ「{q}」を書いてください。値の中の「{q}」は {inside} と書きます。"
            ),
        )
    } else if info.contains("anchor") {
        (None, "「*」や「&」で始まる値は YAML の別名（alias）として読まれます。文字として書くときは値全体を \"…\" で囲んでください。".into())
    } else if info.contains("mapping values are not allowed") && before.contains(": ") {
        (None, "値の中に「: 」（コロンと空白）があります。値全体を \"…\" で囲んでください。例: note: \"受付: 平日\"".into())
    } else if info.contains("mapping values are not allowed") {
        // A key that is indented deeper than its neighbours reads as the
        // continuation of the value above it.
        (None, "この行の字下げが前の行とそろっていません。同じ階層の項目は同じ数の半角スペースで字下げしてください。".into())
    } else if info.contains("flow mapping") || info.contains("flow sequence") {
        (None, "{ } や [ ] の中の値に「{」「}」「,」「:」があるときは、その値を \"…\" で囲んでください。".into())
    } else if info.contains("did not find expected") || info.contains("while parsing") {
        (None, "字下げの深さがそろっているか、「-」や「:」の後に半角スペースがあるか確かめてください。".into())
    } else {
        (
            None,
            "この行とその前の行の字下げ・記号を確かめてください。".into(),
        )
    };
    let message = match what {
        Some(what) => format!("YAML の書き方に誤りがあります: {what} [{info}]"),
        None => format!("YAML の書き方に誤りがあります [{info}]"),
    };
    Diagnostic::error(&file.rel, Some(pos), message).hint(hint)
}

/// The first `[` or `{` of `text` that is never closed, as a byte offset,
/// skipping quoted scalars and comments.
fn unclosed_flow(text: &str) -> Option<(usize, char)> {
    let mut open: Vec<(usize, char)> = Vec::new();
    let mut quote: Option<char> = None;
    let mut comment = false;
    // The last character that is not a space, and the one just before.
    let (mut last, mut before) = ('\n', '\n');
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '\n' {
            comment = false;
        }
        if comment {
            continue;
        }
        if let Some(q) = quote {
            let escape = (q == '"' && c == '\\')
                || (c == q && q == '\'' && chars.peek().is_some_and(|&(_, n)| n == '\''));
            if escape {
                chars.next();
            } else if c == q {
                quote = None;
                last = c;
            }
            before = c;
            continue;
        }
        match c {
            // A quote opens a quoted scalar only where a value begins.
            '"' | '\'' if matches!(last, '\n' | ':' | '-' | ',' | '[' | '{' | '?') => {
                quote = Some(c)
            }
            '#' if before.is_whitespace() => comment = true,
            '[' | '{' => open.push((i, c)),
            ']' | '}' if open.last().is_some_and(|&(_, o)| (o == '[') == (c == ']')) => {
                open.pop();
            }
            _ => {}
        }
        if !c.is_whitespace() || c == '\n' {
            last = c;
        }
        before = c;
    }
    open.first().copied()
}

/// Decodes `file` as `T`, reporting every unknown key and the first other
/// error. Returns the value and the index, or `None` after reporting.
pub fn decode<T: DeserializeOwned>(
    file: &SourceFile,
    diags: &Diagnostics,
) -> Option<(T, YamlIndex)> {
    if file.text.trim().is_empty() {
        diags.push(
            Diagnostic::error(
                &file.rel,
                Some(Pos::new(1, 1)),
                "ファイルが空です [empty file]",
            )
            .hint("必要な項目を書くか、不要ならファイルを削除してください。"),
        );
        return None;
    }
    let idx = match index(file) {
        Ok(i) => i,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let mut text = file.text.clone();
    let mut failed = false;
    for _ in 0..64 {
        match serde_yaml::from_str::<T>(&text) {
            Ok(_) if !failed && empty_required::<T>(file, &idx, diags) => return None,
            Ok(v) => return (!failed).then_some((v, idx)),
            Err(e) => {
                let (d, unknown_at) = translate(file, &idx, &e);
                diags.push(d);
                failed = true;
                // Blank out the unknown entry and look for more.
                let Some(at) = unknown_at else { return None };
                let Some(&(_, start, end)) = idx
                    .entries
                    .iter()
                    .filter(|(_, s, _)| Pos::of_offset(&file.text, *s) == at)
                    .min_by_key(|(_, s, e)| e - s)
                else {
                    return None;
                };
                blank(&mut text, start, end);
            }
        }
    }
    None
}

/// Replaces `text[start..end]` with spaces, keeping the line breaks (and so
/// every other position).
fn blank(text: &mut String, start: usize, end: usize) {
    // One space per byte: the offsets of every later entry stay valid
    // (a multi-byte character blanked as one space would shift them).
    let spaces: String = text[start..end]
        .chars()
        .flat_map(|c| {
            if c == '\n' {
                vec!['\n']
            } else {
                vec![' '; c.len_utf8()]
            }
        })
        .collect();
    text.replace_range(start..end, &spaces);
}

/// A key written with nothing after it (`title:`) reads as empty text, which
/// serde accepts even where the key is required. Each such key is blanked
/// out in turn and the file decoded again: a required one then shows up as
/// missing, and is reported where it is written. Returns whether any was.
fn empty_required<T: DeserializeOwned>(
    file: &SourceFile,
    idx: &YamlIndex,
    diags: &Diagnostics,
) -> bool {
    let mut found = false;
    for path in &idx.empty {
        let Some(&(_, start, end)) = idx.entries.iter().find(|(p, ..)| p == path) else {
            continue;
        };
        let mut text = file.text.clone();
        blank(&mut text, start, end);
        if text.trim().is_empty() {
            text = "{}".into();
        }
        let Err(e) = serde_yaml::from_str::<T>(&text) else {
            continue;
        };
        let (at, body) = path_and_body(&e);
        let Some(name) = body
            .strip_prefix("missing field `")
            .and_then(|r| r.split('`').next())
        else {
            continue;
        };
        if child(&at, name) != *path {
            continue;
        }
        diags.push(
            Diagnostic::error(
                &file.rel,
                idx.key(path),
                format!("`{name}` の値が書かれていません [empty value]"),
            )
            .underline(name.chars().count())
            .hint(format!(
                "`{name}:` の後に半角スペースを空けて値を書いてください。"
            )),
        );
        found = true;
    }
    found
}

/// The path (`rules[2]`, empty at the top) and the message of a serde_yaml
/// error, without its position.
fn path_and_body(e: &serde_yaml::Error) -> (String, String) {
    let raw = e.to_string();
    let msg = raw.split(" at line ").next().unwrap_or(&raw).to_string();
    match msg.split_once(": ") {
        Some((p, b)) if !p.contains(' ') => (p.to_string(), b.to_string()),
        _ => (String::new(), msg),
    }
}

/// Turns a serde_yaml error into a diagnostic in the reader's language.
/// The second value is the position of an unknown key, which `decode`
/// blanks out before trying again.
fn translate(
    file: &SourceFile,
    idx: &YamlIndex,
    e: &serde_yaml::Error,
) -> (Diagnostic, Option<Pos>) {
    let pos = e
        .location()
        .map(|l| Pos::new(l.line(), l.column()))
        .or(Some(Pos::new(1, 1)));
    let (path, body) = path_and_body(e);
    let place = if path.is_empty() || path == "." {
        String::new()
    } else {
        format!("（{path} の中）")
    };

    if let Some(rest) = body.strip_prefix("tebiki:") {
        // A check of tebiki's own inside deserialisation (dates, times):
        // "tebiki:message|hint".
        let (why, hint) = rest.split_once('|').unwrap_or((rest, ""));
        // serde_yaml places the error at the mapping holding the value;
        // point at the value itself.
        let at = idx.failing_date(&path, why).or(pos);
        let mut d = Diagnostic::error(&file.rel, at, format!("{why}{place}"));
        if !hint.is_empty() {
            d = d.hint(hint);
        }
        return (d, None);
    }
    if let Some(rest) = body.strip_prefix("unknown field `") {
        let (name, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let allowed = backticked(expected);
        let mut d = Diagnostic::error(
            &file.rel,
            pos,
            format!("知らない項目名 `{name}` があります{place} [unknown key]"),
        )
        .underline(name.chars().count());
        if let Some(s) = closest(name, allowed.iter().map(String::as_str)) {
            d = d.hint(format!(
                "`{s}` の書き間違いではありませんか。`{name}:` を `{s}:` に直してください。"
            ));
        }
        if !allowed.is_empty() {
            d = d.hint(format!("ここに書ける項目: {}", allowed.join(", ")));
        }
        return (d, pos);
    }
    if let Some(rest) = body.strip_prefix("unknown variant `") {
        let (name, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let allowed = backticked(expected);
        let mut d = Diagnostic::error(
            &file.rel,
            pos,
            format!("`{name}` はここに書ける値ではありません{place} [unknown value]"),
        )
        .underline(name.chars().count());
        if let Some(s) = closest(name, allowed.iter().map(String::as_str)) {
            d = d.hint(format!("`{s}` の書き間違いではありませんか。"));
        }
        d = d.hint(format!("書ける値: {}", allowed.join(", ")));
        return (d, None);
    }
    if let Some(rest) = body.strip_prefix("missing field `") {
        let name = rest.split('`').next().unwrap_or(rest);
        let at = idx.nearest(&path).or(pos);
        let d = Diagnostic::error(
            &file.rel,
            at,
            format!("必要な項目 `{name}` がありません{place} [missing key]"),
        )
        .hint(format!("`{name}: …` の行を書き足してください。"));
        return (d, None);
    }
    let invalid = [
        ("invalid type: ", "値の種類が違います", "wrong type"),
        ("invalid value: ", "値が正しくありません", "invalid value"),
    ];
    if let Some((rest, what, en)) = invalid
        .iter()
        .find_map(|(p, w, e)| body.strip_prefix(p).map(|r| (r, w, e)))
    {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let d = Diagnostic::error(
            &file.rel,
            pos,
            format!(
                "{what}{place}: {} を書くところに {} が書かれています [{en}]",
                expected_ja(expected),
                found_ja(found)
            ),
        )
        .hint(type_hint(expected));
        return (d, None);
    }
    if body.starts_with("duplicate field") || body.contains("duplicate entry") {
        let name = body.split('`').nth(1).unwrap_or("");
        // serde_yaml places the error at the mapping; point at the second key.
        let full = child(&path, name);
        let mut d = Diagnostic::error(
            &file.rel,
            idx.duplicates.get(&full).copied().or(pos),
            format!("同じ項目 `{name}` が二度書かれています{place} [duplicate key]"),
        )
        .underline(name.chars().count());
        if let Some(first) = idx.keys.get(&full) {
            d = d.hint(format!("{} 行目にも `{name}:` があります。", first.line));
        }
        return (d.hint("どちらか一方を消してください。"), None);
    }
    // Anything else: say what serde_yaml said, located.
    let d = Diagnostic::error(&file.rel, pos, format!("YAML を読めません{place} [{body}]"))
        .hint("この行の書き方を README.md の例と見比べてください。");
    (d, None)
}

fn backticked(s: &str) -> Vec<String> {
    s.split('`')
        .enumerate()
        .filter(|(i, _)| i % 2 == 1)
        .map(|(_, t)| t.to_string())
        .collect()
}

fn expected_ja(expected: &str) -> String {
    let e = expected.trim();
    let ja = if e.contains("sequence") {
        "リスト（「- 」で始まる行の並び）"
    } else if e.starts_with("struct") || e.contains("map") {
        "「項目: 値」の組"
    } else if e.contains("bool") {
        "true か false"
    } else if e.starts_with('u') || e.starts_with('i') && e.len() <= 5 {
        "整数"
    } else if e.contains("string") || e.contains("char") {
        "文字列"
    } else if e.contains("date") {
        "日付"
    } else {
        return e.to_string();
    };
    format!("{ja} ({e})")
}

fn found_ja(found: &str) -> String {
    if found.starts_with("sequence") {
        "リスト".into()
    } else if found.starts_with("map") {
        "「項目: 値」の組".into()
    } else if found.starts_with("unit") {
        "空の値".into()
    } else if let Some(s) = found.strip_prefix("string ") {
        format!("文字列 {s}")
    } else if let Some(s) = found.strip_prefix("integer ") {
        // serde_yaml adds " as u128" to a number too large for the field.
        format!("数 {}", s.split(" as ").next().unwrap_or(s))
    } else if let Some(s) = found.strip_prefix("boolean ") {
        format!("真偽値 {s}")
    } else {
        found.to_string()
    }
}

fn type_hint(expected: &str) -> String {
    if expected.contains("sequence") {
        "リストは次のように書きます:\n      area:\n        - いなべ市\n        - 東員町".into()
    } else if expected.starts_with("struct") || expected.contains("map") {
        "下の行に字下げして「項目: 値」を書いてください。".into()
    } else if expected.contains("bool") {
        "true（はい）か false（いいえ）を書いてください。".into()
    } else if expected.starts_with('u') || expected.starts_with('i') {
        "半角数字だけを書いてください（例: 8）。".into()
    } else {
        "値を \"…\" で囲むと文字列として読まれます。".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        tel: String,
        fax: Option<String>,
    }

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Outer {
        id: String,
        inner: Inner,
        #[serde(default)]
        list: Vec<Inner>,
    }

    fn src(t: &str) -> SourceFile {
        SourceFile {
            rel: "x.yaml".into(),
            text: t.into(),
        }
    }

    #[test]
    fn index_knows_paths() {
        let f =
            src("id: a\ninner:\n  tel: \"1\"\nlist:\n  - tel: \"2\"\n  - tel: \"3\"\n    fax: x\n");
        let i = index(&f).unwrap();
        assert_eq!(i.value("id"), Some(Pos::new(1, 5)));
        assert_eq!(i.key("inner.tel"), Some(Pos::new(3, 3)));
        assert_eq!(i.value("inner.tel"), Some(Pos::new(3, 8)));
        assert_eq!(i.value("list[1].fax"), Some(Pos::new(7, 10)));
        assert_eq!(i.nearest("list[1].nothing"), Some(Pos::new(6, 5)));
    }

    /// Found by fuzzing (region_yaml): blanking an entry with multi-byte
    /// text shifted the byte offsets of the next one, and slicing panicked.
    #[test]
    fn blanking_multibyte_entries_keeps_offsets() {
        let f = src("id: a\ninner:\n  tel: \"1\"\nbad: あいうえお\nextra: 3\nmore: かきく\n");
        let d = Diagnostics::new();
        assert!(decode::<Outer>(&f, &d).is_none());
        let lines: Vec<usize> = d
            .sorted()
            .iter()
            .filter_map(|x| x.pos)
            .map(|p| p.line)
            .collect();
        assert_eq!(lines, [4, 5, 6]);
    }

    #[test]
    fn every_unknown_key_is_reported_with_a_suggestion() {
        let f = src("id: a\ninner:\n  tell: \"1\"\n  tel: \"1\"\nextra: 3\n");
        let d = Diagnostics::new();
        assert!(decode::<Outer>(&f, &d).is_none());
        let all = d.sorted();
        assert_eq!(all.len(), 2, "{all:#?}");
        assert_eq!(all[0].pos, Some(Pos::new(3, 3)));
        assert!(all[0].message.contains("`tell`"));
        assert!(all[0].hints[0].contains("`tel:`"), "{:?}", all[0].hints);
        assert_eq!(all[1].pos, Some(Pos::new(5, 1)));
    }

    #[test]
    fn wrong_type_and_missing_key_are_located() {
        let d = Diagnostics::new();
        assert!(decode::<Outer>(&src("id: a\ninner:\n  fax: x\n"), &d).is_none());
        let all = d.sorted();
        assert!(all[0].message.contains("`tel`"), "{all:#?}");
        assert_eq!(all[0].pos.unwrap().line, 3);

        let d = Diagnostics::new();
        assert!(decode::<Outer>(&src("id: a\ninner: [1]\n"), &d).is_none());
        let all = d.sorted();
        assert!(all[0].message.contains("値の種類"), "{all:#?}");
        assert_eq!(all[0].pos.unwrap().line, 2);
    }

    #[test]
    fn syntax_errors_and_tabs_are_located() {
        let d = Diagnostics::new();
        assert!(decode::<Outer>(&src("id: a\ninner:\n\ttel: x\n"), &d).is_none());
        let all = d.sorted();
        assert_eq!(all[0].pos.unwrap().line, 3, "{all:#?}");
        assert!(all[0].hints[0].contains("タブ"));
    }

    #[test]
    fn unclosed_brackets_skip_quotes_and_comments() {
        assert_eq!(
            unclosed_flow("a: [x, \"[\"]  # {\nb: {c: 'it''s ['}\n"),
            None
        );
        assert_eq!(
            unclosed_flow("a: [x, y]\nb: {c: [1, 2]\nd: 3\n"),
            Some((13, '{'))
        );
    }

    #[test]
    fn bom_and_crlf_are_accepted() {
        let d = Diagnostics::new();
        let f = SourceFile::from_bytes(
            Path::new("x.yaml"),
            "\u{feff}id: a\r\ninner:\r\n  tel: \"1\"\r\n"
                .as_bytes()
                .to_vec(),
            &d,
        )
        .unwrap();
        let (v, _) = decode::<Outer>(&f, &d).unwrap();
        assert_eq!(v.inner.tel, "1");
    }

    #[test]
    fn non_utf8_is_located() {
        let d = Diagnostics::new();
        let mut bytes = b"id: a\nname: ".to_vec();
        bytes.extend([0x82, 0xa0]); // あ in Shift_JIS
        assert!(SourceFile::from_bytes(Path::new("x.yaml"), bytes, &d).is_none());
        assert_eq!(d.sorted()[0].pos, Some(Pos::new(2, 7)));
    }
}
