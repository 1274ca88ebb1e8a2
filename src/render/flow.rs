//! Procedure flows drawn as SVG: the actors as columns, each step an arrow
//! from one column to another, top to bottom, like a sequence diagram. The
//! text is SVG text (searchable, sharp at any size), and the steps are also
//! given as an ordered list for screen readers and for print.

use std::fmt::Write as _;

use super::escape::escape_html as esc;

use crate::model::Flow;

const COL: f32 = 170.0;
const TOP: f32 = 16.0;
const ROW: f32 = 62.0;
const CHARS_PER_LINE: usize = 10;

/// Characters a Japanese line may not begin with (行頭禁則).
const NO_LINE_START: &str =
    "ー、。，．）」』】・：；？！ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮ々";

/// Splits a label into lines of at most `n` characters (Japanese has no
/// spaces to break at), keeping 行頭禁則: a character that may not start a
/// line stays at the end of the one before.
fn wrap(s: &str, n: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for part in s.split('\n') {
        let mut line = String::new();
        for c in part.chars() {
            if line.chars().count() >= n && !NO_LINE_START.contains(c) {
                lines.push(std::mem::take(&mut line));
            }
            line.push(c);
        }
        if !line.is_empty() {
            lines.push(line);
        }
    }
    lines
}

pub fn svg(flow: &Flow) -> String {
    let n = flow.actors.len().max(1) as f32;
    let width = COL * n;
    let head_lines = flow
        .actors
        .iter()
        .map(|a| wrap(&a.label, CHARS_PER_LINE).len() + wrap(&a.note, CHARS_PER_LINE + 2).len())
        .max()
        .unwrap_or(1) as f32;
    let head_h = 18.0 * head_lines + 18.0;
    let body_top = TOP + head_h + 24.0;
    let height = body_top + ROW * flow.steps.len() as f32 + 10.0;
    let x_of = |id: &str| {
        flow.actors
            .iter()
            .position(|a| a.id == id)
            .map(|i| COL * i as f32 + COL / 2.0)
            .unwrap_or(COL / 2.0)
    };
    let title_id = format!("flow-{}-title", flow.id);
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="flow-svg" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" aria-labelledby="{title_id}" font-family="sans-serif">"#
    );
    let _ = write!(s, r#"<title id="{title_id}">{}</title>"#, esc(&flow.title));
    let _ = write!(
        s,
        r##"<defs><marker id="arrow-{id}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#1a4d8f"/></marker></defs>"##,
        id = esc(&flow.id)
    );
    for (i, a) in flow.actors.iter().enumerate() {
        let x = COL * i as f32 + 8.0;
        let cx = COL * i as f32 + COL / 2.0;
        let _ = write!(
            s,
            r##"<rect x="{x}" y="{TOP}" width="{w}" height="{head_h}" rx="8" fill="#eef3fa" stroke="#1a4d8f"/>"##,
            w = COL - 16.0
        );
        let mut y = TOP + 24.0;
        for line in wrap(&a.label, CHARS_PER_LINE) {
            let _ = write!(
                s,
                r##"<text x="{cx}" y="{y}" text-anchor="middle" font-size="15" fill="#1b1b1b">{}</text>"##,
                esc(&line)
            );
            y += 18.0;
        }
        for line in wrap(&a.note, CHARS_PER_LINE + 2) {
            let _ = write!(
                s,
                r##"<text x="{cx}" y="{y}" text-anchor="middle" font-size="12" fill="#333">{}</text>"##,
                esc(&line)
            );
            y += 18.0;
        }
        let _ = write!(
            s,
            r##"<line x1="{cx}" y1="{y1}" x2="{cx}" y2="{y2}" stroke="#8a9bb3" stroke-dasharray="4 4"/>"##,
            y1 = TOP + head_h,
            y2 = height - 6.0
        );
    }
    for (i, step) in flow.steps.iter().enumerate() {
        let y = body_top + ROW * i as f32 + 30.0;
        let (x1, x2) = (x_of(&step.from), x_of(&step.to));
        let label = format!("{} {}", step.number, step.label).trim().to_string();
        if (x1 - x2).abs() < 1.0 {
            // A step within one actor: a small loop.
            let _ = write!(
                s,
                r##"<path d="M{x1},{a} h26 v18 h-22" fill="none" stroke="#1a4d8f" stroke-width="2" marker-end="url(#arrow-{id})"/>"##,
                a = y - 9.0,
                id = esc(&flow.id)
            );
        } else {
            let dir = if x2 > x1 { 1.0 } else { -1.0 };
            let _ = write!(
                s,
                r##"<line x1="{a}" y1="{y}" x2="{b}" y2="{y}" stroke="#1a4d8f" stroke-width="2" marker-end="url(#arrow-{id})"/>"##,
                a = x1 + dir * 6.0,
                b = x2 - dir * 6.0,
                id = esc(&flow.id)
            );
        }
        let mid = if (x1 - x2).abs() < 1.0 {
            x1 + 34.0
        } else {
            (x1 + x2) / 2.0
        };
        let anchor = if (x1 - x2).abs() < 1.0 {
            "start"
        } else {
            "middle"
        };
        let _ = write!(
            s,
            r##"<text x="{mid}" y="{ty}" text-anchor="{anchor}" font-size="14" fill="#1b1b1b">{}</text>"##,
            esc(&label),
            ty = y - 8.0
        );
        if !step.note.is_empty() {
            let _ = write!(
                s,
                r##"<text x="{mid}" y="{ty}" text-anchor="{anchor}" font-size="12" fill="#333">（{}）</text>"##,
                esc(&step.note),
                ty = y + 18.0
            );
        }
    }
    s.push_str("</svg>");
    s
}

