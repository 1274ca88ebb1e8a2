//! A page body (Markdown with Tera expressions and shortcodes) rendered
//! against the bundled project: HTML or located problems, never a panic,
//! and never a raw <script> from a value.
#![no_main]
use std::sync::{Arc, OnceLock};

use libfuzzer_sys::fuzz_target;
use tebiki::diag::Diagnostics;
use tebiki::commands::{History, prepare};
use tebiki::render::RenderCtx;
use tebiki::write::cache::Cache;

fn env() -> &'static Arc<RenderCtx> {
    static ENV: OnceLock<Arc<RenderCtx>> = OnceLock::new();
    ENV.get_or_init(|| {
        let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
        prepare(&root, &Diagnostics::new(), Cache::disabled(), History::Skip).expect("the bundled project loads")
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let env = env();
    let mut page = env.site.regions[0].pages[0].clone();
    page.source = format!("---\ntitle: t\n---\n{text}");
    page.body = text.to_string();
    let body = tebiki::render::body::render(env.region(0), &page);
    let _ = body.headings.len();
});
