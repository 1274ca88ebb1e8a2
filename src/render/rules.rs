//! Rule tables from the rule data: a rules page per region, and the
//! regions side by side (`compare/index.html`, `rules.csv`, `rules.json`).
//!
//! The comparison has a row per topic, and for topics with typed values a
//! row per value (password length, rotation …). Every cell links to the
//! sentence it comes from; a topic a region does not address says so.

use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use super::context::{RenderCtx, write_blob};
use super::views::{
    LabelledValue, RegionColumn, RuleView, RulesExtra, SitePage, Target, TopicRules, to_value,
};
use crate::diag::Diagnostics;
use crate::model::{HoursWindow, Region, Rotation, Rule, Site, Topic};
use crate::write::Outputs;
use crate::write::cache::{Blob, Inputs};

/// Shown in a cell whose region does not address the row.
pub const NOT_ADDRESSED: &str = "定めなし";

/// A row of typed values in the comparison.
struct ValueRow {
    id: &'static str,
    topic: &'static str,
    label: &'static str,
    value: fn(&Rule) -> Option<String>,
}

const VALUE_ROWS: &[ValueRow] = &[
    ValueRow {
        id: "password-min-length",
        topic: "password",
        label: "最小文字数",
        value: |r| {
            r.password
                .as_ref()?
                .min_length
                .map(|n| format!("{n}文字以上"))
        },
    },
    ValueRow {
        id: "password-classes",
        topic: "password",
        label: "文字の種類",
        value: |r| {
            let p = r.password.as_ref()?;
            (!p.classes.is_empty()).then(|| {
                p.classes
                    .iter()
                    .map(|c| c.label())
                    .collect::<Vec<_>>()
                    .join("・")
            })
        },
    },
    ValueRow {
        id: "password-rotation",
        topic: "password",
        label: "定期的な変更",
        value: |r| r.password.as_ref()?.rotation.as_ref().map(rotation),
    },
    ValueRow {
        id: "hours",
        topic: "hours",
        label: "時間帯",
        value: |r| r.hours.as_ref().map(hours),
    },
    ValueRow {
        id: "group-creators",
        topic: "group_creation",
        label: "作成できる人",
        value: |r| r.group_creators.as_ref().map(|g| g.who.join("・")),
    },
    ValueRow {
        id: "consent-copies",
        topic: "consent",
        label: "同意書の部数と保管",
        value: |r| {
            r.consent_copies.as_ref().map(|c| {
                if c.kept_by.is_empty() {
                    format!("{}部", c.copies)
                } else {
                    format!("{}部（{}）", c.copies, c.kept_by.join("・"))
                }
            })
        },
    },
    ValueRow {
        id: "group-end",
        topic: "group_closure",
        label: "支援終了時",
        value: |r| {
            r.group_end.as_ref().map(|g| {
                if g.by.is_empty() {
                    g.action.label().to_string()
                } else {
                    format!("{}（{}）", g.action.label(), g.by)
                }
            })
        },
    },
    ValueRow {
        id: "photo-consent",
        topic: "photo",
        label: "写真の同意",
        value: |r| {
            r.photo.as_ref().map(|p| {
                if p.consent_each_time {
                    "その都度必要".into()
                } else {
                    "その都度は不要".into()
                }
            })
        },
    },
];

fn rotation(r: &Rotation) -> String {
    match r {
        Rotation::Months { every, approx } => {
            format!("{every}か月ごと{}", if *approx { "（程度）" } else { "" })
        }
        Rotation::None { .. } => "不要".into(),
    }
}

fn hours(h: &crate::model::HoursRule) -> String {
    match h.window {
        HoursWindow::Forbidden => format!("{}〜{} は{}しない", h.from, h.to, h.applies_to),
        HoursWindow::Allowed => format!("{}〜{} に{}", h.from, h.to, h.applies_to),
    }
}

/// The typed values of one rule, as (label, value) for its small table.
pub fn rule_values(rule: &Rule) -> Vec<(&'static str, String)> {
    VALUE_ROWS
        .iter()
        .filter_map(|v| Some((v.label, (v.value)(rule)?)))
        .collect()
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Cell {
    /// The values, each with the rule it comes from; empty: see `state`.
    pub items: Vec<CellItem>,
    /// Why a cell has no value: the region's documents say nothing (定めなし),
    /// the topic does not apply there (該当なし), or the documents are not
    /// all transcribed (未収録). Not the same statement.
    pub state: CellState,
    /// What the cell shows when it has no value.
    pub label: &'static str,
    /// The region's reason, for 該当なし and 未収録.
    pub note: String,
}

/// The state of a cell of the comparison.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum CellState {
    Given,
    NotAddressed,
    NotApplicable,
    Missing,
}

