//! Checks over the loaded model: ids unique, references resolving, values
//! of the right kind. Each problem points at the value in its file.
//! (Links and shortcodes inside pages are checked while rendering them.)

use std::collections::HashMap;

use crate::diag::{Diagnostic, Diagnostics, closest};
use crate::model::{Block, Origin, Site, VALUE_KINDS};

pub fn check(site: &Site, diags: &Diagnostics) {
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
    }
}

fn err(origin: &Origin, path: &str, msg: impl Into<String>) -> Diagnostic {
    Diagnostic::error(&origin.file, origin.pos(path), msg)
}

/// Reports every repeated value of `field` in the sequence at `seq`.
fn duplicates<'a>(
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
        check_form(site, region, form, diags);
    }
}

fn valid_time(s: &str) -> bool {
    let Some((h, m)) = s.split_once(':') else {
        return false;
    };
    m.len() == 2
        && matches!((h.parse::<u32>(), m.parse::<u32>()), (Ok(h), Ok(m)) if h <= 24 && m < 60)
}

fn check_form(
    site: &Site,
    region: &crate::model::Region,
    form: &crate::model::Form,
    diags: &Diagnostics,
) {
    let o = &form.origin;
    let list_ref = |path: String, id: &str| {
        if !id.is_empty() && !site.lists.contains_key(id) && !site.unloaded.lists.contains(id) {
            let ids: Vec<&str> = site.lists.keys().map(String::as_str).collect();
            let mut d = err(
                o,
                &path,
                format!("リスト「{id}」がありません [unknown list]"),
            );
            if let Some(c) = closest(id, ids.iter().copied()) {
                d = d.hint(format!("「{c}」の書き間違いではありませんか。"));
            }
            diags.push(d.hint(if ids.is_empty() {
                format!("content/lists/{id}.yaml を作ってください（content/lists/ にリストがまだありません）。")
            } else {
                format!("content/lists/ にあるリスト: {}", ids.join(", "))
            }));
        }
    };
    // Field ids must be unique: they are the AcroForm field names.
    let mut fields: Vec<(String, String)> = Vec::new();
    for (i, block) in form.blocks.iter().enumerate() {
        let at = format!("blocks[{i}]");
        match block {
            Block::Field(f) => fields.push((f.id.clone(), format!("{at}.field.id"))),
            Block::Fields(fs) => {
                for (j, f) in fs.iter().enumerate() {
                    fields.push((f.id.clone(), format!("{at}.fields[{j}].id")));
                }
            }
            Block::Choice(c) => {
                if c.options.is_empty() && c.list.is_empty() {
                    diags.push(
                        err(o, &format!("{at}.choice"), format!("選択肢「{}」に options も list もありません", c.label))
                            .hint("options: [看護師, ケアマネジャー] のように選択肢を書くか、list: professions のように共有リストを指定してください。"),
                    );
                }
                list_ref(format!("{at}.choice.list"), &c.list);
                fields.push((c.id.clone(), format!("{at}.choice.id")));
            }
            Block::Table(t) => {
                for (j, c) in t.columns.iter().enumerate() {
                    list_ref(format!("{at}.table.columns[{j}].list"), &c.list);
                }
                duplicates(
                    o,
                    &format!("{at}.table.columns"),
                    t.columns.iter().map(|c| c.id.as_str()),
                    "id",
                    "列の id",
                    diags,
                );
                fields.push((t.id.clone(), format!("{at}.table.id")));
            }
            Block::Signature(s) => fields.push((s.id.clone(), format!("{at}.signature.id"))),
            Block::Notes(n) => fields.push((n.id.clone(), format!("{at}.notes.id"))),
            Block::Date(d) => fields.push((
                if d.id.is_empty() {
                    "date".into()
                } else {
                    d.id.clone()
                },
                format!("{at}.date"),
            )),
            Block::Addressee(a) => {
                if !a.field.is_empty() {
                    fields.push((a.field.clone(), format!("{at}.addressee.field")));
                }
                if !a.from.is_empty() && !["operator", "secretariat"].contains(&a.from.as_str()) {
                    diags.push(
                        err(
                            o,
                            &format!("{at}.addressee.from"),
                            format!("宛先の from「{}」は使えません", a.from),
                        )
                        .hint("operator（運営主体）か secretariat（事務局）を書いてください。"),
                    );
                }
            }
            Block::Recipient(r)
                if !r.contact.is_empty()
                    && r.contact != "secretariat"
                    && !region.contacts.iter().any(|c| c.id == r.contact) =>
            {
                let ids: Vec<&str> = region.contacts.iter().map(|c| c.id.as_str()).collect();
                diags.push(
                    err(
                        o,
                        &format!("{at}.recipient.contact"),
                        format!("問い合わせ先「{}」が region.yaml にありません", r.contact),
                    )
                    .hint(format!(
                        "secretariat か、contacts にある id（{}）を書いてください。",
                        ids.join(", ")
                    )),
                );
            }
            Block::ListTable(l) => list_ref(format!("{at}.list_table.list"), &l.list),
            _ => {}
        }
    }
    let mut seen: HashMap<&str, &str> = HashMap::new();
    for (id, path) in &fields {
        if !crate::model::valid_id(id) && !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            diags.push(err(o, path, format!("項目の id「{id}」は使えません")).hint(
                "PDF の欄の名前になるので、半角英数字と「_」で付けてください（例: staff_name）。",
            ));
        }
        if let Some(first) = seen.get(id.as_str()) {
            let line = o.pos(first).map(|p| p.line).unwrap_or(0);
            diags.push(
                err(
                    o,
                    path,
                    format!("欄の id「{id}」が重複しています [duplicate id]"),
                )
                .hint(format!(
                    "{line} 行目にも同じ id があります。PDF の欄の名前は様式の中で一つずつです。"
                )),
            );
        } else {
            seen.insert(id, path);
        }
    }
}
