//! tebiki: builds the handbook sites, fillable forms and rule tables of
//! regional medical-and-care networks from YAML and Markdown.
//!
//! One pipeline: [`load`] reads the project into the [`model`], [`check`]
//! validates it, [`render`] turns it into files, [`output`] writes them
//! safely. Every command is a composition of these steps ([`build`]).

pub mod build;
pub mod cache;
pub mod check;
pub mod diag;
pub mod forms;
pub mod history;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod progress;
pub mod render;
pub mod search;
pub mod serve;
pub mod typeset;
pub mod typst_markup;
pub mod wareki;
pub mod yaml;