impl CellState {
    pub fn label(self) -> &'static str {
        match self {
            CellState::Given => "",
            CellState::NotAddressed => NOT_ADDRESSED,
            CellState::NotApplicable => "該当なし",
            CellState::Missing => "未収録",
        }
    }
}

impl Cell {
    fn of(items: Vec<CellItem>, empty: (CellState, String)) -> Cell {
        let (state, note) = if items.is_empty() {
            empty
        } else {
            (CellState::Given, String::new())
        };
        Cell {
            items,
            state,
            label: state.label(),
            note,
        }
    }
}

/// What a region's documents say of a topic (or of a value of it) when
/// they give nothing there. Where a partly held region has rules of the
/// topic, its text is at hand: a value it does not state is 定めなし.
fn topic_state(r: &Region, topic: &str) -> (CellState, String) {
    let c = &r.coverage;
    if let Some(t) = c.not_applicable.iter().find(|t| t.topic == topic) {
        (CellState::NotApplicable, t.note.clone())
    } else if let Some(t) = c.missing.iter().find(|t| t.topic == topic) {
        (CellState::Missing, t.note.clone())
    } else if c.partial && !r.rules.iter().any(|x| x.topic.has(topic)) {
        (CellState::Missing, String::new())
    } else {
        (CellState::NotAddressed, String::new())
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CellItem {
    pub text: String,
    pub rule: String,
    /// `../<region>/rules.html#rule-<id>` from `compare/`.
    pub href: String,
}

impl Cell {
    /// The cell as text (CSV): its values, or its state and the reason.
    pub fn text(&self) -> String {
        if self.items.is_empty() {
            if self.note.is_empty() {
                self.label.to_string()
            } else {
                format!("{}（{}）", self.label, self.note)
            }
        } else {
            self.items
                .iter()
                .map(|i| i.text.as_str())
                .collect::<Vec<_>>()
                .join("／")
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub id: String,
    pub topic: String,
    pub topic_label: String,
    /// Empty for the topic's own row.
    pub label: String,
    /// One cell per region, in portal order.
    pub cells: Vec<Cell>,
}

fn href(region: &Region, rule: &Rule) -> String {
    format!("../{}/rules.html#rule-{}", region.id, rule.id)
}

/// The comparison table: per topic a row counting the region's rules, then
/// a row per typed value of that topic.
pub fn comparison(site: &Site) -> Vec<Row> {
    let mut rows = network_rows(site);
    for topic in &site.topics.topics {
        let cells = site
            .regions
            .iter()
            .map(|r| {
                let rules: Vec<&Rule> = r.rules.iter().filter(|x| x.topic.has(&topic.id)).collect();
                Cell::of(
                    rules
                        .first()
                        .map(|first| CellItem {
                            text: format!("定めあり（{}件）", rules.len()),
                            rule: first.id.clone(),
                            href: format!("../{}/rules.html#topic-{}", r.id, topic.id),
                        })
                        .into_iter()
                        .collect(),
                    topic_state(r, &topic.id),
                )
            })
            .collect();
        rows.push(Row {
            id: topic.id.clone(),
            topic: topic.id.clone(),
            topic_label: topic.label.clone(),
            label: String::new(),
            cells,
        });
        for v in VALUE_ROWS.iter().filter(|v| v.topic == topic.id) {
            let cells = site
                .regions
                .iter()
                .map(|r| {
                    let mut items: Vec<CellItem> = Vec::new();
                    for rule in &r.rules {
                        if let Some(text) = (v.value)(rule)
                            && !items.iter().any(|i| i.text == text)
                        {
                            items.push(CellItem {
                                text,
                                rule: rule.id.clone(),
                                href: href(r, rule),
                            });
                        }
                    }
                    Cell::of(items, topic_state(r, &topic.id))
                })
                .collect();
            rows.push(Row {
                id: v.id.into(),
                topic: topic.id.clone(),
                topic_label: topic.label.clone(),
                label: v.label.into(),
                cells,
            });
        }
    }
    rows
}

/// The networks' shapes first: what kind of network, where, what it costs,
/// on what devices. A region that does not describe its network says 未収録.
fn network_rows(site: &Site) -> Vec<Row> {
    type Value = fn(&crate::model::Network) -> Vec<String>;
    let rows: [(&str, &str, Value); 4] = [
        // The topic's own row (no label): the cards and the table open the
        // network's section with it, as every topic opens with its rules.
        ("network-model", "", |n| vec![n.model.label().to_string()]),
        ("network-scope", "範囲", |n| {
            (!n.scope.is_empty())
                .then(|| n.scope.clone())
                .into_iter()
                .collect()
        }),
        ("network-fees", "費用", |n| {
            n.fees.iter().map(crate::model::Fee::text).collect()
        }),
        ("network-devices", "使える端末", |n| {
            n.devices.iter().map(super::views::device_text).collect()
        }),
    ];
    rows.iter()
        .map(|(id, label, value)| Row {
            id: id.to_string(),
            topic: "network".into(),
            topic_label: "ネットワークの形".into(),
            label: label.to_string(),
            cells: site
                .regions
                .iter()
                .map(|r| {
                    let items = r
                        .network
                        .as_ref()
                        .map(value)
                        .unwrap_or_default()
                        .into_iter()
                        .map(|text| CellItem {
                            text,
                            rule: String::new(),
                            href: format!("../{}/index.html#network", r.id),
                        })
                        .collect();
                    let empty = if r.network.is_some() {
                        (CellState::NotAddressed, String::new())
                    } else {
                        (CellState::Missing, String::new())
                    };
                    Cell::of(items, empty)
                })
                .collect(),
        })
        .collect()
}

/// CSV for Excel: UTF-8 with BOM, CRLF, every field quoted.
pub fn csv(site: &Site, rows: &[Row]) -> String {
    let q = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    let mut out = String::from("\u{feff}");
    let mut header = vec![q("分類"), q("項目")];
    header.extend(site.regions.iter().map(|r| q(r.short())));
    out.push_str(&header.join(","));
    out.push_str("\r\n");
    for row in rows {
        let mut line = vec![
            q(&row.topic_label),
            q(if row.label.is_empty() {
                "規定"
            } else {
                &row.label
            }),
        ];
        line.extend(row.cells.iter().map(|c| q(&c.text())));
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

/// `rules.json`: every rule with its typed data, and the comparison. The
/// fields in sorted order, as every JSON tebiki writes; each region and
/// row made into a sorted value one at a time (the whole file as one value
/// tree was 350 MB at 1,000 regions, the peak of a build).
#[derive(Serialize)]
struct RulesJson<'a> {
    comparison: OneByOne<'a, Row>,
    regions: OneByOne<'a, Arc<Region>>,
    topics: Sorted<'a, [Topic]>,
}

/// A view serialised with its keys sorted.
struct Sorted<'a, T: ?Sized>(&'a T);

impl<T: Serialize + ?Sized> Serialize for Sorted<'_, T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        to_value(&self.0).serialize(s)
    }
}

/// A list whose items are sorted values made one at a time.
struct OneByOne<'a, T>(&'a [T]);

impl Serialize for OneByOne<'_, Row> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(Sorted))
    }
}

