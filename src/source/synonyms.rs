//! Loading `content/synonyms.yaml` (the search's synonym list). The file
//! may be absent: the list is then empty. Problems are located in the file:
//! its shape through `yaml::decode`, and the rules its header states (a
//! word on one line only, no one-character words, no empty words) here.

use std::collections::HashMap;
use std::path::Path;

use super::file::SourceFile;
use super::yaml;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Origin, Synonyms};
use crate::search::fold;

pub const SYNONYMS_FILE: &str = "content/synonyms.yaml";

pub fn load(root: &Path, diags: &Diagnostics) -> Synonyms {
    let rel = Path::new(SYNONYMS_FILE);
    let path = root.join(rel);
    if path
        .symlink_metadata()
        .is_ok_and(|m| m.file_type().is_symlink())
    {
        diags.push(
            Diagnostic::error(rel, None, "シンボリックリンクは読みません [symlink]")
                .hint("リンクではなくファイルそのものをこのフォルダに置いてください。"),
        );
        return Synonyms::default();
    }
    if !path.is_file() {
        return Synonyms::default();
    }
    let Some(file) = SourceFile::read(root, rel, diags) else {
        return Synonyms::default();
    };
    let Some((mut s, positions)) = yaml::decode::<Synonyms>(&file, diags) else {
        return Synonyms::default();
    };
    s.origin = Origin {
        file: rel.to_path_buf(),
        positions,
        line_offset: 0,
    };
    check(&s, diags);
    s
}

/// The header's rules, each problem at its word.
fn check(s: &Synonyms, diags: &Diagnostics) {
    let o = &s.origin;
    let at = |path: &str, msg: String| Diagnostic::warning(&o.file, o.pos(path), msg);
    // Folded word -> the line (group) it was first seen on.
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, g) in s.groups.iter().enumerate() {
        let mut line = Vec::new();
        for (j, w) in g.iter().enumerate() {
            let path = format!("groups[{i}][{j}]");
            let f = fold(w).trim().to_string();
            if let Some(d) = word_problem(w, &path, &at) {
                diags.push(d);
                continue;
            }
            if line.contains(&f) {
                continue;
            }
            line.push(f.clone());
            if let Some(&first) = seen.get(&f) {
                let first_line = o.pos(&format!("groups[{first}]")).map_or(0, |p| p.line);
                diags.push(
                    at(&path, format!("「{w}」はほかの行にもあります [synonyms]"))
                        .hint(format!("{first_line} 行目の行と同じ意味ならその行にまとめ、違う意味ならどちらかから消してください。")),
                );
            } else {
                seen.insert(f, i);
            }
        }
        if line.len() < 2 {
            let path = format!("groups[{i}]");
            let written = g.iter().filter(|w| !fold(w).trim().is_empty()).count();
            let d = if written < 2 {
                at(
                    &path,
                    "この行には言葉が一つしかありません [synonyms]".into(),
                )
            } else {
                at(
                    &path,
                    "この行の言葉は、検索ではもともと同じ言葉です [synonyms]".into(),
                )
                .hint("ひらがなとカタカナ、全角と半角、「ー」の有無は区別せずに検索します。")
            };
            diags.push(d.hint("同じ意味の別の言葉を二つ以上並べてください。"));
        }
    }
    for (i, p) in s.phrases.iter().enumerate() {
        for (key, words) in [("when", &p.when), ("also", &p.also)] {
            if words.is_empty() {
                diags.push(
                    at(
                        &format!("phrases[{i}].{key}"),
                        format!("phrases の {key} が空です [synonyms]"),
                    )
                    .hint("言葉を一つ以上書いてください。"),
                );
            }
            for (j, w) in words.iter().enumerate() {
                let path = format!("phrases[{i}].{key}[{j}]");
                // Each space-separated word of an `also` entry is looked up.
                for part in w
                    .split_whitespace()
                    .chain(w.trim().is_empty().then_some(""))
                {
                    if let Some(d) = word_problem(part, &path, &at) {
                        diags.push(d);
                        break;
                    }
                }
            }
        }
    }
}

/// A word (as written) that is empty or one character once folded.
fn word_problem(
    w: &str,
    path: &str,
    at: &dyn Fn(&str, String) -> Diagnostic,
) -> Option<Diagnostic> {
    match fold(w).trim().chars().count() {
        0 => Some(
            at(path, "空の言葉があります [synonyms]".into())
                .hint("言葉を書くか、その項目を消してください。"),
        ),
        1 => Some(
            at(path, format!("1文字の言葉「{w}」は入れないでください [synonyms]"))
                .hint("1文字の言葉は多くのページに出るので、検索結果がそのページばかりになります。2文字以上の言い方にしてください。"),
        ),
        _ => None,
    }
}
