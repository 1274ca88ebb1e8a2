//! The commands' shared steps: load + check + render, then write or not.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diag::{Diagnostic, Diagnostics};
use crate::output::{self, Outputs, Staging};
use crate::render::{self, Env, theme::Theme};
use crate::{check, load};

/// Loads and checks the project and renders it in memory (nothing written).
/// Returns the rendering environment when the project could be loaded.
pub fn prepare(root: &Path, diags: &Diagnostics) -> Option<Arc<Env>> {
    let site = load::load(root, diags);
    check::check(&site, diags);
    let theme = Theme::load(root, &site.config.theme, diags)?;
    Some(Env::new(Arc::new(site), theme))
}

/// `tebiki check`: every problem, nothing written.
pub fn check(root: &Path) -> Diagnostics {
    let diags = Diagnostics::new();
    if let Some(env) = prepare(root, &diags) {
        render::render_all(&env, &Outputs::dry(), &diags);
    }
    diags
}

pub struct Built {
    pub out: PathBuf,
    pub files: usize,
}

/// `tebiki build`: renders into a staging folder and swaps it in only if
/// there were no errors. `out` overrides the configured output folder.
pub fn build(root: &Path, out: Option<&Path>) -> (Diagnostics, Option<Built>) {
    let diags = Diagnostics::new();
    let Some(env) = prepare(root, &diags) else {
        return (diags, None);
    };
    let out = match out {
        Some(o) => o.to_path_buf(),
        None => root.join(&env.site.config.output),
    };
    if let Err(output::Refused(why)) = output::check_target(root, &out) {
        diags.push(Diagnostic::error(out.clone(), None, why));
        return (diags, None);
    }
    if diags.has_errors() {
        // Render anyway, in memory, to report the problems rendering finds.
        render::render_all(&env, &Outputs::dry(), &diags);
        return (diags, None);
    }
    let staging = match Staging::new(&out) {
        Ok(s) => s,
        Err(e) => {
            diags.push(Diagnostic::error(
                out.clone(),
                None,
                format!("出力先に書けません: {e}"),
            ));
            return (diags, None);
        }
    };
    render::render_all(&env, &staging.outputs, &diags);
    if diags.has_errors() {
        return (diags, None); // the staging folder is removed on drop
    }
    let files = staging.outputs.files().len();
    if let Err(e) = staging.commit() {
        diags.push(Diagnostic::error(
            out.clone(),
            None,
            format!("出力先を入れ替えられません: {e}"),
        ));
        return (diags, None);
    }
    (diags, Some(Built { out, files }))
}
