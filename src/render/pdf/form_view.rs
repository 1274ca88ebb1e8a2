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
    pub blocks: Vec<BlockView>,
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
        runs: Vec<Run>,
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
        columns: Vec<ColumnView>,
        rows: Vec<Vec<CellView>>,
    },
    Signature {
        title: String,
        lines: Vec<SignatureLineView>,
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
}

#[derive(Serialize)]
pub struct CellView {
    pub id: String,
    pub kind: SpecKind,
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
