//! Procedure flows drawn as SVG: the actors as columns, each step an arrow
//! from one column to another, top to bottom, like a sequence diagram, its
//! words wrapped inside a box above the arrow. The text is SVG text
//! (searchable, sharp at any size), and the steps are also given as an
//! ordered list: for screen readers, for print, and on a phone, where the
//! list is drawn as the flow itself — a box per step, one below the other
//! (the columns would not fit).

use std::fmt::Write as _;

use unicode_width::UnicodeWidthChar;

use super::escape::escape_html as esc;

use crate::model::Flow;

const COL: f32 = 170.0;
const TOP: f32 = 16.0;
/// Line height of a step's words.
const LINE: f32 = 18.0;
/// Width of a half-width character at the step's size (14): a full-width
/// one is two.
const HALF: f32 = 7.2;

/// Characters a Japanese line may not begin with (行頭禁則).
const NO_LINE_START: &str =
    "ー、。，．）」』】・：；？！ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮ々";

/// Splits a label into lines at most `cols` half-width columns wide (a
/// full-width character is two; Japanese has no spaces to break at),
/// keeping 行頭禁則: a character that may not start a line stays at the end
/// of the one before.
fn wrap_width(s: &str, cols: usize) -> Vec<String> {
    let cols = cols.max(2);
    let mut lines: Vec<String> = Vec::new();
    for part in s.split('\n') {
        let mut line = String::new();
        let mut w = 0;
        for c in part.chars() {
            let cw = c.width().unwrap_or(0);
            if w + cw > cols && !line.is_empty() && !NO_LINE_START.contains(c) {
                lines.push(std::mem::take(&mut line));
                w = 0;
            }
            line.push(c);
            w += cw;
        }
        if !line.is_empty() {
            lines.push(line);
        }
    }
    lines
}

/// A step's place in the picture: its words' box and its arrow.
struct StepBox {
    /// Left edge and width of the words' box.
    x: f32,
    w: f32,
    lines: Vec<String>,
    note: Vec<String>,
    /// Top of the box.
    y: f32,
    /// The arrow's height.
    arrow_y: f32,
}

