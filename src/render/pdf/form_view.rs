//! What `typst/form.typ` reads as `/data.json`: a form with every block
//! resolved. The typed contract between the form builder (`form_data.rs`)
//! and the theme's form template.

use serde::Serialize;

use crate::acroform::{FieldSpec, SpecKind};
use crate::model::Align;

/// `/data.json` of a form.
#[derive(Serialize)]
pub struct FormView {
    pub form: FormHead,
    pub region: RegionHead,
    pub date: DateView,
    pub fields: Vec<FieldSpec>,
}

#[derive(Serialize)]
pub struct FormHead {
    pub id: String,
    pub number: String,
    pub title: String,
    pub example: bool,
    /// The sheets of one copy as the original has them (none: not declared).
    pub pages: Option<u32>,
    /// The copies to print (one, unlabelled, when the form declares none).
    pub copies: Vec<CopyView>,
    /// The PDF's author: who issued the form. An example form names no issuer.
    pub author: String,
    pub blocks: Vec<BlockView>,
}

#[derive(Serialize)]
pub struct CopyView {
    pub label: String,
    pub note: String,
}

#[derive(Serialize)]
pub struct RegionHead {
    pub name: String,
    pub operator: String,
}

#[derive(Serialize)]
pub struct DateView {
    pub year: i32,
    pub month: u32,
    pub day: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wareki: Option<String>,
}

/// A run of paragraph text, bold or not.
#[derive(Serialize)]
pub struct Run {
    pub text: String,
    pub strong: bool,
}

/// One block, as the template lays it out (`type` says which).
#[derive(Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum BlockView {
    Label {
        text: String,
    },
    Title {
        text: String,
    },
    Subtitle {
        text: String,
    },
    Heading {
        text: String,
    },
    Paragraph {
        parts: Vec<PartView>,
    },
    Right {
        text: String,
    },
    Storage {
        text: String,
    },
    Ki,
    End,
    PageBreak,
    Space {
        lines: f32,
    },
    Clauses {
        items: Vec<ClauseView>,
    },
    Date {
        era: &'static str,
        label: String,
        align: Align,
        ids: Vec<String>,
    },
    Addressee {
        text: String,
        label: String,
        field: String,
        suffix: String,
    },
    Fields {
        items: Vec<FieldView>,
    },
    Choice {
        id: String,
        label: String,
        options: Vec<String>,
        style: SpecKind,
        other: Option<String>,
    },
    Table {
        title: String,
        numbered: bool,
        subrows: u32,
        columns: Vec<ColumnView>,
        rows: Vec<Vec<CellView>>,
    },
    Signature {
        title: String,
        lines: Vec<SignatureLineView>,
    },
    Signatures {
        parties: Vec<PartyView>,
    },
    Recipient {
        title: String,
        lines: Vec<String>,
    },
    ListTable {
        caption: String,
        title: String,
        entry_label: String,
        columns: u32,
        entries: Vec<ListEntryView>,
    },
    Notes {
        id: String,
        label: String,
        lines: u32,
    },
}

/// A part of a paragraph: text runs, a blank in the sentence, or options to
/// circle.
#[derive(Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum PartView {
    Text { runs: Vec<Run> },
    Blank { id: String, width: Option<f32> },
    Choice { id: String, options: Vec<String> },
}

/// One party of a signature table: its rows (name, address …) and the
/// 続柄 blank shown beside the name.
#[derive(Serialize)]
pub struct PartyView {
    pub title: String,
    pub lines: Vec<SignatureLineView>,
    pub relation: Option<String>,
}

#[derive(Serialize)]
pub struct ClauseView {
    pub mark: String,
    pub runs: Vec<Run>,
}

#[derive(Serialize)]
pub struct FieldView {
    pub id: String,
    pub label: String,
    pub kind: SpecKind,
    pub lines: u32,
    pub width: Option<f32>,
    pub suffix: String,
    pub note: String,
}

#[derive(Serialize)]
pub struct ColumnView {
    pub id: String,
    pub label: String,
    pub width: f32,
    pub group: String,
    pub prefix: String,
    pub suffix: String,
    pub split: bool,
    /// A sub blank: above (ふりがな) or below, between brackets.
    pub sub: Option<SubView>,
}

#[derive(Serialize)]
pub struct SubView {
    pub above: bool,
    pub open: String,
    pub close: String,
}

/// One cell: its blank (one per sub-row when the column is split) and the
/// sub blank's id.
#[derive(Serialize)]
pub struct CellView {
    pub ids: Vec<String>,
    pub kind: SpecKind,
    pub sub: Option<String>,
}

#[derive(Serialize)]
pub struct SignatureLineView {
    pub id: String,
    pub label: &'static str,
    pub seal: bool,
}

#[derive(Serialize)]
pub struct ListEntryView {
    pub number: String,
    pub label: String,
}
