//! Shortcodes: Tera functions that authors call from Markdown pages
//! (`{{ contact() }}`, `{{ rule(id="…") }}` …) to show region data without
//! writing it again. Each renders the theme's `shortcodes/<name>.html` for
//! the site and `shortcodes/<name>.md` for the printed booklet, so a theme
//! author can change both.
//!
//! A shortcode never fails the render: it records a problem (which the page
//! renderer locates in the page's source) and prints a visible marker, so
//! that one run reports every bad call on a page.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde::Serialize;
use serde_json::Value;
use tera::{Context, Function};

use super::context::{RegionCtx, RenderCtx};
use super::escape::{escape_html, protect_from_markdown};
use super::views::{
    ContactView, FormRef, ListCell, ListTableView, RegionViews, RevisionView, RuleHtml, TopicView,
};
use crate::diag::{Unknown, lookup};
use crate::model::{List, ListEntry};

/// A problem found while rendering a page body, not yet located. `needle`
/// is text to look for in the page source to find the line.
#[derive(Debug, Clone)]
pub struct Problem {
    pub needle: String,
    pub message: String,
    pub hint: String,
}

pub type Problems = Arc<Mutex<Vec<Problem>>>;

/// Every shortcode, with its arguments: the one list the Tera functions,
/// the argument checks and the theme's required templates come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shortcode {
    Contact,
    Rule,
    Rules,
    FormLink,
    ListTable,
    Glossary,
    Flow,
    Revisions,
}

/// What shortcodes write: HTML for the site, Markdown for the printed
/// booklet (which Typst typesets; see `markup::typst`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Html,
    Print,
}

impl Shortcode {
    pub const ALL: [Shortcode; 8] = [
        Shortcode::Contact,
        Shortcode::Rule,
        Shortcode::Rules,
        Shortcode::FormLink,
        Shortcode::ListTable,
        Shortcode::Glossary,
        Shortcode::Flow,
        Shortcode::Revisions,
    ];

    /// The name authors write: `{{ form_link(form="consent") }}`.
    pub fn name(self) -> &'static str {
        match self {
            Shortcode::Contact => "contact",
            Shortcode::Rule => "rule",
            Shortcode::Rules => "rules",
            Shortcode::FormLink => "form_link",
            Shortcode::ListTable => "list_table",
            Shortcode::Glossary => "glossary",
            Shortcode::Flow => "flow",
            Shortcode::Revisions => "revisions",
        }
    }

    /// The arguments it takes, the required one first.
    pub fn args(self) -> &'static [&'static str] {
        match self {
            Shortcode::Contact | Shortcode::Rule | Shortcode::Flow => &["id"],
            Shortcode::Rules => &["topic"],
            Shortcode::FormLink => &["form"],
            Shortcode::ListTable => &["list", "columns"],
            Shortcode::Revisions => &["page", "document", "heading"],
            Shortcode::Glossary => &[],
        }
    }

    /// What it shows, for the reference.
    pub fn description(self) -> &'static str {
        match self {
            Shortcode::Contact => {
                "事務局（id なし）か contacts の窓口の問い合わせ先（名前・住所・電話・FAX・メール・受付時間）"
            }
            Shortcode::Rule => "規則の文一つ（文の中に）",
            Shortcode::Rules => "ある分類の規則すべての一覧",
            Shortcode::FormLink => "様式の番号と題名（様式のページへのリンク）",
            Shortcode::ListTable => "共有のリストの表（別表）。columns で何列に分けるか（1〜6）",
            Shortcode::Glossary => "地域の用語の説明の一覧",
            Shortcode::Flow => {
                "手続きの流れの図と、その下に手順の一覧（手順を本文でくり返す必要はありません）"
            }
            Shortcode::Revisions => {
                "改正履歴の附則の文（page を書くとそのページの改正だけ、document を書くと documents のその文書の版）。heading=true で改正ごとに「附　則（令和6年10月1日一部改正）」の見出しと改正内容（changes）を付けます"
            }
        }
    }

    /// How an author writes it.
    pub fn example(self) -> &'static str {
        match self {
            Shortcode::Contact => "{{ contact() }}、{{ contact(id=\"vendor\") }}",
            Shortcode::Rule => "{{ rule(id=\"password-length\") }}",
            Shortcode::Rules => "{{ rules(topic=\"password\") }}",
            Shortcode::FormLink => "{{ form_link(form=\"consent\") }}",
            Shortcode::ListTable => "{{ list_table(list=\"professions\", columns=2) }}",
            Shortcode::Glossary => "{{ glossary() }}",
            Shortcode::Flow => "{{ flow(id=\"consent-flow\") }}",
            Shortcode::Revisions => {
                "{{ revisions() }}、{{ revisions(page=\"policy\", heading=true) }}、{{ revisions(document=\"regulations\") }}"
            }
        }
    }

    /// A shortcode that is a block of its own (a table, a list), not text
    /// inside a sentence: printed between blank lines.
    fn is_block(self) -> bool {
        !matches!(self, Shortcode::Rule | Shortcode::FormLink)
    }

    pub fn template(self, mode: Mode) -> String {
        let ext = match mode {
            Mode::Html => "html",
            Mode::Print => "md",
        };
        format!("shortcodes/{}.{ext}", self.name())
    }

    /// Every template the shortcodes need from a theme.
    pub fn templates() -> impl Iterator<Item = String> {
        Shortcode::ALL
            .into_iter()
            .flat_map(|s| [s.template(Mode::Html), s.template(Mode::Print)])
    }
}

