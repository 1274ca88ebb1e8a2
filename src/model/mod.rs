//! The typed model of a project, as the loader builds it and every renderer
//! reads it. Nothing here touches the file system.
//!
//! Every struct denies unknown keys, so a misspelt key (`secretariat.tell`) is
//! an error rather than a silently missing value.

mod config;
mod form;
mod list;
mod page;
mod region;
mod rule;

pub use config::Config;
pub use form::*;
pub use list::{List, ListEntry};
pub use page::{FrontMatter, Page, PageKind};
pub use region::*;
pub use rule::*;

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::yaml::YamlIndex;

/// Where a value came from: the file (relative to the project root) and the
/// position index of that file, so later checks can point at any value in it.
#[derive(Debug, Clone, Default)]
pub struct Origin {
    pub file: PathBuf,
    pub index: YamlIndex,
    /// Lines before the YAML starts in the file (front matter starts at 2).
    pub line_offset: usize,
}

impl Origin {
    pub fn pos(&self, path: &str) -> Option<crate::diag::Pos> {
        self.index.nearest(path).map(|p| self.shift(p))
    }

    fn shift(&self, p: crate::diag::Pos) -> crate::diag::Pos {
        crate::diag::Pos::new(p.line + self.line_offset, p.column)
    }
}

/// A whole project, loaded. Maps are ordered so that every walk over them is
/// deterministic.
#[derive(Debug, Default)]
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    pub lists: BTreeMap<String, List>,
    pub topics: Topics,
    /// Regions in the order the portal shows them (`order`, then id).
    pub regions: Vec<Region>,
}

impl Site {
    pub fn region(&self, id: &str) -> Option<&Region> {
        self.regions.iter().find(|r| r.id == id)
    }
}
