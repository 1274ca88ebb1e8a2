//! Markdown -> Typst markup, for the printed booklet.
//!
//! Every piece of text is escaped (special ASCII characters become
//! `\u{..}` escapes), so nothing in a page can become Typst code. Soft line
//! breaks next to Japanese characters are removed: Typst would print a
//! space there. Images named `flow:<id>` become the flow's SVG.

use std::collections::HashMap;

use pulldown_cmark::{Alignment, CodeBlockKind, Event, HeadingLevel, Parser, Tag, TagEnd};

use super::markdown::{is_wide, items_have_own_markers, options};

/// Escapes text for Typst markup.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '#' | '*' | '_' | '`' | '$' | '[' | ']' | '<' | '>' | '@' | '=' | '-' | '+'
            | '/' | '~' | '\'' | '"' | ':' | '.' | '{' | '}' | '(' | ')' => {
                out.push_str(&format!("\\u{{{:x}}}", c as u32));
            }
            '\n' | '\r' | '\t' => out.push(' '),
            // Other control characters have no place in printed text.
            c if c.is_control() => {}
            _ => out.push(c),
        }
    }
    out
}

/// A Typst string literal.
pub fn string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[derive(Default)]
struct Converter {
    out: String,
    /// Open list kinds with their next number (None: bullets).
    lists: Vec<Option<u64>>,
    /// Beside each open list: its items when they carry their own numbers
    /// (①, (1)), gathered to print as a list with no marker of its own.
    marked: Vec<Option<MarkedList>>,
    table: Option<TableState>,
    last_char: Option<char>,
    pending_soft_break: bool,
    footnotes: HashMap<String, String>,
    in_footnote_def: Option<(String, String)>,
    image: Option<String>,
    /// The text of a code block being read.
    code: Option<String>,
    /// The open inline and quote wrappers (`#strong[`…), innermost last;
    /// None where a wrapper was left out.
    wrappers: Vec<Option<String>>,
    /// HTML comments are authors' notes: never printed.
    comments: super::text::CommentStripper,
    /// Inside a paragraph kept with what follows it.
    caption: bool,
    /// The words of a flow's picture (its caption), while they are read.
    figure_caption: Option<String>,
}

/// Typst's parser stops at a fixed nesting depth; wrappers beyond this
/// many are left out (their text still prints).
const MAX_NESTING: usize = 32;
/// The same for list indentation levels.
const MAX_LIST_DEPTH: usize = 16;

#[derive(Default)]
struct MarkedList {
    items: Vec<String>,
    item: Option<String>,
}

struct TableState {
    columns: usize,
    cells: Vec<String>,
    cell: Option<String>,
    header: usize,
}

impl Converter {
    fn sink(&mut self) -> &mut String {
        if let Some((_, def)) = self.in_footnote_def.as_mut() {
            return def;
        }
        if let Some(t) = self.table.as_mut()
            && let Some(c) = t.cell.as_mut()
        {
            return c;
        }
        if let Some(item) = self
            .marked
            .iter_mut()
            .rev()
            .find_map(|m| m.as_mut())
            .and_then(|m| m.item.as_mut())
        {
            return item;
        }
        &mut self.out
    }

    fn push(&mut self, s: &str) {
        self.sink().push_str(s);
    }

    fn text(&mut self, t: &str) {
        if self.image.is_some() {
            if let Some(caption) = self.figure_caption.as_mut() {
                caption.push_str(t);
            }
            return;
        }
        if self.pending_soft_break {
            self.pending_soft_break = false;
            let join = matches!((self.last_char, t.chars().next()), (Some(a), Some(b)) if is_wide(a) || is_wide(b));
            if !join {
                self.push(" ");
            }
        }
        let e = escape(t);
        self.push(&e);
        self.last_char = t.chars().last().or(self.last_char);
    }

