//! Shortcodes: Tera functions that authors call from Markdown pages
//! (`{{ contact() }}`, `{{ rule(id="…") }}` …) to show region data without
//! writing it again. Each renders a theme template under `shortcodes/`.
//!
//! A shortcode never fails the render: it records a problem (which the page
//! renderer locates in the page's source) and prints a visible marker, so
//! that one run reports every bad call on a page.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};
use tera::{Context, Function};

use super::Env;
use crate::markdown::inline_html;

/// A problem found while rendering a page body, not yet located. `needle`
/// is text to look for in the page source to find the line.
#[derive(Debug, Clone)]
pub struct Problem {
    pub needle: String,
    pub message: String,
    pub hint: String,
}

pub type Problems = Arc<Mutex<Vec<Problem>>>;

pub const NAMES: &[&str] = &[
    "contact",
    "rule",
    "rules",
    "form_link",
    "list_table",
    "glossary",
    "flow",
    "revisions",
];

/// What shortcodes write: HTML for the site, Markdown for the printed
/// booklet (which Typst typesets; see `typst_markup.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Html,
    Print,
}

/// Registers every shortcode on `tera`, bound to one region.
pub fn register(
    tera: &mut tera::Tera,
    env: &Arc<Env>,
    region: usize,
    problems: &Problems,
    mode: Mode,
) {
    for name in NAMES {
        tera.register_function(
            name,
            Shortcode {
                name,
                env: env.clone(),
                region,
                problems: problems.clone(),
                mode,
            },
        );
    }
}

struct Shortcode {
    name: &'static str,
    env: Arc<Env>,
    region: usize,
    problems: Problems,
    mode: Mode,
}

impl Function for Shortcode {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let result = match self.mode {
            Mode::Html => self
                .run(args)
                .map(|html| protect_from_markdown(&squeeze_blank_lines(&html))),
            Mode::Print => self.run_print(args),
        };
        match result {
            Ok(text) => Ok(Value::String(text)),
            Err((needle, message, hint)) => {
                self.problems.lock().unwrap().push(Problem {
                    needle,
                    message,
                    hint,
                });
                Ok(Value::String(format!(
                    "<span class=\"shortcode-error\">［{}: {}］</span>",
                    self.name,
                    super::theme::escape_html(&message_short(&self.problems))
                )))
            }
        }
    }

    fn is_safe(&self) -> bool {
        true
    }
}

fn message_short(p: &Problems) -> String {
    p.lock()
        .unwrap()
        .last()
        .map(|p| p.message.clone())
        .unwrap_or_default()
}

type ScResult = Result<String, (String, String, String)>;

