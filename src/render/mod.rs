//! Rendering: the loaded [`Site`] -> files in [`Outputs`].
//!
//! Every output is made by a renderer over the same model; none reads the
//! sources again. The site's pages come first because other outputs (the
//! forms page, the booklet) link to what they make.

pub mod body;
pub mod booklet;
pub mod flow;
pub mod history;
pub mod rules;
pub mod search;
pub mod shortcodes;
pub mod site;
pub mod theme;
pub mod view;

use std::sync::Arc;

use serde_json::Value;

use crate::diag::Diagnostics;
use crate::model::Site;
use crate::output::Outputs;

/// Everything renderers share, built once per build.
pub struct Env {
    pub site: Arc<Site>,
    pub theme: Arc<tera::Tera>,
    pub theme_dir: std::path::PathBuf,
    pub site_json: Value,
    /// `site_json` without the list of regions: what a region's pages see
    /// (copying every region into every page would grow as regions²).
    pub site_head_json: Value,
    /// `view::region` of each region, in `site.regions` order.
    pub regions_json: Vec<Value>,
    /// `view::region_nav` of each region: what a page's frame needs.
    pub regions_nav_json: Vec<Value>,
    pub lists_json: Value,
    /// Where expensive outputs (PDFs) are kept between builds.
    pub cache: crate::cache::Cache,
    pub progress: crate::progress::Progress,
    /// The theme's fonts for Typst, loaded on first use and shared by the
    /// forms, the booklets and the 新旧対照表.
    fonts: std::sync::OnceLock<Result<Arc<crate::typeset::Shared>, String>>,
}

impl Env {
    pub fn new(site: Arc<Site>, theme: theme::Theme, cache: crate::cache::Cache) -> Arc<Env> {
        Arc::new(Env {
            cache,
            progress: crate::progress::Progress::auto(),
            fonts: std::sync::OnceLock::new(),
            site_json: view::site(&site),
            site_head_json: view::site_head(&site),
            regions_json: site.regions.iter().map(view::region).collect(),
            regions_nav_json: site.regions.iter().map(view::region_nav).collect(),
            lists_json: serde_json::to_value(&site.lists).expect("lists serialise"),
            theme: Arc::new(theme.tera),
            theme_dir: theme.dir,
            site,
        })
    }
}

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

impl Env {
    /// The theme's fonts, loaded (and hashed for cache keys) once.
    pub fn fonts(&self) -> Result<Arc<crate::typeset::Shared>, String> {
        self.fonts
            .get_or_init(|| {
                crate::typeset::Shared::load(&self.theme_dir.join("fonts")).map(Arc::new)
            })
            .clone()
    }
}

/// Renders every output of the site into `out`. Problems go to `diags`.
pub fn render_all(env: &Arc<Env>, out: &Outputs, diags: &Diagnostics) {
    render_only(env, out, diags, Only::All);
}

pub fn render_only(env: &Arc<Env>, out: &Outputs, diags: &Diagnostics, only: Only) {
    let p = &env.progress;
    if only != Only::Forms {
        p.stage("ページ", 4);
        // The rule tables and histories need no page body: made alongside.
        rayon::join(
            || {
                site::render(env, out, diags);
                p.inc();
                search::render(env, out, diags);
                p.inc();
            },
            || {
                rules::render(env, out, diags);
                p.inc();
                history::render(env, out, diags);
                p.inc();
            },
        );
    }
    if only != Only::Site {
        render_pdfs(env, out, diags, only == Only::All);
    }
    p.finish();
}

/// Forms and booklets, region by region: a region's print forms are held
/// only until its booklet is made, so memory stays flat however many
/// regions there are.
fn render_pdfs(env: &Arc<Env>, out: &Outputs, diags: &Diagnostics, booklets: bool) {
    let forms = match crate::forms::Forms::load(env) {
        Ok(f) => f,
        Err(d) => return diags.push(d),
    };
    let book = match booklets.then(|| booklet::Booklets::load(env)).transpose() {
        Ok(b) => b,
        Err(d) => return diags.push(d),
    };
    let forms_count: usize = env.site.regions.iter().map(|r| r.form_defs.len()).sum();
    env.progress.stage(
        if booklets {
            "様式と冊子"
        } else {
            "様式"
        },
        forms_count,
    );
    // One plain thread per core takes the next region. Not a rayon
    // parallel loop: typst-pdf uses rayon inside, and a rayon worker that
    // waits there would start another region's job, and so on, holding
    // ever more regions in memory at once.
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..rayon::current_num_threads() {
            scope.spawn(|| {
                loop {
                    let ri = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    if ri >= env.site.regions.len() {
                        break;
                    }
                    let printed = crate::forms::render_region(env, &forms, ri, out, diags);
                    if let Some(b) = &book {
                        b.render(env, ri, &printed, out, diags);
                    }
                    // Typst memoises layouts; drop what no later region will reuse.
                    typst::comemo::evict(8);
                }
            });
        }
    });
}
