//! The reader's tasks at the top of a region's page: 利用を始める,
//! 同意書・様式, 異動・退職・退会, 端末の紛失・事故のとき, 問い合わせ.
//!
//! Each goes where region.yaml's `tasks` says; where it says nothing, to
//! the first page or section whose title or heading has the task's words,
//! else to where a rule of the task's topic stands in the handbook, else to
//! the rules page's section of that topic, else to the contacts (the
//! secretariat can always help).

use super::body::{self, Body, Resolved};
use super::views::{TaskView, contact_page};
use crate::diag::{Diagnostic, Unknown};
use crate::model::{GENERATED_PAGES, Region};

struct Task {
    id: &'static str,
    label: &'static str,
    /// Words of the task in titles and headings, the most telling first.
    words: &'static [&'static str],
    /// Rule topics of the task (`content/topics.yaml`).
    topics: &'static [&'static str],
}

const START: Task = Task {
    id: "start",
    label: "利用を始める",
    words: &[
        "利用開始",
        "利用申込",
        "利用の申込",
        "利用申請",
        "登録手続",
        "申込",
        "申し込み",
        "利用方法",
        "利用の手続",
    ],
    topics: &["application"],
};
const LEAVE: Task = Task {
    id: "leave",
    label: "異動・退職・退会",
    words: &[
        "異動",
        "退職",
        "退会",
        "利用停止",
        "利用の停止",
        "利用の中止",
        "登録の抹消",
    ],
    topics: &["account"],
};
const INCIDENT: Task = Task {
    id: "incident",
    label: "端末の紛失・事故のとき",
    words: &["紛失", "盗難", "事故", "漏えい", "漏洩", "情報の流出"],
    topics: &["device_loss"],
};

/// The region's five tasks, in the order the top page shows them. A link
/// region.yaml gives that reaches nothing is reported at its line.
pub fn tasks(region: &Region, bodies: &[Body]) -> (Vec<TaskView>, Vec<Diagnostic>) {
    let pages = Pages { region, bodies };
    let mut problems = Vec::new();
    let contact_slug = contact_page(region);
    let contact_default = if contact_slug.is_empty() {
        Target::new("contact.html", "問い合わせ先")
    } else {
        pages.page(contact_slug)
    };
    let mut given = |key: &str, written: &str| -> Option<Target> {
        if written.is_empty() {
            return None;
        }
        match pages.resolve(written) {
            Ok(t) => Some(t),
            Err((message, hint)) => {
                problems.push(
                    Diagnostic::error(
                        &region.origin.file,
                        region.origin.pos(&format!("tasks.{key}")),
                        message,
                    )
                    .hint(hint)
                    .underline(written.chars().count()),
                );
                None
            }
        }
    };
    let t = &region.tasks;
    let start = given("start", &t.start)
        .or_else(|| pages.find(&START))
        .or_else(|| pages.first())
        .unwrap_or_else(|| contact_default.clone());
    let forms = given("forms", &t.forms).unwrap_or_else(|| Target::new("forms.html", "様式"));
    let leave = given("leave", &t.leave)
        .or_else(|| pages.find(&LEAVE))
        .unwrap_or_else(|| contact_default.clone());
    let incident = given("incident", &t.incident)
        .or_else(|| pages.find(&INCIDENT))
        .unwrap_or_else(|| contact_default.clone());
    let contact = given("contact", &t.contact).unwrap_or_else(|| contact_default.clone());
    let view = |id, label, t: Target, tel: &str| TaskView {
        id,
        label,
        href: t.href,
        place: t.place,
        tel: tel.to_string(),
    };
    let out = vec![
        view(START.id, START.label, start, ""),
        view("forms", "同意書・様式", forms, ""),
        view(LEAVE.id, LEAVE.label, leave, ""),
        view(INCIDENT.id, INCIDENT.label, incident, ""),
        view("contact", "問い合わせ", contact, &region.secretariat.tel),
    ];
    (out, problems)
}

#[derive(Debug, Clone)]
struct Target {
    href: String,
    place: String,
}

impl Target {
    fn new(href: impl Into<String>, place: impl Into<String>) -> Target {
        Target {
            href: href.into(),
            place: place.into(),
        }
    }
}

