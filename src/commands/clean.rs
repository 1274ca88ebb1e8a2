//! `tebiki clean`: the cache and the output folder removed.

use std::path::Path;

use crate::diag::{Diagnostic, Diagnostics};
use crate::write::{self, cache};

/// `tebiki clean`: removes the cache and the output folder (only if tebiki
/// made it).
pub fn clean(root: &Path) -> Diagnostics {
    let diags = Diagnostics::new();
    let _ = std::fs::remove_dir_all(root.join(cache::DIR));
    let site = crate::source::load(root, &Diagnostics::new());
    let out = root.join(&site.config.output);
    if out.join(write::MARKER).is_file() {
        if let Err(e) = std::fs::remove_dir_all(&out) {
            diags.push(Diagnostic::error(out, None, format!("削除できません: {e}")));
        }
    } else if out.exists() {
        diags.push(Diagnostic::warning(
            out,
            None,
            "tebiki が作ったフォルダではないので残しました",
        ));
    }
    diags
}
