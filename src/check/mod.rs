//! Checks over the loaded model: ids unique, references resolving, values
//! of the right kind. Each problem points at the value in its file.
//! (Links and shortcodes inside pages are checked while rendering them.)

mod contact;
mod form;
mod pages;

use std::collections::HashMap;

use rayon::prelude::*;

use crate::diag::{Diagnostic, Diagnostics, closest};
use crate::model::{Origin, Region, Site, VALUE_KINDS};

pub fn check(site: &Site, diags: &Diagnostics) {
    shared(site, diags);
    // Side by side: the diagnostics are sorted when read.
    site.regions
        .par_iter()
        .for_each(|region| self::region(site, region, diags));
}

/// The checks of the files all regions share: tebiki.yaml, the topics,
/// the lists.
pub fn shared(site: &Site, diags: &Diagnostics) {
    check_config(site, diags);
    check_topics(site, diags);
    for list in site.lists.values() {
        duplicates(
            &list.origin,
            "entries",
            list.entries.iter().map(|e| e.id.as_str()),
            "id",
            "項目の id",
            diags,
        );
        duplicates(
            &list.origin,
            "entries",
            list.entries.iter().map(|e| e.label.as_str()),
            "label",
            "項目",
            diags,
        );
    }
}

/// The checks of one region. They read no other region: what they say
/// depends on the region's own files and the shared ones alone (a build
/// keeps it with the region's snapshot, `source::snapshot`).
pub fn region(site: &Site, region: &Region, diags: &Diagnostics) {
    check_region(site, region, diags);
    // A page that did not load may be the one showing a rule: its own
    // error is the message, not one "unused" warning per rule.
    if !site.unloaded.pages.iter().any(|(r, _)| *r == region.id) {
        pages::check(region, diags);
    }
    pages::check_block_rules(region, diags);
}

pub(crate) fn err(origin: &Origin, path: &str, msg: impl Into<String>) -> Diagnostic {
    Diagnostic::error(&origin.file, origin.pos(path), msg)
}

/// Reports every repeated value of `field` in the sequence at `seq`.
pub(crate) fn duplicates<'a>(
    origin: &Origin,
    seq: &str,
    values: impl Iterator<Item = &'a str>,
    field: &str,
    what: &str,
    diags: &Diagnostics,
) {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, v) in values.enumerate() {
        if let Some(first) = seen.get(v) {
            let first_line = origin
                .pos(&format!("{seq}[{first}].{field}"))
                .map(|p| p.line)
                .unwrap_or(0);
            diags.push(
                err(origin, &format!("{seq}[{i}].{field}"), format!("{what}「{v}」が重複しています [duplicate id]"))
                    .hint(format!("{first_line} 行目にも同じものがあります。どちらかを別の名前にするか消してください。")),
            );
        } else {
            seen.insert(v, i);
        }
    }
}

/// The region's documents, its own files and how its topics are covered:
/// every file named must be in content/<region>/files/, every topic known.
fn documents(site: &Site, region: &crate::model::Region, diags: &Diagnostics) {
    let o = &region.origin;
    duplicates(
        o,
        "documents",
        region.documents.iter().map(|d| d.id.as_str()),
        "id",
        "文書の id",
        diags,
    );
    let names: Vec<String> = region.attachments.iter().map(|a| a.name.clone()).collect();
    let file_ref = |path: String, name: &str| {
        if !name.is_empty() && !names.iter().any(|n| n == name) {
            let dir = format!("content/{}/files/", region.id);
            diags.push(
                err(o, &path, format!("ファイル「{name}」が {dir} にありません"))
                    .hint(crate::diag::Unknown::among(name, names.clone()).hint("ファイル", &dir)),
            );
        }
    };
    for (i, d) in region.documents.iter().enumerate() {
        file_ref(format!("documents[{i}].file"), &d.file);
    }
    for (i, f) in region.files.iter().enumerate() {
        file_ref(format!("files[{i}].file"), &f.file);
    }
    let cov = &region.coverage;
    for (list, key) in [
        (&cov.not_applicable, "not_applicable"),
        (&cov.missing, "missing"),
    ] {
        for (i, t) in list.iter().enumerate() {
            let path = format!("coverage.{key}[{i}].topic");
            if site.topics.get(&t.topic).is_none() && !site.unloaded.topics {
                let ids: Vec<String> = site.topics.topics.iter().map(|t| t.id.clone()).collect();
                diags.push(
                    err(
                        o,
                        &path,
                        format!("規則の分類（topic）「{}」はありません", t.topic),
                    )
                    .hint(
                        crate::diag::Unknown::among(&t.topic, ids)
                            .hint("分類", "content/topics.yaml"),
                    ),
                );
            } else if region.rules.iter().any(|r| r.topic.has(&t.topic)) {
                let state = if key == "missing" {
                    "未収録"
                } else {
                    "該当なし"
                };
                diags.push(
                    Diagnostic::warning(&o.file, o.pos(&path), format!("分類「{}」には規則があるのに「{state}」になっています", t.topic))
                        .hint(format!("比較表では規則が出ます。規則が正しいなら coverage.{key} から消し、そうでなければ規則の topic を直してください。")),
                );
            } else if key == "missing" && cov.not_applicable.iter().any(|n| n.topic == t.topic) {
                diags.push(
                    err(o, &path, format!("分類「{}」が「該当なし」と「未収録」の両方にあります", t.topic))
                        .hint("当てはまらないなら not_applicable だけに、文書が手元にないなら missing だけに書いてください。"),
                );
            }
        }
    }
    // An edition or revision naming one page must name a page that exists.
    let slugs: Vec<String> = region.pages.iter().map(|p| p.slug.clone()).collect();
    let page_ref = |path: String, page: &str| {
        let unloaded = site
            .unloaded
            .pages
            .contains(&(region.id.clone(), page.to_string()));
        if !page.is_empty() && !slugs.iter().any(|s| s == page) && !unloaded {
            diags.push(err(o, &path, format!("ページ「{page}」がありません")).hint(
                crate::diag::Unknown::among(page, slugs.clone()).hint(
                    "ページ",
                    &format!("content/{}/ の .md ファイル名（.md を除く）", region.id),
                ),
            ));
        }
    };
    for (i, r) in region.revisions.iter().enumerate() {
        page_ref(format!("revisions[{i}].page"), &r.page);
    }
    for (i, d) in region.documents.iter().enumerate() {
        for (j, e) in d.editions.iter().enumerate() {
            page_ref(format!("documents[{i}].editions[{j}].page"), &e.page);
        }
    }
    // A form is typeset from blocks, or is the region's own file.
    for form in &region.form_defs {
        if !form.file.is_empty() {
            file_ref_form(region, form, &names, diags);
        }
    }
}

