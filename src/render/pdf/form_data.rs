//! A form as the Typst template reads it: every block resolved (lists
//! expanded, region values filled in, field ids worked out), written as JSON
//! into the Typst world. Values are data, never Typst source, so a name with
//! `#`, `[` or `$` prints as written.

use super::super::context::RegionCtx;
use super::super::theme::chain;
use super::form_view::{
    BlockView, CellView, ClauseView, ColumnView, DateView, FieldView, FormHead, FormView,
    ListEntryView, RegionHead, Run, SignatureLineView,
};
use crate::acroform::{FieldSpec, SpecKind};
use crate::diag::Diagnostic;
use crate::model::{
    Block, ChoiceStyle, Contact, ContactLabels, DateStyle, FieldDef, FieldKind, Form,
    SignatureLine, Site, field_names,
};
use crate::typeset::document_date;
use crate::wareki::Date;

/// The template's input and the fields it must place.
pub struct FormData {
    /// What `typst/form.typ` reads as `/data.json`.
    pub view: FormView,
    pub fields: Vec<FieldSpec>,
    /// The document's date: fixed by the sources, so output is reproducible.
    pub date: Option<Date>,
}

fn spec_kind(k: FieldKind) -> SpecKind {
    match k {
        FieldKind::Text | FieldKind::Date => SpecKind::Text,
        FieldKind::Multiline => SpecKind::Multiline,
        FieldKind::Checkbox => SpecKind::Checkbox,
        FieldKind::Signature => SpecKind::Signature,
    }
}

struct Builder<'a> {
    site: &'a Site,
    rc: RegionCtx<'a>,
    form: &'a Form,
    fields: Vec<FieldSpec>,
    problems: Vec<Diagnostic>,
    ctx: tera::Context,
}

pub fn build(rc: RegionCtx, form: &Form) -> Result<FormData, Vec<Diagnostic>> {
    let mut ctx = tera::Context::new();
    ctx.insert("region", &rc.views.full);
    let region = rc.region;
    let mut b = Builder {
        site: &rc.ctx.site,
        rc,
        form,
        fields: Vec::new(),
        problems: Vec::new(),
        ctx,
    };
    let blocks: Vec<BlockView> = form
        .blocks
        .iter()
        .enumerate()
        .map(|(i, bl)| b.block(i, bl))
        .collect();
    if !b.problems.is_empty() {
        return Err(b.problems);
    }
    let date = region.revisions.iter().map(|r| r.date).max();
    let view = FormView {
        form: FormHead {
            id: form.id.clone(),
            number: form.number.clone(),
            title: form.title.clone(),
            example: form.example,
            blocks,
        },
        region: RegionHead {
            name: region.name.clone(),
            operator: region.operator.name.clone(),
        },
        date: {
            let d = document_date(date);
            DateView {
                year: d.year,
                month: d.month,
                day: d.day,
                wareki: date.map(|d| d.wareki()),
            }
        },
        fields: b.fields.clone(),
    };
    Ok(FormData {
        view,
        fields: b.fields,
        date,
    })
}

