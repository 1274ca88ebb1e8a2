//! A field as the PDF will have it: what the form's data asks for and the
//! field writer makes.

use serde::Serialize;

/// One fillable field as the PDF will have it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FieldSpec {
    /// AcroForm field name (stable ASCII).
    pub id: String,
    pub kind: SpecKind,
    /// Japanese label: the tooltip (/TU).
    pub label: String,
    /// Choices of a combo box or a radio group.
    pub options: Vec<String>,
    /// The most characters the blank takes (/MaxLen), when it is fixed-width.
    pub max_len: Option<u32>,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum SpecKind {
    Text,
    Multiline,
    Checkbox,
    Radio,
    /// A radio group whose options are words of a sentence: the chosen one
    /// is circled (〇で囲む).
    Circle,
    Combo,
    Signature,
}
