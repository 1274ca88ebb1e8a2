//! Embeds what `tebiki new project` writes into a new project: the default
//! theme (templates, static files, Typst templates, fonts with their
//! licence) and the shared content every network uses (the topics of the
//! comparison, the shared lists, the search's synonyms). A tebiki installed
//! alone can then start a project with no copy of this repository.

use std::fmt::Write;
use std::path::{Path, PathBuf};

const EMBEDDED: &[&str] = &[
    "themes/default",
    "content/topics.yaml",
    "content/synonyms.yaml",
    "content/lists",
];

fn files(root: &Path, rel: &Path, out: &mut Vec<PathBuf>) {
    let path = root.join(rel);
    if path.is_dir() {
        let mut entries: Vec<_> = std::fs::read_dir(&path)
            .expect("readable folder")
            .map(|e| e.expect("readable entry").file_name())
            .collect();
        entries.sort();
        for name in entries {
            files(root, &rel.join(name), out);
        }
    } else {
        out.push(rel.to_path_buf());
    }
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let mut all = Vec::new();
    for e in EMBEDDED {
        println!("cargo:rerun-if-changed={e}");
        files(&root, Path::new(e), &mut all);
    }
    let mut code = String::from("/// Files a new project starts with, by their path in it.\npub const PROJECT_FILES: &[(&str, &[u8])] = &[\n");
    for rel in &all {
        let rel_s = rel.to_string_lossy().replace('\\', "/");
        let abs = root.join(rel);
        writeln!(code, "    ({rel_s:?}, include_bytes!({:?})),", abs.to_string_lossy()).unwrap();
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("set by cargo")).join("project_files.rs");
    std::fs::write(out, code).expect("OUT_DIR is writable");
}
