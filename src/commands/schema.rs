//! `tebiki schema`: the JSON Schemas of the files an author writes, wired
//! into VS Code; with `--reference`, docs/reference.md written from them.

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics};
use crate::schema;

/// Where schemas go when `--out` is not given, from the project root.
pub const SCHEMA_DIR: &str = "schemas";

/// Writes the schemas into `out` (default `<root>/schemas`), points VS
/// Code's YAML extension at them (`.vscode/settings.json`, when the schemas
/// are in the project), and writes the reference when asked. Returns the
/// files written.
pub fn schema(
    root: &Path,
    out: Option<&Path>,
    reference: Option<&Path>,
) -> (Diagnostics, Vec<PathBuf>) {
    let diags = Diagnostics::new();
    let dir = out.map_or_else(|| root.join(SCHEMA_DIR), Path::to_path_buf);
    let mut written = match schema::write(&dir) {
        Ok(w) => w,
        Err(e) => {
            diags.push(Diagnostic::error(
                &dir,
                None,
                format!("書き出せません: {e}"),
            ));
            return (diags, Vec::new());
        }
    };
    if let Ok(rel) = dir.strip_prefix(root) {
        let rel = rel.to_string_lossy().replace('\\', "/");
        match vscode(root, &rel) {
            Ok(Some(p)) => written.push(p),
            Ok(None) => {}
            Err(d) => diags.push(d),
        }
    }
    if let Some(r) = reference {
        match std::fs::write(r, schema::reference::reference()) {
            Ok(()) => written.push(r.to_path_buf()),
            Err(e) => diags.push(Diagnostic::error(r, None, format!("書き出せません: {e}"))),
        }
    }
    (diags, written)
}

/// Sets `yaml.schemas` in `.vscode/settings.json`, keeping every other
/// setting; a settings file tebiki cannot read (comments, say) is left as
/// it is, with a warning saying what to add.
fn vscode(root: &Path, dir: &str) -> Result<Option<PathBuf>, Diagnostic> {
    let path = root.join(".vscode/settings.json");
    let wanted = schema::vscode_settings(dir);
    let mut settings = match std::fs::read_to_string(&path) {
        Err(_) => serde_json::json!({}),
        Ok(text) => match serde_json::from_str::<serde_json::Value>(&text) {
            Ok(v) if v.is_object() => v,
            _ => {
                return Err(Diagnostic::warning(
                    ".vscode/settings.json",
                    None,
                    "VS Code の設定を読めないので、スキーマの設定を書き足していません",
                )
                .hint(format!(
                    "次の設定を自分で書き足してください:\n{}",
                    schema::pretty(&wanted)
                )));
            }
        },
    };
    if settings.get("yaml.schemas") == wanted.get("yaml.schemas") {
        return Ok(None);
    }
    settings["yaml.schemas"] = wanted["yaml.schemas"].clone();
    let fail = |e: std::io::Error| {
        Diagnostic::error(
            ".vscode/settings.json",
            None,
            format!("書き出せません: {e}"),
        )
    };
    std::fs::create_dir_all(root.join(".vscode")).map_err(fail)?;
    std::fs::write(&path, schema::pretty(&settings)).map_err(fail)?;
    Ok(Some(path))
}