/// Registers every shortcode on `tera`, bound to one region.
pub fn register(tera: &mut tera::Tera, rc: &RegionCtx, problems: &Problems, mode: Mode) {
    for code in Shortcode::ALL {
        tera.register_function(
            code.name(),
            Call {
                code,
                ctx: rc.ctx.clone(),
                region: rc.index,
                views: rc.views.clone(),
                problems: problems.clone(),
                mode,
            },
        );
    }
}

/// A shortcode bound to a region and an output mode.
struct Call {
    code: Shortcode,
    ctx: Arc<RenderCtx>,
    region: usize,
    /// The region's views, held here: once the PDFs have dropped the
    /// context's (`RenderCtx::release_views`), asking it would make them
    /// again for every call.
    views: Arc<RegionViews>,
    problems: Problems,
    mode: Mode,
}

/// Where a bad call is (text to find in the page), what is wrong, what to
/// write instead.
type Bad = (String, String, String);

impl Function for Call {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        match self.run(args) {
            Ok(text) => Ok(Value::String(text)),
            // A reference into a file that has errors of its own: already
            // reported there.
            Err((_, message, _)) if message.is_empty() => Ok(Value::String(String::new())),
            Err((needle, message, hint)) => {
                let shown = escape_html(&message);
                self.problems.lock().unwrap().push(Problem {
                    needle,
                    message,
                    hint,
                });
                Ok(Value::String(format!(
                    "<span class=\"shortcode-error\">［{}: {shown}］</span>",
                    self.code.name(),
                )))
            }
        }
    }

    fn is_safe(&self) -> bool {
        true
    }
}