impl Serialize for OneByOne<'_, Arc<Region>> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|r| {
            to_value(&RegionRules {
                id: &r.id,
                name: &r.name,
                short: r.short(),
                rules: r
                    .rules
                    .iter()
                    .map(|rule| RuleData {
                        id: &rule.id,
                        topic: &rule.topic,
                        text: &rule.text,
                        values: labelled(rule),
                        data: rule,
                    })
                    .collect(),
            })
        }))
    }
}

#[derive(Serialize)]
struct RegionRules<'a> {
    id: &'a str,
    name: &'a str,
    short: &'a str,
    rules: Vec<RuleData<'a>>,
}

#[derive(Serialize)]
struct RuleData<'a> {
    id: &'a str,
    topic: &'a crate::model::TopicList,
    text: &'a str,
    values: Vec<LabelledValue>,
    /// The rule as region.yaml writes it.
    data: &'a Rule,
}

/// `rules.json`, keys sorted (as every JSON tebiki writes).
pub fn json_data(site: &Site, rows: &[Row]) -> Vec<u8> {
    let data = RulesJson {
        comparison: OneByOne(rows),
        regions: OneByOne(&site.regions),
        topics: Sorted(&site.topics.topics[..]),
    };
    serde_json::to_vec_pretty(&data).expect("JSON")
}

fn labelled(rule: &Rule) -> Vec<LabelledValue> {
    rule_values(rule)
        .into_iter()
        .map(|(label, value)| LabelledValue { label, value })
        .collect()
}

/// Where a rule was taken from (its `source`, checked as a link), as a
/// link named by the page's title and the anchor (「質疑応答集 問3」).
fn rule_source(region: &Region, r: &crate::model::Rule) -> Option<Target> {
    if r.source.is_empty() {
        return None;
    }
    let super::body::Resolved::Page { href, link } =
        super::body::resolve(&region.id, "", &r.source)
    else {
        return None;
    };
    let title = region
        .page(&link.slug)
        .map_or(link.slug.as_str(), |p| &p.meta.title);
    Some(Target {
        href,
        text: match &link.anchor {
            Some(a) => format!("{title} {a}"),
            None => title.to_string(),
        },
    })
}

