//! The PDFs of the site: every form (fillable and print) and each region's
//! booklet, typeset in-process through `crate::typeset`.

pub mod booklet;
pub mod form_data;
pub mod form_view;
pub mod forms;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::context::RenderCtx;
use crate::diag::Diagnostics;
use crate::write::Outputs;

/// Forms and booklets, region by region: a region's print forms are held
/// only until its booklet is made, so memory stays flat however many
/// regions there are.
pub fn render(ctx: &Arc<RenderCtx>, out: &Outputs, diags: &Diagnostics, booklets: bool) {
    let forms = match forms::Forms::load(ctx) {
        Ok(f) => f,
        Err(d) => return diags.push(d),
    };
    let book = match booklets.then(|| booklet::Booklets::load(ctx)).transpose() {
        Ok(b) => b,
        Err(d) => return diags.push(d),
    };
    let forms_count: usize = ctx
        .site
        .regions
        .iter()
        .map(|r| r.form_defs.iter().filter(|f| f.is_typeset()).count())
        .sum();
    ctx.progress.stage(
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
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..rayon::current_num_threads() {
            scope.spawn(|| {
                loop {
                    let ri = next.fetch_add(1, Ordering::Relaxed);
                    if ri >= ctx.site.regions.len() {
                        break;
                    }
                    let rc = ctx.region(ri);
                    let printed = forms::render_region(rc, &forms, out, diags);
                    if let Some(b) = &book {
                        b.render(rc, &printed, out, diags);
                    }
                    // Typst memoises layouts; drop what no later region will reuse.
                    typst::comemo::evict(8);
                }
            });
        }
    });
}
