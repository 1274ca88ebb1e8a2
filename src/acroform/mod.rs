//! AcroForm fields: added to the PDF Typst wrote, over the blanks the layout
//! drew (Typst has no form fields yet: typst issue 2421), and filled by
//! `tebiki fill`. Knows PDF and fonts, nothing of the project.
//!
//! Every widget gets an appearance stream (no /NeedAppearances), every text
//! field the embedded field font, every field a stable ASCII name and its
//! Japanese label as the tooltip (/TU).

mod appearance;
mod fields;
pub mod fill;
pub mod font;
mod pdf;
mod spec;

pub use fields::add_fields;
pub use font::FieldFont;
pub use spec::{FieldSpec, SpecKind};