    fn block_break(&mut self) {
        self.pending_soft_break = false;
        self.last_char = None;
        let s = self.sink();
        if !s.is_empty() && !s.ends_with("\n\n") {
            s.push_str(if s.ends_with('\n') { "\n" } else { "\n\n" });
        }
    }

    /// Opens a wrapper such as `#strong[`, unless the same one is already
    /// open (nesting it adds nothing; `#emph` would even undo itself) or
    /// nesting is already as deep as Typst parses.
    fn open(&mut self, opener: String) {
        let open: Vec<&String> = self.wrappers.iter().flatten().collect();
        let quote = opener.starts_with("#quote");
        if open.len() >= MAX_NESTING || (!quote && open.contains(&&opener)) {
            self.wrappers.push(None);
        } else {
            self.push(&opener);
            self.wrappers.push(Some(opener));
        }
    }

    fn close(&mut self) {
        if let Some(Some(_)) = self.wrappers.pop() {
            self.push("]");
        }
    }

    fn line_start(&mut self) {
        let s = self.sink();
        if !s.is_empty() && !s.ends_with('\n') {
            s.push('\n');
        }
    }
}

/// Converts a page body (Markdown, shortcodes already expanded in print
/// mode) to Typst markup. `heading_offset` is added to heading levels.
pub fn convert(markdown: &str, heading_offset: u8) -> String {
    let events: Vec<Event> = Parser::new_ext(markdown, options()).collect();
    let mut c = Converter::default();
    // Footnote definitions first: Typst wants the note's text at the mark.
    let mut defs = Converter::default();
    let mut depth = 0;
    for (k, ev) in events.iter().enumerate() {
        match ev {
            Event::Start(Tag::FootnoteDefinition(label)) => {
                depth += 1;
                defs.in_footnote_def = Some((label.to_string(), String::new()));
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                depth -= 1;
                if let Some((l, d)) = defs.in_footnote_def.take() {
                    c.footnotes.insert(l, d.trim().to_string());
                }
            }
            e if depth > 0 => step(&mut defs, e.clone(), heading_offset, ahead(&events, k)),
            _ => {}
        }
    }
    let mut depth = 0;
    for (k, ev) in events.iter().enumerate() {
        match ev {
            Event::Start(Tag::FootnoteDefinition(_)) => depth += 1,
            Event::End(TagEnd::FootnoteDefinition) => depth -= 1,
            e if depth == 0 => step(&mut c, e.clone(), heading_offset, ahead(&events, k)),
            _ => {}
        }
    }
    c.out.trim().to_string() + "\n"
}

/// What the converter must know of what follows an event.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ahead {
    Nothing,
    /// A list whose items carry their own numbers (①, (1)).
    MarkedList,
    /// A paragraph that is only bold words (a table's or list's title):
    /// kept on the page of what follows it.
    Caption,
}

fn ahead(events: &[Event], k: usize) -> Ahead {
    match &events[k] {
        Event::Start(Tag::List(_)) if items_have_own_markers(&events[k + 1..]) => Ahead::MarkedList,
        Event::Start(Tag::Paragraph) => {
            let rest = &events[k + 1..];
            let end = rest
                .iter()
                .position(|e| matches!(e, Event::End(TagEnd::Paragraph)));
            let strong_only = end.is_some_and(|end| {
                end >= 3
                    && matches!(rest[0], Event::Start(Tag::Strong))
                    && matches!(rest[end - 1], Event::End(TagEnd::Strong))
                    && !rest[1..end - 1]
                        .iter()
                        .any(|e| matches!(e, Event::End(TagEnd::Strong)))
            });
            if strong_only {
                Ahead::Caption
            } else {
                Ahead::Nothing
            }
        }
        _ => Ahead::Nothing,
    }
}

fn level(l: HeadingLevel) -> u8 {
    l as u8
}

