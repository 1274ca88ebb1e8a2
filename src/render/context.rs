//! The render context: what every renderer of one build shares, made once —
//! the model, the theme, the typesetter, the cache, the serialised views
//! (dropped before the PDFs, see [`RenderCtx::release_views`]) — and a
//! region's slice of it ([`RegionCtx`]) instead of `(context, index)` pairs.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use serde::Serialize;
use serde_json::Value;
use tera::Context;

use super::theme::{Theme, chain};
use super::views::{Here, RegionPage, RegionViews, SiteHead, SiteView, to_value};
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Region, Site, Versions};
use crate::progress::Progress;
use crate::typeset::Typesetter;
use crate::write::Outputs;
use crate::write::cache::{Blob, Cache};

/// Everything renderers share, built once per build.
pub struct RenderCtx {
    pub site: Arc<Site>,
    pub theme: Arc<Theme>,
    pub typesetter: Arc<Typesetter>,
    /// Where expensive outputs (PDFs) are kept between builds.
    pub cache: Cache,
    pub progress: Progress,
    /// The project at each git ref its revisions name.
    pub versions: Arc<Versions>,
    /// [`SiteView`]: the site with its regions (portal, site-wide pages).
    site_view: Arc<Value>,
    /// [`SiteHead`]: what a region's pages see of the site (copying every
    /// region into every page would grow as regions²).
    site_head: Arc<Value>,
    /// One per region, in `site.regions` order: made when first asked
    /// for (a region taken as it was never is) and kept, until released
    /// ([`RenderCtx::release_views`]); made for each [`RegionCtx`] then.
    regions: Box<[Mutex<Option<Arc<RegionViews>>>]>,
    released: std::sync::atomic::AtomicBool,
    /// The shared lists, as page bodies see them (`lists.professions`).
    lists: Arc<Value>,
    /// Each region's view of the cache, noting the entries it uses.
    caches: Box<[Cache]>,
    /// Which regions are taken as they were from the previous output
    /// (see `reuse`), set once before rendering; none if never set.
    reused: std::sync::OnceLock<Box<[bool]>>,
    /// The key the comparison's files are cached under (see
    /// `rules::compare_key`), set once before rendering by a build that
    /// knows its sources' digests; without it they are made every time.
    compare_key: std::sync::OnceLock<String>,
}

/// One region of a build: the model's region and its serialised views.
#[derive(Clone)]
pub struct RegionCtx<'a> {
    pub ctx: &'a Arc<RenderCtx>,
    pub index: usize,
    pub region: &'a Region,
    pub views: Arc<RegionViews>,
    /// The cache, noting what this region uses.
    pub cache: &'a Cache,
}

impl<'a> RegionCtx<'a> {
    /// The frame of one of the region's generated pages (`region.html`,
    /// `rules.html` …), which see everything the region holds.
    pub fn page<T: Serialize>(&self, extra: T) -> RegionPage<'_, T> {
        self.frame(&self.views.full, extra)
    }

    /// The frame of a Markdown page or the search page: the region's
    /// navigation only.
    pub fn nav_page<T: Serialize>(&self, extra: T) -> RegionPage<'_, T> {
        self.frame(&self.views.nav, extra)
    }

    fn frame<'v, T: Serialize>(&'v self, region: &'v Value, extra: T) -> RegionPage<'v, T> {
        RegionPage {
            root: "../",
            site: self.ctx.site_head(),
            region,
            extra,
        }
    }
}

impl RenderCtx {
    pub fn new(
        site: Arc<Site>,
        theme: Arc<Theme>,
        typesetter: Arc<Typesetter>,
        cache: Cache,
        versions: Arc<Versions>,
    ) -> Arc<RenderCtx> {
        Arc::new(RenderCtx {
            site_view: Arc::new(to_value(&SiteView::of(&site))),
            site_head: Arc::new(to_value(&SiteHead::of(&site))),
            regions: site.regions.iter().map(|_| Mutex::new(None)).collect(),
            released: Default::default(),
            lists: Arc::new(to_value(&site.lists)),
            caches: site.regions.iter().map(|_| cache.scoped()).collect(),
            reused: Default::default(),
            compare_key: Default::default(),
            site,
            theme,
            typesetter,
            cache,
            progress: Progress::auto(),
            versions,
        })
    }

    /// The same theme, typesetter and cache over another version of the
    /// project (a git revision), for the 新旧対照表.
    pub fn for_site(&self, site: Arc<Site>) -> Arc<RenderCtx> {
        RenderCtx::new(
            site,
            self.theme.clone(),
            self.typesetter.clone(),
            Cache::disabled(),
            Arc::default(),
        )
    }

    /// The same context over `site`, a copy of this one's in which only
    /// page bodies changed (titles, order and the rest of the front matter
    /// as they were): every serialised view still holds, so none is made
    /// again (those the PDFs dropped are made for the region asked for).
    /// Used by `serve` to show an edited page at once.
    pub fn with_bodies(&self, site: Arc<Site>) -> Arc<RenderCtx> {
        Arc::new(RenderCtx {
            site,
            theme: self.theme.clone(),
            typesetter: self.typesetter.clone(),
            cache: self.cache.clone(),
            progress: Progress::auto(),
            versions: self.versions.clone(),
            site_view: self.site_view.clone(),
            site_head: self.site_head.clone(),
            regions: self
                .regions
                .iter()
                .map(|v| Mutex::new(v.lock().unwrap().clone()))
                .collect(),
            released: Default::default(),
            lists: self.lists.clone(),
            caches: self.caches.clone(),
            reused: Default::default(),
            compare_key: Default::default(),
        })
    }

