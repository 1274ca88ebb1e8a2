//! The layout of `src/` stays a pipeline: no module imports one that
//! imports it back (between top-level modules, and between the files of one
//! folder), and the modules that know nothing of the project never reach
//! into it. docs/ARCHITECTURE.md explains the layers.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::common::repo;

/// Modules below the model: pure text, dates, hashing, PDF fields, Typst.
/// They may use each other, never the project's model or the pipeline.
const BENEATH_THE_MODEL: &[&str] = &[
    "acroform", "compare", "diag", "hash", "markup", "search", "typeset", "wareki",
];
const PIPELINE: &[&str] = &["model", "source", "check", "render", "write", "commands"];

type Module = Vec<String>;
type Edges = BTreeSet<(Module, Module)>;

/// Every `.rs` file of `src/` as a module path (`render::pdf::forms`).
fn modules(src: &Path) -> BTreeMap<Module, String> {
    let mut out = BTreeMap::new();
    for e in walkdir::WalkDir::new(src)
        .into_iter()
        .filter_map(Result::ok)
    {
        let p = e.path();
        if p.extension().is_none_or(|x| x != "rs") {
            continue;
        }
        let rel = p.strip_prefix(src).unwrap().with_extension("");
        let mut parts: Module = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        if matches!(
            parts.last().map(String::as_str),
            Some("mod" | "lib" | "main")
        ) {
            parts.pop();
        }
        let text = std::fs::read_to_string(p).unwrap();
        // Unit tests may reach anywhere.
        let text = match text.find("#[cfg(test)]\nmod tests") {
            Some(i) => text[..i].to_string(),
            None => text,
        };
        out.insert(parts, text);
    }
    out
}

/// The longest prefix of `path` that is a module.
fn resolve(mods: &BTreeMap<Module, String>, path: &[String]) -> Option<Module> {
    (1..=path.len())
        .rev()
        .map(|n| path[..n].to_vec())
        .find(|p| mods.contains_key(p))
}

/// `a -> b` for every `crate::…` or `super::…` path in `a` that names `b`.
fn edges(mods: &BTreeMap<Module, String>) -> Edges {
    let mut out = BTreeSet::new();
    for (m, text) in mods {
        let code: String = text
            .lines()
            .map(|l| l.split("//").next().unwrap_or(""))
            .collect::<Vec<_>>()
            .join("\n");
        for (prefix, base) in [
            ("crate::", Vec::new()),
            // `super` is the parent, from `x.rs` and `x/mod.rs` alike.
            ("super::", m[..m.len().saturating_sub(1)].to_vec()),
        ] {
            let mut rest = code.as_str();
            while let Some(i) = rest.find(prefix) {
                let before = rest[..i].chars().last();
                rest = &rest[i + prefix.len()..];
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    continue;
                }
                // `crate::{a, b::c}` names each of a and b.
                let heads: Vec<String> = if let Some(group) = rest.strip_prefix('{') {
                    let end = group.find('}').unwrap_or(group.len());
                    group[..end]
                        .split(',')
                        .map(|s| s.trim().to_string())
                        .collect()
                } else {
                    let end = rest
                        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                        .unwrap_or(rest.len());
                    vec![rest[..end].to_string()]
                };
                for h in heads {
                    let mut path = base.clone();
                    path.extend(
                        h.split("::")
                            .filter(|s| !s.is_empty() && *s != "self" && *s != "super")
                            .map(str::to_string),
                    );
                    if let Some(t) = resolve(mods, &path)
                        && &t != m
                    {
                        out.insert((m.clone(), t));
                    }
                }
            }
        }
    }
    out
}

/// The edge as seen between siblings: `render::site -> render::pdf::forms`
/// is `render::site -> render::pdf`; parent and child are not siblings.
fn between_siblings(a: &Module, b: &Module) -> Option<(Module, Module)> {
    let common = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    (common < a.len() && common < b.len()).then(|| (a[..=common].to_vec(), b[..=common].to_vec()))
}

