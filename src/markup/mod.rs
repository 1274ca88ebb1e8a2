//! Pure text transforms, no I/O and no model: Markdown to HTML, Markdown to
//! Typst markup, HTML to plain text.

pub mod markdown;
pub mod text;
pub mod typst;
