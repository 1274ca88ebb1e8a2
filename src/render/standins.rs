//! Tera parses a template's text one character at a time (a pest grammar),
//! which made parsing page bodies the largest cost of rendering them at
//! national scale. The text between tags is what Tera prints unchanged, so
//! it is replaced by short stand-ins while Tera parses and renders, and put
//! back afterwards.
//!
//! The stand-ins change only what Tera sees, never what it does: text next
//! to a tag that trims whitespace (`{{-`, `-%}`) is kept, and a source that
//! already holds the marker characters, or that Tera refuses once compacted,
//! is used as written (so errors are located in the text the author wrote).

/// Opens and closes a stand-in: `\u{E002}12\u{E003}` is text chunk 12.
const OPEN: char = '\u{E002}';
const CLOSE: char = '\u{E003}';

/// Chunks shorter than this are left in place: the stand-in would be no
/// shorter.
const MIN_CHUNK: usize = 16;

/// A template with its long text chunks replaced, and those chunks.
pub struct Compacted<'a> {
    pub template: String,
    chunks: Vec<&'a str>,
}

impl<'a> Compacted<'a> {
    /// None when there is nothing to gain or the markers already occur.
    pub fn of(source: &'a str) -> Option<Compacted<'a>> {
        if source.contains([OPEN, CLOSE]) {
            return None;
        }
        let mut template = String::with_capacity(source.len() / 4);
        let mut chunks = Vec::new();
        let mut rest = source;
        let mut trims_after = false;
        loop {
            let next = find_tag(rest);
            let (text, tag) = match next {
                Some((start, end)) => (&rest[..start], &rest[start..end]),
                None => (rest, ""),
            };
            let trims_before = tag.len() > 2 && tag.as_bytes()[2] == b'-';
            if text.len() >= MIN_CHUNK && !trims_after && !trims_before {
                template.push(OPEN);
                template.push_str(&chunks.len().to_string());
                template.push(CLOSE);
                chunks.push(text);
            } else {
                template.push_str(text);
            }
            let Some((_, end)) = next else { break };
            template.push_str(tag);
            trims_after = tag.len() > 4 && tag.as_bytes()[tag.len() - 3] == b'-';
            rest = &rest[end..];
        }
        (!chunks.is_empty()).then_some(Compacted { template, chunks })
    }

    /// Tera's output with each stand-in replaced by its text.
    pub fn restore(&self, rendered: &str) -> String {
        let mut out = String::with_capacity(
            rendered.len() + self.chunks.iter().map(|c| c.len()).sum::<usize>(),
        );
        let mut rest = rendered;
        while let Some(i) = rest.find(OPEN) {
            out.push_str(&rest[..i]);
            let after = &rest[i + OPEN.len_utf8()..];
            let number = after.find(CLOSE).and_then(|end| {
                let n: usize = after[..end].parse().ok()?;
                Some((n, end))
            });
            match number.and_then(|(n, end)| Some((self.chunks.get(n)?, end))) {
                Some((chunk, end)) => {
                    out.push_str(chunk);
                    rest = &after[end + CLOSE.len_utf8()..];
                }
                None => {
                    out.push(OPEN);
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }
}

/// The next tag (`{{ … }}`, `{% … %}`, `{# … #}`) as byte offsets of its
/// start and end; an unclosed tag runs to the end of the text.
fn find_tag(text: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(off) = text[i..].find('{') {
        let start = i + off;
        let close = match bytes.get(start + 1) {
            Some(b'{') => "}}",
            Some(b'%') => "%}",
            Some(b'#') => "#}",
            _ => {
                i = start + 1;
                continue;
            }
        };
        let end = text[start + 2..]
            .find(close)
            .map_or(text.len(), |e| start + 2 + e + 2);
        return Some((start, end));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(template: &str) -> String {
        let mut tera = tera::Tera::default();
        tera.add_raw_template("t", template).unwrap();
        let mut ctx = tera::Context::new();
        ctx.insert("name", "大崎");
        ctx.insert("items", &["一", "二"]);
        tera.render("t", &ctx).unwrap()
    }

    #[test]
    fn the_same_output_as_tera_on_the_text_as_written() {
        let sources = [
            "事務局は {{ name }} です。この文は十六バイトより長い文です。\n\n## 見出し\n",
            "{% for i in items %}項目 {{ i }} の説明は十分に長い文章です。\n{% endfor %}末尾の文も十分に長い文章です。",
            "前の文は十分に長い文章です。   {{- name -}}   後の文も十分に長い文章です。",
            "前の文は十分に長い文章です。\n{%- if name %}  条件の中の十分に長い文章です。  {% endif %}\n",
            "{# コメント #}コメントの後の十分に長い文章です。{% raw %}{{ そのまま }}の十分に長い文章{% endraw %}",
            "短い{{ name }}文",
        ];
        let mut compacted = Vec::new();
        for s in sources {
            if let Some(c) = Compacted::of(s) {
                assert!(c.template.len() < s.len(), "{s}");
                assert_eq!(c.restore(&render(&c.template)), render(s), "{s}");
                compacted.push(s);
            }
        }
        // Text next to a trimming tag, and short text, stay as written.
        assert_eq!(compacted, [sources[0], sources[1], sources[3], sources[4]],);
    }

    #[test]
    fn text_holding_the_markers_is_used_as_written() {
        assert!(Compacted::of("\u{E002}0\u{E003} と十分に長い文章です。{{ name }}").is_none());
    }

    #[test]
    fn an_unclosed_tag_is_kept_whole_for_tera_to_refuse() {
        let s = "十分に長い文章です。十分に長い文章です。{{ name ";
        let c = Compacted::of(s).unwrap();
        assert!(c.template.ends_with("{{ name "));
        assert!(
            tera::Tera::default()
                .add_raw_template("t", &c.template)
                .is_err()
        );
    }
}
