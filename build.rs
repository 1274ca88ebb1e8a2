//! Embeds what `tebiki new project` writes into a new project: the default
//! theme (templates, static files, Typst templates, fonts with their
//! licence) and the shared content every network uses (the topics of the
//! comparison, the shared lists, the search's synonyms). A tebiki installed
//! alone can then start a project with no copy of this repository.
//!
//! Also `TEBIKI_CODE`, a hash of tebiki's own source: part of every cache
//! key and of the inputs a skipped build compares, so that a new tebiki
//! never serves PDFs or a whole output made by the old one.

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

/// FNV-1a, 64 bits: enough to tell one version of the code from another
/// (std's hasher may change between compilers; this never does).
fn fnv(hash: &mut u64, bytes: &[u8]) {
    for b in bytes {
        *hash ^= u64::from(*b);
        *hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let mut code = Vec::new();
    files(&root, Path::new("src"), &mut code);
    code.push(PathBuf::from("Cargo.lock"));
    let mut hash = 0xcbf2_9ce4_8422_2325;
    for rel in &code {
        fnv(&mut hash, rel.to_string_lossy().as_bytes());
        fnv(
            &mut hash,
            &std::fs::read(root.join(rel)).unwrap_or_default(),
        );
    }
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=Cargo.lock");
    println!("cargo:rustc-env=TEBIKI_CODE={hash:016x}");
    let mut all = Vec::new();
    for e in EMBEDDED {
        println!("cargo:rerun-if-changed={e}");
        files(&root, Path::new(e), &mut all);
    }
    let mut code = String::from(
        "/// Files a new project starts with, by their path in it.\npub const PROJECT_FILES: &[(&str, &[u8])] = &[\n",
    );
    for rel in &all {
        let rel_s = rel.to_string_lossy().replace('\\', "/");
        let abs = root.join(rel);
        writeln!(
            code,
            "    ({rel_s:?}, include_bytes!({:?})),",
            abs.to_string_lossy()
        )
        .unwrap();
    }
    code.push_str("];\n");
    let out =
        PathBuf::from(std::env::var("OUT_DIR").expect("set by cargo")).join("project_files.rs");
    std::fs::write(out, code).expect("OUT_DIR is writable");
}
