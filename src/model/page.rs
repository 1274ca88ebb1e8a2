use serde::{Deserialize, Serialize};

use super::Origin;
use crate::wareki::Date;

/// Pages the site generates for every region; page files may not take these
/// names.
pub const GENERATED_PAGES: &[&str] = &[
    "index", "contact", "forms", "rules", "history", "glossary", "search",
];

/// What a page is; decides where it is listed and how it is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum PageKind {
    /// 利用の手引き / 活用の手引き
    #[default]
    Handbook,
    /// 運用ポリシー / 運用ルール / 運用規約 (numbered articles)
    Policy,
    /// 留意事項, notices, explanations
    Guide,
}

impl PageKind {
    pub fn label(self) -> &'static str {
        match self {
            PageKind::Handbook => "手引き",
            PageKind::Policy => "運用ポリシー・ルール",
            PageKind::Guide => "お知らせ・留意事項",
        }
    }
}

/// The YAML front matter of a page, between `---` lines.
#[derive(Debug, Clone, Deserialize, Serialize, Default)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: String,
    /// Position in the region's table of contents (smaller first).
    #[serde(default)]
    pub order: i64,
    #[serde(default)]
    pub kind: PageKind,
    /// A draft is checked but not published; linking to it is an error.
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub summary: String,
    /// The document this page belongs to (e.g. 「いなべ地域ケアネット」利用の手引き),
    /// shown above the title; defaults to the region's handbook title.
    #[serde(default)]
    pub document: String,
    /// Revisions of this page's text, newest or oldest first.
    #[serde(default)]
    pub revisions: Vec<super::Revision>,
    /// Date the text was last reviewed, shown on the page.
    #[serde(default)]
    pub updated: Option<Date>,
}

/// A Markdown page of a region (`content/<region>/<slug>.md`).
#[derive(Debug, Clone)]
pub struct Page {
    /// File name without `.md`: the page's URL is `<region>/<slug>.html`.
    pub slug: String,
    pub meta: FrontMatter,
    /// The Markdown after the front matter.
    pub body: String,
    /// Line of the file on which `body` starts (1-based).
    pub body_line: usize,
    /// The whole file as read, for locating problems in the body.
    pub source: String,
    pub origin: Origin,
}
