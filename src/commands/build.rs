//! `tebiki build`: render into a staging folder, move what changed into
//! the output only when there were no errors.

use std::path::{Path, PathBuf};

use super::{History, prepare, prepare_cached};
use crate::diag::{Diagnostic, Diagnostics};
use crate::progress::timed;
use crate::render::reuse;
use crate::render::{self, Only};
use crate::write::cache::Cache;
use crate::write::{self, Staging};

pub struct Built {
    pub out: PathBuf,
    pub files: usize,
    /// Of those, the files new or changed (the others were left alone).
    pub changed: Vec<PathBuf>,
    /// Nothing changed since the last build: nothing was written.
    pub unchanged: bool,
    /// What the build rendered from (none when it was skipped): `serve`
    /// keeps it to show the next edit of a page at once.
    pub ctx: Option<std::sync::Arc<crate::render::RenderCtx>>,
    /// The sources changed while it ran (see `Options::generation`):
    /// nothing was written.
    pub stale: bool,
    /// How many regions were taken as they were, not rendered again.
    pub reused: usize,
}

/// `tebiki build`: renders into a staging folder and swaps it in only if
/// there were no errors. `out` overrides the configured output folder.
pub fn build(root: &Path, out: Option<&Path>) -> (Diagnostics, Option<Built>) {
    build_with(root, out, &Options::default())
}

/// `tebiki build --no-cache`: everything typeset anew, nothing skipped.
pub fn build_uncached(root: &Path, out: Option<&Path>) -> (Diagnostics, Option<Built>) {
    build_with(
        root,
        out,
        &Options {
            no_cache: true,
            ..Options::default()
        },
    )
}

/// How `tebiki build` runs.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Typeset everything anew and never skip the build.
    pub no_cache: bool,
    /// Only part of the outputs (for benchmarks and quick previews).
    pub only: Only,
    /// `serve`: the sources' generation when this build started. If it
    /// has moved on by the time the build would write its output, the
    /// sources changed under it: nothing is written (a newer build
    /// follows), so it never puts back what a later edit replaced.
    pub generation: Option<(std::sync::Arc<Generation>, u64)>,
}

/// How many times `serve` has seen the sources change, and the lock every
/// writer of its output holds while it moves files in (so that checking
/// the generation and writing are one step).
#[derive(Debug, Default)]
pub struct Generation {
    pub seen: std::sync::atomic::AtomicU64,
    pub writing: std::sync::Mutex<()>,
}

impl Generation {
    pub fn now(&self) -> u64 {
        self.seen.load(std::sync::atomic::Ordering::SeqCst)
    }
}

