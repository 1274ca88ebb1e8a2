//! tebiki: builds the handbook sites, fillable forms and rule tables of
//! regional medical-and-care networks from YAML and Markdown.
//!
//! One pipeline, each step a module (docs/ARCHITECTURE.md draws it):
//! [`source`] reads the project into the [`model`], [`check`] validates it,
//! [`render`] turns it into files, [`write`] puts them in place safely.
//! [`commands`] composes the steps into what the command line offers.
//! Beneath them, modules that know nothing of the project: [`diag`]
//! (located problems), [`wareki`] (dates), [`markup`] (Markdown, HTML and
//! Typst text), [`search`] (the index), [`compare`] (the 新旧 diff),
//! [`typeset`] (Typst to PDF) and [`acroform`] (PDF form fields).

pub mod acroform;
pub mod check;
pub mod commands;
pub mod compare;
pub mod diag;
pub mod hash;
pub mod markup;
pub mod model;
pub mod progress;
pub mod render;
pub mod schema;
pub mod search;
pub mod source;
pub mod typeset;
pub mod wareki;
pub mod write;
