//! Typed YAML with positions.
//!
//! Every file is indexed by yaml-rust2 ([`index`]) so that any value can be
//! located later, walked alongside its JSON Schema ([`validate`]) so that
//! every mistake is reported in one run, and only then decoded by serde_yaml
//! into the typed model. [`messages`] says the problems in Japanese.

pub mod index;
mod messages;
mod validate;

use std::any::TypeId;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use schemars::JsonSchema;
use serde::de::DeserializeOwned;

use self::messages::{duplicate_key, parse_error, place, translate};
use crate::diag::{Diagnostic, Diagnostics, Pos};
use crate::model::Positions;
use crate::source::file::SourceFile;

/// Decodes `file` as `T`, reporting every problem it has (each located,
/// each once). Returns the value and the positions of its keys and values,
/// or `None` after reporting.
pub fn decode<T: DeserializeOwned + JsonSchema + 'static>(
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
    // A key written twice: reported at the second, which is then blanked
    // out so the rest of the file can still be checked.
    let mut text = file.text.clone();
    let mut duplicates: Vec<(&String, &Pos)> = idx.duplicates.iter().collect();
    duplicates.sort_by_key(|(_, p)| **p);
    for (path, pos) in &duplicates {
        let (parent, name) = match path.rfind('.') {
            Some(i) => (&path[..i], &path[i + 1..]),
            None => ("", path.as_str()),
        };
        diags.push(duplicate_key(
            file,
            Some(**pos),
            name,
            &place(parent),
            idx.positions.own_key(path),
        ));
        if let Some(&(_, start, end)) = idx
            .entries
            .iter()
            .filter(|(p, s, _)| p == *path && Pos::of_offset(&file.text, *s) == **pos)
            .min_by_key(|(_, s, e)| e - s)
        {
            blank(&mut text, start, end);
        }
    }
    let value: serde_yaml::Value = match serde_yaml::from_str(&text) {
        Ok(v) => v,
        Err(e) => {
            diags.push(translate(file, &idx, &e));
            return None;
        }
    };
    let schema = schema_for::<T>();
    let mut walk = validate::Walk::new(file, &idx, &schema);
    walk.value(&value, &schema, "");
    if !walk.problems.is_empty() || !duplicates.is_empty() {
        diags.extend(walk.problems);
        return None;
    }
    // Typed from the value already parsed (a third parse of the text was a
    // tenth of loading); from the text only to locate an error.
    if let Ok(v) = serde_yaml::from_value::<T>(value) {
        return Some((v, idx.positions));
    }
    match serde_yaml::from_str::<T>(&text) {
        Ok(v) => Some((v, idx.positions)),
        Err(e) => {
            diags.push(translate(file, &idx, &e));
            None
        }
    }
}

/// The JSON Schema of `T`, made once per type.
fn schema_for<T: JsonSchema + 'static>() -> Arc<serde_json::Value> {
    static SCHEMAS: OnceLock<Mutex<HashMap<TypeId, Arc<serde_json::Value>>>> = OnceLock::new();
    let mut map = SCHEMAS.get_or_init(Default::default).lock().unwrap();
    map.entry(TypeId::of::<T>())
        .or_insert_with(|| Arc::new(crate::model::schema_of::<T>()))
        .clone()
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

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug, schemars::JsonSchema)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        tel: String,
        fax: Option<String>,
    }

    #[derive(Deserialize, Debug, schemars::JsonSchema)]
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