pub fn svg(flow: &Flow) -> String {
    let n = flow.actors.len().max(1) as f32;
    let width = COL * n;
    let head_lines = flow
        .actors
        .iter()
        .map(|a| wrap_width(&a.label, HEAD_COLS).len() + wrap_width(&a.note, NOTE_COLS).len())
        .max()
        .unwrap_or(1) as f32;
    let head_h = 18.0 * head_lines + 18.0;
    let body_top = TOP + head_h + 20.0;
    let col_of = |id: &str| flow.actors.iter().position(|a| a.id == id).unwrap_or(0);
    let x_of = |id: &str| COL * col_of(id) as f32 + COL / 2.0;
    // Lay the steps out first: each box as wide as the span of its arrow
    // (a step within one actor: beside its column), as tall as its words.
    let mut y = body_top;
    let mut boxes = Vec::new();
    for step in &flow.steps {
        let (x1, x2) = (x_of(&step.from), x_of(&step.to));
        let (x, w) = if (x1 - x2).abs() < 1.0 {
            let w = (COL - 24.0).min(width - x1 - 20.0).max(COL / 2.0);
            if x1 + 16.0 + w <= width {
                (x1 + 16.0, w)
            } else {
                (x1 - 16.0 - w, w)
            }
        } else {
            (x1.min(x2) + 10.0, (x1 - x2).abs() - 20.0)
        };
        let label = format!("{} {}", step.number, step.label).trim().to_string();
        // Room is kept for a character 行頭禁則 hangs at a line's end.
        let cols = ((w - 12.0 - 2.0 * HALF) / HALF) as usize;
        let lines = wrap_width(&label, cols);
        let note = if step.note.is_empty() {
            Vec::new()
        } else {
            wrap_width(&format!("（{}）", step.note), ((w - 12.0) / 6.2) as usize)
        };
        let box_h = LINE * lines.len() as f32 + 10.0;
        let arrow_y = y + box_h + 10.0;
        boxes.push(StepBox {
            x,
            w,
            lines,
            note,
            y,
            arrow_y,
        });
        let note_h = boxes.last().map_or(0.0, |b| 16.0 * b.note.len() as f32);
        y = arrow_y + 14.0 + note_h + 8.0;
    }
    let height = y + 6.0;
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
        for line in wrap_width(&a.label, HEAD_COLS) {
            let _ = write!(
                s,
                r##"<text x="{cx}" y="{y}" text-anchor="middle" font-size="15" fill="#1b1b1b">{}</text>"##,
                esc(&line)
            );
            y += 18.0;
        }
        for line in wrap_width(&a.note, NOTE_COLS) {
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
    for (step, b) in flow.steps.iter().zip(&boxes) {
        let (x1, x2) = (x_of(&step.from), x_of(&step.to));
        let box_h = LINE * b.lines.len() as f32 + 10.0;
        let _ = write!(
            s,
            r##"<rect x="{x}" y="{y}" width="{w}" height="{box_h}" rx="4" fill="#ffffff" stroke="#c8ced8"/>"##,
            x = b.x,
            y = b.y,
            w = b.w
        );
        let cx = b.x + b.w / 2.0;
        for (k, line) in b.lines.iter().enumerate() {
            let _ = write!(
                s,
                r##"<text x="{cx}" y="{ty}" text-anchor="middle" font-size="14" fill="#1b1b1b">{}</text>"##,
                esc(line),
                ty = b.y + 5.0 + 14.0 + LINE * k as f32
            );
        }
        let ay = b.arrow_y;
        if (x1 - x2).abs() < 1.0 {
            // A step within one actor: a small loop.
            let _ = write!(
                s,
                r##"<path d="M{x1},{a} h14 v14 h-10" fill="none" stroke="#1a4d8f" stroke-width="2" marker-end="url(#arrow-{id})"/>"##,
                a = ay - 7.0,
                id = esc(&flow.id)
            );
        } else {
            let dir = if x2 > x1 { 1.0 } else { -1.0 };
            let _ = write!(
                s,
                r##"<line x1="{a}" y1="{ay}" x2="{c}" y2="{ay}" stroke="#1a4d8f" stroke-width="2" marker-end="url(#arrow-{id})"/>"##,
                a = x1 + dir * 6.0,
                c = x2 - dir * 6.0,
                id = esc(&flow.id)
            );
        }
        for (k, line) in b.note.iter().enumerate() {
            let _ = write!(
                s,
                r##"<text x="{cx}" y="{ty}" text-anchor="middle" font-size="12" fill="#333">{}</text>"##,
                esc(line),
                ty = ay + 20.0 + 16.0 * k as f32
            );
        }
    }
    s.push_str("</svg>");
    s
}

/// Half-width columns of an actor's name (at 15) and note (at 12) in its
/// head box, room kept for a character hanging by 行頭禁則.
const HEAD_COLS: usize = ((COL - 16.0 - 12.0 - 15.0) / 7.5) as usize;
const NOTE_COLS: usize = ((COL - 16.0 - 12.0 - 12.0) / 6.0) as usize;

/// The figure as a page shows it: caption, picture, the steps as a list.
pub fn figure(flow: &Flow) -> String {
    let mut s = String::new();
    let _ = write!(s, r#"<figure class="flow" id="flow-{}">"#, esc(&flow.id));
    let _ = write!(s, "<figcaption>{}</figcaption>", esc(&flow.title));
    // The picture on a wide screen; on a phone the list below is drawn as
    // the flow (style.css), top to bottom.
    s.push_str(r#"<div class="flow-picture">"#);
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
            "<li><span class=\"flow-number\">{}</span> <span class=\"flow-label\">{}</span><span class=\"flow-route\"><span class=\"flow-sep\">：</span>{} → {}</span>{}</li>",
            esc(&step.number),
            esc(&step.label),
            esc(&actor(&step.from)),
            esc(&actor(&step.to)),
            if step.note.is_empty() {
                String::new()
            } else {
                format!("<span class=\"flow-note\">（{}）</span>", esc(&step.note))
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
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn step_words_are_wrapped_inside_their_box() {
        let flow: Flow = serde_yaml::from_str(
            "id: f\ntitle: 流れ\nactors:\n  - {id: a, label: 医療機関}\n  - {id: b, label: センター}\nsteps:\n  - {number: ①, from: a, to: b, label: 個人情報の管理に関する誓約書の提出・ID発行の申請}\n  - {number: ②, from: b, to: b, label: 確認}\n",
        )
        .unwrap();
        let svg = svg(&flow);
        // Adjacent columns: a box 150 units wide holds 19 half-width
        // columns (one full-width character hanging by 行頭禁則 included).
        let texts: Vec<&str> = svg
            .split("font-size=\"14\" fill=\"#1b1b1b\">")
            .skip(1)
            .map(|t| &t[..t.find('<').unwrap()])
            .collect();
        assert!(texts.len() >= 3, "{texts:?}");
        for t in &texts {
            assert!(
                UnicodeWidthStr::width(*t) <= 19,
                "{t} is wider than its box"
            );
        }
        assert_eq!(
            texts.concat(),
            "① 個人情報の管理に関する誓約書の提出・ID発行の申請② 確認"
        );
    }

    #[test]
    fn wrap_keeps_kinsoku() {
        assert_eq!(
            wrap_width("神崎市郡在宅医療・介護連携支援センター", 20),
            ["神崎市郡在宅医療・介", "護連携支援センター"]
        );
        assert_eq!(
            wrap_width("あいうえおかきくけこー", 20),
            ["あいうえおかきくけこー"]
        );
    }
}
