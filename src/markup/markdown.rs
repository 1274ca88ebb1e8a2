//! Markdown -> HTML with readable Japanese heading anchors, links handed to
//! the caller for checking and rewriting, and soft line breaks between
//! Japanese characters joined (a browser would show them as spaces).

use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    /// Plain text of the heading.
    pub text: String,
    /// How a table of contents names it: the text, with the article's
    /// number in front when the number opens the paragraph below a caption
    /// (`（目的）` + `第1条　この…` -> `第1条（目的）`).
    pub label: String,
    /// More anchors of the heading besides `id`: its article's number
    /// (`第10条`), so that 「第10条を見て」 can be followed with `#第10条`
    /// while links to the stable id keep working.
    pub anchors: Vec<String>,
}

/// The number a text opens with, as an anchor: an article's (`第10条`,
/// `第10条の2`) or a Q&A question's (`問3`), full-width digits as ASCII;
/// None if it does not open with one.
pub fn article_number(text: &str) -> Option<String> {
    if let Some(rest) = text.trim_start().strip_prefix('問') {
        let (n, _) = digits(rest);
        return (!n.is_empty()).then(|| format!("問{n}"));
    }
    fn digits(s: &str) -> (String, &str) {
        let mut out = String::new();
        let mut rest = s;
        for c in s.chars() {
            let d = match c {
                '0'..='9' => c,
                '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
                '〇' | '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
                | '百' => c,
                _ => break,
            };
            out.push(d);
            rest = &rest[c.len_utf8()..];
        }
        (out, rest)
    }
    let rest = text.trim_start().strip_prefix('第')?;
    let (n, rest) = digits(rest);
    let rest = rest.strip_prefix('条')?;
    if n.is_empty() {
        return None;
    }
    let mut out = format!("第{n}条");
    if let Some(branch) = rest.strip_prefix('の') {
        let (m, _) = digits(branch);
        if !m.is_empty() {
            out.push('の');
            out.push_str(&m);
        }
    }
    Some(out)
}

/// A heading that is only a caption in brackets (`（目的）`), as 規程 set
/// them above the paragraph that opens with the article's number.
fn is_caption(text: &str) -> bool {
    let t = text.trim();
    (t.starts_with('（') && t.ends_with('）')) || (t.starts_with('(') && t.ends_with(')'))
}

/// The text the paragraph right after `events[after]` opens with.
fn next_paragraph_text<'a>(events: &'a [(Event, Range<usize>)], after: usize) -> Option<&'a str> {
    let mut k = after + 1;
    if !matches!(events.get(k)?.0, Event::Start(Tag::Paragraph)) {
        return None;
    }
    k += 1;
    while let Some((e, _)) = events.get(k) {
        match e {
            Event::Text(t) => return Some(t),
            Event::Start(Tag::Emphasis | Tag::Strong) | Event::InlineHtml(_) => k += 1,
            _ => return None,
        }
    }
    None
}

#[derive(Debug, Default)]
pub struct Rendered {
    pub html: String,
    pub headings: Vec<Heading>,
    /// Headings whose anchor was taken by an earlier one (and so got a
    /// `-2`), with whether the author wrote the id (`{#purpose}`).
    pub repeated_ids: Vec<(Heading, bool)>,
}

/// Options every Markdown in tebiki is read with.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_STRIKETHROUGH
}

/// The anchor of a heading: letters and digits of any script kept as
/// written, ASCII lower-cased, spaces to `-`, punctuation dropped.
/// `第1条（目的）` -> `第1条目的`; `Step 1: 申込` -> `step-1-申込`.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.trim().chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if (c.is_whitespace() || c == '-' || c == '_')
            && !out.ends_with('-')
            && !out.is_empty()
        {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "section".into()
    } else {
        out
    }
}

