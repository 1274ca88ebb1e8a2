//! One context per theme template: what each generated page adds to its
//! frame ([`super::SitePage`], [`super::RegionPage`]).

use serde::Serialize;

use super::{documents::*, region::*};
use crate::markup::markdown::{Heading, fragment_html};
use crate::model::{List, PageKind, Region, Rule, Site, Topic};

/// `region.html`: the region's top page, its reader's tasks first.
#[derive(Serialize)]
pub struct TasksExtra {
    pub tasks: Vec<TaskView>,
}

/// One of the reader's tasks (`render::tasks`) as the top page shows it.
#[derive(Debug, Serialize)]
pub struct TaskView {
    pub id: &'static str,
    pub label: &'static str,
    /// Relative to the region's folder (or an outside address).
    pub href: String,
    /// Where the link goes, in words (`4. 利用開始までの手続き`,
    /// `1 利用申込及び退会に関すること › (1) 利用申込`); "" for an outside one.
    pub place: String,
    /// The 事務局's number to call, on 問い合わせ only.
    pub tel: String,
}

/// `forms.html`: the region's forms with their files' sizes.
#[derive(Serialize)]
pub struct FormsExtra<'a> {
    pub forms: Vec<FormEntry<'a>>,
    /// The zip of every form's print variant, when this build made them.
    pub zip: Option<FileLink>,
    /// Where the region's forms are handed out when the site has none
    /// (region.yaml's `tasks.forms`, an outside address), else "".
    pub elsewhere: &'a str,
}

#[derive(Serialize)]
pub struct FormEntry<'a> {
    #[serde(flatten)]
    pub form: FormView<'a>,
    /// 「PDF 2.4MB」, or "" when the size is not known (a site-only build).
    pub pdf_meta: String,
    pub print_pdf_meta: String,
}

#[derive(Serialize)]
pub struct FileLink {
    pub href: String,
    /// 「ZIP 5.1MB」
    pub meta: String,
    pub count: usize,
}

/// `page.html`: a Markdown page in its region's frame.
#[derive(Serialize)]
pub struct ContentPage<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub summary: &'a str,
    pub kind: PageKind,
    pub kind_label: &'static str,
    /// The document the page belongs to (shown above its title).
    pub document: String,
    /// 最終更新: when the text last changed (see `Region::page_date`).
    pub updated: Option<String>,
    pub updated_iso: Option<String>,
    /// The edition of its document the page is in (2017/7/26版).
    pub edition: &'a str,
    pub html: &'a str,
    /// Headings of levels 2 and 3.
    pub toc: Vec<&'a Heading>,
    pub prev: Option<PageLink<'a>>,
    pub next: Option<PageLink<'a>>,
}

#[derive(Serialize)]
pub struct PageExtra<'a> {
    pub page: ContentPage<'a>,
}

/// `site_glossary.html`: every region's terms, merged by term.
#[derive(Serialize)]
pub struct GlossaryExtra<'a> {
    pub terms: Vec<GlossaryTerm<'a>>,
}

#[derive(Serialize)]
pub struct GlossaryTerm<'a> {
    pub term: &'a str,
    pub reading: &'a str,
    pub definitions: Vec<GlossaryDefinition<'a>>,
}

#[derive(Serialize)]
pub struct GlossaryDefinition<'a> {
    pub region: &'a str,
    pub region_id: &'a str,
    pub definition: &'a str,
}

/// `rules.html`: the region's rules grouped by topic.
#[derive(Serialize)]
pub struct RulesExtra<'a> {
    pub topics: Vec<TopicRules<'a>>,
}

#[derive(Serialize)]
pub struct TopicRules<'a> {
    pub id: &'a str,
    pub label: &'a str,
    pub description: &'a str,
    pub rules: Vec<RuleView<'a>>,
}

/// A rule sentence as HTML, with its typed values as labelled text.
#[derive(Serialize)]
pub struct RuleView<'a> {
    pub id: &'a str,
    pub html: String,
    pub values: Vec<LabelledValue>,
    /// Whether this listing carries the rule's anchor: a rule of several
    /// topics is listed under each, its `#rule-…` under the first only.
    pub anchored: bool,
    /// Where the rule was taken from (`source`), as a link and its words
    /// (「質疑応答集 問3」).
    pub source: Option<Target>,
}

/// A link and the words it is shown with.
#[derive(Serialize)]
pub struct Target {
    pub href: String,
    pub text: String,
}

#[derive(Serialize)]
pub struct LabelledValue {
    pub label: &'static str,
    pub value: String,
}

impl<'a> RuleView<'a> {
    /// The rule as listed under `topic`, with where it was taken from.
    pub fn of(
        r: &'a Rule,
        topic: &str,
        source: Option<Target>,
        values: Vec<(&'static str, String)>,
    ) -> RuleView<'a> {
        RuleView {
            id: &r.id,
            html: fragment_html(&r.text).html,
            values: values
                .into_iter()
                .map(|(label, value)| LabelledValue { label, value })
                .collect(),
            anchored: r.topic.first() == topic,
            source,
        }
    }
}

