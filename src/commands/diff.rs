//! `tebiki diff`: the 新旧対照表 between two git revisions, written as
//! files outside the site.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diag::{Diagnostic, Diagnostics};
use crate::render::shinkyu::{self, Options, PageTable, Side, TableView};
use crate::render::{self, RenderCtx};
use crate::source::versions::version;
use crate::typeset::Typesetter;
use crate::write::cache::Cache;

/// The 新旧対照表 of every page that differs between git revision `old`
/// and `new` (the working tree when `None`), written as HTML and PDF into
/// `out`. Reads the repository only; never touches the working tree or the
/// index.
pub fn diff(
    root: &Path,
    old: &str,
    new: Option<&str>,
    opts: &Options,
    out: &Path,
) -> (Diagnostics, Vec<PathBuf>) {
    let diags = Diagnostics::new();
    let mut written = Vec::new();
    let (base, old_side, new_side) = match sides(root, old, new, opts) {
        Ok(s) => s,
        Err(ds) => {
            diags.extend(ds);
            return (diags, written);
        }
    };
    for t in shinkyu::tables(&old_side, &new_side, opts) {
        let view = TableView::of(&t, &old_side, &new_side, opts);
        let stem = out.join(&t.region).join(&t.slug);
        let (html, pdf) = (stem.with_extension("html"), stem.with_extension("pdf"));
        let made = shinkyu::html(&base, &view)
            .map_err(|d| vec![d])
            .and_then(|h| shinkyu::pdf(&base, &view, new_side.date).map(|p| (h, p)));
        match made {
            Ok((h, p)) => match write_file(&html, h.as_bytes()).and_then(|()| write_file(&pdf, &p))
            {
                Ok(()) => written.extend([html, pdf]),
                Err(d) => diags.push(d),
            },
            Err(ds) => diags.extend(ds),
        }
    }
    (diags, written)
}

/// The tables `tebiki diff` would write, as data.
pub fn tables(
    root: &Path,
    old: &str,
    new: Option<&str>,
    opts: &Options,
) -> Result<Vec<PageTable>, Vec<Diagnostic>> {
    let (_, old_side, new_side) = sides(root, old, new, opts)?;
    Ok(shinkyu::tables(&old_side, &new_side, opts))
}

/// Both revisions loaded and ready to render with the working tree's theme
/// (so a template change never reads as a text change), and the context
/// the tables are rendered in.
fn sides(
    root: &Path,
    old: &str,
    new: Option<&str>,
    opts: &Options,
) -> Result<(Arc<RenderCtx>, Side, Side), Vec<Diagnostic>> {
    let old_v = version(root, Some(old))?;
    let new_v = version(root, new)?;
    if let Some(r) = &opts.region
        && new_v.site.region(r).is_none()
    {
        return Err(vec![Diagnostic::error(
            r,
            None,
            format!("地域「{r}」がありません"),
        )]);
    }
    let diags = Diagnostics::new();
    let Some(theme) = render::load_theme(root, &new_v.site.config.theme, &diags) else {
        return Err(diags.sorted());
    };
    let typesetter = Typesetter::new(&theme.dir, &theme.rel);
    let base = RenderCtx::new(
        new_v.site.clone(),
        Arc::new(theme),
        Arc::new(typesetter),
        Cache::disabled(),
        Arc::default(),
    );
    let (old_side, new_side) = (Side::of(&base, &old_v), Side::of(&base, &new_v));
    Ok((base, old_side, new_side))
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    let fail = |e: std::io::Error| Diagnostic::error(path, None, format!("書き出せません: {e}"));
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(fail)?;
    }
    std::fs::write(path, bytes).map_err(fail)
}