/// Whether `text` opens with a number or mark of its own: ①, (1), （１）,
/// 1., 1　, ア., (ア), 一、 — a list whose items all do needs no bullets or
/// numbers of its own (「• ①」, 「1. 1 利用申込」 read as two numbers).
pub fn opens_with_marker(text: &str) -> bool {
    let t = text.trim_start();
    let mut chars = t.chars().peekable();
    let Some(first) = chars.next() else {
        return false;
    };
    // ①…⑳, ㉑…㉟, ㊱…㊿, ⑴…⒇, ⒈…⒛, ❶…❿
    if matches!(first as u32, 0x2460..=0x249B | 0x3251..=0x325F | 0x32B1..=0x32BF | 0x2776..=0x277F)
    {
        return true;
    }
    let numeral = |c: char| {
        c.is_ascii_digit() || ('０'..='９').contains(&c) || "〇一二三四五六七八九十".contains(c)
    };
    let letter =
        |c: char| c.is_ascii_alphabetic() || ('ア'..='ン').contains(&c) || ('ｱ'..='ﾝ').contains(&c);
    let bracketed = matches!(first, '(' | '（');
    let head = if bracketed {
        match chars.next() {
            Some(c) => c,
            None => return false,
        }
    } else {
        first
    };
    let is_numeral = numeral(head);
    if !is_numeral && !letter(head) {
        return false;
    }
    // A number may have more digits; a letter is one character.
    let mut next = chars.next();
    if is_numeral {
        while next.is_some_and(numeral) {
            next = chars.next();
        }
    }
    match next {
        Some(')' | '）') => true,
        _ if bracketed => false,
        // 1. 1． 1、 1) and 1 followed by a space; ア followed by a space
        // (「ア　安全な…」); a Latin letter only with a stop or bracket
        // (「A 型」 is a word).
        Some('.' | '．' | '、' | '，') => true,
        Some(' ' | '　') => is_numeral || !head.is_ascii(),
        _ => false,
    }
}

/// Whether every item of the list that `events` opens (the events after
/// its start, to its end and beyond) opens with a marker of its own.
pub fn items_have_own_markers<'a>(events: impl IntoIterator<Item = &'a Event<'a>>) -> bool {
    let mut depth = 0usize;
    let mut items = 0usize;
    // Whether the current item's first text has been seen.
    let mut waiting = false;
    for e in events {
        match e {
            Event::Start(Tag::List(_)) => depth += 1,
            Event::End(TagEnd::List(_)) if depth == 0 => break,
            Event::End(TagEnd::List(_)) => depth -= 1,
            Event::Start(Tag::Item) if depth == 0 => {
                if waiting {
                    return false;
                }
                items += 1;
                waiting = true;
            }
            Event::Text(t) if waiting => {
                if !opens_with_marker(t) {
                    return false;
                }
                waiting = false;
            }
            Event::Start(Tag::Paragraph | Tag::Emphasis | Tag::Strong) | Event::InlineHtml(_)
                if waiting => {}
            _ if waiting => return false,
            _ => {}
        }
    }
    items > 0 && !waiting
}

/// Characters between which a line break is not a space in Japanese text.
pub fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x9FFF      // CJK radicals, kana, CJK symbols and ideographs
        | 0xF900..=0xFAFF    // compatibility ideographs
        | 0xFF00..=0xFFEF    // full-width forms
        | 0x20000..=0x3FFFF) // ideograph extensions
}