impl Shortcode {
    fn arg<'a>(
        &self,
        args: &'a HashMap<String, Value>,
        key: &str,
        required: bool,
    ) -> Result<Option<&'a str>, (String, String, String)> {
        let allowed = allowed_args(self.name);
        if let Some(bad) = args.keys().find(|k| !allowed.contains(&k.as_str())) {
            return Err((
                format!("{bad}="),
                format!("{}() に `{bad}` という引数はありません", self.name),
                format!("書ける引数: {}", allowed.join(", ")),
            ));
        }
        match args.get(key) {
            Some(Value::String(s)) => Ok(Some(s)),
            Some(other) => Err((
                format!("{}(", self.name),
                format!(
                    "{}() の `{key}` には文字列を書いてください（{other} と書かれています）",
                    self.name
                ),
                format!("例: {{{{ {}({key}=\"…\") }}}}", self.name),
            )),
            None if required => Err((
                format!("{}(", self.name),
                format!("{}() には `{key}` が必要です", self.name),
                format!("例: {{{{ {}({key}=\"…\") }}}}", self.name),
            )),
            None => Ok(None),
        }
    }

    fn render(&self, template: &str, ctx: Value) -> ScResult {
        let ctx = Context::from_value(ctx).expect("shortcode context is an object");
        self.env.theme.render(template, &ctx).map_err(|e| {
            (
                format!("{}(", self.name),
                format!(
                    "テーマのテンプレート {template} でエラー: {}",
                    super::theme::chain(&e)
                ),
                "themes/ の該当テンプレートを確かめてください。".into(),
            )
        })
    }

    /// Checks the arguments and finds what the shortcode shows.
    fn resolve(&self, args: &HashMap<String, Value>) -> Result<Item<'_>, (String, String, String)> {
        let site = &self.env.site;
        let region = &site.regions[self.region];
        let rjson = &self.env.regions_json[self.region];
        Ok(match self.name {
            "contact" => Item::Contact(match self.arg(args, "id", false)? {
                None | Some("secretariat") => rjson["secretariat"].clone(),
                Some(id) => match region.contacts.iter().position(|c| c.id == id) {
                    Some(i) => rjson["contacts"][i].clone(),
                    None => {
                        let ids: Vec<_> = region.contacts.iter().map(|c| c.id.as_str()).collect();
                        return Err(not_found(
                            id,
                            "問い合わせ先",
                            &ids,
                            "region.yaml の contacts",
                        ));
                    }
                },
            }),
            "rule" => {
                let id = self.arg(args, "id", true)?.unwrap_or_default();
                match region.rule(id) {
                    Some(rule) => Item::Rule(rule),
                    None => {
                        let ids: Vec<_> = region.rules.iter().map(|r| r.id.as_str()).collect();
                        return Err(not_found(id, "規則", &ids, "region.yaml の rules"));
                    }
                }
            }
            "rules" => {
                let topic = self.arg(args, "topic", true)?.unwrap_or_default();
                let Some(t) = site.topics.get(topic) else {
                    let ids: Vec<_> = site.topics.topics.iter().map(|t| t.id.as_str()).collect();
                    return Err(not_found(
                        topic,
                        "規則の分類（topic）",
                        &ids,
                        "content/topics.yaml",
                    ));
                };
                Item::Rules(
                    t,
                    region.rules.iter().filter(|r| r.topic == topic).collect(),
                )
            }
            "form_link" => {
                let id = self.arg(args, "form", true)?.unwrap_or_default();
                match region.form(id) {
                    Some(f) => Item::FormLink(f),
                    None => {
                        let ids: Vec<_> = region.form_defs.iter().map(|f| f.id.as_str()).collect();
                        return Err(not_found(
                            id,
                            "様式",
                            &ids,
                            &format!("forms/{}/", region.id),
                        ));
                    }
                }
            }
            "list_table" => {
                let id = self.arg(args, "list", true)?.unwrap_or_default();
                let Some(list) = site.lists.get(id) else {
                    let ids: Vec<_> = site.lists.keys().map(String::as_str).collect();
                    return Err(not_found(id, "リスト", &ids, "content/lists/"));
                };
                let columns = match args.get("columns") {
                    None => 1,
                    Some(v) => match v.as_u64() {
                        Some(n @ 1..=6) => n as usize,
                        _ => {
                            return Err((
                                "columns=".into(),
                                format!(
                                    "list_table() の columns には 1 から 6 の数を書いてください（{v} と書かれています）"
                                ),
                                "例: {{ list_table(list=\"professions\", columns=2) }}".into(),
                            ));
                        }
                    },
                };
                Item::ListTable(list, columns)
            }
            "glossary" => {
                self.arg(args, "", false)?;
                Item::Glossary(&region.glossary)
            }
            "revisions" => {
                let page = self.arg(args, "page", false)?;
                Item::Revisions(
                    region
                        .revisions
                        .iter()
                        .filter(|r| page.is_none_or(|p| r.page == p))
                        .map(super::view::revision)
                        .collect(),
                )
            }
            "flow" => {
                let id = self.arg(args, "id", true)?.unwrap_or_default();
                match region.flows.iter().find(|f| f.id == id) {
                    Some(f) => Item::Flow(f),
                    None => {
                        let ids: Vec<_> = region.flows.iter().map(|f| f.id.as_str()).collect();
                        return Err(not_found(id, "図（flow）", &ids, "region.yaml の flows"));
                    }
                }
            }
            _ => unreachable!("every name in NAMES is handled"),
        })
    }

    /// HTML for the site, from the theme's shortcode templates.
    fn run(&self, args: &HashMap<String, Value>) -> ScResult {
        let rjson = &self.env.regions_json[self.region];
        match self.resolve(args)? {
            Item::Contact(contact) => self.render("shortcodes/contact.html", json!({"contact": contact, "region": rjson})),
            Item::Rule(rule) => Ok(format!(
                "<span class=\"rule\" id=\"rule-{}\">{}</span>",
                super::theme::escape_html(&rule.id),
                inline_html(&rule.text)
            )),
            Item::Rules(topic, rules) => {
                let rules: Vec<Value> = rules.iter().map(|r| json!({"id": r.id, "html": inline_html(&r.text)})).collect();
                self.render("shortcodes/rules.html", json!({"rules": rules, "topic": topic}))
            }
            Item::FormLink(form) => self.render(
                "shortcodes/form_link.html",
                json!({"form": {"id": form.id, "number": form.number, "title": form.title, "example": form.example}}),
            ),
            Item::ListTable(list, columns) => {
                let rows: Vec<Vec<Value>> = list_rows(list, columns)
                    .into_iter()
                    .map(|row| row.into_iter().map(|e| e.map_or(Value::Null, |(n, e)| json!({"number": n, "label": e.label, "note": e.note}))).collect())
                    .collect();
                self.render(
                    "shortcodes/list_table.html",
                    json!({"list": list, "entry_label": list.entry_label(), "columns": columns, "rows": rows}),
                )
            }
            Item::Glossary(g) => self.render("shortcodes/glossary.html", json!({"glossary": g})),
            Item::Revisions(revisions) => self.render("shortcodes/revisions.html", json!({"revisions": revisions})),
            Item::Flow(flow) => Ok(crate::render::flow::figure(flow)),
        }
    }

    /// Markdown for the printed booklet: the same data, no HTML.
    fn run_print(&self, args: &HashMap<String, Value>) -> ScResult {
        let esc = escape_markdown_value;
        let region = &self.env.site.regions[self.region];
        Ok(match self.resolve(args)? {
            Item::Contact(c) => {
                let l = &c["labels"];
                let get = |k: &str| c[k].as_str().unwrap_or("").to_string();
                let mut lines = vec![format!("**{}**", esc(&get("name")))];
                let postal = get("postal_code");
                if !get("address").is_empty() {
                    let p = if postal.is_empty() {
                        String::new()
                    } else {
                        format!("〒{postal} ")
                    };
                    lines.push(format!(
                        "{}　{p}{}",
                        esc(l["address"].as_str().unwrap_or("")),
                        esc(&get("address"))
                    ));
                }
                for k in ["tel", "fax", "email", "hours"] {
                    if !get(k).is_empty() {
                        let note = if k == "tel" && !get("tel_note").is_empty() {
                            format!(" {}", esc(&get("tel_note")))
                        } else {
                            String::new()
                        };
                        lines.push(format!(
                            "{}　{}{note}",
                            esc(l[k].as_str().unwrap_or("")),
                            esc(&get(k).replace('\n', " "))
                        ));
                    }
                }
                for n in c["notes"].as_array().into_iter().flatten() {
                    lines.push(esc(n.as_str().unwrap_or("")));
                }
                format!("\n\n{}\n\n", lines.join("\\\n"))
            }
            Item::Rule(rule) => rule.text.clone(),
            Item::Rules(_, rules) => format!(
                "\n\n{}\n\n",
                rules
                    .iter()
                    .map(|r| format!("- {}", r.text))
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
            Item::FormLink(f) => esc(&format!("{}「{}」", f.number, f.title)),
            Item::ListTable(list, columns) => {
                let head = format!(
                    "|{}|",
                    (0..columns)
                        .map(|_| format!(" 番号 | {} |", esc(list.entry_label())))
                        .collect::<String>()
                );
                let rule = format!("|{}", "---|---|".repeat(columns));
                let rows: Vec<String> = list_rows(list, columns)
                    .into_iter()
                    .map(|row| {
                        format!(
                            "|{}",
                            row.into_iter()
                                .map(|e| e.map_or(" | |".to_string(), |(n, e)| format!(
                                    " {} | {} |",
                                    esc(&n),
                                    esc(&e.label)
                                )))
                                .collect::<String>()
                        )
                    })
                    .collect();
                let caption = format!("**{} {}**", esc(&list.caption), esc(&list.title));
                format!("\n\n{caption}\n\n{head}\n{rule}\n{}\n\n", rows.join("\n"))
            }
            Item::Glossary(g) => format!(
                "\n\n{}\n\n",
                g.iter()
                    .map(|e| format!("**{}**：{}", esc(&e.term), esc(&e.definition)))
                    .collect::<Vec<_>>()
                    .join("\n\n")
            ),
            Item::Revisions(rs) => format!(
                "\n\n{}\n\n",
                rs.iter()
                    .filter_map(|r| r["summary"].as_str().filter(|s| !s.is_empty()).map(esc))
                    .collect::<Vec<_>>()
                    .join("\n\n")
            ),
            Item::Flow(flow) => {
                let steps: Vec<String> = flow
                    .steps
                    .iter()
                    .map(|s| {
                        format!(
                            "- {} {}{}",
                            esc(&s.number),
                            esc(&s.label),
                            if s.note.is_empty() {
                                String::new()
                            } else {
                                format!("（{}）", esc(&s.note))
                            }
                        )
                    })
                    .collect();
                let _ = region;
                format!(
                    "\n\n**{}**\n\n![{}](flow:{})\n\n{}\n\n",
                    esc(&flow.title),
                    esc(&flow.title),
                    flow.id,
                    steps.join("\n")
                )
            }
        })
    }
}

