//! A form as the Typst template reads it: every block resolved (lists
//! expanded, region values filled in, field ids worked out), written as JSON
//! into the Typst world. Values are data, never Typst source, so a name with
//! `#`, `[` or `$` prints as written.

use super::super::context::RegionCtx;
use super::super::theme::chain;
use super::form_view::{
    BlockView, CellView, ClauseView, ColumnView, CopyView, DateView, FieldView, FormHead, FormView,
    ListEntryView, PartView, PartyView, RegionHead, Run, SignatureLineView, SubView,
};
use crate::acroform::{FieldSpec, SpecKind};
use crate::diag::Diagnostic;
use crate::model::{
    Block, ChoiceStyle, Contact, ContactLabels, ContactPart, DateStyle, FieldDef, FieldKind, Form,
    Inline, SignatureDef, SignatureLine, Site, field_names, inline,
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
    rc: &'a RegionCtx<'a>,
    form: &'a Form,
    fields: Vec<FieldSpec>,
    problems: Vec<Diagnostic>,
    ctx: tera::Context,
    /// What the blanks that follow belong to (the last heading, or a
    /// signature's title), for their tooltips: 「≪説明者≫　氏名」.
    context: String,
}

pub fn build(rc: &RegionCtx, form: &Form) -> Result<FormData, Vec<Diagnostic>> {
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
        context: String::new(),
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
            pages: form.pages,
            copies: if form.copies.is_empty() {
                vec![CopyView {
                    label: String::new(),
                    note: String::new(),
                }]
            } else {
                form.copies
                    .iter()
                    .map(|c| CopyView {
                        label: c.label.clone(),
                        note: c.note.clone(),
                    })
                    .collect()
            },
            // An example was written from the handbook, not issued by the
            // operator: its metadata must not say the operator made it.
            author: if form.example {
                format!("{}（手引きの記載をもとにした作成例）", region.name)
            } else {
                region.operator.name.clone()
            },
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
        self.field_max(id, kind, label, options, None)
    }

    fn field_max(
        &mut self,
        id: &str,
        kind: SpecKind,
        label: &str,
        options: Vec<String>,
        max_len: Option<u32>,
    ) -> String {
        self.fields.push(FieldSpec {
            id: id.to_string(),
            kind,
            label: label.to_string(),
            options,
            max_len,
        });
        id.to_string()
    }

    /// A tooltip with the context it is read in: 「≪説明者≫　氏名」.
    fn in_context(&self, label: &str) -> String {
        let label = label.trim();
        if self.context.is_empty() || label.contains(self.context.as_str()) {
            label.to_string()
        } else {
            format!("{}　{label}", self.context)
        }
    }

    /// A signature block's lines, each a field named <id>_<line>.
    fn signature_lines(
        &mut self,
        s: &SignatureDef,
        skip: Option<SignatureLine>,
    ) -> Vec<SignatureLineView> {
        s.lines
            .iter()
            .filter(|l| Some(**l) != skip)
            .map(|l| {
                let id = field_names::signature(&s.id, *l);
                let max = (*l == SignatureLine::Date).then_some(16);
                self.field_max(
                    &id,
                    SpecKind::Text,
                    &format!("{}　{}", s.title.trim(), l.label()),
                    Vec::new(),
                    max,
                );
                SignatureLineView {
                    id,
                    label: l.label(),
                    seal: s.seal && *l == SignatureLine::Name,
                }
            })
            .collect()
    }

    fn list_labels(&self, id: &str) -> Vec<String> {
        self.site
            .lists
            .get(id)
            .map(|l| l.entries.iter().map(|e| e.label.clone()).collect())
            .unwrap_or_default()
    }

    fn field_def(&mut self, f: &FieldDef, context: &str) -> FieldView {
        let kind = spec_kind(f.kind);
        let label = if context.is_empty() || f.label.contains(context) {
            self.in_context(&f.label)
        } else {
            format!("{context}　{}", f.label.trim())
        };
        self.field_max(&f.id, kind, &label, Vec::new(), f.max_len);
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
    fn contact(&self, c: &Contact, labels: &ContactLabels, show: &[ContactPart]) -> Vec<String> {
        let l = labels.over(&c.labels);
        let shows = |p: ContactPart| show.is_empty() || show.contains(&p);
        let after = |s: &str| {
            if s.is_empty() {
                String::new()
            } else {
                format!("　{s}")
            }
        };
        let mut lines = Vec::new();
        if shows(ContactPart::Address) {
            if !c.postal_code.is_empty() {
                lines.push(format!("〒{}", c.postal_code));
            }
            if !c.address.is_empty() {
                lines.push(c.address.clone());
            }
        }
        if shows(ContactPart::Name) {
            lines.push(format!("{}{}", c.name, after(&c.department)));
        }
        let hours = c.hours.replace('\n', "　");
        let tel_note = if shows(ContactPart::TelNote) {
            c.tel_note.as_str()
        } else {
            ""
        };
        for (part, label, value, note) in [
            (ContactPart::Tel, &l.tel, &c.tel, tel_note),
            (ContactPart::Fax, &l.fax, &c.fax, ""),
            (ContactPart::Email, &l.email, &c.email, ""),
            (ContactPart::Hours, &l.hours, &hours, ""),
        ] {
            if !value.is_empty() && shows(part) {
                lines.push(format!("{label}　{value}{}", after(note)));
            }
        }
        if shows(ContactPart::Notes) {
            lines.extend(c.notes.iter().cloned());
        }
        lines
    }

    fn block(&mut self, i: usize, block: &Block) -> BlockView {
        let region = self.rc.region;
        // Blanks after body text are not about the section heading above it.
        match block {
            Block::Clauses(_) | Block::Ki | Block::End | Block::Space(_) | Block::PageBreak => {
                self.context.clear()
            }
            Block::Paragraph(t) if !t.contains("[[") => self.context.clear(),
            _ => {}
        }
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
            Block::Heading(t) => {
                let text = self.text(i, t);
                self.context = text.trim().to_string();
                BlockView::Heading { text }
            }
            Block::Paragraph(t) => {
                let text = self.text(i, t);
                let parts = inline::parse(&text)
                    .into_iter()
                    .map(|p| match p {
                        Inline::Text(t) => PartView::Text { runs: runs(&t) },
                        Inline::Blank { id, label, width } => {
                            let label =
                                self.in_context(if label.is_empty() { &id } else { &label });
                            let max = width.filter(|w| *w <= 4.0).map(|w| (w * 2.0).ceil() as u32);
                            self.field_max(&id, SpecKind::Text, &label, Vec::new(), max);
                            PartView::Blank { id, width }
                        }
                        Inline::Choice { id, label, options } => {
                            let label =
                                self.in_context(if label.is_empty() { &id } else { &label });
                            // 「承認|（不承認）」 prints the brackets; the value is the word.
                            let values = options
                                .iter()
                                .map(|o| o.trim_matches(['（', '）', '(', ')']).to_string())
                                .collect();
                            self.field(&id, SpecKind::Circle, &label, values);
                            PartView::Choice { id, options }
                        }
                    })
                    .collect();
                BlockView::Paragraph { parts }
            }
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
                        let max = if *part == "year" && d.style == DateStyle::Plain {
                            4
                        } else {
                            2
                        };
                        let tip = self.in_context(&format!("{label}（{unit}）"));
                        self.field_max(
                            &field_names::date_part(id, part),
                            SpecKind::Text,
                            &tip,
                            Vec::new(),
                            Some(max),
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
                items: vec![self.field_def(f, "")],
            },
            Block::Fields(fs) => {
                // 「≪説明者≫　事業所名」 then 「氏名」: the bracketed start of a
                // row's first label is what every blank of the row is about.
                let context = fs
                    .first()
                    .and_then(|f| {
                        let l = f.label.trim();
                        ["≪≫", "《》", "（）", "【】", "＜＞"]
                            .iter()
                            .find_map(|pair| {
                                let mut cs = pair.chars();
                                let (open, close) = (cs.next()?, cs.next()?);
                                l.starts_with(open)
                                    .then(|| l.find(close))
                                    .flatten()
                                    .map(|at| l[..at + close.len_utf8()].to_string())
                            })
                    })
                    .unwrap_or_default();
                BlockView::Fields {
                    items: fs.iter().map(|f| self.field_def(f, &context)).collect(),
                }
            }
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
                let tip = self.in_context(&c.label);
                self.field(
                    &c.id,
                    kind,
                    tip.trim_end_matches(['：', ':']),
                    options.clone(),
                );
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
                let subrows = t.subrows.unwrap_or(1).max(1);
                let columns = t
                    .columns
                    .iter()
                    .map(|c| ColumnView {
                        id: c.id.clone(),
                        label: c.label.clone(),
                        width: c.width.unwrap_or(1.0),
                        group: c.group.clone(),
                        prefix: c.prefix.clone(),
                        suffix: c.suffix.clone(),
                        split: c.split && subrows > 1,
                        sub: c.sub.as_ref().map(|s| {
                            let mut cs = s.brackets.chars();
                            SubView {
                                above: s.above,
                                open: cs.next().map(String::from).unwrap_or_default(),
                                close: cs.collect(),
                            }
                        }),
                    })
                    .collect();
                let title = if t.title.is_empty() {
                    self.context.clone()
                } else {
                    t.title.clone()
                };
                let title = title.trim().to_string();
                let mut rows = Vec::new();
                for r in 1..=t.rows {
                    let mut cells = Vec::new();
                    for c in &t.columns {
                        let head = |label: &str| {
                            let label: String =
                                label.split_whitespace().collect::<Vec<_>>().join(" ");
                            format!("{title}{r}　{}", label.replace('\n', ""))
                        };
                        let (kind, options) = if !c.list.is_empty() {
                            (SpecKind::Combo, self.list_labels(&c.list))
                        } else {
                            (spec_kind(c.kind), Vec::new())
                        };
                        let ids: Vec<String> = if c.split && subrows > 1 {
                            (1..=subrows)
                                .map(|k| {
                                    let id = field_names::subcell(&t.id, r, &c.id, k);
                                    let group = if c.group.is_empty() {
                                        String::new()
                                    } else {
                                        format!("{}（{k}）", c.group)
                                    };
                                    self.field(
                                        &id,
                                        kind,
                                        head(&format!("{group}{}", c.label)).trim(),
                                        options.clone(),
                                    );
                                    id
                                })
                                .collect()
                        } else {
                            let id = field_names::cell(&t.id, r, &c.id);
                            let label = if c.group.is_empty() {
                                c.label.clone()
                            } else {
                                format!("{}　{}", c.group, c.label)
                            };
                            self.field(&id, kind, head(&label).trim(), options.clone());
                            vec![id]
                        };
                        let sub = c.sub.as_ref().map(|s| {
                            let id = field_names::cell(&t.id, r, &s.id);
                            self.field(&id, SpecKind::Text, head(&s.label).trim(), Vec::new());
                            id
                        });
                        cells.push(CellView { ids, kind, sub });
                    }
                    rows.push(cells);
                }
                BlockView::Table {
                    title: t.title.clone(),
                    numbered: t.numbered,
                    subrows,
                    columns,
                    rows,
                }
            }
            Block::Signature(s) => {
                self.context = s.title.trim().to_string();
                let lines = self.signature_lines(s, None);
                BlockView::Signature {
                    title: s.title.clone(),
                    lines,
                }
            }
            Block::Signatures(ss) => BlockView::Signatures {
                parties: ss
                    .iter()
                    .map(|s| {
                        let lines = self.signature_lines(s, Some(SignatureLine::Relation));
                        let relation = s.lines.contains(&SignatureLine::Relation).then(|| {
                            let id = field_names::signature(&s.id, SignatureLine::Relation);
                            self.field(
                                &id,
                                SpecKind::Text,
                                &format!("{}　続柄", s.title.trim()),
                                Vec::new(),
                            );
                            id
                        });
                        PartyView {
                            title: s.title.clone(),
                            lines,
                            relation,
                        }
                    })
                    .collect(),
            },
            Block::Recipient(r) => {
                let contact = match r.contact.as_str() {
                    "" | "secretariat" => Some(&region.secretariat),
                    id => region.contacts.iter().find(|c| c.id == id),
                };
                BlockView::Recipient {
                    title: r.title.clone(),
                    lines: contact
                        .map(|c| self.contact(c, &r.labels, &r.show))
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
                let tip = n.label.trim_matches(['【', '】']).to_string();
                self.field(&n.id, SpecKind::Multiline, &tip, Vec::new());
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
