//! The integration tests, as one binary (as mdBook does): typst and the
//! rest are linked once, and the bundled site is built once for every
//! suite that reads it (`common::bundled_output`).
//!
//! Tests that run tools tebiki does not bundle — qpdf, poppler, pypdf,
//! chromium, Java — live in `checked` modules compiled only with
//! `--features checkers` (`.ci/run` installs the tools and turns it on);
//! under it a missing tool fails the test, never skips it.

mod architecture;
mod build;
mod cascade;
mod check;
mod common;
mod corpus;
mod forms;
mod history;
mod incremental;
mod new;
mod readers;
mod reference;
mod regions;
mod rules;
mod search;
mod serve;
mod site;
#[cfg(feature = "checkers")]
mod validators;