impl Call {
    /// The argument `key`, checking that no unknown argument is given.
    fn arg<'a>(
        &self,
        args: &'a HashMap<String, Value>,
        key: &str,
        required: bool,
    ) -> Result<Option<&'a str>, Bad> {
        let name = self.code.name();
        let allowed = self.code.args();
        if let Some(bad) = args.keys().find(|k| !allowed.contains(&k.as_str())) {
            return Err((
                format!("{bad}="),
                format!("{name}() に `{bad}` という引数はありません"),
                format!("書ける引数: {}", allowed.join(", ")),
            ));
        }
        match args.get(key) {
            Some(Value::String(s)) => Ok(Some(s)),
            Some(other) => Err((
                format!("{name}("),
                format!(
                    "{name}() の `{key}` には文字列を書いてください（{other} と書かれています）"
                ),
                format!("例: {{{{ {name}({key}=\"…\") }}}}"),
            )),
            None if required => Err((
                format!("{name}("),
                format!("{name}() には `{key}` が必要です"),
                format!("例: {{{{ {name}({key}=\"…\") }}}}"),
            )),
            None => Ok(None),
        }
    }

    /// Checks the call, renders the theme's template, and shapes the result
    /// for the page it goes into.
    fn run(&self, args: &HashMap<String, Value>) -> Result<String, Bad> {
        let text = self.render(args)?;
        Ok(match self.mode {
            // A block ends its paragraph on both sides, so that a line
            // written right after it is still read as Markdown.
            Mode::Html if self.code.is_block() => {
                format!(
                    "\n\n{}\n\n",
                    protect_from_markdown(&squeeze_blank_lines(&text)).trim_matches('\n')
                )
            }
            Mode::Html => protect_from_markdown(&squeeze_blank_lines(&text)),
            Mode::Print if self.code.is_block() => format!("\n\n{}\n\n", text.trim_matches('\n')),
            Mode::Print => text.trim_matches('\n').to_string(),
        })
    }

    fn template(&self, ctx: Context) -> Result<String, Bad> {
        let template = self.code.template(self.mode);
        let theme = &self.ctx.theme;
        let tera = match self.mode {
            Mode::Html => &theme.tera,
            Mode::Print => &theme.print,
        };
        tera.render(&template, &ctx).map_err(|e| {
            (
                format!("{}(", self.code.name()),
                format!(
                    "テーマのテンプレート {template} でエラー: {}",
                    super::theme::chain(&e)
                ),
                "themes/ の該当テンプレートを確かめてください。".into(),
            )
        })
    }

    /// The item of `items` the required argument `key` names: the one
    /// lookup behind every shortcode that shows something by id.
    fn find<'a, T: 'a>(
        &self,
        args: &HashMap<String, Value>,
        key: &str,
        items: impl IntoIterator<Item = &'a T>,
        id_of: impl Fn(&T) -> &str,
        (what, place): (&str, &str),
    ) -> Result<&'a T, Bad> {
        let id = self.arg(args, key, true)?.unwrap_or_default();
        lookup(items, id_of, id).map_err(|u| {
            if self.unloaded(key, id) {
                (String::new(), String::new(), String::new())
            } else {
                missing(id, what, place, u)
            }
        })
    }

    /// Whether `id` names something that exists but could not be loaded.
    fn unloaded(&self, key: &str, id: &str) -> bool {
        let u = &self.ctx.site.unloaded;
        let region = &self.ctx.site.regions[self.region].id;
        match (self.code, key) {
            (Shortcode::FormLink, _) => u.forms.contains(&(region.clone(), id.to_string())),
            (Shortcode::ListTable, _) => u.lists.contains(id),
            (Shortcode::Rules, _) => u.topics,
            _ => false,
        }
    }

    /// Finds what the call shows and renders it.
    fn render(&self, args: &HashMap<String, Value>) -> Result<String, Bad> {
        let site = &self.ctx.site;
        let rc = self.ctx.region_with(self.region, self.views.clone());
        let region = rc.region;
        match self.code {
            Shortcode::Contact => {
                let contact = match self.arg(args, "id", false)? {
                    None | Some("secretariat") => &region.secretariat,
                    Some(id) => lookup(&region.contacts, |c| &c.id, id)
                        .map_err(|u| missing(id, "問い合わせ先", "region.yaml の contacts", u))?,
                };
                let mut ctx = Context::new();
                ctx.insert("contact", &ContactView::of(contact));
                ctx.insert("region", &rc.views.full);
                self.template(ctx)
            }
            Shortcode::Rule => {
                let rule = self.find(
                    args,
                    "id",
                    &region.rules,
                    |r| &r.id,
                    ("規則", "region.yaml の rules"),
                )?;
                let mut ctx = Context::new();
                ctx.insert("rule", &RuleHtml::of(rule));
                self.template(ctx)
            }
            Shortcode::Rules => {
                let topic = self.find(
                    args,
                    "topic",
                    &site.topics.topics,
                    |t| &t.id,
                    ("規則の分類（topic）", "content/topics.yaml"),
                )?;
                self.template(view(&TopicView {
                    topic,
                    rules: region
                        .rules
                        .iter()
                        .filter(|r| r.topic.has(&topic.id))
                        .map(RuleHtml::of)
                        .collect(),
                }))
            }
            Shortcode::FormLink => {
                let place = format!("forms/{}/", region.id);
                let form =
                    self.find(args, "form", &region.form_defs, |f| &f.id, ("様式", &place))?;
                let mut ctx = Context::new();
                ctx.insert(
                    "form",
                    &FormRef {
                        id: &form.id,
                        number: &form.number,
                        title: &form.title,
                        example: form.example,
                    },
                );
                self.template(ctx)
            }
            Shortcode::ListTable => {
                let list = self.find(
                    args,
                    "list",
                    site.lists.values(),
                    |l| &l.id,
                    ("リスト", "content/lists/"),
                )?;
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
                self.template(view(&ListTableView {
                    list,
                    entry_label: list.entry_label(),
                    columns,
                    rows: list_rows(list, columns),
                }))
            }
            Shortcode::Glossary => {
                self.arg(args, "", false)?;
                let mut ctx = Context::new();
                ctx.insert("glossary", &region.glossary);
                self.template(ctx)
            }
            Shortcode::Revisions => {
                let page = self.arg(args, "page", false)?;
                let heading = match args.get("heading") {
                    None | Some(Value::Bool(false)) => false,
                    Some(Value::Bool(true)) => true,
                    Some(v) => {
                        return Err((
                            "heading=".into(),
                            format!(
                                "revisions() の heading には true か false を書いてください（{v} と書かれています）"
                            ),
                            "例: {{ revisions(heading=true) }}（引用符は付けません）".into(),
                        ));
                    }
                };
                let mut ctx = Context::new();
                ctx.insert("heading", &heading);
                // A document's editions, by its id or by a page of it; else
                // the region's revisions (of that page).
                let document = match args.get("document") {
                    Some(_) => Some(self.find(
                        args,
                        "document",
                        &region.documents,
                        |d| &d.id,
                        ("文書", "region.yaml の documents"),
                    )?),
                    None => page
                        .and_then(|p| region.page(p))
                        .and_then(|p| region.document_of(p)),
                };
                let mut revisions: Vec<&crate::model::Revision> = region
                    .revisions
                    .iter()
                    .filter(|r| page.is_none_or(|p| r.page == p))
                    .collect();
                if let Some(d) = document {
                    revisions.extend(
                        d.editions
                            .iter()
                            .filter(|e| page.is_none_or(|p| e.page.is_empty() || e.page == p)),
                    );
                }
                revisions.sort_by_key(|r| r.date);
                ctx.insert(
                    "revisions",
                    &revisions
                        .into_iter()
                        .map(RevisionView::of)
                        .collect::<Vec<_>>(),
                );
                self.template(ctx)
            }
            Shortcode::Flow => {
                let flow = self.find(
                    args,
                    "id",
                    &region.flows,
                    |f| &f.id,
                    ("図（flow）", "region.yaml の flows"),
                )?;
                let mut ctx = Context::new();
                ctx.insert("flow", &flow);
                ctx.insert(
                    "figure",
                    &match self.mode {
                        Mode::Html => super::flow::figure(flow),
                        Mode::Print => String::new(),
                    },
                );
                self.template(ctx)
            }
        }
    }
}

