use serde::{Deserialize, Serialize};

use super::{Form, Origin, Page, Rule};
use crate::wareki::Date;

/// `content/<region>/region.yaml`: one regional network.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Region {
    /// ASCII id, the folder name and URL segment (`inabe`).
    pub id: String,
    /// 正式名称: いなべ地域ケアネット
    pub name: String,
    /// よみがな
    #[serde(default)]
    pub reading: String,
    /// A short name for tables and navigation (いなべ).
    #[serde(default)]
    pub short_name: String,
    /// Position on the portal (smaller first).
    #[serde(default)]
    pub order: i64,
    /// Title of the region's handbook as a whole (「いなべ地域ケアネット」利用の手引き).
    #[serde(default)]
    pub handbook_title: String,
    /// One or two sentences for the portal.
    #[serde(default)]
    pub summary: String,
    /// Municipalities covered.
    pub area: Vec<String>,
    pub operator: Operator,
    pub platform: Platform,
    /// 事務局: where people apply and ask.
    pub secretariat: Contact,
    /// Other contacts, e.g. the vendor's support desk.
    #[serde(default)]
    pub contacts: Vec<Contact>,
    /// 用語説明
    #[serde(default)]
    pub glossary: Vec<GlossaryEntry>,
    /// The region's rules, each a sentence as published.
    #[serde(default)]
    pub rules: Vec<Rule>,
    /// Order of the forms on the forms page (ids of `forms/<region>/*.yaml`);
    /// forms not named here follow in file-name order.
    #[serde(default)]
    pub forms: Vec<String>,
    /// Revision history of the region's documents.
    #[serde(default)]
    pub revisions: Vec<Revision>,
    /// Procedure flows drawn as pictures.
    #[serde(default)]
    pub flows: Vec<Flow>,

    #[serde(skip)]
    pub pages: Vec<Page>,
    #[serde(skip)]
    pub form_defs: Vec<Form>,
    #[serde(skip)]
    pub origin: Origin,
}

impl Region {
    pub fn short(&self) -> &str {
        if self.short_name.is_empty() {
            &self.name
        } else {
            &self.short_name
        }
    }

    /// The handbook's title as a whole; the region's name + 利用の手引き when
    /// region.yaml gives none.
    pub fn handbook_title(&self) -> String {
        if self.handbook_title.is_empty() {
            format!("{} 利用の手引き", self.name)
        } else {
            self.handbook_title.clone()
        }
    }

    pub fn page(&self, slug: &str) -> Option<&Page> {
        self.pages.iter().find(|p| p.slug == slug)
    }

    pub fn form(&self, id: &str) -> Option<&Form> {
        self.form_defs.iter().find(|f| f.id == id)
    }

    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// Published pages in table-of-contents order.
    pub fn published_pages(&self) -> impl Iterator<Item = &Page> {
        self.pages.iter().filter(|p| !p.meta.draft)
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Operator {
    /// いなべ在宅医療多職種連携推進協議会
    pub name: String,
    /// 協議会 / 医師会 / 市 …
    #[serde(default)]
    pub kind: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Platform {
    /// メディカルケアステーション
    pub name: String,
    /// MCS
    #[serde(default)]
    pub short: String,
    /// エンブレース株式会社
    #[serde(default)]
    pub vendor: String,
    /// 完全非公開型SNS, 情報共有システム …
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub url: String,
}

/// A place to ask: the secretariat or another desk.
#[derive(Debug, Clone, Deserialize, Serialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// Stable id for other contacts (`vendor`); the secretariat needs none.
    #[serde(default)]
    pub id: String,
    /// What to ask there: ネットワークについて, システムの操作について …
    #[serde(default)]
    pub role: String,
    pub name: String,
    #[serde(default)]
    pub department: String,
    #[serde(default)]
    pub postal_code: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub tel: String,
    /// Said right after the number: （会議等で不在の場合には、留守番電話となります。）
    #[serde(default)]
    pub tel_note: String,
    #[serde(default)]
    pub fax: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub url: String,
    /// 受付時間
    #[serde(default)]
    pub hours: String,
    /// 留守番電話 … : one sentence each.
    #[serde(default)]
    pub notes: Vec<String>,
    /// The region's own words for the labels (名称, 電話番号, 開設日 …).
    #[serde(default)]
    pub labels: ContactLabels,
}

/// Labels of a contact block; empty ones take the defaults (住所, TEL …).
#[derive(Debug, Clone, Deserialize, Serialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ContactLabels {
    /// Shown before the name as a row of its own when given (名称).
    #[serde(default)]
    pub name: String,
    /// When given, the postal code is a row of its own under this label
    /// instead of leading the address.
    #[serde(default)]
    pub postal_code: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub tel: String,
    #[serde(default)]
    pub fax: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub hours: String,
}

impl ContactLabels {
    /// The labels with the defaults filled in: one place for both the
    /// site's contact blocks and the forms' recipient blocks.
    pub fn resolved(&self) -> ContactLabels {
        self.over(&ContactLabels::default())
    }

