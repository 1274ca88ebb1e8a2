use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Origin;
use crate::wareki::Date;

/// Pages the site generates for every region; page files may not take these
/// names.
pub const GENERATED_PAGES: &[&str] = &[
    "index", "contact", "forms", "rules", "history", "glossary", "search",
];

/// ページの種類。目次での扱いと、印刷のしかたが決まります。
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, Default, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum PageKind {
    /// 手引き（利用の手引き・活用の手引き）
    #[default]
    Handbook,
    /// 運用ポリシー・運用ルール・運用規約（第N条のある文書）
    Policy,
    /// 留意事項・お知らせ・説明
    Guide,
    /// 質疑応答集：「## 問1 …」の見出しが問い、その下が答え。問いごとに検索に出ます。
    Qa,
}

impl PageKind {
    pub fn label(self) -> &'static str {
        match self {
            PageKind::Handbook => "手引き",
            PageKind::Policy => "運用ポリシー・ルール",
            PageKind::Guide => "お知らせ・留意事項",
            PageKind::Qa => "質疑応答集",
        }
    }
}

/// ページの先頭の設定（front matter）。.md ファイルの最初の --- と --- の間に YAML で書きます（# からのコメントも書けます）。
#[derive(Debug, Clone, Deserialize, Serialize, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// ページの題名。目次とページの見出しに出ます。
    pub title: String,
    /// 目次での順番（小さいほど先）。
    #[serde(default)]
    pub order: i64,
    /// ページの種類: handbook（手引き）、policy（運用ポリシー・ルール）、guide（留意事項・お知らせ）、qa（質疑応答集）。
    #[serde(default)]
    pub kind: PageKind,
    /// true にすると下書き：確かめはしますが公開しません。公開するページから下書きへはリンクできません。
    #[serde(default)]
    pub draft: bool,
    /// 目次に添える一文の紹介。
    #[serde(default)]
    pub summary: String,
    /// このページが属する文書。region.yaml の documents の id（例: policy）を書くと、その文書の名前と最新の版がページに出ます。id でない言葉を書くと、それを文書の名前として題名の上に出します。書かなければ地域の handbook_title。
    #[serde(default)]
    pub document: String,
    /// このページの本文の改正（地域の revisions と同じ書き方）。
    #[serde(default)]
    pub revisions: Vec<super::Revision>,
    /// 本文を最後に見直した日（例: 令和6年4月1日）。ページに出ます。
    #[serde(default)]
    pub updated: Option<Date>,
}

/// A Markdown page of a region (`content/<region>/<slug>.md`).
#[derive(Debug, Clone, Deserialize, Serialize)]
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
    /// The date of the last commit that changed the file, if it is in git.
    pub committed: Option<Date>,
    pub origin: Origin,
}
