//! What the pages of a region leave out: a rule that no page shows (only
//! the rules page and the comparison would carry it) and no form prints.

use crate::diag::{Diagnostic, Diagnostics};
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

pub fn check(region: &Region, diags: &Diagnostics) {
    let bodies: Vec<&str> = region.published_pages().map(|p| p.body.as_str()).collect();
    let named = |call: &str, arg: &str, value: &str| {
        bodies.iter().any(|b| {
            [
                format!("{call}({arg}=\"{value}\")"),
                format!("{call}({arg}='{value}')"),
            ]
            .iter()
            .any(|c| b.replace(' ', "").contains(c.as_str()))
        })
    };
    let printed = form_texts(region);
    for (i, rule) in region.rules.iter().enumerate() {
        let on_a_form = printed.iter().any(|t| t.contains(rule.text.trim()));
        let by_topic = rule.topic.iter().any(|t| named("rules", "topic", t));
        if !named("rule", "id", &rule.id) && !by_topic && !on_a_form {
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
