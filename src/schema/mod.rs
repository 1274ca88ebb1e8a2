//! JSON Schemas of the files an author writes, made from the model's own
//! types and doc comments (schemars), so they cannot drift from what the
//! loader accepts. Editors use them (VS Code with the YAML extension
//! completes keys and underlines mistakes); `reference` turns the same
//! schemas into docs/reference.md.

pub mod reference;

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::model::{Config, Form, FrontMatter, List, Region, Synonyms, Topics, schema_of};

/// One kind of file an author writes.
pub struct Kind {
    /// The schema's file name stem: `region` → `region.schema.json`.
    pub name: &'static str,
    /// Where such files are, as a glob from the project root.
    pub glob: &'static str,
    /// The section title in the reference.
    pub title: &'static str,
    schema: fn() -> Value,
}

/// Every kind of file, in the order the reference shows them.
pub const KINDS: &[Kind] = &[
    Kind {
        name: "project",
        glob: "tebiki.yaml",
        title: "tebiki.yaml（プロジェクトの設定）",
        schema: schema_of::<Config>,
    },
    Kind {
        name: "region",
        glob: "content/*/region.yaml",
        title: "region.yaml（地域）",
        schema: schema_of::<Region>,
    },
    Kind {
        name: "page",
        glob: "content/*/*.md",
        title: "ページの先頭の設定（front matter）",
        schema: schema_of::<FrontMatter>,
    },
    Kind {
        name: "form",
        glob: "forms/*/*.yaml",
        title: "様式（forms/<地域>/<様式>.yaml）",
        schema: schema_of::<Form>,
    },
    Kind {
        name: "topics",
        glob: "content/topics.yaml",
        title: "topics.yaml（規則の分類）",
        schema: schema_of::<Topics>,
    },
    Kind {
        name: "list",
        glob: "content/lists/*.yaml",
        title: "共有のリスト（content/lists/<リスト>.yaml）",
        schema: schema_of::<List>,
    },
    Kind {
        name: "synonyms",
        glob: "content/synonyms.yaml",
        title: "synonyms.yaml（検索で同じ意味とする言葉）",
        schema: schema_of::<Synonyms>,
    },
];

impl Kind {
    /// The schema's file name.
    pub fn file_name(&self) -> String {
        format!("{}.schema.json", self.name)
    }

    /// The schema, with a title an editor shows.
    pub fn schema(&self) -> Value {
        let mut s = (self.schema)();
        s["title"] = json!(format!("tebiki: {}", self.title));
        s
    }
}

/// Writes every schema into `dir`; returns the files written.
pub fn write(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut written = Vec::new();
    for k in KINDS {
        let path = dir.join(k.file_name());
        std::fs::write(&path, pretty(&k.schema()))?;
        written.push(path);
    }
    Ok(written)
}

/// JSON as tebiki writes it: two-space indent, keys sorted, a final newline.
pub fn pretty(v: &Value) -> String {
    let mut s = serde_json::to_string_pretty(v).expect("JSON");
    s.push('\n');
    s
}

/// `.vscode/settings.json` of a project whose schemas are in `schemas/`:
/// which schema applies to which files. Page front matter has a schema too,
/// but yaml-language-server reads only `.yaml` files, so `tebiki check`
/// alone checks front matter.
pub fn vscode_settings(dir: &str) -> Value {
    let mut map = serde_json::Map::new();
    for k in KINDS.iter().filter(|k| k.glob.ends_with(".yaml")) {
        map.insert(format!("./{dir}/{}", k.file_name()), json!(k.glob));
    }
    json!({ "yaml.schemas": map })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every key an author can write has a description: the reference and
    /// the editor's hover text come from it.
    #[test]
    fn every_key_has_a_description() {
        fn walk(v: &Value, at: &str, missing: &mut Vec<String>) {
            match v {
                Value::Object(o) => {
                    if let Some(Value::Object(props)) = o.get("properties") {
                        // A newtype variant (`- title: …`) is described by
                        // its variant.
                        let newtype = props.len() == 1 && o.contains_key("description");
                        for (k, p) in props {
                            if !newtype && p.get("description").is_none() {
                                missing.push(format!("{at}.{k}"));
                            }
                        }
                    }
                    for (k, x) in o {
                        walk(x, &format!("{at}/{k}"), missing);
                    }
                }
                Value::Array(a) => a.iter().for_each(|x| walk(x, at, missing)),
                _ => {}
            }
        }
        let mut missing = Vec::new();
        for k in KINDS {
            walk(&k.schema(), k.name, &mut missing);
        }
        assert!(
            missing.is_empty(),
            "keys without a description: {missing:#?}"
        );
    }

    #[test]
    fn a_schema_refuses_an_unknown_key() {
        let region = KINDS.iter().find(|k| k.name == "region").unwrap().schema();
        let contact = &region["definitions"]["Contact"];
        assert_eq!(contact["additionalProperties"], json!(false));
        assert!(contact["properties"].get("tel").is_some());
        assert!(contact["properties"].get("tell").is_none());
    }
}