fn step(c: &mut Converter, ev: Event, heading_offset: u8, ahead: Ahead) {
    match ev {
        Event::Start(tag) => match tag {
            Tag::Paragraph if c.lists.is_empty() && c.table.is_none() => {
                c.block_break();
                if ahead == Ahead::Caption && c.in_footnote_def.is_none() {
                    c.push("#block(sticky: true)[");
                    c.caption = true;
                }
            }
            Tag::Paragraph => {}
            Tag::Heading { level: l, .. } => {
                c.block_break();
                let n = (level(l) + heading_offset).clamp(1, 6) as usize;
                c.push(&format!("{} ", "=".repeat(n)));
            }
            Tag::BlockQuote(_) => {
                c.block_break();
                c.open("#quote(block: true)[".into());
            }
            Tag::CodeBlock(kind) => {
                c.block_break();
                let lang = match kind {
                    CodeBlockKind::Fenced(l) if !l.is_empty() => format!(", lang: {}", string(&l)),
                    _ => String::new(),
                };
                c.push(&format!("#raw(block: true{lang}, "));
                c.code = Some(String::new());
            }
            Tag::List(start) => {
                if c.lists.is_empty() {
                    c.block_break();
                }
                c.lists.push(start);
                c.marked
                    .push((ahead == Ahead::MarkedList).then(MarkedList::default));
            }
            Tag::Item if matches!(c.marked.last(), Some(Some(_))) => {
                if let Some(Some(m)) = c.marked.last_mut() {
                    m.item = Some(String::new());
                }
                c.last_char = None;
            }
            Tag::Item => {
                c.line_start();
                // Lists nested deeper than Typst parses print at the deepest level.
                let indent = "  ".repeat(c.lists.len().saturating_sub(1).min(MAX_LIST_DEPTH));
                let marker = match c.lists.last_mut() {
                    Some(Some(n)) => {
                        let m = format!("{n}. ");
                        *n += 1;
                        m
                    }
                    _ => "- ".to_string(),
                };
                c.push(&format!("{indent}{marker}"));
                c.last_char = None;
            }
            Tag::Emphasis => c.open("#emph[".into()),
            Tag::Strong => c.open("#strong[".into()),
            Tag::Strikethrough => c.open("#strike[".into()),
            Tag::Link { dest_url, .. } => {
                let d = dest_url.to_string();
                if d.starts_with("http://") || d.starts_with("https://") || d.starts_with("mailto:")
                {
                    c.open(format!("#link({})[", string(&d)));
                } else {
                    c.wrappers.push(None);
                }
            }
            Tag::Image { dest_url, .. } => {
                let d = dest_url.to_string();
                if d.starts_with("flow:") {
                    c.figure_caption = Some(String::new());
                }
                c.image = Some(d);
            }
            Tag::Table(aligns) => {
                c.block_break();
                c.table = Some(TableState {
                    columns: aligns.len(),
                    cells: Vec::new(),
                    cell: None,
                    header: 0,
                });
                let _: &[Alignment] = &aligns;
            }
            Tag::TableHead | Tag::TableRow => {}
            Tag::TableCell => {
                if let Some(t) = c.table.as_mut() {
                    t.cell = Some(String::new());
                }
            }
            _ => {}
        },
        Event::End(tag) => match tag {
            TagEnd::Paragraph => {
                if c.lists.is_empty() && c.table.is_none() {
                    if std::mem::take(&mut c.caption) {
                        c.push("]");
                    }
                    c.block_break();
                } else {
                    c.push(" ");
                }
            }
            TagEnd::Heading(_) => c.block_break(),
            TagEnd::BlockQuote(_) => {
                c.close();
                c.block_break();
            }
            TagEnd::CodeBlock => {
                let code = c.code.take().unwrap_or_default();
                c.push(&format!("{})", string(&code)));
                c.block_break();
            }
            TagEnd::List(_) => {
                c.lists.pop();
                if let Some(Some(m)) = c.marked.pop() {
                    // One numbering per item: the items' own, no marker.
                    let items: Vec<String> =
                        m.items.iter().map(|x| format!("[{}]", x.trim())).collect();
                    c.line_start();
                    let indent = "  ".repeat(c.lists.len().min(MAX_LIST_DEPTH));
                    let list = format!(
                        "{indent}#list(marker: [], indent: 0pt, body-indent: 0pt, {})\n",
                        items.join(", ")
                    );
                    c.push(&list);
                }
                if c.lists.is_empty() {
                    c.block_break();
                }
            }
            TagEnd::Item if matches!(c.marked.last(), Some(Some(_))) => {
                if let Some(Some(m)) = c.marked.last_mut()
                    && let Some(item) = m.item.take()
                {
                    m.items.push(item);
                }
            }
            TagEnd::Item => c.line_start(),
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link => c.close(),
            TagEnd::Image => {
                // A flow's picture with its title as the caption above it:
                // one figure, never split from its title by a page break.
                if let (Some(d), Some(title)) = (c.image.take(), c.figure_caption.take())
                    && let Some(id) = d.strip_prefix("flow:")
                {
                    c.block_break();
                    let caption = if title.trim().is_empty() {
                        String::new()
                    } else {
                        format!(
                            ", caption: figure.caption(position: top)[#strong[{}]]",
                            escape(title.trim())
                        )
                    };
                    c.push(&format!(
                        "#figure(image({}, width: 100%, alt: {}), numbering: none{caption})\n\n",
                        string(&format!("/flows/{id}.svg")),
                        string(title.trim())
                    ));
                }
            }
            TagEnd::TableCell => {
                if let Some(t) = c.table.as_mut()
                    && let Some(cell) = t.cell.take()
                {
                    t.cells.push(cell);
                }
            }
            TagEnd::TableHead => {
                if let Some(t) = c.table.as_mut() {
                    t.header = t.cells.len();
                }
            }
            TagEnd::Table => {
                if let Some(t) = c.table.take() {
                    let head: Vec<String> = t.cells[..t.header]
                        .iter()
                        .map(|x| format!("[#strong[{}]]", x.trim()))
                        .collect();
                    let body: Vec<String> = t.cells[t.header..]
                        .iter()
                        .map(|x| format!("[{}]", x.trim()))
                        .collect();
                    let header = if head.is_empty() {
                        String::new()
                    } else {
                        format!("table.header({}),\n  ", head.join(", "))
                    };
                    c.out.push_str(&format!(
                        "#table(columns: {}, inset: 5pt, stroke: 0.5pt,\n  {header}{})\n\n",
                        t.columns.max(1),
                        body.join(", ")
                    ));
                }
            }
            _ => {}
        },
        Event::Text(t) => match c.code.as_mut() {
            Some(code) => code.push_str(&t),
            None => c.text(&t),
        },
        Event::Code(t) => {
            let s = format!("#raw({})", string(&t));
            c.push(&s);
            c.last_char = t.chars().last();
        }
        Event::SoftBreak => c.pending_soft_break = true,
        Event::HardBreak => c.push(" \\\n"),
        Event::Rule => {
            c.block_break();
            c.push("#line(length: 100%, stroke: 0.5pt)\n\n");
        }
        Event::FootnoteReference(label) => {
            let def = c.footnotes.get(label.as_ref()).cloned().unwrap_or_default();
            c.push(&format!("#footnote[{def}]"));
        }
        Event::Html(h) | Event::InlineHtml(h) => {
            // Raw HTML in a page: keep its text, drop the tags and comments.
            let kept = c.comments.strip(&h);
            let text: String = super::text::text_lines(&kept).join(" ");
            if !text.is_empty() {
                c.text(&text);
            }
        }
        Event::TaskListMarker(done) => c.push(if done { "☑ " } else { "☐ " }),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_japanese_lines_joined() {
        let t = convert(
            "事業所内でのIDの\n管理をする人です。#read(\"/etc/passwd\") *強調* https://x.jp//a\n",
            0,
        );
        assert!(t.contains("IDの管理をする人です。"), "{t}");
        assert!(!t.contains("#read"), "{t}");
        assert!(t.contains("#emph[強調]"), "{t}");
        assert!(!t.contains("//"), "a // would start a Typst comment: {t}");
    }

    /// Found by fuzzing (markdown_typst): control characters and braces
    /// in text must not make invalid Typst.
    #[test]
    fn control_characters_and_braces_stay_text() {
        let t = convert("{{ rule~~)~~(count\u{1}\u{0}$$ } ~~x~~\n", 0);
        let (errors, _) = typst::syntax::parse(&t).errors_and_warnings();
        assert!(errors.is_empty(), "{t}: {errors:?}");
    }

    /// Found by fuzzing (markdown_typst): deeply nested emphasis.
    #[test]
    fn deep_nesting_stays_valid() {
        let deep_quotes = format!("{}x\n", "> ".repeat(300));
        let deep_lists: String = (0..300)
            .map(|i| format!("{}- x\n", "  ".repeat(i)))
            .collect();
        let alternating = format!("{}x{}\n", "*_".repeat(200), "_*".repeat(200));
        let mixed = format!("{}**x** [*y*](https://a.jp)\n", "> - 1. ".repeat(100));
        for input in [
            include_str!("../../fuzz/regressions/markdown_typst-6b6876d2"),
            &deep_quotes,
            &deep_lists,
            &alternating,
            &mixed,
        ] {
            let t = convert(input, 0);
            let (errors, _) = typst::syntax::parse(&t).errors_and_warnings();
            assert!(errors.is_empty(), "{t}: {errors:?}");
        }
    }

    #[test]
    fn lists_with_their_own_numbers_print_no_second_one() {
        let t = convert(
            "- ① 一\n- ② 二\n\n1. (1) 三\n   - 入れ子\n2. (2) 四\n\n- 普通\n",
            0,
        );
        assert!(
            t.contains("#list(marker: [], indent: 0pt, body-indent: 0pt, [① 一], [② 二])"),
            "{t}"
        );
        assert!(t.contains("[\\u{28}1\\u{29} 三"), "{t}");
        assert!(t.contains("- 普通"), "{t}");
        let (errors, _) = typst::syntax::parse(&t).errors_and_warnings();
        assert!(errors.is_empty(), "{t}: {errors:?}");
    }

    /// A caption never stays alone at a page's foot: a flow's title is its
    /// figure's caption, a bold title line sticks to the table below it.
    #[test]
    fn captions_stay_with_what_they_name() {
        let t = convert(
            "![利用の流れ](flow:consent-flow)\n\n**別表1 施設の種類**\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n本文の**太字**です。\n",
            0,
        );
        assert!(
            t.contains("#figure(image(\"/flows/consent-flow.svg\", width: 100%, alt: \"利用の流れ\"), numbering: none, caption: figure.caption(position: top)[#strong[利用の流れ]])"),
            "{t}"
        );
        assert!(
            t.contains("#block(sticky: true)[#strong[別表1 施設の種類]]"),
            "{t}"
        );
        assert_eq!(t.matches("sticky").count(), 1, "{t}");
        let (errors, _) = typst::syntax::parse(&t).errors_and_warnings();
        assert!(errors.is_empty(), "{t}: {errors:?}");
    }

    #[test]
    fn headings_lists_tables_and_footnotes() {
        let t = convert(
            "## 第1条（目的）\n\n1. 一\n2. 二\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n本文[^n]\n\n[^n]: 注の文\n",
            0,
        );
        assert!(t.contains("== 第1条（目的）"), "{t}");
        assert!(t.contains("1\\u{2e} ") || t.contains("1. 一"), "{t}");
        assert!(t.contains("#table(columns: 2"), "{t}");
        assert!(t.contains("#footnote[注の文]"), "{t}");
    }
}
