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
#[derive(Debug, Default)]
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    pub lists: BTreeMap<String, List>,
    pub topics: Topics,
    /// The search's synonym list (`content/synonyms.yaml`; empty if absent).
    pub synonyms: Synonyms,
    /// Regions in the order the portal shows them (`order`, then id).
    pub regions: Vec<Region>,
}

impl Site {
    pub fn region(&self, id: &str) -> Option<&Region> {
        self.regions.iter().find(|r| r.id == id)
    }
}

/// Ids become file names and URLs: lower-case ASCII, digits, `-` and `_`.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}