/// Renders `text`. `link` is called with each link or image destination and
/// its byte range in `text`, and returns the destination to write.
pub fn render(text: &str, mut link: impl FnMut(&str, Range<usize>) -> String) -> Rendered {
    let events: Vec<(Event, Range<usize>)> = Parser::new_ext(text, options())
        .into_offset_iter()
        .collect();
    let mut out: Vec<Event> = Vec::with_capacity(events.len());
    let mut headings = Vec::new();
    let mut used_ids: HashSet<String> = HashSet::new();
    let mut repeated = Vec::new();
    let mut comments = super::text::CommentStripper::default();
    // Open lists: whether each shows its items' own markers only.
    let mut lists: Vec<bool> = Vec::new();
    let mut i = 0;
    while i < events.len() {
        let (ev, range) = &events[i];
        match ev {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                // Gather the heading's text to make its anchor.
                let mut j = i + 1;
                let mut plain = String::new();
                while j < events.len() && !matches!(events[j].0, Event::End(TagEnd::Heading(_))) {
                    if let Event::Text(t) | Event::Code(t) = &events[j].0 {
                        plain.push_str(t);
                    }
                    j += 1;
                }
                let base = id
                    .as_ref()
                    .map(|s| s.to_string())
                    .unwrap_or_else(|| slug(&plain));
                // The article's number: in the heading, or opening the
                // paragraph under a caption.
                let (article, label) = match article_number(&plain) {
                    Some(a) => (Some(a), plain.clone()),
                    None if is_caption(&plain) => {
                        match next_paragraph_text(&events, j).and_then(article_number) {
                            Some(a) => {
                                let label = format!("{a}{}", plain.trim());
                                (Some(a), label)
                            }
                            None => (None, plain.clone()),
                        }
                    }
                    None => (None, plain.clone()),
                };
                let mut anchor = base.clone();
                let mut n = 2;
                while !used_ids.insert(anchor.clone()) {
                    anchor = format!("{base}-{n}");
                    n += 1;
                }
                if n > 2 {
                    repeated.push((
                        Heading {
                            level: heading_level(*level),
                            id: base.clone(),
                            text: plain.clone(),
                            label: label.clone(),
                            anchors: Vec::new(),
                        },
                        id.is_some(),
                    ));
                }
                // The article's anchor, unless it is the heading's own or
                // an earlier heading has it (the first 第1条 keeps it).
                let anchors: Vec<String> = article
                    .filter(|a| *a != anchor && !used_ids.contains(a))
                    .into_iter()
                    .collect();
                used_ids.extend(anchors.iter().cloned());
                out.push(Event::Start(Tag::Heading {
                    level: *level,
                    id: Some(CowStr::from(anchor.clone())),
                    classes: classes.clone(),
                    attrs: attrs.clone(),
                }));
                for a in &anchors {
                    out.push(Event::InlineHtml(
                        format!(r#"<span class="article-anchor" id="{a}"></span>"#).into(),
                    ));
                }
                headings.push(Heading {
                    level: heading_level(*level),
                    id: anchor,
                    text: plain,
                    label,
                    anchors,
                });
            }
            Event::Start(tag @ (Tag::Link { .. } | Tag::Image { .. })) => {
                let mut tag = tag.clone();
                if let Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } = &mut tag {
                    *dest_url = link(dest_url, range.clone()).into();
                }
                out.push(Event::Start(tag));
            }
            // A list whose items carry their own numbers (①, (1)) shows
            // no bullets or numbers besides.
            Event::Start(Tag::List(start)) => {
                let marked = items_have_own_markers(events[i + 1..].iter().map(|(e, _)| e));
                lists.push(marked);
                if marked {
                    let tag = if start.is_some() { "ol" } else { "ul" };
                    out.push(Event::Html(format!("<{tag} class=\"marked\">\n").into()));
                } else {
                    out.push(ev.clone());
                }
            }
            Event::End(TagEnd::List(ordered)) => {
                if lists.pop() == Some(true) {
                    let tag = if *ordered { "ol" } else { "ul" };
                    out.push(Event::Html(format!("</{tag}>\n").into()));
                } else {
                    out.push(ev.clone());
                }
            }
            Event::SoftBreak => {
                let before = last_char(&out);
                let after = first_char(events[i + 1..].iter().map(|(e, _)| e));
                let join =
                    matches!((before, after), (Some(a), Some(b)) if is_wide(a) || is_wide(b));
                if !join {
                    out.push(Event::SoftBreak);
                }
            }
            // Authors' notes to each other are not published.
            Event::Html(h) => {
                let kept = comments.strip(h);
                if !kept.trim().is_empty() {
                    out.push(Event::Html(kept.into()));
                }
            }
            Event::InlineHtml(h) => {
                let kept = comments.strip(h);
                if !kept.is_empty() {
                    out.push(Event::InlineHtml(kept.into()));
                }
            }
            other => out.push(other.clone()),
        }
        i += 1;
    }
    let mut html_out = String::with_capacity(text.len() * 3 / 2);
    html::push_html(&mut html_out, out.into_iter());
    Rendered {
        html: html_out,
        headings,
        repeated_ids: repeated,
    }
}

