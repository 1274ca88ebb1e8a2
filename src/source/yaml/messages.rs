//! serde_yaml's and yaml-rust2's messages, in the reader's language. This is
//! the one place that reads their English text (`unknown field \`x\``):
//! if a new serde_yaml words them differently, the tests here fail.

use super::index::{ParseError, YamlIndex, child};
use crate::diag::{Diagnostic, Pos, carried, closest};
use crate::source::file::SourceFile;

/// A file that could not be parsed, located.
pub(super) fn parse_error(file: &SourceFile, e: ParseError) -> Diagnostic {
    match e {
        ParseError::SecondDocument(pos) => Diagnostic::error(
            &file.rel,
            Some(pos),
            "--- の行から後に二つ目の文書があります [more than one document]",
        )
        .underline(3)
        .hint(
            "一つのファイルには一つの文書だけを書きます。--- の行を消して一つにまとめてください。",
        ),
        ParseError::Syntax { pos, info } => syntax_error(file, pos, &info),
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

/// The path (`rules[2]`, empty at the top) and the message of a serde_yaml
/// error, without its position.
pub(super) fn path_and_body(e: &serde_yaml::Error) -> (String, String) {
    let raw = e.to_string();
    let msg = raw.split(" at line ").next().unwrap_or(&raw).to_string();
    match msg.split_once(": ") {
        Some((p, b)) if !p.contains(' ') => (p.to_string(), b.to_string()),
        _ => (String::new(), msg),
    }
}

/// `（rules[2] の中）`: where in the file, after a message; nothing at the
/// top level.
pub(super) fn place(path: &str) -> String {
    if path.is_empty() || path == "." {
        String::new()
    } else {
        format!("（{path} の中）")
    }
}

// The messages, one builder each, for both serde_yaml's errors (`translate`)
// and the schema walk (`validate`).

pub(super) fn unknown_key(
    file: &SourceFile,
    pos: Option<Pos>,
    name: &str,
    place: &str,
    allowed: &[String],
) -> Diagnostic {
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
    d
}

pub(super) fn unknown_value(
    file: &SourceFile,
    pos: Option<Pos>,
    name: &str,
    place: &str,
    allowed: &[String],
) -> Diagnostic {
    let mut d = Diagnostic::error(
        &file.rel,
        pos,
        format!("`{name}` はここに書ける値ではありません{place} [unknown value]"),
    )
    .underline(name.chars().count());
    if let Some(s) = closest(name, allowed.iter().map(String::as_str)) {
        d = d.hint(format!("`{s}` の書き間違いではありませんか。"));
    }
    d.hint(format!("書ける値: {}", allowed.join(", ")))
}

pub(super) fn missing_key(
    file: &SourceFile,
    pos: Option<Pos>,
    name: &str,
    place: &str,
) -> Diagnostic {
    Diagnostic::error(
        &file.rel,
        pos,
        format!("必要な項目 `{name}` がありません{place} [missing key]"),
    )
    .hint(format!("`{name}: …` の行を書き足してください。"))
}

pub(super) fn empty_value(file: &SourceFile, pos: Option<Pos>, name: &str) -> Diagnostic {
    Diagnostic::error(
        &file.rel,
        pos,
        format!("`{name}` の値が書かれていません [empty value]"),
    )
    .underline(name.chars().count())
    .hint(format!(
        "`{name}:` の後に半角スペースを空けて値を書いてください。"
    ))
}

/// A value of the wrong kind. `expected` and `found` are in serde's words
/// (`a sequence`, `string "x"`), said in Japanese here.
pub(super) fn wrong_type(
    file: &SourceFile,
    pos: Option<Pos>,
    place: &str,
    expected: &str,
    found: &str,
    invalid_value: bool,
) -> Diagnostic {
    let (what, en) = if invalid_value {
        ("値が正しくありません", "invalid value")
    } else {
        ("値の種類が違います", "wrong type")
    };
    Diagnostic::error(
        &file.rel,
        pos,
        format!(
            "{what}{place}: {} を書くところに {} が書かれています [{en}]",
            expected_ja(expected),
            found_ja(found)
        ),
    )
    .hint(type_hint(expected))
}

/// A check of tebiki's own (a date that cannot be), with its hint.
pub(super) fn own(
    file: &SourceFile,
    pos: Option<Pos>,
    why: &str,
    place: &str,
    hint: &str,
) -> Diagnostic {
    let d = Diagnostic::error(&file.rel, pos, format!("{why}{place}"));
    if hint.is_empty() { d } else { d.hint(hint) }
}

pub(super) fn duplicate_key(
    file: &SourceFile,
    pos: Option<Pos>,
    name: &str,
    place: &str,
    first: Option<Pos>,
) -> Diagnostic {
    let mut d = Diagnostic::error(
        &file.rel,
        pos,
        format!("同じ項目 `{name}` が二度書かれています{place} [duplicate key]"),
    )
    .underline(name.chars().count());
    if let Some(first) = first {
        d = d.hint(format!("{} 行目にも `{name}:` があります。", first.line));
    }
    d.hint("どちらか一方を消してください。")
}

/// Turns a serde_yaml error into a diagnostic in the reader's language.
/// (The schema walk in `validate` catches nearly everything first; this is
/// what is left.)
pub(super) fn translate(file: &SourceFile, idx: &YamlIndex, e: &serde_yaml::Error) -> Diagnostic {
    let pos = e
        .location()
        .map(|l| Pos::new(l.line(), l.column()))
        .or(Some(Pos::new(1, 1)));
    let (path, body) = path_and_body(e);
    let place = place(&path);
    if let Some((why, hint)) = carried::decode(&body) {
        // serde_yaml places the error at the mapping holding the value;
        // point at the value itself.
        let at = idx.failing_date(&path, why).or(pos);
        return own(file, at, why, &place, hint);
    }
    if let Some(rest) = body.strip_prefix("unknown field `") {
        let (name, expected) = rest.split_once('`').unwrap_or((rest, ""));
        return unknown_key(file, pos, name, &place, &backticked(expected));
    }
    if let Some(rest) = body.strip_prefix("unknown variant `") {
        let (name, expected) = rest.split_once('`').unwrap_or((rest, ""));
        return unknown_value(file, pos, name, &place, &backticked(expected));
    }
    if let Some(rest) = body.strip_prefix("missing field `") {
        let name = rest.split('`').next().unwrap_or(rest);
        return missing_key(file, idx.positions.nearest(&path).or(pos), name, &place);
    }
    for (prefix, invalid) in [("invalid type: ", false), ("invalid value: ", true)] {
        if let Some(rest) = body.strip_prefix(prefix) {
            let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
            return wrong_type(file, pos, &place, expected, found, invalid);
        }
    }
    if body.starts_with("duplicate field") || body.contains("duplicate entry") {
        let name = body.split('`').nth(1).unwrap_or("");
        // serde_yaml places the error at the mapping; point at the second key.
        let full = child(&path, name);
        return duplicate_key(
            file,
            idx.duplicates.get(&full).copied().or(pos),
            name,
            &place,
            idx.positions.own_key(&full),
        );
    }
    // Anything else: say what serde_yaml said, located.
    Diagnostic::error(&file.rel, pos, format!("YAML を読めません{place} [{body}]"))
        .hint("この行の書き方を README.md の例と見比べてください。")
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
}