/// Groups of modules that reach each other (strongly connected, size > 1).
fn cycles(edges: &BTreeSet<(Module, Module)>) -> Vec<Vec<String>> {
    let nodes: BTreeSet<&Module> = edges.iter().flat_map(|(a, b)| [a, b]).collect();
    let reach = |from: &Module| {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from.clone()];
        while let Some(n) = todo.pop() {
            for (a, b) in edges {
                if *a == n && seen.insert(b.clone()) {
                    todo.push(b.clone());
                }
            }
        }
        seen
    };
    let reaches: BTreeMap<&Module, BTreeSet<Module>> =
        nodes.iter().map(|n| (*n, reach(n))).collect();
    let mut groups: BTreeSet<Vec<String>> = BTreeSet::new();
    for n in &nodes {
        let group: Vec<String> = nodes
            .iter()
            .filter(|m| reaches[n].contains(**m) && reaches[**m].contains(*n))
            .map(|m| m.join("::"))
            .collect();
        if group.len() > 1 {
            groups.insert(group);
        }
    }
    groups.into_iter().collect()
}

/// The edges between top-level modules, and between the files of a folder.
fn graph() -> (Edges, Edges) {
    let src = repo().join("src");
    let mods = modules(&src);
    let all = edges(&mods);
    let siblings = all
        .iter()
        .filter_map(|(a, b)| between_siblings(a, b))
        .collect();
    let top = all
        .iter()
        .filter(|(a, b)| a.first() != b.first() && !a.is_empty() && !b.is_empty())
        .map(|(a, b)| (a[..1].to_vec(), b[..1].to_vec()))
        .collect();
    (top, siblings)
}

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let (top, siblings) = graph();
    assert!(top.len() > 20, "the graph reader found too little: {top:?}");
    assert_eq!(cycles(&top), Vec::<Vec<String>>::new(), "top-level modules");
    assert_eq!(
        cycles(&siblings),
        Vec::<Vec<String>>::new(),
        "files of one folder"
    );
}

#[test]
fn modules_beneath_the_model_know_nothing_of_the_project() {
    let (top, _) = graph();
    let wrong: Vec<String> = top
        .iter()
        .filter(|(a, b)| {
            BENEATH_THE_MODEL.contains(&a[0].as_str()) && PIPELINE.contains(&b[0].as_str())
        })
        .map(|(a, b)| format!("{} -> {}", a[0], b[0]))
        .collect();
    assert!(wrong.is_empty(), "{wrong:?}");
}

#[test]
fn the_graph_reader_sees_a_cycle_when_there_is_one() {
    let m = |s: &str| s.split("::").map(str::to_string).collect::<Module>();
    let mods: BTreeMap<Module, String> = [
        (m("x"), "pub mod a; pub mod b;".to_string()),
        (
            m("x::a"),
            "use super::b::thing;\nuse crate::{y, x::b};".into(),
        ),
        (
            m("x::b"),
            "// super::a in a comment\nfn f() { super::a::g() }".into(),
        ),
        (m("y"), "use crate::x::a::Thing;".into()),
    ]
    .into();
    let found = edges(&mods);
    for (a, b) in [
        ("x::a", "x::b"),
        ("x::a", "y"),
        ("x::b", "x::a"),
        ("y", "x::a"),
    ] {
        assert!(
            found.contains(&(m(a), m(b))),
            "{a} -> {b} not seen in {found:?}"
        );
    }
    let siblings: Edges = found
        .iter()
        .filter_map(|(a, b)| between_siblings(a, b))
        .collect();
    assert_eq!(
        cycles(&siblings),
        vec![
            vec!["x".to_string(), "y".into()],
            vec!["x::a".to_string(), "x::b".into()]
        ]
    );
    let e: BTreeSet<_> = [
        (m("a"), m("b")),
        (m("b"), m("c")),
        (m("c"), m("a")),
        (m("c"), m("d")),
    ]
    .into();
    assert_eq!(
        cycles(&e),
        vec![vec!["a".to_string(), "b".into(), "c".into()]]
    );
    assert_eq!(
        between_siblings(&m("render::site"), &m("render::pdf::forms")),
        Some((m("render::site"), m("render::pdf")))
    );
    assert_eq!(between_siblings(&m("render"), &m("render::site")), None);
}
