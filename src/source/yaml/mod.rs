//! Typed YAML with positions.
//!
//! Every file is decoded by serde_yaml into the typed model and indexed by
//! yaml-rust2 ([`index`]) so that any value can be located later. Unknown
//! keys are collected all at once: an unknown key is reported, blanked out in
//! a copy of the text (spaces keep every other position), and the file
//! decoded again. [`messages`] turns the parsers' errors into Japanese.

pub mod index;
mod messages;

use serde::de::DeserializeOwned;

use self::index::{YamlIndex, child};
use self::messages::{parse_error, path_and_body, translate};
use crate::diag::{Diagnostic, Diagnostics, Pos};
use crate::model::Positions;
use crate::source::file::SourceFile;

/// Decodes `file` as `T`, reporting every unknown key and the first other
/// error. Returns the value and the index, or `None` after reporting.
pub fn decode<T: DeserializeOwned>(
    file: &SourceFile,
    diags: &Diagnostics,
) -> Option<(T, Positions)> {
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
    let idx = match index::index(file) {
        Ok(i) => i,
        Err(e) => {
            diags.push(parse_error(file, e));
            return None;
        }
    };
    let mut text = file.text.clone();
    let mut failed = false;
    for _ in 0..64 {
        match serde_yaml::from_str::<T>(&text) {
            Ok(_) if !failed && empty_required::<T>(file, &idx, diags) => return None,
            Ok(v) => return (!failed).then_some((v, idx.positions)),
            Err(e) => {
                let (d, unknown_at) = translate(file, &idx, &e);
                diags.push(d);
                failed = true;
                // Blank out the unknown entry and look for more.
                let at = unknown_at?;
                let &(_, start, end) = idx
                    .entries
                    .iter()
                    .filter(|(_, s, _)| Pos::of_offset(&file.text, *s) == at)
                    .min_by_key(|(_, s, e)| e - s)?;
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
                idx.positions.key(path),
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

#[cfg(test)]
mod tests {
    use std::path::Path;

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
        let i = index::index(&f).unwrap();
        assert_eq!(i.positions.value("id"), Some(Pos::new(1, 5)));
        assert_eq!(i.positions.key("inner.tel"), Some(Pos::new(3, 3)));
        assert_eq!(i.positions.value("inner.tel"), Some(Pos::new(3, 8)));
        assert_eq!(i.positions.value("list[1].fax"), Some(Pos::new(7, 10)));
        assert_eq!(i.positions.nearest("list[1].nothing"), Some(Pos::new(6, 5)));
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