/// A region as a column of the comparison.
#[derive(Serialize)]
pub struct RegionColumn<'a> {
    pub id: &'a str,
    pub short: &'a str,
    pub name: &'a str,
}

impl<'a> RegionColumn<'a> {
    pub fn of(r: &'a Region) -> RegionColumn<'a> {
        RegionColumn {
            id: &r.id,
            short: r.short(),
            name: &r.name,
        }
    }
}

/// `history.html`: the handbook's revisions, then each document's
/// editions, each newest first.
#[derive(Serialize)]
pub struct HistoryExtra<'a> {
    pub sections: Vec<HistorySection<'a>>,
}

/// One history on the 改正履歴 page: the handbook's (no id) or a
/// document's.
#[derive(Serialize)]
pub struct HistorySection<'a> {
    pub id: &'a str,
    pub title: String,
    pub partial: bool,
    pub file: Option<FileView<'a>>,
    pub entries: Vec<HistoryEntry<'a>>,
}

#[derive(Serialize)]
pub struct HistoryEntry<'a> {
    #[serde(flatten)]
    pub revision: RevisionView<'a>,
    /// The newest revision.
    pub current: bool,
    /// The 新旧対照表 against the revision before, when both name git refs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comparisons: Option<Vec<ComparisonLink>>,
}

#[derive(Serialize)]
pub struct ComparisonLink {
    pub title: String,
    pub html: String,
    pub pdf: String,
}

// ---- Shortcodes ----

/// `shortcodes/list_table.*`: a shared list in rows of `columns` cells.
#[derive(Serialize)]
pub struct ListTableView<'a> {
    pub list: &'a List,
    pub entry_label: &'a str,
    pub columns: usize,
    pub rows: Vec<Vec<Option<ListCell<'a>>>>,
}

#[derive(Serialize)]
pub struct ListCell<'a> {
    pub number: String,
    pub label: &'a str,
    pub note: &'a str,
}

/// `shortcodes/form_link.*`
#[derive(Serialize)]
pub struct FormRef<'a> {
    pub id: &'a str,
    pub number: &'a str,
    pub title: &'a str,
    pub example: bool,
}

/// `shortcodes/rules.*`: a topic's rules.
#[derive(Serialize)]
pub struct TopicView<'a> {
    pub topic: &'a Topic,
    pub rules: Vec<RuleHtml<'a>>,
}

/// A rule sentence as written (Markdown, for print) and as HTML.
#[derive(Serialize)]
pub struct RuleHtml<'a> {
    pub id: &'a str,
    /// The Markdown, its lines after the first indented so that a list in
    /// it stays inside the list item or paragraph the call stands in.
    pub text: String,
    pub html: String,
    /// The text holds more than a sentence (a list, paragraphs): the site
    /// shows it as a block, not inside a sentence.
    pub block: bool,
}

impl<'a> RuleHtml<'a> {
    pub fn of(r: &'a Rule) -> RuleHtml<'a> {
        let f = fragment_html(&r.text);
        let text = r
            .text
            .trim_end()
            .lines()
            .enumerate()
            .map(|(i, l)| {
                if i == 0 || l.is_empty() {
                    l.to_string()
                } else {
                    format!("   {l}")
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        RuleHtml {
            id: &r.id,
            text,
            html: f.html,
            block: f.block,
        }
    }
}

/// `search.html`: the search page, site-wide or in a region's frame.
#[derive(Serialize)]
pub struct SearchExtra<'a> {
    pub search: SearchView<'a>,
}

#[derive(Serialize)]
pub struct SearchView<'a> {
    /// The region whose search page this is ("" for the site-wide one):
    /// searched by default, and its results first when searching all.
    pub home: &'a str,
    /// The regions to choose from and whose 事務局 to call when nothing is
    /// found: every region on the site-wide page, the home region alone on
    /// a region's (every region on every region's page would grow as
    /// regions²; the script reads all of them from `search/regions.table.js`).
    pub regions: Vec<SearchRegion<'a>>,
}

#[derive(Serialize)]
pub struct SearchRegion<'a> {
    // Also the shape of `search/regions.table.js`.
    pub id: &'a str,
    pub short: &'a str,
    pub secretariat: &'a str,
    pub tel: &'a str,
    pub hours: &'a str,
}

impl<'a> SearchView<'a> {
    pub fn of(site: &'a Site, home: &'a str) -> SearchView<'a> {
        SearchView {
            home,
            regions: site
                .regions
                .iter()
                .filter(|r| home.is_empty() || r.id == home)
                .map(|r| SearchRegion::of(r))
                .collect(),
        }
    }
}

impl<'a> SearchRegion<'a> {
    pub fn of(r: &'a Region) -> SearchRegion<'a> {
        SearchRegion {
            id: &r.id,
            short: r.short(),
            secretariat: &r.secretariat.name,
            tel: &r.secretariat.tel,
            hours: &r.secretariat.hours,
        }
    }
}
