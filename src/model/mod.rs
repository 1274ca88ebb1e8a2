//! The typed model of a project, as the loader builds it and every renderer
//! reads it. Nothing here touches the file system.
//!
//! Every struct denies unknown keys, so a misspelt key (`secretariat.tell`) is
//! an error rather than a silently missing value.

mod config;
mod form;
mod list;
mod origin;
mod page;
mod region;
mod rule;
mod synonyms;
mod version;

pub use config::{CONFIG_FILE, Config};
pub use form::*;
pub use list::{List, ListEntry};
pub use origin::{Origin, Positions};
pub use page::{FrontMatter, GENERATED_PAGES, Page, PageKind};
pub use region::*;
pub use rule::*;
pub use synonyms::{SynonymPhrase, Synonyms};
pub use version::{Version, Versions};

use std::collections::BTreeMap;
use std::path::PathBuf;

/// A whole project, loaded. Maps are ordered so that every walk over them is
/// deterministic.
#[derive(Debug, Default, Clone)]
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    pub lists: BTreeMap<String, List>,
    pub topics: Topics,
    /// The search's synonym list (`content/synonyms.yaml`; empty if absent).
    pub synonyms: Synonyms,
    /// Regions in the order the portal shows them (`order`, then id).
    /// Shared, so that `serve` can replace one region's page without
    /// copying every other region.
    pub regions: Vec<std::sync::Arc<Region>>,
    /// Files that exist but could not be loaded (their problems are
    /// reported where they are).
    pub unloaded: Unloaded,
}

/// What could not be loaded. References to it are not checked — one
/// mistake is one message, not one more for every page that points at it.
#[derive(Debug, Default, Clone)]
pub struct Unloaded {
    /// Regions whose region.yaml has errors (their pages and forms were not
    /// read either).
    pub regions: std::collections::BTreeSet<String>,
    /// Forms with errors, as (region, form id).
    pub forms: std::collections::BTreeSet<(String, String)>,
    /// Pages with errors, as (region, file stem): the rules they would show
    /// are not reported as unused.
    pub pages: std::collections::BTreeSet<(String, String)>,
    /// Shared lists with errors.
    pub lists: std::collections::BTreeSet<String>,
    /// content/topics.yaml has errors.
    pub topics: bool,
}

impl Site {
    pub fn region(&self, id: &str) -> Option<&Region> {
        self.regions.iter().find(|r| r.id == id).map(|r| &**r)
    }
}

/// Folders the site itself has in the output, beside the regions' (the
/// search indexes, the comparison, the theme's static files), with what
/// each holds: a region cannot take one of these names.
pub const SITE_FOLDERS: [(&str, &str); 3] = [
    ("search", "検索の索引"),
    ("compare", "地域の比較表"),
    ("static", "テーマのファイル"),
];

/// Ids become file names and URLs: lower-case ASCII, digits, `-` and `_`.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// The JSON Schema of `T`, the contract of a file an author writes: the
/// loader checks files against it and editors read it (`tebiki schema`).
/// Draft 7, which yaml-language-server (VS Code) and check-jsonschema read.
pub fn schema_of<T: schemars::JsonSchema>() -> serde_json::Value {
    let schema = schemars::generate::SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<T>();
    serde_json::to_value(schema).expect("schemas serialise")
}