/// The figure as a page shows it: caption, picture, the steps as a list.
pub fn figure(flow: &Flow) -> String {
    let mut s = String::new();
    let _ = write!(s, r#"<figure class="flow" id="flow-{}">"#, esc(&flow.id));
    let _ = write!(s, "<figcaption>{}</figcaption>", esc(&flow.title));
    // On a phone the picture scrolls sideways: the box takes the keyboard
    // focus so that it can be scrolled without a pointer.
    let _ = write!(
        s,
        r#"<div class="flow-picture" tabindex="0" role="region" aria-label="図: {}">"#,
        esc(&flow.title)
    );
    s.push_str(&svg(flow));
    s.push_str("</div>");
    let actor = |id: &str| {
        flow.actors
            .iter()
            .find(|a| a.id == id)
            .map(|a| format!("{}{}", a.label, a.note))
            .unwrap_or_else(|| id.to_string())
    };
    // Steps numbered by the flow itself (①) need no list numbers as well.
    if flow.steps.iter().all(|st| !st.number.is_empty()) {
        s.push_str(r#"<ol class="flow-steps marked">"#);
    } else {
        s.push_str(r#"<ol class="flow-steps">"#);
    }
    for step in &flow.steps {
        let _ = write!(
            s,
            "<li><span class=\"flow-number\">{}</span> {}：{} → {}{}</li>",
            esc(&step.number),
            esc(&step.label),
            esc(&actor(&step.from)),
            esc(&actor(&step.to)),
            if step.note.is_empty() {
                String::new()
            } else {
                format!("（{}）", esc(&step.note))
            }
        );
    }
    s.push_str("</ol>");
    for note in &flow.notes {
        let _ = write!(s, "<p class=\"flow-note\">{}</p>", esc(note));
    }
    s.push_str("</figure>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_keeps_kinsoku() {
        assert_eq!(
            wrap("神崎市郡在宅医療・介護連携支援センター", 10),
            ["神崎市郡在宅医療・介", "護連携支援センター"]
        );
        assert_eq!(
            wrap("あいうえおかきくけこー", 10),
            ["あいうえおかきくけこー"]
        );
    }
}
