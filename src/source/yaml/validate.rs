//! Every mistake of a file in one run: the YAML is walked alongside the
//! JSON Schema of the type it must decode into (the same schema editors
//! use, made from the model), and every unknown key, missing key, wrong
//! kind of value, unknown value and impossible date is reported where it is
//! written. serde decodes only a file the walk found clean.
//!
//! The walk is never stricter than serde_yaml, which stays the judge: a
//! string accepts any scalar, a list accepts an empty value, an optional
//! value accepts an empty one.

use serde_json::Value as Schema;
use serde_yaml::Value;

use super::index::{YamlIndex, child};
use super::messages::{
    empty_value, missing_key, own, place, unknown_key, unknown_value, wrong_type,
};
use crate::diag::{Diagnostic, Pos, closest};
use crate::source::file::SourceFile;
use crate::wareki::Date;

pub(super) struct Walk<'a> {
    file: &'a SourceFile,
    idx: &'a YamlIndex,
    root: &'a Schema,
    pub problems: Vec<Diagnostic>,
}

impl<'a> Walk<'a> {
    pub fn new(file: &'a SourceFile, idx: &'a YamlIndex, root: &'a Schema) -> Walk<'a> {
        Walk {
            file,
            idx,
            root,
            problems: Vec::new(),
        }
    }

    fn value_pos(&self, path: &str) -> Option<Pos> {
        self.idx.positions.value(path)
    }

    /// Checks `v` (at `path`) against `s`.
    pub fn value(&mut self, v: &Value, s: &'a Schema, path: &str) {
        if let Some(r) = s.get("$ref").and_then(Schema::as_str)
            && r.ends_with("/Date")
        {
            return self.date(v, path);
        }
        let s = resolve(self.root, s);
        // `allOf: [x]` wraps a described reference; `anyOf: [x, null]` is
        // an optional one.
        if let Some(all) = s.get("allOf").and_then(Schema::as_array)
            && let [one] = &all[..]
        {
            return self.value(v, one, path);
        }
        if let Some(any) = s.get("anyOf").and_then(Schema::as_array) {
            return self.any_of(v, any, path);
        }
        if let Some(variants) = s.get("oneOf").and_then(Schema::as_array) {
            return self.one_of(v, variants, path);
        }
        let types: Vec<&str> = match s.get("type") {
            Some(Schema::String(t)) => vec![t.as_str()],
            Some(Schema::Array(a)) => a.iter().filter_map(Schema::as_str).collect(),
            _ => return,
        };
        if v.is_null() && types.contains(&"null") {
            return;
        }
        let main = types.iter().find(|t| **t != "null").copied().unwrap_or("");
        match (main, v) {
            // serde_yaml reads any scalar as text, and nothing as "".
            ("string", Value::String(_) | Value::Number(_) | Value::Bool(_) | Value::Null) => {}
            ("array", Value::Null) => {}
            ("array", Value::Sequence(items)) => {
                if let Some(item) = s.get("items") {
                    for (i, x) in items.iter().enumerate() {
                        self.value(x, item, &format!("{path}[{i}]"));
                    }
                }
            }
            ("object", Value::Mapping(m)) => self.object(m, s, path),
            ("object", Value::Null) if s.get("required").is_none() => {}
            ("boolean", Value::Bool(_)) => {}
            ("number", Value::Number(_)) => {}
            ("integer", Value::Number(n)) if n.is_i64() || n.is_u64() => {
                let min = s.get("minimum").and_then(Schema::as_f64);
                if min.is_some_and(|m| n.as_f64().is_some_and(|x| x < m)) {
                    self.problems.push(wrong_type(
                        self.file,
                        self.value_pos(path),
                        &place(path),
                        "u32",
                        &found(v),
                        true,
                    ));
                }
            }
            _ => self.problems.push(wrong_type(
                self.file,
                self.value_pos(path),
                &place(path),
                expected(main, s),
                &found(v),
                false,
            )),
        }
    }

    /// One of several shapes (`topic: x` or `topic: [x, y]`, an optional
    /// value): fine if one fits; else the problems of the shape the value
    /// looks like.
    fn any_of(&mut self, v: &Value, any: &'a [Schema], path: &str) {
        let mut tried = Vec::new();
        for branch in any {
            let mut sub = Walk::new(self.file, self.idx, self.root);
            sub.value(v, branch, path);
            if sub.problems.is_empty() {
                return;
            }
            let kind = resolve(self.root, branch)
                .get("type")
                .and_then(Schema::as_str);
            tried.push((kind, sub.problems));
        }
        let looks = match v {
            Value::Sequence(_) => "array",
            Value::Mapping(_) => "object",
            Value::Bool(_) => "boolean",
            Value::Number(_) => "number",
            _ => "string",
        };
        let best = tried
            .iter()
            .position(|(k, _)| *k == Some(looks))
            .unwrap_or(0);
        if let Some((_, problems)) = tried.into_iter().nth(best) {
            self.problems.extend(problems);
        }
    }

    fn object(&mut self, m: &serde_yaml::Mapping, s: &'a Schema, path: &str) {
        let props = s.get("properties").and_then(Schema::as_object);
        let required: Vec<&str> = s
            .get("required")
            .and_then(Schema::as_array)
            .map(|a| a.iter().filter_map(Schema::as_str).collect())
            .unwrap_or_default();
        let closed = s.get("additionalProperties") == Some(&Schema::Bool(false));
        let allowed: Vec<String> = props
            .map(|p| {
                let mut k: Vec<String> = p.keys().cloned().collect();
                // In the order the reference lists them: required first.
                k.sort_by_key(|x| required.iter().position(|r| r == x).unwrap_or(usize::MAX));
                k
            })
            .unwrap_or_default();
        let mut misspelt: Vec<String> = Vec::new();
        for (k, v) in m {
            let key = scalar_text(k);
            let at = child(path, &key);
            match props.and_then(|p| p.get(&key)) {
                Some(ps) => {
                    if v.is_null() && required.contains(&key.as_str()) {
                        self.problems.push(empty_value(
                            self.file,
                            self.idx.positions.key(&at),
                            &key,
                        ));
                    } else {
                        self.value(v, ps, &at);
                    }
                }
                None if closed => {
                    if let Some(c) = closest(&key, allowed.iter().map(String::as_str)) {
                        misspelt.push(c.to_string());
                    }
                    self.problems.push(unknown_key(
                        self.file,
                        self.idx.positions.key(&at),
                        &key,
                        &place(path),
                        &allowed,
                    ));
                }
                None => {}
            }
        }
        for r in required {
            // A misspelt key is one mistake: its message already says
            // which key was meant.
            if !m.keys().any(|k| scalar_text(k) == r) && !misspelt.iter().any(|c| c == r) {
                self.problems.push(missing_key(
                    self.file,
                    self.idx.positions.nearest(path),
                    r,
                    &place(path),
                ));
            }
        }
    }

    /// An enum: a word (`handbook`), or for a form's blocks and the like a
    /// one-key mapping (`- title: …`) or a bare word (`- ki`).
    fn one_of(&mut self, v: &Value, variants: &'a [Schema], path: &str) {
        let words: Vec<String> = variants
            .iter()
            .filter_map(|b| b.get("const").and_then(Schema::as_str).map(str::to_string))
            .collect();
        let keyed: Vec<(String, &'a Schema)> = variants
            .iter()
            .filter_map(|b| {
                let p = b.get("properties")?.as_object()?;
                let (k, inner) = p.iter().next()?;
                Some((k.clone(), inner))
            })
            .collect();
        // Every kind, in the order the model declares them.
        let all: Vec<String> = variants
            .iter()
            .filter_map(|b| {
                b.get("const")
                    .and_then(Schema::as_str)
                    .map(str::to_string)
                    .or_else(|| {
                        let p = b.get("properties")?.as_object()?;
                        p.keys().next().cloned()
                    })
            })
            .collect();
        match v {
            Value::String(w) if words.contains(w) => {}
            Value::String(_) | Value::Number(_) | Value::Bool(_) => {
                self.problems.push(unknown_value(
                    self.file,
                    self.value_pos(path),
                    &scalar_text(v),
                    &place(path),
                    &all,
                ));
            }
            Value::Mapping(m) if m.len() == 1 && !keyed.is_empty() => {
                let (k, inner) = m.iter().next().expect("one entry");
                let key = scalar_text(k);
                let at = child(path, &key);
                // The key names the kind (`- title: …`): an unknown one is
                // an unknown value, as for a bare word.
                match keyed.iter().find(|(name, _)| *name == key) {
                    Some((_, s)) => self.value(inner, s, &at),
                    None => self.problems.push(unknown_value(
                        self.file,
                        self.idx.positions.key(&at),
                        &key,
                        &place(path),
                        &all,
                    )),
                }
            }
            Value::Mapping(_) if !keyed.is_empty() => self.problems.push(
                Diagnostic::error(
                    &self.file.rel,
                    self.value_pos(path),
                    format!(
                        "一つの項目には種類を一つだけ書きます{} [one kind per item]",
                        place(path)
                    ),
                )
                .hint(format!(
                    "「- 種類: 中身」の形で一行ずつ分けて書いてください。書ける種類: {}",
                    all.join(", ")
                )),
            ),
            _ => self.problems.push(wrong_type(
                self.file,
                self.value_pos(path),
                &place(path),
                "a string",
                &found(v),
                false,
            )),
        }
    }

    fn date(&mut self, v: &Value, path: &str) {
        let text = scalar_text(v);
        if let Err(why) = Date::parse(&text) {
            let parent = path.rfind(['.', '[']).map_or("", |i| &path[..i]);
            self.problems.push(own(
                self.file,
                self.value_pos(path),
                &why,
                &place(parent),
                "日付は 2021-03-01 か 令和3年3月1日 のように書いてください。",
            ));
        }
    }
}

/// The schema `s` stands for: `$ref`s followed.
fn resolve<'s>(root: &'s Schema, s: &'s Schema) -> &'s Schema {
    let mut s = s;
    for _ in 0..16 {
        let Some(r) = s.get("$ref").and_then(Schema::as_str) else {
            break;
        };
        let name = r.rsplit('/').next().unwrap_or(r);
        s = &root["definitions"][name];
    }
    s
}

/// A scalar as serde_yaml would read it into a string.
fn scalar_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Null => String::new(),
        _ => String::new(),
    }
}

/// What a value is, in serde's words (`found_ja` says it in Japanese).
fn found(v: &Value) -> String {
    match v {
        Value::Null => "unit value".into(),
        Value::Bool(b) => format!("boolean `{b}`"),
        Value::Number(n) if n.is_f64() => format!("floating point `{n}`"),
        Value::Number(n) => format!("integer `{n}`"),
        Value::String(s) => format!("string {s:?}"),
        Value::Sequence(_) => "sequence".into(),
        Value::Mapping(_) => "map".into(),
        Value::Tagged(_) => "tagged value".into(),
    }
}

/// What the schema wants, in serde's words (`expected_ja` says it).
fn expected(main: &str, s: &Schema) -> &'static str {
    match main {
        "array" => "a sequence",
        "object" => "struct",
        "boolean" => "a boolean",
        "integer" if s.get("minimum").is_some() => "u32",
        "integer" => "i64",
        "number" => "f32",
        _ => "a string",
    }
}