impl Builder<'_> {
    /// Expands `{{ region.… }}` in a text of the form.
    fn text(&mut self, i: usize, s: &str) -> String {
        if !s.contains("{{") && !s.contains("{%") {
            return s.to_string();
        }
        match tera::Tera::one_off(s, &self.ctx, false) {
            Ok(t) => t,
            Err(e) => {
                let msg = chain(&e);
                let var = msg.split('`').nth(1).unwrap_or("").to_string();
                self.problems.push(
                    Diagnostic::error(
                        &self.form.origin.file,
                        self.form.origin.pos(&format!("blocks[{i}]")),
                        format!("様式の文の {{{{ … }}}} を処理できません: `{var}`"),
                    )
                    .hint("region.yaml にある値を region.secretariat.tel のように書いてください。"),
                );
                s.to_string()
            }
        }
    }

    fn field(&mut self, id: &str, kind: SpecKind, label: &str, options: Vec<String>) -> String {
        self.fields.push(FieldSpec {
            id: id.to_string(),
            kind,
            label: label.to_string(),
            options,
        });
        id.to_string()
    }

    fn list_labels(&self, id: &str) -> Vec<String> {
        self.site
            .lists
            .get(id)
            .map(|l| l.entries.iter().map(|e| e.label.clone()).collect())
            .unwrap_or_default()
    }

    fn field_def(&mut self, f: &FieldDef) -> FieldView {
        let kind = spec_kind(f.kind);
        self.field(&f.id, kind, &f.label, Vec::new());
        FieldView {
            id: f.id.clone(),
            label: f.label.clone(),
            kind,
            lines: f
                .lines
                .unwrap_or(if kind == SpecKind::Multiline { 3 } else { 1 }),
            width: f.width,
            suffix: f.suffix.clone(),
            note: f.note.clone(),
        }
    }

    /// A contact as Japanese forms print it: postal code, address, name,
    /// then the numbers. The first line follows the block's title.
    fn contact(&self, c: &Contact, labels: &ContactLabels) -> Vec<String> {
        let l = labels.over(&c.labels);
        let after = |s: &str| {
            if s.is_empty() {
                String::new()
            } else {
                format!("　{s}")
            }
        };
        let mut lines = Vec::new();
        if !c.postal_code.is_empty() {
            lines.push(format!("〒{}", c.postal_code));
        }
        if !c.address.is_empty() {
            lines.push(c.address.clone());
        }
        lines.push(format!("{}{}", c.name, after(&c.department)));
        let hours = c.hours.replace('\n', "　");
        for (label, value, note) in [
            (&l.tel, &c.tel, c.tel_note.as_str()),
            (&l.fax, &c.fax, ""),
            (&l.email, &c.email, ""),
            (&l.hours, &hours, ""),
        ] {
            if !value.is_empty() {
                lines.push(format!("{label}　{value}{}", after(note)));
            }
        }
        lines.extend(c.notes.iter().cloned());
        lines
    }

    fn block(&mut self, i: usize, block: &Block) -> BlockView {
        let region = self.rc.region;
        match block {
            Block::Label(t) => BlockView::Label {
                text: self.text(i, t),
            },
            Block::Title(t) => BlockView::Title {
                text: self.text(i, t),
            },
            Block::Subtitle(t) => BlockView::Subtitle {
                text: self.text(i, t),
            },
            Block::Heading(t) => BlockView::Heading {
                text: self.text(i, t),
            },
            Block::Paragraph(t) => BlockView::Paragraph {
                runs: runs(&self.text(i, t)),
            },
            Block::Right(t) => BlockView::Right {
                text: self.text(i, t),
            },
            Block::Storage(t) => BlockView::Storage {
                text: self.text(i, t),
            },
            Block::Ki => BlockView::Ki,
            Block::End => BlockView::End,
            Block::PageBreak => BlockView::PageBreak,
            Block::Space(n) => BlockView::Space { lines: *n },
            Block::Clauses(c) => BlockView::Clauses {
                items: c
                    .items
                    .iter()
                    .enumerate()
                    .map(|(n, t)| ClauseView {
                        mark: c
                            .marks
                            .get(n)
                            .cloned()
                            .unwrap_or_else(|| full_width_number(n + 1)),
                        runs: runs(&self.text(i, t)),
                    })
                    .collect(),
            },
            Block::Date(d) => {
                let id = field_names::date_base(d);
                let label = if d.label.is_empty() {
                    "日付"
                } else {
                    &d.label
                };
                let ids = ["year", "month", "day"]
                    .iter()
                    .zip(["年", "月", "日"])
                    .map(|(part, unit)| {
                        self.field(
                            &field_names::date_part(id, part),
                            SpecKind::Text,
                            &format!("{label}（{unit}）"),
                            Vec::new(),
                        )
                    })
                    .collect();
                BlockView::Date {
                    era: if d.style == DateStyle::Reiwa {
                        "令和"
                    } else {
                        ""
                    },
                    label: d.label.clone(),
                    align: d.align,
                    ids,
                }
            }
            Block::Addressee(a) => {
                let text = match a.from.as_str() {
                    "operator" => region.operator.name.clone(),
                    "secretariat" => region.secretariat.name.clone(),
                    _ => self.text(i, &a.text),
                };
                if !a.field.is_empty() {
                    let label = if a.label.is_empty() {
                        "宛先"
                    } else {
                        &a.label
                    };
                    self.field(
                        &a.field,
                        SpecKind::Text,
                        label.trim_matches(['（', '）']),
                        Vec::new(),
                    );
                }
                BlockView::Addressee {
                    text,
                    label: a.label.clone(),
                    field: a.field.clone(),
                    suffix: a.suffix.clone(),
                }
            }
            Block::Field(f) => BlockView::Fields {
                items: vec![self.field_def(f)],
            },
            Block::Fields(fs) => BlockView::Fields {
                items: fs.iter().map(|f| self.field_def(f)).collect(),
            },
            Block::Choice(c) => {
                let options = if c.list.is_empty() {
                    c.options.clone()
                } else {
                    self.list_labels(&c.list)
                };
                let kind = match c.style {
                    ChoiceStyle::Circle => SpecKind::Radio,
                    ChoiceStyle::Combo => SpecKind::Combo,
                };
                self.field(&c.id, kind, &c.label, options.clone());
                let other = c.other.then(|| {
                    self.field(
                        &field_names::other(&c.id),
                        SpecKind::Text,
                        &format!("{}（その他）", c.label),
                        Vec::new(),
                    )
                });
                BlockView::Choice {
                    id: c.id.clone(),
                    label: c.label.clone(),
                    options,
                    style: kind,
                    other,
                }
            }
            Block::Table(t) => {
                let columns = t
                    .columns
                    .iter()
                    .map(|c| ColumnView {
                        id: c.id.clone(),
                        label: c.label.clone(),
                        width: c.width.unwrap_or(1.0),
                    })
                    .collect();
                let mut rows = Vec::new();
                for r in 1..=t.rows {
                    let mut cells = Vec::new();
                    for c in &t.columns {
                        let id = field_names::cell(&t.id, r, &c.id);
                        let label = format!("{}{r}　{}", t.title, c.label);
                        let (kind, options) = if !c.list.is_empty() {
                            (SpecKind::Combo, self.list_labels(&c.list))
                        } else {
                            (spec_kind(c.kind), Vec::new())
                        };
                        self.field(&id, kind, label.trim(), options);
                        cells.push(CellView { id, kind });
                    }
                    rows.push(cells);
                }
                BlockView::Table {
                    title: t.title.clone(),
                    numbered: t.numbered,
                    columns,
                    rows,
                }
            }
            Block::Signature(s) => {
                let lines = s
                    .lines
                    .iter()
                    .map(|l| {
                        let id = field_names::signature(&s.id, *l);
                        self.field(
                            &id,
                            SpecKind::Text,
                            &format!("{}　{}", s.title, l.label()),
                            Vec::new(),
                        );
                        SignatureLineView {
                            id,
                            label: l.label(),
                            seal: s.seal && *l == SignatureLine::Name,
                        }
                    })
                    .collect();
                BlockView::Signature {
                    title: s.title.clone(),
                    lines,
                }
            }
            Block::Recipient(r) => {
                let contact = match r.contact.as_str() {
                    "" | "secretariat" => Some(&region.secretariat),
                    id => region.contacts.iter().find(|c| c.id == id),
                };
                BlockView::Recipient {
                    title: r.title.clone(),
                    lines: contact
                        .map(|c| self.contact(c, &r.labels))
                        .unwrap_or_default(),
                }
            }
            Block::ListTable(l) => {
                let list = self.site.lists.get(&l.list);
                BlockView::ListTable {
                    caption: list.map(|x| x.caption.clone()).unwrap_or_default(),
                    title: list.map(|x| x.title.clone()).unwrap_or_default(),
                    entry_label: list
                        .map(|x| x.entry_label().to_string())
                        .unwrap_or_default(),
                    columns: l.columns.unwrap_or(1),
                    entries: list
                        .map(|x| {
                            x.entries
                                .iter()
                                .enumerate()
                                .map(|(n, e)| ListEntryView {
                                    number: if e.number.is_empty() {
                                        (n + 1).to_string()
                                    } else {
                                        e.number.clone()
                                    },
                                    label: e.label.clone(),
                                })
                                .collect()
                        })
                        .unwrap_or_default(),
                }
            }
            Block::Notes(n) => {
                self.field(&n.id, SpecKind::Multiline, &n.label, Vec::new());
                BlockView::Notes {
                    id: n.id.clone(),
                    label: n.label.clone(),
                    lines: n.lines.unwrap_or(3),
                }
            }
        }
    }
}

/// `**bold**` runs of a paragraph; everything else is plain text.
fn runs(s: &str) -> Vec<Run> {
    s.split("**")
        .enumerate()
        .filter(|(_, t)| !t.is_empty())
        .map(|(n, t)| Run {
            text: t.to_string(),
            strong: n % 2 == 1,
        })
        .collect()
}

fn full_width_number(n: usize) -> String {
    n.to_string()
        .chars()
        .map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bold_runs_and_numbers() {
        let r = runs("私は**必ず**守ります");
        assert!(r[1].strong && r[1].text == "必ず");
        assert_eq!(full_width_number(12), "１２");
    }
}
