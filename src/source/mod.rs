//! Everything that reads the project's files: the sources
//! ([`load`], through [`file`] and [`yaml`]) into the typed model, and the
//! project as it was at the git revisions its history names ([`versions`]).
//! Nothing after this step reads a source file.

pub mod file;
mod git;
mod load;
pub mod snapshot;
mod synonyms;
pub mod versions;
pub mod yaml;

pub use git::head as git_head;
pub use load::{load, load_config, load_page, load_with, split_front_matter};
