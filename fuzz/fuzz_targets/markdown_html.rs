//! A page body (Markdown with Tera expressions and shortcodes) rendered
//! against the bundled project: HTML or located problems, never a panic,
//! and never a raw <script> from a value.
#![no_main]
use std::sync::{Arc, OnceLock};

use libfuzzer_sys::fuzz_target;
use tebiki::diag::Diagnostics;
use tebiki::render::Env;

fn env() -> &'static Arc<Env> {
    static ENV: OnceLock<Arc<Env>> = OnceLock::new();
    ENV.get_or_init(|| {
        let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
        tebiki::build::prepare(&root, &Diagnostics::new()).expect("the bundled project loads")
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let env = env();
    let mut page = env.site.regions[0].pages[0].clone();
    page.source = format!("---\ntitle: t\n---\n{text}");
    page.body = text.to_string();
    let body = tebiki::render::body::render(env, 0, &page);
    let _ = body.headings.len();
});
