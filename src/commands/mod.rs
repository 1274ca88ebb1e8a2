//! The commands: each a composition of the pipeline's steps,
//! load (`source`) → check → render → write. `main.rs` parses the command
//! line and calls one of these; tests call them directly.

mod build;
mod clean;
mod diff;
mod fill;
pub mod new;
mod schema;
pub mod serve;

use std::path::Path;
use std::sync::Arc;

pub use build::{Built, Generation, Options, build, build_uncached, build_with};
pub use clean::clean;
pub use diff::{diff, tables as shinkyu_tables};
pub use fill::fill;
pub use schema::{SCHEMA_DIR, schema};

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{CONFIG_FILE, Site};
use crate::progress::timed;
use crate::render::{self, RenderCtx};
use crate::source::snapshot::{self, Snapshots};
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

/// The project holding `start`: the nearest folder, `start` or above, with
/// a tebiki.yaml (as git and cargo find theirs).
pub fn find_root(start: &Path) -> Result<std::path::PathBuf, Diagnostic> {
    start
        .ancestors()
        .find(|d| d.join(CONFIG_FILE).is_file())
        .map(Path::to_path_buf)
        .ok_or_else(|| {
            Diagnostic::error(
                CONFIG_FILE,
                None,
                format!(
                    "tebiki.yaml が見つかりません（{} とその上のフォルダを探しました）",
                    start.display()
                ),
            )
            .hint("プロジェクトのフォルダ（tebiki.yaml があるフォルダ）の中で実行するか、--root でそのフォルダを指定してください。")
        })
}

/// Loads and checks the project and sets up rendering (nothing written).
/// Returns the render context when the project and its theme could be
/// loaded; problems go to `diags`.
pub fn prepare(
    root: &Path,
    diags: &Diagnostics,
    cache: Cache,
    history: History,
    snapshots: Option<&Snapshots>,
) -> Option<Arc<RenderCtx>> {
    // Without tebiki.yaml this is not a project: say that alone, not what
    // else is missing.
    if !root.join(CONFIG_FILE).is_file() {
        diags.push(
            Diagnostic::error(
                CONFIG_FILE,
                None,
                format!("プロジェクトの設定ファイル tebiki.yaml が必要です（{} にありません）", root.display()),
            )
                .hint("--root にはプロジェクトのフォルダ（tebiki.yaml があるフォルダ）を指定してください。"),
        );
        return None;
    }
    let site = timed("読み込み", || source::load_with(root, diags, snapshots));
    timed("検査", || match snapshots {
        Some(s) => check_remembered(&site, diags, s),
        None => check::check(&site, diags),
    });
    let theme = render::load_theme(root, &site.config.theme, diags)?;
    let versions = timed("改正履歴", || match history {
        History::Load => source::versions::of_site(root, &site),
        History::Skip => Default::default(),
    });
    let typesetter = Typesetter::new(&theme.dir, &theme.rel);
    Some(RenderCtx::new(
        Arc::new(site),
        Arc::new(theme),
        Arc::new(typesetter),
        cache,
        Arc::new(versions),
    ))
}

/// [`prepare`], the regions whose files are unchanged read back from their
/// snapshots in the cache (`source::snapshot`); `sources` are the project's
/// files hashed by [`Cache::inputs`].
fn prepare_cached(
    root: &Path,
    diags: &Diagnostics,
    cache: &Cache,
    sources: &crate::write::cache::Inputs,
) -> Option<Arc<RenderCtx>> {
    let snapshots = Snapshots::new(cache, &sources.files);
    prepare(root, diags, cache.clone(), History::Load, Some(&snapshots))
}

/// Snapshots are entries of the cache (`loaded/…/snapshot.cbor`,
/// `checked/…/snapshot.cbor`).
impl snapshot::Store for Cache {
    fn get(&self, kind: &str, key: &str) -> Option<Vec<u8>> {
        Cache::get(self, kind, key, &["snapshot.cbor"])?.pop()
    }

    fn put(&self, kind: &str, key: &str, bytes: &[u8]) {
        Cache::put(self, kind, key, &[("snapshot.cbor", bytes)]);
    }
}

/// [`check::check`], each region's findings taken from its snapshot when
/// neither its files nor the shared ones changed (and kept there when they
/// did).
fn check_remembered(site: &Site, diags: &Diagnostics, snapshots: &Snapshots) {
    use rayon::prelude::*;
    check::shared(site, diags);
    site.regions.par_iter().for_each(|region| {
        if let Some(said) = snapshots.checked(region) {
            diags.extend(said);
            return;
        }
        let own = Diagnostics::new();
        check::region(site, region, &own);
        let said = own.sorted();
        snapshots.keep_checked(region, &said);
        diags.extend(said);
    });
}

/// `tebiki check`: every problem, nothing written (but to the cache: the
/// regions loaded, what their checks said, the PDFs typeset). What the
/// cache holds of the last build is used as a build would use it.
pub fn check(root: &Path) -> Diagnostics {
    let diags = Diagnostics::new();
    let cache = Cache::at(root);
    let sources = cache.inputs(root);
    if let Some(ctx) = prepare_cached(root, &diags, &cache, &sources) {
        ctx.set_compare_key(render::rules::compare_key(&ctx.site, &sources));
        render_in_memory(&ctx, &diags, &sources);
    }
    diags
}

/// Renders everything in memory, writing nothing, for the problems
/// rendering finds (`check`, and a build that found errors before). A
/// region a build rendered from the same key is not rendered again: what
/// rendering it said then is said again, and its pages' outlines stand in
/// for the link checks.
fn render_in_memory(
    ctx: &Arc<RenderCtx>,
    diags: &Diagnostics,
    sources: &crate::write::cache::Inputs,
) {
    let kept = if render::reuse::reads_git(&ctx.site) {
        Vec::new()
    } else {
        render::reuse::recall(ctx, &render::reuse::keys(&ctx.site, sources))
    };
    diags.extend(kept.iter().flatten().flat_map(|r| r.diagnostics.clone()));
    render::render_reusing(
        ctx,
        &crate::write::Outputs::dry(),
        diags,
        render::Only::All,
        &kept,
    );
}