pub fn build_with(root: &Path, out: Option<&Path>, opts: &Options) -> (Diagnostics, Option<Built>) {
    let use_cache = !opts.no_cache;
    let diags = Diagnostics::new();
    let cache = if use_cache {
        Cache::at(root)
    } else {
        Cache::disabled()
    };
    // The hash the output's marker records, and each source's digest (for
    // the regions' keys).
    let inputs_now = || {
        timed("入力のハッシュ", || {
            let sources = cache.inputs(root);
            let hash = format!(
                "{} {:?} {}",
                sources.hash,
                opts.only,
                crate::source::git_head(root).unwrap_or_default()
            );
            (hash, sources)
        })
    };
    // What the output was last built from, if it may be used.
    let earlier = use_cache
        .then(|| crate::source::load_config(root, &Diagnostics::new()))
        .flatten()
        .and_then(|config| {
            let out = out.map_or_else(|| root.join(&config.output), Path::to_path_buf);
            write::check_target(root, &out).ok()?;
            Some((write::built_inputs(&out)?, out))
        });
    let ((inputs, sources), ctx) = match earlier {
        Some((built, out)) => {
            // The same inputs as the output was built from: nothing to
            // do, and nothing to load. The warnings that build had are
            // said again.
            let (inputs, sources) = inputs_now();
            if built == inputs
                && let Some(warnings) = last_warnings(&cache, &inputs)
            {
                diags.extend(warnings);
                return (
                    diags,
                    Some(Built {
                        out,
                        files: 0,
                        changed: Vec::new(),
                        unchanged: true,
                        ctx: None,
                        stale: false,
                        reused: 0,
                    }),
                );
            }
            let ctx = prepare_cached(root, &diags, &cache, &sources);
            ((inputs, sources), ctx)
        }
        None if use_cache => {
            let (inputs, sources) = inputs_now();
            let ctx = prepare_cached(root, &diags, &cache, &sources);
            ((inputs, sources), ctx)
        }
        // Nothing cached: the inputs are hashed (for the output's marker)
        // while the project loads.
        None => rayon::join(inputs_now, || {
            prepare(root, &diags, cache.clone(), History::Load, None)
        }),
    };
    let Some(ctx) = ctx else {
        return (diags, None);
    };
    if use_cache {
        ctx.set_compare_key(render::rules::compare_key(&ctx.site, &sources));
    }
    let out = match out {
        Some(o) => o.to_path_buf(),
        None => root.join(&ctx.site.config.output),
    };
    if let Err(write::Refused(why)) = write::check_target(root, &out) {
        return failed(diags, &out, why);
    }
    if diags.has_errors() {
        // Render anyway, in memory, to report the problems rendering finds.
        super::render_in_memory(&ctx, &diags, &sources);
        return (diags, None);
    }
    // Revisions naming git refs make the repository an input: such a build
    // is never skipped.
    let uses_git = reuse::reads_git(&ctx.site);
    let mut staging = match Staging::new(&out) {
        Ok(s) => s,
        Err(e) => {
            return failed(diags, &out, format!("出力先に書けません: {e}"));
        }
    };
    // Regions the previous output holds as this build would make them are
    // taken as they are (see `render::reuse`).
    let reusing = use_cache && opts.only == Only::All && !uses_git;
    let keys = if reusing {
        reuse::keys(&ctx.site, &sources)
    } else {
        Vec::new()
    };
    let mut reused = 0;
    let mut kept = Vec::new();
    if reusing && let Some(previous) = staging.outputs.previous() {
        kept = reuse::plan(&ctx, &keys, previous);
        match reuse::keep(&ctx, &kept, &staging.outputs) {
            Ok(n) => {
                reused = n;
                // What rendering them said before is said again.
                diags.extend(kept.iter().flatten().flat_map(|r| r.diagnostics.clone()));
            }
            Err(e) => {
                return failed(diags, &out, format!("前の出力を読めません: {e}"));
            }
        }
    }
    let (outlines, found) = timed("出力", || {
        render::render_reusing(&ctx, &staging.outputs, &diags, opts.only, &kept)
    });
    if diags.has_errors() {
        return (diags, None); // the staging folder is removed on drop
    }
    if opts.only != Only::All {
        staging.keep_previous();
    }
    let files = staging.outputs.files().len();
    let changed = staging.outputs.changed();
    let _writing = opts
        .generation
        .as_ref()
        .map(|(g, _)| g.writing.lock().unwrap());
    if let Some((g, at)) = &opts.generation
        && g.now() != *at
    {
        return (
            diags,
            Some(Built {
                out,
                files,
                changed: Vec::new(),
                unchanged: false,
                ctx: None,
                stale: true,
                reused,
            }),
        );
    }
    // Every region may be taken as it was next time, unless rendering
    // said something that belongs to no region (it would not be said again).
    let regions =
        if reusing && reuse::save(&ctx, &keys, &outlines, &staging.outputs.files(), &found) {
            reuse::marker_lines(&ctx, &keys)
        } else {
            Vec::new()
        };
    let recorded = if uses_git {
        Ok(())
    } else {
        staging.set_inputs(Some(&inputs), &regions)
    };
    // Everything was made, so every entry still needed was used: the rest
    // is removed from the cache while the output is swapped (two walks of
    // folders, side by side).
    let prune = || {
        if opts.only == Only::All {
            timed("キャッシュの整理", || cache.prune());
        }
    };
    let (committed, ()) = rayon::join(
        || recorded.and_then(|()| timed("入れ替え", || staging.commit())),
        prune,
    );
    if let Err(e) = committed {
        return failed(diags, &out, format!("出力先に書き込めません: {e}"));
    }
    save_warnings(&cache, &inputs, &diags);
    (
        diags,
        Some(Built {
            out,
            files,
            changed,
            unchanged: false,
            ctx: Some(ctx),
            stale: false,
            reused,
        }),
    )
}

/// A build that could not use its output folder `out`: said at the folder.
fn failed(diags: Diagnostics, out: &Path, why: String) -> (Diagnostics, Option<Built>) {
    diags.push(Diagnostic::error(out, None, why));
    (diags, None)
}

/// The warnings of the build of `inputs`, kept so that a build skipped for
/// having the same inputs says them again.
fn last_warnings(cache: &Cache, inputs: &str) -> Option<Vec<Diagnostic>> {
    let key = crate::hash::key(&[inputs.as_bytes()]);
    let bytes = cache.get("warnings", &key, &["warnings.json"])?;
    serde_json::from_slice(&bytes[0]).ok()
}

fn save_warnings(cache: &Cache, inputs: &str, diags: &Diagnostics) {
    let key = crate::hash::key(&[inputs.as_bytes()]);
    if let Ok(json) = serde_json::to_vec(&diags.sorted()) {
        cache.put("warnings", &key, &[("warnings.json", &json)]);
    }
}
