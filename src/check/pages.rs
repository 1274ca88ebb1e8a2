//! What the pages of a region leave out: a rule that no page shows (only
//! the rules page and the comparison would carry it) and no form prints;
//! and rules a page shows where they cannot stand.

use std::collections::HashSet;

use crate::diag::{Diagnostic, Diagnostics, Pos};
use crate::markup::markdown::fragment_html;
use crate::model::{Block, Region};

/// The sentences a form prints (a rule may be one of them).
fn form_texts(region: &Region) -> Vec<&str> {
    let mut out = Vec::new();
    for f in &region.form_defs {
        for b in &f.blocks {
            match b {
                Block::Paragraph(t) | Block::Right(t) | Block::Heading(t) => out.push(t.as_str()),
                Block::Clauses(c) => out.extend(c.items.iter().map(String::as_str)),
                _ => {}
            }
        }
    }
    out
}

/// The values `bodies` give `arg` in calls of `call`, written
/// `call(arg="value")` or with single quotes (spaces already removed).
fn named<'a>(bodies: &'a [String], call: &str, arg: &str) -> HashSet<&'a str> {
    let mut out = HashSet::new();
    for quote in ['"', '\''] {
        let open = format!("{call}({arg}={quote}");
        for body in bodies {
            let mut rest = body.as_str();
            while let Some(at) = rest.find(&open) {
                rest = &rest[at + open.len()..];
                if let Some(end) = rest.find(quote)
                    && rest[end + 1..].starts_with(')')
                {
                    out.insert(&rest[..end]);
                }
            }
        }
    }
    out
}

pub fn check(region: &Region, diags: &Diagnostics) {
    // Without spaces, and every call's value gathered once: not searched
    // for once per rule (a region has dozens; at 1,000 regions the search
    // was a twentieth of a one-page-edit build).
    let bodies: Vec<String> = region
        .published_pages()
        .map(|p| p.body.replace(' ', ""))
        .collect();
    let ids = named(&bodies, "rule", "id");
    let topics = named(&bodies, "rules", "topic");
    // One text, each sentence apart, so a rule is looked for once.
    let texts = form_texts(region);
    let printed = (!texts.is_empty()).then(|| texts.join("\u{1}"));
    for (i, rule) in region.rules.iter().enumerate() {
        let on_a_form = printed
            .as_ref()
            .is_some_and(|p| p.contains(rule.text.trim()));
        let by_topic = rule.topic.iter().any(|t| topics.contains(t));
        if !ids.contains(rule.id.as_str()) && !by_topic && !on_a_form {
            diags.push(
                Diagnostic::warning(
                    &region.origin.file,
                    region.origin.pos(&format!("rules[{i}].id")),
                    format!("規則「{}」はどのページの本文にも出ていません [unused rule]", rule.id),
                )
                .hint(format!(
                    "規則のページと比較表には出ます。手引きの中に出すには、ページに {{{{ rule(id=\"{}\") }}}} か {{{{ rules(topic=\"{}\") }}}} を書いてください。",
                    rule.id,
                    rule.topic.first()
                )),
            );
        }
    }
}

/// A rule whose text is more than a sentence (a list, two paragraphs) is a
/// block: inside a sentence it would break the paragraph around it. It
/// must start its line (after a list marker at most).
pub fn check_block_rules(region: &Region, diags: &Diagnostics) {
    let blocks: Vec<&str> = region
        .rules
        .iter()
        .filter(|r| fragment_html(&r.text).block)
        .map(|r| r.id.as_str())
        .collect();
    if blocks.is_empty() {
        return;
    }
    for page in region.published_pages() {
        let body_start = page.source.len() - page.body.len();
        let mut at = body_start;
        for line in page.source[body_start..].split_inclusive('\n') {
            let mut from = 0;
            while let Some(open) = line[from..].find("{{").map(|i| from + i) {
                let Some(close) = line[open..].find("}}").map(|i| open + i + 2) else {
                    break;
                };
                from = close;
                let call: String = line[open + 2..close - 2]
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect();
                let Some(id) = blocks.iter().find(|id| {
                    call == format!("rule(id=\"{id}\")") || call == format!("rule(id='{id}')")
                }) else {
                    continue;
                };
                let before = line[..open]
                    .trim()
                    .trim_start_matches(['-', '*', '+'])
                    .trim_start_matches(|c: char| c.is_ascii_digit())
                    .trim_start_matches(['.', ')'])
                    .trim();
                if before.is_empty() && line[close..].trim().is_empty() {
                    continue;
                }
                diags.push(
                    Diagnostic::warning(
                        &page.origin.file,
                        Some(Pos::of_offset(&page.source, at + open)),
                        format!("規則「{id}」は箇条書きか二つ以上の段落を含むので、文の途中には出せません"),
                    )
                    .hint(format!(
                        "{{{{ rule(id=\"{id}\") }}}} だけを一行に書く（箇条書きなら「- 」のすぐ後）か、規則の text を一文にしてください。"
                    )),
                );
            }
            at += line.len();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_call_names_its_value_in_either_quote_and_only_whole() {
        let bodies = [
            "前文{{rule(id=\"a\")}}と{{rule(id='b')}}、{{rules(topic=\"t\")}}".to_string(),
            "{{rule(id=\"c\",x=1)}}{{rule(id=\"d".to_string(),
            "{{rule(id=\"e\")}}".to_string(),
        ];
        let mut ids: Vec<&str> = named(&bodies, "rule", "id").into_iter().collect();
        ids.sort();
        assert_eq!(ids, ["a", "b", "e"]);
        let topics: Vec<&str> = named(&bodies, "rules", "topic").into_iter().collect();
        assert_eq!(topics, ["t"]);
    }
}
