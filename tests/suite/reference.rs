//! The reference and the schemas are made from the model, and committed:
//! they must be what the generator writes now (run
//! `cargo run -- schema --reference docs/reference.md` after changing the
//! model), cover every key, and (under `checkers`) an independent validator
//! must accept the bundled files with them and refuse a mistake.

use crate::common::repo;
use tebiki::schema::{KINDS, reference::reference};

const REGENERATE: &str =
    "run `cargo run -- schema --reference docs/reference.md` and commit the result";

#[test]
fn the_committed_reference_is_what_the_model_says() {
    let committed = std::fs::read_to_string(repo().join("docs/reference.md")).unwrap();
    assert!(
        committed == reference(),
        "docs/reference.md is stale: {REGENERATE}"
    );
}

#[test]
fn the_committed_schemas_are_what_the_model_says() {
    for k in KINDS {
        let path = repo().join("schemas").join(k.file_name());
        let committed = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: {e}; {REGENERATE}", path.display()));
        assert!(
            committed == tebiki::schema::pretty(&k.schema()),
            "{} is stale: {REGENERATE}",
            path.display()
        );
    }
    let settings: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join(".vscode/settings.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        settings["yaml.schemas"],
        tebiki::schema::vscode_settings("schemas")["yaml.schemas"]
    );
}

/// Every key any schema has is in the reference, as `key`.
#[test]
fn the_reference_covers_every_key_of_the_schemas() {
    fn keys(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(o) => {
                if let Some(serde_json::Value::Object(p)) = o.get("properties") {
                    out.extend(p.keys().cloned());
                }
                o.values().for_each(|x| keys(x, out));
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| keys(x, out)),
            _ => {}
        }
    }
    let text = reference();
    let mut all = Vec::new();
    for k in KINDS {
        keys(&k.schema(), &mut all);
    }
    assert!(all.len() > 100, "{}", all.len());
    let missing: Vec<&String> = all
        .iter()
        .filter(|k| {
            !text.contains(&format!("`{k}`"))
                && !text.contains(&format!("`{k}:`"))
                && !text.contains(&format!("`- {k}:`"))
        })
        .collect();
    assert!(missing.is_empty(), "keys not in the reference: {missing:?}");
}

/// The YAML examples of the form section (a whole form, a table) build
/// without a problem in a project of their own: an example an author copies
/// must work.
#[test]
fn the_form_examples_of_the_reference_build() {
    let text = reference();
    let start = text.find("<a id=\"form\"></a>").expect("the form section");
    let end = text[start..]
        .find("<a id=\"topics\"></a>")
        .map_or(text.len(), |e| start + e);
    let examples: Vec<&str> = text[start..end]
        .split("```yaml\n")
        .skip(1)
        .map(|b| b.split("```").next().unwrap())
        .collect();
    assert!(examples.len() >= 2, "{}", examples.len());
    let p = crate::common::Project::new();
    for (n, yaml) in examples.iter().enumerate() {
        let form = if yaml.starts_with("- ") {
            // A block: in a form of its own.
            format!(
                "number: 様式{n}\ntitle: 例\npurpose: 例です。\nkind: ledger\nblocks:\n{}",
                yaml.lines().map(|l| format!("  {l}\n")).collect::<String>()
            )
        } else {
            yaml.to_string()
        };
        p.write(&format!("forms/demo/example-{n}.yaml"), &form);
    }
    let (d, ok) = p.build();
    assert!(ok && d.is_empty(), "{d:#?}");
    assert_eq!(
        crate::common::files(&p.root().join("output/demo/forms"))
            .iter()
            .filter(|f| f.extension().is_some_and(|e| e == "pdf"))
            .count(),
        examples.len() * 2,
        "a fillable and a print PDF for each example"
    );
}

/// check-jsonschema (PyPI), the validator CI and editors' users can run.
#[cfg(feature = "checkers")]
mod checked {
    use super::*;
    use std::process::Command;

    fn validate(schema: &std::path::Path, files: &[std::path::PathBuf]) -> std::process::Output {
        Command::new("python3")
            .args(["-m", "check_jsonschema", "--schemafile"])
            .arg(schema)
            .args(files)
            .output()
            .expect("python3 with check-jsonschema is needed for this test (.ci/run installs it)")
    }

    #[test]
    fn every_bundled_yaml_file_passes_its_schema() {
        for k in KINDS.iter().filter(|k| k.glob.ends_with(".yaml")) {
            let files: Vec<std::path::PathBuf> = glob(&repo(), k.glob);
            assert!(!files.is_empty(), "no files for {}", k.glob);
            let out = validate(&repo().join("schemas").join(k.file_name()), &files);
            assert!(
                out.status.success(),
                "{}: {}{}",
                k.glob,
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }

    #[test]
    fn a_schema_refuses_a_misspelt_key() {
        let dir = tempfile::tempdir().unwrap();
        let region = std::fs::read_to_string(repo().join("content/inabe/region.yaml"))
            .unwrap()
            .replacen("  tel:", "  tell:", 1);
        let file = dir.path().join("region.yaml");
        std::fs::write(&file, region).unwrap();
        let out = validate(&repo().join("schemas/region.schema.json"), &[file]);
        assert!(!out.status.success());
        let said = String::from_utf8_lossy(&out.stdout);
        assert!(said.contains("tell"), "{said}");
    }

    /// The files a glob such as `content/*/region.yaml` names.
    fn glob(root: &std::path::Path, pattern: &str) -> Vec<std::path::PathBuf> {
        let parts: Vec<&str> = pattern.split('/').collect();
        let mut found = vec![root.to_path_buf()];
        for (i, part) in parts.iter().enumerate() {
            let last = i + 1 == parts.len();
            let mut next = Vec::new();
            for dir in &found {
                let Ok(rd) = std::fs::read_dir(dir) else {
                    continue;
                };
                let mut entries: Vec<_> = rd.filter_map(Result::ok).map(|e| e.path()).collect();
                entries.sort();
                for p in entries {
                    let name = p.file_name().unwrap().to_string_lossy().into_owned();
                    let matches = match part.split_once('*') {
                        Some((pre, post)) => name.starts_with(pre) && name.ends_with(post),
                        None => name == *part,
                    };
                    if matches && (last == p.is_file()) {
                        next.push(p);
                    }
                }
            }
            found = next;
        }
        found
    }
}