fn heading_level(l: HeadingLevel) -> u8 {
    l as u8
}

/// Inline events that do not break a line of text: a soft break next to
/// them is judged by the text beyond them (`…です。</span>\n<span>状況…`).
fn transparent(e: &Event) -> bool {
    matches!(
        e,
        Event::InlineHtml(_)
            | Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. })
            | Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link)
    )
}

fn text_char(e: &Event, last: bool) -> Option<char> {
    match e {
        Event::Text(t) | Event::Code(t) if last => t.chars().last(),
        Event::Text(t) | Event::Code(t) => t.chars().next(),
        _ => None,
    }
}

fn last_char(events: &[Event]) -> Option<char> {
    let e = events.iter().rev().find(|e| !transparent(e))?;
    text_char(e, true)
}

fn first_char<'a>(mut rest: impl Iterator<Item = &'a Event<'a>>) -> Option<char> {
    let e = rest.find(|e| !transparent(e))?;
    text_char(e, false)
}

/// A short piece of Markdown (a rule sentence) as HTML: a single
/// paragraph comes without its `<p>` so it can sit inside a sentence;
/// anything more (a lead sentence and a list, two paragraphs) is a block,
/// on one line so that it stays one HTML block where a page embeds it.
pub struct Fragment {
    pub html: String,
    pub block: bool,
}