/// What a shortcode shows, found and checked.
enum Item<'a> {
    Contact(Value),
    Rule(&'a crate::model::Rule),
    Rules(&'a crate::model::Topic, Vec<&'a crate::model::Rule>),
    FormLink(&'a crate::model::Form),
    ListTable(&'a crate::model::List, usize),
    Glossary(&'a [crate::model::GlossaryEntry]),
    Revisions(Vec<Value>),
    Flow(&'a crate::model::Flow),
}

/// A list in rows of `columns` (number, entry) pairs, filled column by
/// column as printed 別表 are.
fn list_rows(
    list: &crate::model::List,
    columns: usize,
) -> Vec<Vec<Option<(String, &crate::model::ListEntry)>>> {
    let per = list.entries.len().div_ceil(columns);
    (0..per)
        .map(|r| {
            (0..columns)
                .map(|c| {
                    let i = c * per + r;
                    list.entries.get(i).map(|e| {
                        (
                            if e.number.is_empty() {
                                (i + 1).to_string()
                            } else {
                                e.number.clone()
                            },
                            e,
                        )
                    })
                })
                .collect()
        })
        .collect()
}

fn allowed_args(name: &str) -> &'static [&'static str] {
    match name {
        "contact" => &["id"],
        "rule" | "flow" => &["id"],
        "rules" => &["topic"],
        "form_link" => &["form"],
        "list_table" => &["list", "columns"],
        "revisions" => &["page"],
        _ => &[],
    }
}

fn not_found(id: &str, what: &str, ids: &[&str], place: &str) -> (String, String, String) {
    let mut hint = match crate::diag::closest(id, ids.iter().copied()) {
        Some(c) => format!("「{c}」の書き間違いではありませんか。"),
        None => String::new(),
    };
    if ids.is_empty() {
        hint.push_str(&format!("{place} に{what}がまだありません。"));
    } else {
        hint.push_str(&format!("{place} にある{what}: {}", ids.join(", ")));
    }
    (
        format!("\"{id}\""),
        format!("{what}「{id}」がありません"),
        hint,
    )
}

/// An HTML block in Markdown ends at a blank line; keep shortcode HTML whole.
fn squeeze_blank_lines(html: &str) -> String {
    html.lines()
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Shortcode HTML goes back through the Markdown parser with the page; make
/// the characters Markdown would act on inert (as entities) in text, so a
/// `*` or `_` in a value prints as written.
pub fn protect_from_markdown(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(c);
            }
            '>' => {
                in_tag = false;
                out.push(c);
            }
            '*' | '_' | '[' | ']' | '`' | '~' | '\\' | '|' if !in_tag => {
                out.push_str(&format!("&#{};", c as u32));
            }
            _ => out.push(c),
        }
    }
    out
}

/// Escapes a value printed into a page's Markdown by `{{ … }}`: HTML
/// specials and Markdown specials become entities, so a value prints as
/// written and can never become markup.
pub fn escape_markdown_value(s: &str) -> String {
    const MARKDOWN: &[char] = &['*', '_', '[', ']', '`', '~', '\\', '|', '#', '!'];
    super::theme::escape_with(&s.replace('\n', " "), MARKDOWN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_cannot_become_markup() {
        assert_eq!(escape_markdown_value("<script>"), "&lt;script&gt;");
        assert_eq!(escape_markdown_value("a*b*"), "a&#42;b&#42;");
        assert_eq!(
            protect_from_markdown("<span class=\"a_b\">x_y</span>"),
            "<span class=\"a_b\">x&#95;y</span>"
        );
    }
}
