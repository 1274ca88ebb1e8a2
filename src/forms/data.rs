//! A form as the Typst template reads it: every block resolved (lists
//! expanded, region values filled in, field ids worked out), written as JSON
//! into the Typst world. Values are data, never Typst source, so a name with
//! `#`, `[` or `$` prints as written.

use serde::Serialize;
use serde_json::{Value, json};

use crate::diag::Diagnostic;
use crate::model::{
    Block, ChoiceStyle, Contact, DateStyle, FieldDef, FieldKind, Form, Region, SignatureLine, Site,
};

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
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum SpecKind {
    Text,
    Multiline,
    Checkbox,
    Radio,
    Combo,
    Signature,
}

impl SpecKind {
    fn of(k: FieldKind) -> SpecKind {
        match k {
            FieldKind::Text | FieldKind::Date => SpecKind::Text,
            FieldKind::Multiline => SpecKind::Multiline,
            FieldKind::Checkbox => SpecKind::Checkbox,
            FieldKind::Signature => SpecKind::Signature,
        }
    }
}

/// The template's input and the fields it must place.
pub struct FormData {
    pub json: Value,
    pub fields: Vec<FieldSpec>,
}

struct Builder<'a> {
    site: &'a Site,
    region: &'a Region,
    form: &'a Form,
    fields: Vec<FieldSpec>,
    problems: Vec<Diagnostic>,
    ctx: tera::Context,
}

