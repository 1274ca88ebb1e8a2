//! Benchmark of the form PDFs: time per form, cold (first in the process:
//! Typst's caches empty) and warm (the same form again), and the sizes of
//! both variants. Prints figures; asserts nothing.
//!
//!     cargo run --release --example form_bench [PROJECT]

use std::path::PathBuf;
use std::time::Instant;

use tebiki::commands::{History, prepare};
use tebiki::diag::Diagnostics;
use tebiki::render::pdf::forms::Forms;
use tebiki::write::cache::Cache;

fn main() {
    let root = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| ".".into()));
    let diags = Diagnostics::new();
    // Measure typesetting, not the cache.
    let Some(ctx) = prepare(&root, &diags, Cache::disabled(), History::Skip, None) else {
        eprint!("{}", diags.render(&root));
        std::process::exit(1);
    };
    let t = Instant::now();
    let forms = Forms::load(&ctx).unwrap_or_else(|d| panic!("{d}"));
    let setup = t.elapsed();
    println!(
        "setup (fonts, field font subset): {:.0} ms",
        setup.as_secs_f64() * 1e3
    );
    println!(
        "{:<34} {:>9} {:>9} {:>11} {:>11} {:>6}",
        "form", "cold ms", "warm ms", "fillable", "print", "fields"
    );
    let (mut cold_total, mut warm_total, mut n) = (0.0, 0.0, 0);
    let (mut fill_bytes, mut print_bytes) = (0usize, 0usize);
    let mut largest = (0usize, String::new());
    for rc in ctx.regions() {
        let region = rc.region;
        for form in &region.form_defs {
            let t = Instant::now();
            let a = forms.render(&rc, form).unwrap_or_else(|d| panic!("{d:?}"));
            let cold = t.elapsed().as_secs_f64() * 1e3;
            let t = Instant::now();
            let _ = forms.render(&rc, form).unwrap();
            let warm = t.elapsed().as_secs_f64() * 1e3;
            println!(
                "{:<34} {:>9.1} {:>9.1} {:>9} KB {:>8} KB {:>6}",
                format!("{}/{}", region.id, form.id),
                cold,
                warm,
                a.fillable.bytes().unwrap().len() / 1024,
                a.print.bytes().unwrap().len() / 1024,
                a.fields.len()
            );
            cold_total += cold;
            warm_total += warm;
            let len = a.fillable.bytes().unwrap().len();
            if len > largest.0 {
                largest = (len, format!("{}/{}", region.id, form.id));
            }
            fill_bytes += len;
            print_bytes += a.print.bytes().unwrap().len();
            n += 1;
        }
    }
    println!(
        "all {n} forms: cold {:.0} ms ({:.1} forms/s, one thread), warm {:.0} ms ({:.1} forms/s); fillable {:.1} MB, print {:.1} MB",
        cold_total,
        n as f64 / (cold_total / 1e3),
        warm_total,
        n as f64 / (warm_total / 1e3),
        fill_bytes as f64 / 1048576.0,
        print_bytes as f64 / 1048576.0
    );
    println!(
        "largest fillable PDF: {} ({} bytes; the issue's limit is 1,200,000); field font stream {} bytes",
        largest.1,
        largest.0,
        forms.field_font().deflated().0.len()
    );
}