/// The region's published pages with their rendered bodies.
struct Pages<'a> {
    region: &'a Region,
    bodies: &'a [Body],
}

impl Pages<'_> {
    fn published(&self) -> impl Iterator<Item = (&crate::model::Page, &Body)> {
        self.region
            .pages
            .iter()
            .zip(self.bodies)
            .filter(|(p, _)| !p.meta.draft)
    }

    fn page(&self, slug: &str) -> Target {
        let title = self
            .region
            .page(slug)
            .map_or(slug, |p| p.meta.title.as_str());
        Target::new(format!("{slug}.html"), title)
    }

    fn first(&self) -> Option<Target> {
        self.published().next().map(|(p, _)| self.page(&p.slug))
    }

    /// The first page or section about `task`: a page whose title has one of
    /// its words (unless the title is about another task too: then the
    /// section of the page that has the word), else a section whose heading
    /// has it; else where a rule about the task stands; else the rules
    /// page's section of the topic.
    fn find(&self, task: &Task) -> Option<Target> {
        let others: Vec<&str> = [&START, &LEAVE, &INCIDENT]
            .iter()
            .filter(|t| t.id != task.id)
            .flat_map(|t| t.words.iter().copied())
            .collect();
        for word in task.words {
            for (p, b) in self.published() {
                let title = &p.meta.title;
                let heading = b
                    .headings
                    .iter()
                    .find(|h| h.level <= 3 && h.text.contains(word));
                let section = |h: &crate::markup::markdown::Heading| {
                    Target::new(format!("{}.html#{}", p.slug, h.id), place(title, &h.label))
                };
                if title.contains(word) {
                    let mixed = others.iter().any(|o| title.contains(o));
                    return Some(match heading {
                        Some(h) if mixed => section(h),
                        _ => self.page(&p.slug),
                    });
                }
                if let Some(h) = heading {
                    return Some(section(h));
                }
            }
        }
        // Where a rule about the task stands in the handbook: one of its
        // topics with one of its words, then any rule with one of its
        // words, then (to start using the network) any rule of its topics.
        let of_topic = |r: &&crate::model::Rule| r.topic.iter().any(|t| task.topics.contains(&t));
        let rules = &self.region.rules;
        let with_word = |word: &&'static str| {
            let word: &'static str = word;
            rules.iter().filter(move |r| r.text.contains(word))
        };
        let candidates = task
            .words
            .iter()
            .flat_map(|w| with_word(w).filter(of_topic))
            .chain(task.words.iter().flat_map(with_word))
            .chain(
                rules
                    .iter()
                    .filter(of_topic)
                    .filter(|_| task.id == START.id),
            );
        for rule in candidates {
            let anchor = format!("id=\"rule-{}\"", rule.id);
            let found = self
                .published()
                .find_map(|(p, b)| Some((p, b, b.html.find(&anchor)?)));
            if let Some((p, b, at)) = found {
                // Named by the section it stands in.
                let place = b
                    .headings
                    .iter()
                    .rfind(|h| {
                        h.level <= 3
                            && b.html
                                .find(&format!("id=\"{}\"", h.id))
                                .is_some_and(|i| i < at)
                    })
                    .map_or(p.meta.title.clone(), |h| place(&p.meta.title, &h.label));
                return Some(Target::new(
                    format!("{}.html#rule-{}", p.slug, rule.id),
                    place,
                ));
            }
        }
        let topic = rules
            .iter()
            .flat_map(|r| r.topic.iter())
            .find(|t| task.topics.contains(t));
        topic.map(|t| Target::new(format!("rules.html#topic-{t}"), "運用ルール一覧"))
    }

    /// A link region.yaml writes, as a page of the site would.
    fn resolve(&self, written: &str) -> Result<Target, (String, String)> {
        let region = &self.region.id;
        match body::resolve(region, "index", written) {
            Resolved::Keep => Ok(Target::new(written, "")),
            Resolved::Refused(why, hint) => Err((why, hint)),
            Resolved::File(f) => {
                let known = f.path == "booklet.pdf"
                    || self.region.form_defs.iter().any(|x| {
                        f.path == format!("forms/{}-print.pdf", x.id)
                            || (x.has_fields() && f.path == format!("forms/{}.pdf", x.id))
                    });
                if f.region == *region && known {
                    Ok(Target::new(f.path, ""))
                } else {
                    Err((
                        format!(
                            "リンク先のファイル「{written}」はこの地域にありません [broken link]"
                        ),
                        "この地域の booklet.pdf か forms/<様式のid>.pdf を書いてください。".into(),
                    ))
                }
            }
            Resolved::Page { href, link } => {
                if link.region != *region {
                    return Err((
                        format!("「{written}」はほかの地域のページです"),
                        "この地域のページ（procedures.md#registration など）か https://… を書いてください。".into(),
                    ));
                }
                let page = self.published().find(|(p, _)| p.slug == link.slug);
                let (place, anchors): (String, Vec<String>) = match (page, link.slug.as_str()) {
                    (Some((p, b)), _) => {
                        let place = match &link.anchor {
                            Some(a) => b
                                .headings
                                .iter()
                                .find(|h| h.id == *a || h.anchors.contains(a))
                                .map_or(p.meta.title.clone(), |h| place(&p.meta.title, &h.label)),
                            None => p.meta.title.clone(),
                        };
                        let mut ids: Vec<String> = b
                            .headings
                            .iter()
                            .flat_map(|h| std::iter::once(&h.id).chain(&h.anchors))
                            .cloned()
                            .collect();
                        // Rule sentences in the page have anchors too.
                        ids.extend(
                            self.region
                                .rules
                                .iter()
                                .filter(|r| b.html.contains(&format!("id=\"rule-{}\"", r.id)))
                                .map(|r| format!("rule-{}", r.id)),
                        );
                        (place, ids)
                    }
                    (None, g) if GENERATED_PAGES.contains(&g) => {
                        let ids = match g {
                            "forms" => self
                                .region
                                .form_defs
                                .iter()
                                .map(|f| format!("form-{}", f.id))
                                .collect(),
                            "rules" => self
                                .region
                                .rules
                                .iter()
                                .flat_map(|r| {
                                    std::iter::once(format!("rule-{}", r.id))
                                        .chain(r.topic.iter().map(|t| format!("topic-{t}")))
                                })
                                .collect(),
                            _ => Vec::new(),
                        };
                        (generated_title(g).to_string(), ids)
                    }
                    (None, _) => {
                        let known: Vec<String> =
                            self.published().map(|(p, _)| p.slug.clone()).collect();
                        let mut hint = format!("content/{region}/{}.md がありません。", link.slug);
                        if let Some(c) = Unknown::among(&link.slug, known).nearest {
                            hint.push_str(&format!("「{c}.md」の書き間違いではありませんか。"));
                        }
                        return Err((
                            format!("リンク先のページ「{written}」がありません [broken link]"),
                            hint,
                        ));
                    }
                };
                if let Some(a) = &link.anchor
                    && !anchors.contains(a)
                {
                    let mut hint = Unknown::among(a, anchors.clone())
                        .nearest
                        .map(|c| format!("「#{c}」の書き間違いではありませんか。"))
                        .unwrap_or_default();
                    hint.push_str("見出しの {#id} か、条の番号（#第1条）を書いてください。");
                    return Err((
                        format!("リンク先に見出し「#{a}」がありません [broken anchor]"),
                        hint,
                    ));
                }
                Ok(Target::new(href, place))
            }
        }
    }
}

/// Where a section is, in words: 「page › section」, or the section alone
/// when its heading repeats the page's title (「(6) 個人情報の適切な管理②」).
fn place(title: &str, section: &str) -> String {
    if section.contains(title) {
        section.to_string()
    } else {
        format!("{title} › {section}")
    }
}

/// The name of a page the site makes for every region.
fn generated_title(slug: &str) -> &'static str {
    match slug {
        "index" => "トップ",
        "contact" => "問い合わせ先",
        "forms" => "様式",
        "rules" => "運用ルール一覧",
        "history" => "改正履歴",
        "glossary" => "用語説明",
        "search" => "検索",
        _ => "",
    }
}
