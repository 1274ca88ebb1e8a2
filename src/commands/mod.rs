//! The commands: each a composition of the pipeline's steps,
//! load (`source`) → check → render → write. `main.rs` parses the command
//! line and calls one of these; tests call them directly.

mod build;
mod clean;
mod diff;
mod fill;
mod schema;
pub mod serve;

use std::path::Path;
use std::sync::Arc;

pub use build::{Built, Options, build, build_uncached, build_with};
pub use clean::clean;
pub use diff::{diff, tables as shinkyu_tables};
pub use fill::fill;
pub use schema::{SCHEMA_DIR, schema};

use crate::diag::Diagnostics;
use crate::render::{self, RenderCtx};
use crate::typeset::Typesetter;
use crate::write::cache::Cache;
use crate::{check, source};

/// What a command needs loaded besides the project itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum History {
    /// The git revisions the 改正履歴 names (`build`, `check`).
    Load,
    Skip,
}

/// Loads and checks the project and sets up rendering (nothing written).
/// Returns the render context when the project and its theme could be
/// loaded; problems go to `diags`.
pub fn prepare(
    root: &Path,
    diags: &Diagnostics,
    cache: Cache,
    history: History,
) -> Option<Arc<RenderCtx>> {
    let site = source::load(root, diags);
    check::check(&site, diags);
    let theme = render::load_theme(root, &site.config.theme, diags)?;
    let versions = match history {
        History::Load => source::versions::of_site(root, &site),
        History::Skip => Default::default(),
    };
    let typesetter = Typesetter::new(&theme.dir, &theme.rel);
    Some(RenderCtx::new(
        Arc::new(site),
        Arc::new(theme),
        Arc::new(typesetter),
        cache,
        Arc::new(versions),
    ))
}

/// `tebiki check`: every problem, nothing written.
pub fn check(root: &Path) -> Diagnostics {
    let diags = Diagnostics::new();
    if let Some(ctx) = prepare(root, &diags, Cache::at(root), History::Load) {
        render::render(
            &ctx,
            &crate::write::Outputs::dry(),
            &diags,
            render::Only::All,
        );
    }
    diags
}