fn file_ref_form(
    region: &crate::model::Region,
    form: &crate::model::Form,
    names: &[String],
    diags: &Diagnostics,
) {
    let o = &form.origin;
    if !form.blocks.is_empty() {
        diags.push(
            err(o, "file", "file と blocks の両方があります（地域のファイルを載せるか、tebiki が組むかのどちらかです）")
                .hint("地域が配っているファイルをそのまま載せるなら blocks を、tebiki で組むなら file を消してください。"),
        );
    }
    if !names.contains(&form.file) {
        let dir = format!("content/{}/files/", region.id);
        diags.push(
            err(
                o,
                "file",
                format!("ファイル「{}」が {dir} にありません", form.file),
            )
            .hint(crate::diag::Unknown::among(&form.file, names.to_vec()).hint("ファイル", &dir)),
        );
    }
}

/// The address the site is published at: what every booklet's QR code
/// points to, so it must be a real one.
fn check_config(site: &Site, diags: &Diagnostics) {
    let c = &site.config;
    let url = c.base_url.trim();
    if url.is_empty() {
        return;
    }
    let host = url
        .split("://")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .unwrap_or("");
    if !(url.starts_with("https://") || url.starts_with("http://")) || host.is_empty() {
        diags.push(
            err(&c.origin, "base_url", format!("base_url「{url}」はウェブのアドレスの形ではありません"))
                .hint("https://www.example.jp/tebiki/ のように https:// から書いてください。決まっていなければ base_url の行を消します。"),
        );
    } else if host == "example.jp"
        || host == "example.com"
        || host.ends_with(".example.jp")
        || host.ends_with(".example.com")
        || host.starts_with("example.")
    {
        diags.push(
            Diagnostic::warning(&c.origin.file, c.origin.pos("base_url"), format!("base_url が例のアドレス（{host}）のままです [example host]"))
                .hint("冊子の QR コードがこのアドレスを指します。公開する場所のアドレスを書くか、決まるまで base_url の行を消してください。"),
        );
    }
}

fn check_topics(site: &Site, diags: &Diagnostics) {
    let t = &site.topics;
    duplicates(
        &t.origin,
        "topics",
        t.topics.iter().map(|x| x.id.as_str()),
        "id",
        "分類の id",
        diags,
    );
    for (i, topic) in t.topics.iter().enumerate() {
        for (j, v) in topic.values.iter().enumerate() {
            if !VALUE_KINDS.contains(&v.as_str()) {
                diags.push(
                    err(
                        &t.origin,
                        &format!("topics[{i}].values[{j}]"),
                        format!("値の種類「{v}」はありません"),
                    )
                    .hint(format!("書ける種類: {}", VALUE_KINDS.join(", "))),
                );
            }
        }
    }
}

