//! Checks over the loaded model: ids unique, references resolving, values
//! of the right kind. Each problem points at the value in its file.
//! (Links and shortcodes inside pages are checked while rendering them.)

mod contact;
mod form;
mod pages;

use std::collections::HashMap;

use crate::diag::{Diagnostic, Diagnostics, closest};
use crate::model::{Origin, Site, VALUE_KINDS};

pub fn check(site: &Site, diags: &Diagnostics) {
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
    for region in &site.regions {
        check_region(site, region, diags);
        pages::check(region, diags);
    }
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
        let Some(topic) = site.topics.get(&rule.topic) else {
            if site.unloaded.topics {
                continue; // topics.yaml has errors of its own
            }
            let ids: Vec<&str> = site.topics.topics.iter().map(|t| t.id.as_str()).collect();
            let mut d = err(
                o,
                &format!("{at}.topic"),
                format!("規則の分類（topic）「{}」はありません", rule.topic),
            );
            if let Some(c) = closest(&rule.topic, ids.iter().copied()) {
                d = d.hint(format!("「{c}」の書き間違いではありませんか。"));
            }
            diags.push(d.hint(format!(
                "content/topics.yaml にある分類: {}",
                ids.join(", ")
            )));
            continue;
        };
        for kind in rule.value_kinds() {
            if !topic.values.iter().any(|v| v == kind) {
                let allowed = if topic.values.is_empty() {
                    "（なし）".to_string()
                } else {
                    topic.values.join(", ")
                };
                diags.push(
                    err(
                        o,
                        &format!("{at}.{kind}"),
                        format!(
                            "分類「{}」の規則には `{kind}` の値を書けません",
                            topic.label
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
    for (i, r) in region.revisions.iter().enumerate() {
        if !r.page.is_empty() && region.page(&r.page).is_none() {
            diags.push(
                err(
                    o,
                    &format!("revisions[{i}].page"),
                    format!("ページ「{}」がありません", r.page),
                )
                .hint(format!(
                    "content/{}/ にある .md ファイルの名前（拡張子なし）を書いてください。",
                    region.id
                )),
            );
        }
    }

    for form in &region.form_defs {
        form::check(site, region, form, diags);
    }
    contact::check(region, diags);
}

fn valid_time(s: &str) -> bool {
    let Some((h, m)) = s.split_once(':') else {
        return false;
    };
    m.len() == 2
        && matches!((h.parse::<u32>(), m.parse::<u32>()), (Ok(h), Ok(m)) if h <= 24 && m < 60)
}