/// A view as a template's context.
fn view(v: &impl Serialize) -> Context {
    Context::from_serialize(v).expect("shortcode views are objects")
}

/// The problem of an id that names nothing.
fn missing(id: &str, what: &str, place: &str, u: Unknown) -> Bad {
    (
        format!("\"{id}\""),
        format!("{what}「{id}」がありません"),
        u.hint(what, place),
    )
}

/// A list in rows of `columns` cells, filled column by column as printed
/// 別表 are; a cell is empty past the end of the list.
fn list_rows(list: &List, columns: usize) -> Vec<Vec<Option<ListCell<'_>>>> {
    let per = list.entries.len().div_ceil(columns);
    let number = |i: usize, e: &ListEntry| {
        if e.number.is_empty() {
            (i + 1).to_string()
        } else {
            e.number.clone()
        }
    };
    (0..per)
        .map(|r| {
            (0..columns)
                .map(|c| {
                    let i = c * per + r;
                    list.entries.get(i).map(|e| ListCell {
                        number: number(i, e),
                        label: &e.label,
                        note: &e.note,
                    })
                })
                .collect()
        })
        .collect()
}

/// An HTML block in Markdown ends at a blank line; keep shortcode HTML whole.
fn squeeze_blank_lines(html: &str) -> String {
    html.lines()
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}
