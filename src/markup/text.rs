//! HTML -> plain text: the words a reader sees, line by line. The
//! 新旧対照表, the search index and the booklet's table captions all read
//! rendered pages through these.

/// Only ASCII white space is padding; U+3000 (全角スペース) is text.
pub fn trim_ascii(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_ascii_whitespace())
}

/// Decodes the character references an HTML writer produces
/// (`&amp;`, `&#39;`, `&#x2F;` …); unknown ones stay as written.
pub fn decode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let end = tail.find(';').filter(|e| *e < 10);
        let Some(end) = end else {
            out.push('&');
            rest = &tail[1..];
            continue;
        };
        let entity = &tail[1..end];
        let c = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            e if e.starts_with("#x") => u32::from_str_radix(&e[2..], 16)
                .ok()
                .and_then(char::from_u32),
            e if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match c {
            Some(c) => out.push(c),
            None => out.push_str(&tail[..=end]),
        }
        rest = &tail[end + 1..];
    }
    out.push_str(rest);
    out
}

/// The text of an HTML fragment, one line per block (paragraph, list item,
/// table row, heading), tags removed.
pub fn text_lines(html: &str) -> Vec<String> {
    let mut text = String::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        text.push_str(&rest[..i]);
        let Some(end) = rest[i..].find('>') else {
            break;
        };
        let tag = &rest[i + 1..i + end];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        match name.as_str() {
            "p" | "li" | "tr" | "br" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "dt" | "dd"
            | "div" | "section" | "figcaption" | "blockquote" | "table" | "ul" | "ol" => {
                text.push('\n')
            }
            "td" | "th" if tag.starts_with('/') => text.push(' '),
            _ => {}
        }
        rest = &rest[i + end + 1..];
    }
    text.push_str(rest);
    decode(&text)
        .lines()
        .map(trim_ascii)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// The `id="…"` of an element's opening tag (`<h2 id="purpose">…`), decoded.
pub fn id_attr(open_tag: &str) -> Option<String> {
    let attrs = open_tag.split_once('>').map_or(open_tag, |(a, _)| a);
    attrs
        .split("id=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .map(decode)
}

/// Removes HTML comments (`<!-- … -->`) from HTML that arrives in pieces,
/// a comment possibly spanning several: authors leave notes for each other
/// in comments, and those must not reach the published page or the booklet.
#[derive(Debug, Default)]
pub struct CommentStripper {
    inside: bool,
}

impl CommentStripper {
    /// `piece` without the comments it holds or continues.
    pub fn strip(&mut self, piece: &str) -> String {
        let mut out = String::new();
        let mut rest = piece;
        loop {
            if self.inside {
                match rest.find("-->") {
                    Some(i) => {
                        self.inside = false;
                        rest = &rest[i + 3..];
                    }
                    None => return out,
                }
            } else {
                match rest.find("<!--") {
                    Some(i) => {
                        out.push_str(&rest[..i]);
                        self.inside = true;
                        rest = &rest[i + 4..];
                    }
                    None => {
                        out.push_str(rest);
                        return out;
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_are_removed_across_pieces() {
        let mut s = CommentStripper::default();
        assert_eq!(s.strip("a<!-- note -->b"), "ab");
        assert_eq!(s.strip("<div><!-- starts"), "<div>");
        assert_eq!(s.strip("still inside"), "");
        assert_eq!(s.strip("ends --></div>"), "</div>");
    }
}