    /// These labels where given, else `base`'s, else the defaults.
    pub fn over(&self, base: &ContactLabels) -> ContactLabels {
        let pick = or;
        let merged = ContactLabels {
            name: pick(&self.name, &base.name),
            postal_code: pick(&self.postal_code, &base.postal_code),
            address: pick(&self.address, &base.address),
            tel: pick(&self.tel, &base.tel),
            fax: pick(&self.fax, &base.fax),
            email: pick(&self.email, &base.email),
            hours: pick(&self.hours, &base.hours),
        };
        merged.with_defaults()
    }

    fn with_defaults(&self) -> ContactLabels {
        ContactLabels {
            name: self.name.clone(),
            postal_code: self.postal_code.clone(),
            address: or(&self.address, "住所"),
            tel: or(&self.tel, "TEL"),
            fax: or(&self.fax, "FAX"),
            email: or(&self.email, "E-mail"),
            hours: or(&self.hours, "受付時間"),
        }
    }
}

/// `v`, or `d` when `v` is empty.
fn or(v: &str, d: &str) -> String {
    if v.is_empty() { d } else { v }.to_string()
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GlossaryEntry {
    pub term: String,
    #[serde(default)]
    pub reading: String,
    pub definition: String,
}

/// 制定・施行 / 改正 / 一部改正 / 全部改正
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RevisionKind {
    /// 制定・施行
    Enacted,
    /// 改正 / 改定
    Revised,
    /// 一部改正
    PartlyRevised,
    /// 全部改正
    WhollyRevised,
}

impl RevisionKind {
    pub fn label(self) -> &'static str {
        match self {
            RevisionKind::Enacted => "制定・施行",
            RevisionKind::Revised => "改正",
            RevisionKind::PartlyRevised => "一部改正",
            RevisionKind::WhollyRevised => "全部改正",
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Revision {
    pub date: Date,
    pub kind: RevisionKind,
    /// The word the source uses, if not the kind's own (改定, 施行 …).
    #[serde(default)]
    pub label: String,
    /// What the revision covers (運用ルール, 運用ポリシー …).
    #[serde(default)]
    pub document: String,
    /// The body that decided (運営委員会, 理事会 …).
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub summary: String,
    /// Page slug the revision belongs to, if not the whole region.
    #[serde(default)]
    pub page: String,
    /// Git tag or commit holding the text as it was then.
    #[serde(default)]
    pub git_ref: String,
}

impl Revision {
    pub fn label(&self) -> &str {
        if self.label.is_empty() {
            self.kind.label()
        } else {
            &self.label
        }
    }
}

/// A procedure drawn as a picture: actors, and numbered steps between them.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Flow {
    pub id: String,
    pub title: String,
    pub actors: Vec<FlowActor>,
    pub steps: Vec<FlowStep>,
    /// Sentences shown under the picture.
    #[serde(default)]
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FlowActor {
    pub id: String,
    pub label: String,
    /// A second line under the label (（招待できる人）, （いなべ市・東員町）).
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FlowStep {
    /// As printed: ①, STEP1, 1 …
    #[serde(default)]
    pub number: String,
    pub from: String,
    pub to: String,
    pub label: String,
    /// 2週間程度 …
    #[serde(default)]
    pub note: String,
}