/// A region's rules grouped by topic, for its rules page.
fn region_topics<'a>(site: &'a Site, region: &'a Region) -> Vec<TopicRules<'a>> {
    site.topics
        .topics
        .iter()
        .filter_map(|t| {
            let rules: Vec<RuleView> = region
                .rules
                .iter()
                .filter(|r| r.topic.has(&t.id))
                .map(|r| RuleView::of(r, &t.id, rule_source(region, r), rule_values(r)))
                .collect();
            (!rules.is_empty()).then_some(TopicRules {
                id: &t.id,
                label: &t.label,
                description: &t.description,
                rules,
            })
        })
        .collect()
}

pub fn render(ctx: &Arc<RenderCtx>, out: &Outputs, diags: &Diagnostics) {
    let site = &ctx.site;
    ctx.rendered().into_par_iter().for_each(|ri| {
        let rc = ctx.region(ri);
        ctx.write_page(
            out,
            diags,
            &format!("{}/rules.html", rc.region.id),
            "rules.html",
            &rc.page(RulesExtra {
                topics: region_topics(site, rc.region),
            }),
        );
    });
    compare(ctx, out, diags);
}

/// The comparison's files, each with the name it is cached under.
const COMPARE: [(&str, &str); 3] = [
    ("compare/index.html", "index.html"),
    ("compare/rules.csv", "rules.csv"),
    ("compare/rules.json", "rules.json"),
];

const KIND: &str = "compare";

/// The key of the comparison's files: what they are made of. That is every
/// region's region.yaml and the files all regions share (topics, lists,
/// tebiki.yaml, the theme), with tebiki's code; not the pages, the forms or
/// a region's own files. At 1,000 regions the three files are 50 MB, and
/// an edit of a page need not make them again.
pub fn compare_key(site: &Site, inputs: &Inputs) -> String {
    let ids: std::collections::HashSet<&str> = site.regions.iter().map(|r| r.id.as_str()).collect();
    let mut parts: Vec<&[u8]> = vec![KIND.as_bytes()];
    for (rel, digest) in &inputs.files {
        let mut c = rel.components().filter_map(|c| c.as_os_str().to_str());
        let own = match (c.next(), c.next(), c.next(), c.next()) {
            (Some("content"), Some(id), Some(file), None) if ids.contains(id) => {
                file != "region.yaml"
            }
            (Some("content" | "forms"), Some(id), Some(_), _) => ids.contains(id),
            _ => false,
        };
        if !own {
            parts.push(digest);
        }
    }
    crate::hash::key(&parts)
}

/// `compare/`: taken from the cache when nothing it is made of changed
/// (see [`compare_key`]), else made and kept there.
fn compare(ctx: &Arc<RenderCtx>, out: &Outputs, diags: &Diagnostics) {
    let key = ctx.compare_key();
    let cached = |key| {
        COMPARE
            .iter()
            .map(|(_, name)| ctx.cache.file(KIND, key, name))
            .collect::<Option<Vec<_>>>()
    };
    if let Some(files) = key.and_then(cached) {
        for ((path, _), file) in COMPARE.iter().zip(files) {
            write_blob(out, diags, path, &Blob::File(file));
        }
        return;
    }
    let Some(made) = make_compare(ctx, diags) else {
        return;
    };
    if let Some(key) = key {
        let named: Vec<(&str, &[u8])> = COMPARE
            .iter()
            .zip(&made)
            .map(|((_, name), bytes)| (*name, bytes.as_slice()))
            .collect();
        ctx.cache.put(KIND, key, &named);
    }
    // Linked from the cache where it holds them, so that the next build
    // taking them from there finds the same file in the output.
    let files = key.and_then(cached);
    for (i, ((path, _), bytes)) in COMPARE.iter().zip(made).enumerate() {
        let blob = match &files {
            Some(files) => Blob::File(files[i].clone()),
            None => Blob::Bytes(bytes),
        };
        write_blob(out, diags, path, &blob);
    }
}

/// The comparison's three files, in [`COMPARE`]'s order; `None` if its
/// template fails (said in `diags`).
fn make_compare(ctx: &Arc<RenderCtx>, diags: &Diagnostics) -> Option<[Vec<u8>; 3]> {
    let site = &ctx.site;
    let rows = comparison(site);
    #[derive(Serialize)]
    struct CompareExtra<'a> {
        rows: &'a [Row],
        regions: Vec<RegionColumn<'a>>,
    }
    // The three side by side: at 1,000 regions each takes a few tenths of
    // a second.
    let (html, (csv, json)) = rayon::join(
        || {
            ctx.render_page(
                diags,
                COMPARE[0].0,
                "compare.html",
                &SitePage {
                    root: "../",
                    site: ctx.site_view(),
                    extra: CompareExtra {
                        rows: &rows,
                        regions: site.regions.iter().map(|r| RegionColumn::of(r)).collect(),
                    },
                },
            )
        },
        || rayon::join(|| csv(site, &rows), || json_data(site, &rows)),
    );
    Some([html?.into_bytes(), csv.into_bytes(), json])
}