fn check_region(site: &Site, region: &crate::model::Region, diags: &Diagnostics) {
    let o = &region.origin;
    duplicates(
        o,
        "rules",
        region.rules.iter().map(|r| r.id.as_str()),
        "id",
        "規則の id",
        diags,
    );
    duplicates(
        o,
        "contacts",
        region.contacts.iter().map(|c| c.id.as_str()),
        "id",
        "問い合わせ先の id",
        diags,
    );
    duplicates(
        o,
        "glossary",
        region.glossary.iter().map(|g| g.term.as_str()),
        "term",
        "用語",
        diags,
    );
    duplicates(
        o,
        "flows",
        region.flows.iter().map(|f| f.id.as_str()),
        "id",
        "図の id",
        diags,
    );
    for (i, c) in region.contacts.iter().enumerate() {
        if c.id.is_empty() {
            diags.push(
                err(o, &format!("contacts[{i}]"), "問い合わせ先に id がありません")
                    .hint("ページから {{ contact(id=\"vendor\") }} のように呼べるよう、`id: vendor` のような名前を付けてください。"),
            );
        }
    }

    for (i, rule) in region.rules.iter().enumerate() {
        let at = format!("rules[{i}]");
        let mut topics = Vec::new();
        for (j, t) in rule.topic.iter().enumerate() {
            // `topic: x` or `topic: [x, y]`: locate the one that is wrong.
            let path = if rule.topic.0.len() == 1 {
                format!("{at}.topic")
            } else {
                format!("{at}.topic[{j}]")
            };
            match site.topics.get(t) {
                Some(topic) => topics.push(topic),
                None if site.unloaded.topics => {} // topics.yaml has errors of its own
                None => {
                    let ids: Vec<&str> = site.topics.topics.iter().map(|t| t.id.as_str()).collect();
                    let mut d = err(o, &path, format!("規則の分類（topic）「{t}」はありません"));
                    if let Some(c) = closest(t, ids.iter().copied()) {
                        d = d.hint(format!("「{c}」の書き間違いではありませんか。"));
                    }
                    diags.push(d.hint(format!(
                        "content/topics.yaml にある分類: {}",
                        ids.join(", ")
                    )));
                }
            }
        }
        if topics.len() < rule.topic.0.len() {
            continue;
        }
        // A typed value needs one of the rule's topics to allow it.
        for kind in rule.value_kinds() {
            if !topics.iter().any(|t| t.values.iter().any(|v| v == kind)) {
                let allowed: Vec<&str> = topics
                    .iter()
                    .flat_map(|t| t.values.iter().map(String::as_str))
                    .collect();
                let allowed = if allowed.is_empty() {
                    "（なし）".to_string()
                } else {
                    allowed.join(", ")
                };
                let labels: Vec<&str> = topics.iter().map(|t| t.label.as_str()).collect();
                diags.push(
                    err(
                        o,
                        &format!("{at}.{kind}"),
                        format!(
                            "分類「{}」の規則には `{kind}` の値を書けません",
                            labels.join("・")
                        ),
                    )
                    .hint(format!(
                        "この分類に書ける値: {allowed}。分類（topic）が正しいか確かめてください。"
                    )),
                );
            }
        }
        if let Some(h) = &rule.hours {
            for (key, v) in [("from", &h.from), ("to", &h.to)] {
                if !valid_time(v) {
                    diags.push(
                        err(
                            o,
                            &format!("{at}.hours.{key}"),
                            format!("時刻「{v}」を読めません"),
                        )
                        .hint(
                            "時刻は \"21:00\" のように24時間制で、引用符で囲んで書いてください。",
                        ),
                    );
                }
            }
        }
    }

    for (i, f) in region.flows.iter().enumerate() {
        duplicates(
            o,
            &format!("flows[{i}].actors"),
            f.actors.iter().map(|a| a.id.as_str()),
            "id",
            "登場する人・機関の id",
            diags,
        );
        for (j, s) in f.steps.iter().enumerate() {
            for (key, id) in [("from", &s.from), ("to", &s.to)] {
                if !f.actors.iter().any(|a| &a.id == id) {
                    let ids: Vec<&str> = f.actors.iter().map(|a| a.id.as_str()).collect();
                    diags.push(
                        err(
                            o,
                            &format!("flows[{i}].steps[{j}].{key}"),
                            format!("図の登場者「{id}」がありません"),
                        )
                        .hint(format!("この図の actors にある id: {}", ids.join(", "))),
                    );
                }
            }
        }
    }

    for (i, id) in region.forms.iter().enumerate() {
        let broken = site
            .unloaded
            .forms
            .contains(&(region.id.clone(), id.clone()));
        if region.form(id).is_none() && !broken {
            let ids: Vec<&str> = region.form_defs.iter().map(|f| f.id.as_str()).collect();
            let instead = if ids.is_empty() {
                "この id を消してください".to_string()
            } else {
                format!("次のどれかを書いてください: {}", ids.join(", "))
            };
            diags.push(
                err(
                    o,
                    &format!("forms[{i}]"),
                    format!("様式「{id}」がありません"),
                )
                .hint(format!("forms/{}/{id}.yaml を作るか、{instead}", region.id)),
            );
        }
    }
    for form in &region.form_defs {
        form::check(site, region, form, diags);
    }
    documents(site, region, diags);
    contact::check(region, diags);
}

fn valid_time(s: &str) -> bool {
    let Some((h, m)) = s.split_once(':') else {
        return false;
    };
    m.len() == 2
        && matches!((h.parse::<u32>(), m.parse::<u32>()), (Ok(h), Ok(m)) if h <= 24 && m < 60)
}