pub fn build(
    site: &Site,
    region: &Region,
    form: &Form,
    region_json: &Value,
) -> Result<FormData, Vec<Diagnostic>> {
    let mut ctx = tera::Context::new();
    ctx.insert("region", region_json);
    let mut b = Builder {
        site,
        region,
        form,
        fields: Vec::new(),
        problems: Vec::new(),
        ctx,
    };
    let blocks: Vec<Value> = form
        .blocks
        .iter()
        .enumerate()
        .map(|(i, bl)| b.block(i, bl))
        .collect();
    if !b.problems.is_empty() {
        return Err(b.problems);
    }
    let date = region.revisions.iter().map(|r| r.date).max();
    let json = json!({
        "form": {
            "id": form.id,
            "number": form.number,
            "title": form.title,
            "example": form.example,
            "blocks": blocks,
        },
        "region": {
            "name": region.name,
            "operator": region.operator.name,
        },
        // The document date: fixed by the sources, so output is reproducible.
        "date": date.map(|d| json!({"year": d.year, "month": d.month, "day": d.day, "wareki": d.wareki()}))
            .unwrap_or(json!({"year": 2020, "month": 1, "day": 1})),
        "fields": b.fields,
    });
    Ok(FormData {
        json,
        fields: b.fields,
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
                let msg = crate::render::theme::chain(&e);
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

    fn field_def(&mut self, f: &FieldDef) -> Value {
        let kind = SpecKind::of(f.kind);
        self.field(&f.id, kind, &f.label, Vec::new());
        json!({
            "id": f.id,
            "label": f.label,
            "kind": kind,
            "lines": f.lines.unwrap_or(if kind == SpecKind::Multiline { 3 } else { 1 }),
            "width": f.width,
            "suffix": f.suffix,
            "note": f.note,
        })
    }

    /// A contact as Japanese forms print it: postal code, address, name,
    /// then the numbers. The first line follows the block's title.
    fn contact(&self, c: &Contact, labels: &crate::model::ContactLabels) -> Vec<String> {
        let l = labels.over(&c.labels);
        let mut lines = Vec::new();
        if !c.postal_code.is_empty() {
            lines.push(format!("〒{}", c.postal_code));
        }
        if !c.address.is_empty() {
            lines.push(c.address.clone());
        }
        lines.push(format!(
            "{}{}",
            c.name,
            if c.department.is_empty() {
                String::new()
            } else {
                format!("　{}", c.department)
            }
        ));
        if !c.tel.is_empty() {
            lines.push(format!(
                "{}　{}{}",
                l.tel,
                c.tel,
                if c.tel_note.is_empty() {
                    String::new()
                } else {
                    format!("　{}", c.tel_note)
                }
            ));
        }
        if !c.fax.is_empty() {
            lines.push(format!("{}　{}", l.fax, c.fax));
        }
        if !c.email.is_empty() {
            lines.push(format!("{}　{}", l.email, c.email));
        }
        if !c.hours.is_empty() {
            lines.push(format!("{}　{}", l.hours, c.hours.replace('\n', "　")));
        }
        lines.extend(c.notes.iter().cloned());
        lines
    }

    fn block(&mut self, i: usize, block: &Block) -> Value {
        match block {
            Block::Label(t) => json!({"type": "label", "text": self.text(i, t)}),
            Block::Title(t) => json!({"type": "title", "text": self.text(i, t)}),
            Block::Subtitle(t) => json!({"type": "subtitle", "text": self.text(i, t)}),
            Block::Heading(t) => json!({"type": "heading", "text": self.text(i, t)}),
            Block::Paragraph(t) => {
                let t = self.text(i, t);
                json!({"type": "paragraph", "runs": runs(&t)})
            }
            Block::Right(t) => json!({"type": "right", "text": self.text(i, t)}),
            Block::Storage(t) => json!({"type": "storage", "text": self.text(i, t)}),
            Block::Ki => json!({"type": "ki"}),
            Block::End => json!({"type": "end"}),
            Block::PageBreak => json!({"type": "page_break"}),
            Block::Space(n) => json!({"type": "space", "lines": n}),
            Block::Clauses(c) => {
                let items: Vec<Value> = c
                    .items
                    .iter()
                    .enumerate()
                    .map(|(n, t)| {
                        let mark = c
                            .marks
                            .get(n)
                            .cloned()
                            .unwrap_or_else(|| full_width_number(n + 1));
                        let t = self.text(i, t);
                        json!({"mark": mark, "runs": runs(&t)})
                    })
                    .collect();
                json!({"type": "clauses", "items": items})
            }
            Block::Date(d) => {
                let id = if d.id.is_empty() {
                    "date".to_string()
                } else {
                    d.id.clone()
                };
                let label = if d.label.is_empty() {
                    "日付".to_string()
                } else {
                    d.label.clone()
                };
                let ids: Vec<String> = ["year", "month", "day"]
                    .iter()
                    .zip(["年", "月", "日"])
                    .map(|(part, unit)| {
                        self.field(
                            &format!("{id}_{part}"),
                            SpecKind::Text,
                            &format!("{label}（{unit}）"),
                            Vec::new(),
                        )
                    })
                    .collect();
                json!({
                    "type": "date",
                    "era": if d.style == DateStyle::Reiwa { "令和" } else { "" },
                    "label": d.label,
                    "align": d.align,
                    "ids": ids,
                })
            }
            Block::Addressee(a) => {
                let text = match a.from.as_str() {
                    "operator" => self.region.operator.name.clone(),
                    "secretariat" => self.region.secretariat.name.clone(),
                    _ => self.text(i, &a.text),
                };
                if !a.field.is_empty() {
                    let label = if a.label.is_empty() {
                        "宛先".to_string()
                    } else {
                        a.label.clone()
                    };
                    self.field(
                        &a.field,
                        SpecKind::Text,
                        label.trim_matches(['（', '）']),
                        Vec::new(),
                    );
                }
                json!({"type": "addressee", "text": text, "label": a.label, "field": a.field, "suffix": a.suffix})
            }
            Block::Field(f) => {
                let f = self.field_def(f);
                json!({"type": "fields", "items": [f]})
            }
            Block::Fields(fs) => {
                let items: Vec<Value> = fs.iter().map(|f| self.field_def(f)).collect();
                json!({"type": "fields", "items": items})
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
                self.field(&c.id, kind, &c.label, options.clone());
                let other = c.other.then(|| {
                    self.field(
                        &format!("{}_other", c.id),
                        SpecKind::Text,
                        &format!("{}（その他）", c.label),
                        Vec::new(),
                    )
                });
                json!({"type": "choice", "id": c.id, "label": c.label, "options": options, "style": kind, "other": other})
            }
            Block::Table(t) => {
                let columns: Vec<Value> = t
                    .columns
                    .iter()
                    .map(|c| json!({"id": c.id, "label": c.label, "width": c.width.unwrap_or(1.0)}))
                    .collect();
                let mut rows = Vec::new();
                for r in 1..=t.rows {
                    let mut cells = Vec::new();
                    for c in &t.columns {
                        let id = format!("{}_{r}_{}", t.id, c.id);
                        let label = format!(
                            "{}{r}　{}",
                            if t.title.is_empty() { "" } else { &t.title },
                            c.label
                        );
                        let (kind, options) = if !c.list.is_empty() {
                            (SpecKind::Combo, self.list_labels(&c.list))
                        } else {
                            (SpecKind::of(c.kind), Vec::new())
                        };
                        self.field(&id, kind, label.trim(), options);
                        cells.push(json!({"id": id, "kind": kind}));
                    }
                    rows.push(Value::Array(cells));
                }
                json!({"type": "table", "title": t.title, "numbered": t.numbered, "columns": columns, "rows": rows})
            }
            Block::Signature(s) => {
                let lines: Vec<Value> = s
                    .lines
                    .iter()
                    .map(|l| {
                        let id = format!("{}_{}", s.id, l.id());
                        let kind = if *l == SignatureLine::Address { SpecKind::Text } else { SpecKind::Text };
                        self.field(&id, kind, &format!("{}　{}", s.title, l.label()), Vec::new());
                        json!({"id": id, "label": l.label(), "seal": s.seal && *l == SignatureLine::Name})
                    })
                    .collect();
                json!({"type": "signature", "title": s.title, "lines": lines})
            }
            Block::Recipient(r) => {
                let contact = match r.contact.as_str() {
                    "" | "secretariat" => Some(&self.region.secretariat),
                    id => self.region.contacts.iter().find(|c| c.id == id),
                };
                let lines = contact
                    .map(|c| self.contact(c, &r.labels))
                    .unwrap_or_default();
                json!({"type": "recipient", "title": r.title, "lines": lines})
            }
            Block::ListTable(l) => {
                let list = self.site.lists.get(&l.list);
                let entries: Vec<Value> = list
                    .map(|x| {
                        x.entries
                            .iter()
                            .enumerate()
                            .map(|(n, e)| json!({"number": if e.number.is_empty() { (n + 1).to_string() } else { e.number.clone() }, "label": e.label}))
                            .collect()
                    })
                    .unwrap_or_default();
                json!({
                    "type": "list_table",
                    "caption": list.map(|x| x.caption.clone()).unwrap_or_default(),
                    "title": list.map(|x| x.title.clone()).unwrap_or_default(),
                    "entry_label": list.map(|x| x.entry_label().to_string()).unwrap_or_default(),
                    "columns": l.columns.unwrap_or(1),
                    "entries": entries,
                })
            }
            Block::Notes(n) => {
                self.field(&n.id, SpecKind::Multiline, &n.label, Vec::new());
                json!({"type": "notes", "id": n.id, "label": n.label, "lines": n.lines.unwrap_or(3)})
            }
        }
    }
}

/// `**bold**` runs of a paragraph; everything else is plain text.
fn runs(s: &str) -> Vec<Value> {
    s.split("**")
        .enumerate()
        .filter(|(_, t)| !t.is_empty())
        .map(|(n, t)| json!({"text": t, "strong": n % 2 == 1}))
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
        assert_eq!(r[1]["strong"], true);
        assert_eq!(full_width_number(12), "１２");
    }
}
