//! Rendering: the loaded model -> files in [`Outputs`].
//!
//! Every output is made by a renderer over the same [`RenderCtx`]; none
//! reads the project's sources again. The site's pages come first because
//! other outputs (the forms page, the booklet) link to what they make.
//!
//! Inside: `context` (what renderers share) and `views` (what templates
//! see) are used by every renderer; `body` and `shortcodes` make page
//! bodies; `site`, `links`, `search`, `rules`, `history` and `shinkyu`
//! write the HTML; `pdf/` the forms and booklets.

pub mod body;
pub mod context;
pub mod escape;
pub mod flow;
pub mod forms_page;
pub mod history;
pub mod links;
pub mod pdf;
pub mod reuse;
pub mod rules;
pub mod search;
pub mod shinkyu;
pub mod shortcodes;
pub mod site;
mod standins;
pub mod tasks;
pub mod theme;
pub mod views;

use std::path::Path;
use std::sync::Arc;

pub use context::{RegionCtx, RenderCtx};
pub use theme::Theme;

use crate::diag::{Diagnostic, Diagnostics};
use crate::progress::timed;
use crate::write::Outputs;

/// Which outputs a build makes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Only {
    /// Everything.
    #[default]
    All,
    /// The HTML site, rule tables, search (no PDFs).
    Site,
    /// The form PDFs.
    Forms,
}

/// Loads the theme `name` of the project at `root`, requiring the site's
/// templates and every shortcode's.
pub fn load_theme(root: &Path, name: &str, diags: &Diagnostics) -> Option<Theme> {
    let required: Vec<String> = theme::SITE_TEMPLATES
        .iter()
        .map(|t| t.to_string())
        .chain(shortcodes::Shortcode::templates())
        .collect();
    Theme::load(root, name, &required, diags)
}

/// Renders the outputs `only` asks for into `out`. Problems go to `diags`.
pub fn render(ctx: &Arc<RenderCtx>, out: &Outputs, diags: &Diagnostics, only: Only) {
    render_reusing(ctx, out, diags, only, &[]);
}

/// [`render`], but for the regions `kept` holds a record of (see
/// [`reuse::keep`]), which are taken as they were. Returns each region's
/// page outlines (none without the site) and what rendering found (also
/// in `diags`), for the records of the regions it rendered: the link
/// checks, made again by every build, are not part of it.
pub fn render_reusing(
    ctx: &Arc<RenderCtx>,
    out: &Outputs,
    diags: &Diagnostics,
    only: Only,
    kept: &[Option<reuse::Record>],
) -> (Vec<Vec<links::Outline>>, Vec<Diagnostic>) {
    let all = diags;
    let diags = &Diagnostics::new();
    let p = &ctx.progress;
    let mut outlines = Vec::new();
    if only != Only::Forms {
        p.stage("ページ", 4);
        // The rule tables and histories need no page body: made alongside.
        rayon::join(
            || {
                outlines = timed("ページ", || site::render(ctx, out, diags, kept));
                p.inc();
                timed("検索索引", || search::render(ctx, out, diags));
                p.inc();
            },
            || {
                timed("規則の表", || rules::render(ctx, out, diags));
                p.inc();
                timed("改正履歴のページ", || {
                    history::render(ctx, out, diags)
                });
                p.inc();
            },
        );
    }
    let form_keys = (only != Only::Site).then(|| {
        timed("様式と冊子", || {
            pdf::render(ctx, out, diags, only == Only::All)
        })
    });
    // The forms page gives the sizes of the forms' files, and the zip holds
    // them: both made once the files are (the page without sizes in a
    // site-only build, the zip alone in a forms-only one).
    timed("様式のページと zip", || {
        forms_page::render(ctx, out, diags, only != Only::Forms, form_keys.as_ref())
    });
    p.finish();
    if only != Only::Forms {
        links::check(&ctx.site, &outlines, all);
    }
    let found = diags.sorted();
    all.extend(found.clone());
    (outlines, found)
}
