//! The PDFs of the site: every form (fillable and print) and each region's
//! booklet, typeset in-process through `crate::typeset`.

pub mod booklet;
pub mod form_data;
pub mod form_view;
pub mod forms;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use super::context::RenderCtx;
use crate::diag::Diagnostics;
use crate::write::Outputs;

/// Regions typeset between two evictions of Typst's memo.
const EVICT_EVERY: usize = 4;

/// The cache key of each form's PDFs by form id, per region (in the
/// site's order): they stand for the files' bytes in the zip's key.
pub type FormKeys = Vec<BTreeMap<String, String>>;

/// Forms and booklets, region by region: a region's print forms are held
/// only until its booklet is made, so memory stays flat however many
/// regions there are. Returns the forms' keys.
pub fn render(
    ctx: &Arc<RenderCtx>,
    out: &Outputs,
    diags: &Diagnostics,
    booklets: bool,
) -> FormKeys {
    let mut keys: FormKeys = vec![BTreeMap::new(); ctx.site.regions.len()];
    let forms = match forms::Forms::load(ctx) {
        Ok(f) => f,
        Err(d) => {
            diags.push(d);
            return keys;
        }
    };
    let book = match booklets.then(|| booklet::Booklets::load(ctx)).transpose() {
        Ok(b) => b,
        Err(d) => {
            diags.push(d);
            return keys;
        }
    };
    // Not the regions taken as they were (see `reuse`).
    let todo = ctx.rendered();
    let forms_count: usize = todo
        .iter()
        .map(|&ri| {
            let r = &ctx.site.regions[ri];
            r.form_defs.iter().filter(|f| f.is_typeset()).count()
        })
        .sum();
    ctx.progress.stage(
        if booklets {
            "様式と冊子"
        } else {
            "様式"
        },
        forms_count,
    );
    // Each region's views are made when its turn comes, not held for all.
    ctx.release_views();
    // One plain thread per core takes the next region. Not a rayon
    // parallel loop: typst-pdf uses rayon inside, and a rayon worker that
    // waits there would start another region's job, and so on, holding
    // ever more regions in memory at once.
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let made = Mutex::new(&mut keys);
    std::thread::scope(|scope| {
        for _ in 0..rayon::current_num_threads() {
            scope.spawn(|| {
                while let Some(&ri) = todo.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let rc = ctx.region(ri);
                    let printed = forms::render_region(&rc, &forms, out, diags);
                    if let Some(b) = &book {
                        b.render(&rc, &printed, out, diags);
                    }
                    made.lock().unwrap()[ri] =
                        printed.into_iter().map(|(id, p)| (id, p.key)).collect();
                    // Typst memoises layouts; drop what no later region
                    // will reuse. Each call walks the whole memo, so it is
                    // made every few regions, keeping what the last few used.
                    if done
                        .fetch_add(1, Ordering::Relaxed)
                        .is_multiple_of(EVICT_EVERY)
                    {
                        typst::comemo::evict(2);
                    }
                }
            });
        }
    });
    keys
}
