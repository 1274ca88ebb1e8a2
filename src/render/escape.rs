//! Escaping values for what they are printed into: HTML, or Markdown that
//! goes on to become HTML or Typst. A value always prints as written and
//! never becomes markup.

/// HTML escaping for templates: Tera's own also escapes `/`, which makes
/// every URL in the output unreadable (`..&#x2F;index.html`).
pub fn escape_html(s: &str) -> String {
    escape_with(s, &[])
}

/// HTML escaping, and `extra` characters as numeric entities too.
pub fn escape_with(s: &str, extra: &[char]) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if extra.contains(&c) => out.push_str(&format!("&#{};", c as u32)),
            _ => out.push(c),
        }
    }
    out
}

/// Escapes a value printed into a page's Markdown by `{{ … }}`: HTML
/// specials and Markdown specials become entities, so a value prints as
/// written and can never become markup.
pub fn escape_markdown_value(s: &str) -> String {
    const MARKDOWN: &[char] = &['*', '_', '[', ']', '`', '~', '\\', '|', '#', '!'];
    escape_with(&s.replace('\n', " "), MARKDOWN)
}

/// Shortcode HTML goes back through the Markdown parser with the page; make
/// the characters Markdown would act on inert (as entities) in text, so a
/// `*` or `_` in a value prints as written.
pub fn protect_from_markdown(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(c);
            }
            '>' => {
                in_tag = false;
                out.push(c);
            }
            '*' | '_' | '[' | ']' | '`' | '~' | '\\' | '|' if !in_tag => {
                out.push_str(&format!("&#{};", c as u32));
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_cannot_become_markup() {
        assert_eq!(escape_markdown_value("<script>"), "&lt;script&gt;");
        assert_eq!(escape_markdown_value("a*b*"), "a&#42;b&#42;");
        assert_eq!(
            protect_from_markdown("<span class=\"a_b\">x_y</span>"),
            "<span class=\"a_b\">x&#95;y</span>"
        );
    }
}
