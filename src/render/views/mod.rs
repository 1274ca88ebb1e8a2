//! What templates see: the typed contract between the model and the theme.
//!
//! Every value a Tera template, a page body or a Typst template reads is a
//! field of a struct here, built from the model by name, so renaming a model
//! field is a compile error here rather than a silent blank in a template.
//! Values of region.yaml that authors print in pages (`{{ region.… }}`) keep
//! their YAML names: those names are the authors' contract (docs/reference.md).
//!
//! Region views are serialised once per build (`RegionViews`) and shared by
//! every page of the region.

mod documents;
mod pages;
mod region;
mod site;

pub use documents::*;
pub use pages::*;
pub use region::*;
pub use site::*;

use serde::Serialize;
use serde_json::Value;

use crate::model::Page;

/// Serialises a view for Tera or Typst. Keys come out sorted (serde_json
/// without `preserve_order`), so the same view gives the same bytes.
pub fn to_value(v: &impl Serialize) -> Value {
    serde_json::to_value(v).expect("views serialise")
}

/// URL of a page relative to its region folder.
pub fn page_url(p: &Page) -> String {
    format!("{}.html", p.slug)
}

/// Where a page is, for its frame (`here` in every template): which menu
/// entry is the current one and whether breadcrumbs are shown. Made from
/// the page's output path by [`Here::of`], so no renderer has to say it.
#[derive(Serialize)]
pub struct Here<'a> {
    /// The page's path in the output (`inabe/forms.html`).
    pub path: &'a str,
    /// The menu entry of the page: its file name without `.html` (`forms`,
    /// a page's slug, `index` for a region's top page and for the portal);
    /// `history` for a 新旧対照表 under `history/`.
    pub current: &'a str,
}

impl<'a> Here<'a> {
    pub fn of(path: &'a str) -> Here<'a> {
        let mut parts = path.split('/');
        let current = match (parts.next(), parts.next()) {
            (Some(_), Some("history")) => "history",
            _ => {
                let file = path.rsplit('/').next().unwrap_or(path);
                file.strip_suffix(".html").unwrap_or(file)
            }
        };
        Here { path, current }
    }
}

/// `portal.html`, `search.html`, `site_glossary.html`: site-wide pages.
#[derive(Serialize)]
pub struct SitePage<'a, T: Serialize> {
    pub root: &'static str,
    pub site: &'a Value,
    #[serde(flatten)]
    pub extra: T,
}

/// `region.html`, `contact.html`, `forms.html`, `glossary.html`,
/// `rules.html`, `history.html`: a region's generated pages.
#[derive(Serialize)]
pub struct RegionPage<'a, T: Serialize> {
    pub root: &'static str,
    pub site: &'a Value,
    pub region: &'a Value,
    #[serde(flatten)]
    pub extra: T,
}

/// Nothing more than the frame.
#[derive(Serialize)]
pub struct NoExtra {}