pub fn fragment_html(text: &str) -> Fragment {
    let html = render(text, |d, _| d.to_string()).html;
    let t = html.trim();
    match t.strip_prefix("<p>").and_then(|t| t.strip_suffix("</p>")) {
        Some(inner) if !inner.contains("<p>") => Fragment {
            html: inner.to_string(),
            block: false,
        },
        _ => Fragment {
            html: t.replace('\n', ""),
            block: true,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sentence_is_inline_and_a_list_is_a_block() {
        let f = fragment_html("パスワードは**８文字以上**とします。");
        assert!(!f.block);
        assert_eq!(f.html, "パスワードは<strong>８文字以上</strong>とします。");
        let f = fragment_html("次の者とします。\n\n- 医師\n- 看護師\n");
        assert!(f.block);
        assert_eq!(
            f.html,
            "<p>次の者とします。</p><ul><li>医師</li><li>看護師</li></ul>"
        );
    }

    #[test]
    fn anchors_stay_japanese() {
        assert_eq!(slug("第1条（目的）"), "第1条目的");
        assert_eq!(slug("Step 1: 申込"), "step-1-申込");
        assert_eq!(
            slug("「いなべ地域ケアネット」について"),
            "いなべ地域ケアネットについて"
        );
        assert_eq!(slug("（）"), "section");
    }

    #[test]
    fn headings_get_ids_and_custom_ids_win() {
        let r = render(
            "# 第1条（目的）\n\n## 目的 {#purpose}\n\n## 目的\n\n## 目的\n",
            |d, _| d.into(),
        );
        let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["第1条目的", "purpose", "目的", "目的-2"]);
        assert!(
            r.html.contains(r#"<h2 id="purpose">目的</h2>"#),
            "{}",
            r.html
        );
    }

    #[test]
    fn articles_have_their_number_as_an_anchor_beside_the_stable_id() {
        let r = render(
            "## 第10条（患者同意） {#consent}\n\n本文\n\n## （目的） {#purpose}\n\n第1条　この規程は、\n\n## （その他）\n\n本文\n\n## 第1条\n\n附則の第1条\n",
            |d, _| d.into(),
        );
        let h = &r.headings;
        assert_eq!(h[0].id, "consent");
        assert_eq!(h[0].anchors, ["第10条"]);
        assert_eq!(h[0].label, "第10条（患者同意）");
        assert_eq!(h[1].id, "purpose");
        assert_eq!(h[1].anchors, ["第1条"]);
        assert_eq!(h[1].label, "第1条（目的）");
        assert!(h[2].anchors.is_empty());
        assert_eq!(h[2].label, "（その他）");
        // A second 第1条 (in 附則) leaves the anchor to the first.
        assert_eq!(h[3].id, "第1条-2");
        assert!(h[3].anchors.is_empty());
        assert!(
            r.html.contains(
                r#"<h2 id="consent"><span class="article-anchor" id="第10条"></span>第10条（患者同意）</h2>"#
            ),
            "{}",
            r.html
        );
    }

    #[test]
    fn lists_with_their_own_numbers_get_no_second_one() {
        for own in [
            "①　説明",
            "(1) 利用申込",
            "（１）利用",
            "1. はじめに",
            "1 利用申込",
            "ア．概要",
            "ア 安全な",
            "(ア) 概要",
            "一、総則",
            "⑴ 目的",
            "10) 十",
        ] {
            assert!(opens_with_marker(own), "{own}");
        }
        for not in [
            "利用申込",
            "A 型の端末",
            "2部作成",
            "1つの端末",
            "(注) 注意",
            "アプリ",
            "MCS の登録",
            "",
        ] {
            assert!(!opens_with_marker(not), "{not}");
        }
        let r = render(
            "- ① 一\n- ② 二\n\n1. (1) 一\n2. (2) 二\n\n- ① 一\n- 二\n",
            |d, _| d.into(),
        );
        assert!(
            r.html.contains("<ul class=\"marked\">\n<li>① 一</li>"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("<ol class=\"marked\">\n<li>(1) 一</li>"),
            "{}",
            r.html
        );
        // Only when every item has its own.
        assert!(
            r.html.contains("<ul>\n<li>① 一</li>\n<li>二</li>\n</ul>"),
            "{}",
            r.html
        );
        assert_eq!(r.html.matches("</ul>").count(), 2, "{}", r.html);
    }

    #[test]
    fn article_numbers() {
        assert_eq!(
            article_number("第１０条（目的）").as_deref(),
            Some("第10条")
        );
        assert_eq!(article_number("第3条の2　…").as_deref(), Some("第3条の2"));
        assert_eq!(article_number("第十条").as_deref(), Some("第十条"));
        assert_eq!(article_number("附則"), None);
        assert_eq!(article_number("第1項"), None);
        assert_eq!(article_number("第条"), None);
        // A Q&A question is linked to as #問3, however it is written.
        assert_eq!(
            article_number("問３　パスワードを忘れたら").as_deref(),
            Some("問3")
        );
        assert_eq!(article_number("問12 端末は").as_deref(), Some("問12"));
        assert_eq!(article_number("問い合わせ先"), None);
    }

    #[test]
    fn soft_breaks_between_japanese_are_joined() {
        let r = render(
            "事業所内でのIT機器やIDの\n管理をする人です。\nThe end\nof line",
            |d, _| d.into(),
        );
        assert!(
            r.html.contains("IDの管理をする人です。The end\nof line"),
            "{}",
            r.html
        );
    }

    #[test]
    fn tables_and_footnotes_render() {
        let r = render(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n本文[^1]\n\n[^1]: 注\n",
            |d, _| d.into(),
        );
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("footnote-definition"));
    }

    #[test]
    fn links_are_rewritten_by_the_caller() {
        let r = render("[規約](policy.md#第1条目的)", |d, range| {
            assert_eq!(range.start, 0);
            d.replace(".md", ".html")
        });
        // pulldown-cmark percent-encodes the fragment; browsers decode it.
        let want = r#"href="policy.html#%E7%AC%AC1%E6%9D%A1%E7%9B%AE%E7%9A%84""#;
        assert!(r.html.contains(want), "{}", r.html);
    }
}