    pub fn site_view(&self) -> &Value {
        &self.site_view
    }

    pub fn site_head(&self) -> &Value {
        &self.site_head
    }

    pub fn lists(&self) -> &Value {
        &self.lists
    }

    pub fn theme_rel(&self, rest: &str) -> PathBuf {
        self.theme.rel.join(rest)
    }
}

impl RenderCtx {
    /// Region `index`. Taken through the `Arc`, so a [`RegionCtx`] can hand
    /// the context on to what must own it (the shortcodes' Tera functions).
    pub fn region(self: &Arc<Self>, index: usize) -> RegionCtx<'_> {
        let views = {
            // Held while the views are made: two renderers asking for the
            // same region at once make them once.
            let mut slot = self.regions[index].lock().unwrap();
            match &*slot {
                Some(v) => v.clone(),
                None => {
                    let v = Arc::new(RegionViews::of(&self.site.regions[index]));
                    if !self.released.load(std::sync::atomic::Ordering::Relaxed) {
                        *slot = Some(v.clone());
                    }
                    v
                }
            }
        };
        self.region_with(index, views)
    }

    /// Region `index` with views already made: what holds on to a region
    /// (the shortcodes' Tera functions) keeps its views, made once.
    pub fn region_with(self: &Arc<Self>, index: usize, views: Arc<RegionViews>) -> RegionCtx<'_> {
        RegionCtx {
            ctx: self,
            index,
            region: &self.site.regions[index],
            views,
            cache: &self.caches[index],
        }
    }

    /// Takes the regions `reused` says (by index) as they were: their
    /// files stay, and no renderer makes them again. Once per build.
    pub fn set_reused(&self, reused: Vec<bool>) {
        let _ = self.reused.set(reused.into_boxed_slice());
    }

    /// Caches the comparison's files under `key`. Once per build.
    pub fn set_compare_key(&self, key: String) {
        let _ = self.compare_key.set(key);
    }

    pub fn compare_key(&self) -> Option<&str> {
        self.compare_key.get().map(String::as_str)
    }

    /// Whether region `index` is taken as it was.
    pub fn is_reused(&self, index: usize) -> bool {
        self.reused
            .get()
            .is_some_and(|r| r.get(index).copied().unwrap_or(false))
    }

    /// The indices of the regions this build renders (all but those
    /// taken as they were).
    pub fn rendered(&self) -> Vec<usize> {
        (0..self.site.regions.len())
            .filter(|&i| !self.is_reused(i))
            .collect()
    }

    /// The cache entries region `index` used in this build.
    pub fn cache_entries(&self, index: usize) -> Vec<PathBuf> {
        self.caches[index].scope_entries()
    }

    /// Drops every region's views: the PDFs, made region by region after
    /// the site's pages, have each region's made again when its turn
    /// comes. Held for every region through the PDFs, the views were an
    /// eighth of a national build's memory. What asks for them after (the
    /// forms page, `serve`'s next quick edit) has them made again too.
    pub fn release_views(&self) {
        self.released
            .store(true, std::sync::atomic::Ordering::Relaxed);
        for views in &self.regions {
            views.lock().unwrap().take();
        }
    }

    pub fn regions(self: &Arc<Self>) -> impl Iterator<Item = RegionCtx<'_>> {
        (0..self.site.regions.len()).map(|i| self.region(i))
    }
}

impl RenderCtx {
    /// Renders theme template `template` with `view` into `path` of the
    /// output. A template error names the template and the page.
    pub fn write_page(
        &self,
        out: &Outputs,
        diags: &Diagnostics,
        path: &str,
        template: &str,
        view: &impl Serialize,
    ) {
        if let Some(html) = self.render_page(diags, path, template, view) {
            write(out, diags, path, html);
        }
    }

    /// The page [`RenderCtx::write_page`] writes; `None` (and an error in
    /// `diags`) if the template fails.
    pub fn render_page(
        &self,
        diags: &Diagnostics,
        path: &str,
        template: &str,
        view: &impl Serialize,
    ) -> Option<String> {
        let mut ctx = Context::from_serialize(view).expect("page views are objects");
        ctx.insert("here", &Here::of(path));
        match self.theme.tera.render(template, &ctx) {
            Ok(html) => Some(html),
            Err(e) => {
                diags.push(
                    Diagnostic::error(
                        self.theme_rel(&format!("templates/{template}")),
                        None,
                        format!("{path} を作れません: {}", chain(&e)),
                    )
                    .hint("テンプレートが使う値の名前を確かめてください。"),
                );
                None
            }
        }
    }
}

/// Writes one output file, reporting a failure at its path.
pub fn write(out: &Outputs, diags: &Diagnostics, path: &str, bytes: impl AsRef<[u8]>) {
    if let Err(e) = out.write(path, bytes) {
        diags.push(Diagnostic::error(
            path,
            None,
            format!("書き出せません: {e}"),
        ));
    }
}

/// Writes one output blob (a cached file is linked), reporting a failure
/// at its path.
pub fn write_blob(out: &Outputs, diags: &Diagnostics, path: &str, blob: &Blob) {
    if let Err(e) = out.write_blob(path, blob) {
        diags.push(Diagnostic::error(
            path,
            None,
            format!("書き出せません: {e}"),
        ));
    }
}
