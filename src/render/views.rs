//! What templates see: the typed contract between the model and the theme.
//!
//! Every value a Tera template, a page body or a Typst template reads is a
//! field of a struct here, built from the model by name, so renaming a model
//! field is a compile error here rather than a silent blank in a template.
//! Values of region.yaml that authors print in pages (`{{ region.… }}`) keep
//! their YAML names: those names are the authors' contract (docs/reference.md).
//!
//! Region views are serialised once per build (`RegionViews`) and shared by
//! every page of the region.

use serde::Serialize;
use serde_json::Value;

use crate::markup::markdown::{Heading, fragment_html};
use crate::model::{
    Contact, ContactLabels, Device, Document, Fee, Flow, Form, FormKind, GlossaryEntry, List,
    Network, NetworkModel, Operator, Page, PageKind, Platform, Region, Revision, RevisionKind,
    Rule, Site, Topic,
};

/// Serialises a view for Tera or Typst. Keys come out sorted (serde_json
/// without `preserve_order`), so the same view gives the same bytes.
pub fn to_value(v: &impl Serialize) -> Value {
    serde_json::to_value(v).expect("views serialise")
}

/// URL of a page relative to its region folder.
pub fn page_url(p: &Page) -> String {
    format!("{}.html", p.slug)
}

/// The site's settings, as every page's frame shows them.
#[derive(Serialize)]
pub struct SiteHead<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub base_url: &'a str,
    pub publisher: &'a str,
}

/// The site with its regions, for the portal and site-wide pages.
#[derive(Serialize)]
pub struct SiteView<'a> {
    #[serde(flatten)]
    pub head: SiteHead<'a>,
    pub regions: Vec<RegionCard<'a>>,
}

/// A region as the portal lists it.
#[derive(Serialize)]
pub struct RegionCard<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub short: &'a str,
    pub reading: &'a str,
    pub summary: &'a str,
    pub area: &'a [String],
    pub operator: &'a Operator,
    pub platform: &'a Platform,
    pub url: String,
}

impl<'a> SiteHead<'a> {
    pub fn of(site: &'a Site) -> SiteHead<'a> {
        let c = &site.config;
        SiteHead {
            title: &c.title,
            description: &c.description,
            base_url: &c.base_url,
            publisher: &c.publisher,
        }
    }
}

impl<'a> SiteView<'a> {
    pub fn of(site: &'a Site) -> SiteView<'a> {
        SiteView {
            head: SiteHead::of(site),
            regions: site
                .regions
                .iter()
                .map(|r| RegionCard {
                    id: &r.id,
                    name: &r.name,
                    short: r.short(),
                    reading: &r.reading,
                    summary: &r.summary,
                    area: &r.area,
                    operator: &r.operator,
                    platform: &r.platform,
                    url: format!("{}/index.html", r.id),
                })
                .collect(),
        }
    }
}

/// A link to a page of the region.
#[derive(Serialize)]
pub struct PageLink<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub url: String,
}

impl<'a> PageLink<'a> {
    pub fn of(p: &'a Page) -> PageLink<'a> {
        PageLink {
            slug: &p.slug,
            title: &p.meta.title,
            url: page_url(p),
        }
    }
}

/// The little of a region a page's frame shows: names, the table of
/// contents, which generated pages exist.
#[derive(Serialize)]
pub struct RegionNav<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub short: &'a str,
    pub operator: OperatorName<'a>,
    pub glossary: bool,
    pub pages: Vec<PageLink<'a>>,
    pub handbook_title: String,
    /// See [`contact_page`].
    pub contact_page: &'a str,
}

/// The slug of the region's own page of contacts (a page whose title says
/// 問い合わせ), or "": the menu lists it instead of the generated
/// contact.html, so 問い合わせ先 is not there twice.
pub fn contact_page(r: &Region) -> &str {
    r.published_pages()
        .find(|p| p.meta.title.contains("問い合わせ"))
        .map_or("", |p| p.slug.as_str())
}

#[derive(Serialize)]
pub struct OperatorName<'a> {
    pub name: &'a str,
}

impl<'a> RegionNav<'a> {
    pub fn of(r: &'a Region) -> RegionNav<'a> {
        RegionNav {
            id: &r.id,
            name: &r.name,
            short: r.short(),
            operator: OperatorName {
                name: &r.operator.name,
            },
            glossary: !r.glossary.is_empty(),
            pages: r.published_pages().map(PageLink::of).collect(),
            handbook_title: r.handbook_title(),
            contact_page: contact_page(r),
        }
    }
}

/// A page as the region's top page lists it.
#[derive(Serialize)]
pub struct PageSummary<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub kind: PageKind,
    pub kind_label: &'static str,
    pub summary: &'a str,
    pub url: String,
}

/// A form as the forms page lists it, with the URLs of its files.
#[derive(Serialize)]
pub struct FormView<'a> {
    pub id: &'a str,
    pub number: &'a str,
    pub title: &'a str,
    pub purpose: &'a str,
    pub kind: FormKind,
    pub kind_label: &'static str,
    pub example: bool,
    pub submit_to: &'a str,
    /// Whether it has fields to fill (else only the print PDF is offered).
    pub fillable: bool,
    /// `typeset` (tebiki's PDFs), `file` (the region's own file, as it
    /// is) or `missing` (known by name only: 未収録).
    pub status: &'static str,
    /// The region's own file of the form, when it publishes one.
    pub file: Option<FileView<'a>>,
    pub pdf: String,
    pub print_pdf: String,
    pub thumbnail: String,
}

impl<'a> FormView<'a> {
    pub fn of(f: &'a Form, r: &'a Region) -> FormView<'a> {
        FormView {
            status: if f.is_typeset() {
                "typeset"
            } else if f.file.is_empty() {
                "missing"
            } else {
                "file"
            },
            file: file_view(r, &f.file),
            id: &f.id,
            number: &f.number,
            title: &f.title,
            purpose: &f.purpose,
            kind: f.kind,
            kind_label: f.kind.label(),
            example: f.example,
            submit_to: &f.submit_to,
            fillable: f.is_typeset() && f.has_fields(),
            pdf: format!("forms/{}.pdf", f.id),
            print_pdf: format!("forms/{}-print.pdf", f.id),
            thumbnail: format!("forms/{}.png", f.id),
        }
    }
}

/// A revision with its date in 和暦 and its summary's `{date}` filled in.
#[derive(Serialize)]
pub struct RevisionView<'a> {
    pub edition: &'a str,
    pub changes: &'a str,
    pub date: String,
    pub wareki: String,
    pub wareki_full: String,
    pub kind: RevisionKind,
    pub label: &'a str,
    pub document: &'a str,
    pub body: &'a str,
    pub summary: String,
    pub page: &'a str,
    pub git_ref: &'a str,
}

impl<'a> RevisionView<'a> {
    pub fn of(r: &'a Revision) -> RevisionView<'a> {
        let wareki = r.date.wareki();
        RevisionView {
            edition: &r.edition,
            changes: &r.changes,
            date: r.date.iso(),
            wareki_full: r.date.wareki_with_seireki(),
            kind: r.kind,
            label: r.label(),
            document: &r.document,
            body: &r.body,
            summary: r.summary.replace("{date}", &wareki),
            wareki,
            page: &r.page,
            git_ref: &r.git_ref,
        }
    }
}

/// A contact with every label resolved (defaults filled in), so templates
/// and the print shortcodes need no fallbacks of their own.
#[derive(Serialize)]
pub struct ContactView<'a> {
    pub id: &'a str,
    pub role: &'a str,
    pub name: &'a str,
    pub department: &'a str,
    pub postal_code: &'a str,
    pub address: &'a str,
    pub tel: &'a str,
    pub tel_note: &'a str,
    pub fax: &'a str,
    pub email: &'a str,
    pub url: &'a str,
    pub hours: &'a str,
    pub notes: &'a [String],
    pub labels: ContactLabels,
}

impl<'a> ContactView<'a> {
    pub fn of(c: &'a Contact) -> ContactView<'a> {
        ContactView {
            id: &c.id,
            role: &c.role,
            name: &c.name,
            department: &c.department,
            postal_code: &c.postal_code,
            address: &c.address,
            tel: &c.tel,
            tel_note: &c.tel_note,
            fax: &c.fax,
            email: &c.email,
            url: &c.url,
            hours: &c.hours,
            notes: &c.notes,
            labels: c.labels.resolved(),
        }
    }
}

/// The region as templates and page bodies see it: every value of
/// region.yaml under its own key, plus its pages, forms and revisions with
/// their URLs and labels.
#[derive(Serialize)]
pub struct RegionView<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub reading: &'a str,
    pub short_name: &'a str,
    pub order: i64,
    /// The handbook's title, the region's name + 利用の手引き when not given.
    pub handbook_title: String,
    pub summary: &'a str,
    pub area: &'a [String],
    pub operator: &'a Operator,
    pub platform: &'a Platform,
    pub secretariat: ContactView<'a>,
    pub contacts: Vec<ContactView<'a>>,
    pub glossary: &'a [GlossaryEntry],
    pub rules: &'a [Rule],
    pub forms: &'a [String],
    pub revisions: &'a [Revision],
    pub flows: &'a [Flow],
    /// As written, for pages that show a value of it
    /// (`{{ region.network.scope }}`).
    pub network: Option<&'a crate::model::Network>,
    pub documents: &'a [crate::model::Document],
    pub files: &'a [crate::model::FileEntry],
    pub short: &'a str,
    pub pages: Vec<PageSummary<'a>>,
    pub form_list: Vec<FormView<'a>>,
    /// Newest first.
    pub revision_list: Vec<RevisionView<'a>>,
    pub document_list: Vec<DocumentView<'a>>,
    /// Every file of the region's files folder, described.
    pub file_list: Vec<FileView<'a>>,
    pub network_view: Option<NetworkView<'a>>,
    /// See [`contact_page`].
    pub contact_page: &'a str,
}

impl<'a> RegionView<'a> {
    pub fn of(r: &'a Region) -> RegionView<'a> {
        let revision_list = newest_first(&r.revisions);
        RegionView {
            id: &r.id,
            name: &r.name,
            reading: &r.reading,
            short_name: &r.short_name,
            order: r.order,
            handbook_title: r.handbook_title(),
            summary: &r.summary,
            area: &r.area,
            operator: &r.operator,
            platform: &r.platform,
            secretariat: ContactView::of(&r.secretariat),
            contacts: r.contacts.iter().map(ContactView::of).collect(),
            glossary: &r.glossary,
            rules: &r.rules,
            forms: &r.forms,
            revisions: &r.revisions,
            flows: &r.flows,
            network: r.network.as_ref(),
            documents: &r.documents,
            files: &r.files,
            short: r.short(),
            pages: r
                .published_pages()
                .map(|p| PageSummary {
                    slug: &p.slug,
                    title: &p.meta.title,
                    kind: p.meta.kind,
                    kind_label: p.meta.kind.label(),
                    summary: &p.meta.summary,
                    url: page_url(p),
                })
                .collect(),
            form_list: r.form_defs.iter().map(|f| FormView::of(f, r)).collect(),
            revision_list,
            document_list: r.documents.iter().map(|d| DocumentView::of(d, r)).collect(),
            file_list: r
                .attachments
                .iter()
                .filter_map(|a| file_view(r, &a.name))
                .collect(),
            network_view: r.network.as_ref().map(NetworkView::of),
            contact_page: contact_page(r),
        }
    }
}

/// Revisions newest first (by date, not by how the date is written).
pub fn newest_first(revisions: &[Revision]) -> Vec<RevisionView<'_>> {
    // Of two on the same day, the one written later is the newer (as
    // `Document::current` has it).
    let mut v: Vec<&Revision> = revisions.iter().rev().collect();
    v.sort_by_key(|x| std::cmp::Reverse(x.date));
    v.into_iter().map(RevisionView::of).collect()
}

/// A document of the region with its editions.
#[derive(Serialize)]
pub struct DocumentView<'a> {
    pub id: &'a str,
    pub title: &'a str,
    /// Newest first.
    pub editions: Vec<RevisionView<'a>>,
    pub file: Option<FileView<'a>>,
    pub partial: bool,
    pub note: &'a str,
}

impl<'a> DocumentView<'a> {
    pub fn of(d: &'a Document, r: &'a Region) -> DocumentView<'a> {
        DocumentView {
            id: &d.id,
            title: &d.title,
            editions: newest_first(&d.editions),
            file: file_view(r, &d.file),
            partial: d.partial,
            note: &d.note,
        }
    }
}

/// One of the region's own files, as a link shows it: 「PDF 1.2MB」.
#[derive(Serialize)]
pub struct FileView<'a> {
    pub name: &'a str,
    /// From the region's folder.
    pub url: String,
    /// The title region.yaml gives it, else its name.
    pub title: &'a str,
    pub note: &'a str,
    pub size: u64,
    pub size_text: String,
    pub kind: &'static str,
}

/// The region's file `name`, described, if it is there.
pub fn file_view<'a>(r: &'a Region, name: &str) -> Option<FileView<'a>> {
    let a = r.attachments.iter().find(|a| a.name == name)?;
    let entry = r.files.iter().find(|f| f.file == a.name);
    Some(FileView {
        name: &a.name,
        url: format!("files/{}", a.name),
        title: entry.map_or(a.name.as_str(), |e| e.title.as_str()),
        note: entry.map_or("", |e| e.note.as_str()),
        size: a.size,
        size_text: human_size(a.size),
        kind: file_kind(&a.name),
    })
}

/// `1.2MB`, `340KB`: as a reader judges a download.
pub fn human_size(bytes: u64) -> String {
    if bytes >= 1_000_000 {
        format!("{:.1}MB", bytes as f64 / 1_000_000.0)
    } else {
        format!("{}KB", bytes.div_ceil(1000).max(1))
    }
}

/// What a file is, by its extension, in the words readers know.
pub fn file_kind(name: &str) -> &'static str {
    let ext = name.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "pdf" => "PDF",
        "doc" | "docx" => "Word",
        "xls" | "xlsx" => "Excel",
        "ppt" | "pptx" => "PowerPoint",
        "csv" => "CSV",
        "png" | "jpg" | "jpeg" | "gif" | "webp" => "画像",
        "zip" => "ZIP",
        "txt" => "テキスト",
        _ => "ファイル",
    }
}

/// The network's shape as the region's page and the comparison show it.
#[derive(Serialize)]
pub struct NetworkView<'a> {
    pub model: NetworkModel,
    pub model_label: &'static str,
    pub scope: &'a str,
    pub description: &'a str,
    pub patients: &'a str,
    pub shared: &'a [String],
    pub institutions: Vec<InstitutionView<'a>>,
    /// 「診療所 12,000円／年」.
    pub fees: Vec<String>,
    pub devices: Vec<String>,
    pub requirements: &'a [String],
}

#[derive(Serialize)]
pub struct InstitutionView<'a> {
    pub name: &'a str,
    pub role: &'static str,
    pub since: Option<String>,
    pub note: &'a str,
}

impl<'a> NetworkView<'a> {
    pub fn of(n: &'a Network) -> NetworkView<'a> {
        NetworkView {
            model: n.model,
            model_label: n.model.label(),
            scope: &n.scope,
            description: &n.description,
            patients: &n.patients,
            shared: &n.shared,
            institutions: n
                .institutions
                .iter()
                .map(|i| InstitutionView {
                    name: &i.name,
                    role: i.role.label(),
                    since: i.since.map(|d| d.wareki()),
                    note: &i.note,
                })
                .collect(),
            fees: n.fees.iter().map(Fee::text).collect(),
            devices: n.devices.iter().map(device_text).collect(),
            requirements: &n.requirements,
        }
    }
}

/// 「iPad（iPadOS 15 以降）」, 「Mac は使えません」.
pub fn device_text(d: &Device) -> String {
    let mut s = d.name.clone();
    if !d.version.is_empty() {
        s.push_str(&format!("（{}）", d.version));
    }
    if !d.allowed {
        s.push_str(" は使えません");
    }
    if !d.note.is_empty() {
        s.push_str(&format!("　{}", d.note));
    }
    s
}

/// A region's two views, serialised once per build.
pub struct RegionViews {
    /// [`RegionView`]: what the region's own pages and page bodies see.
    pub full: Value,
    /// [`RegionNav`]: what the frame of a Markdown page needs.
    pub nav: Value,
}

impl RegionViews {
    pub fn of(r: &Region) -> RegionViews {
        RegionViews {
            full: to_value(&RegionView::of(r)),
            nav: to_value(&RegionNav::of(r)),
        }
    }
}

// ---- Page contexts: one struct per theme template ----

/// Where a page is, for its frame (`here` in every template): which menu
/// entry is the current one and whether breadcrumbs are shown. Made from
/// the page's output path by [`Here::of`], so no renderer has to say it.
#[derive(Serialize)]
pub struct Here<'a> {
    /// The page's path in the output (`inabe/forms.html`).
    pub path: &'a str,
    /// The menu entry of the page: its file name without `.html` (`forms`,
    /// a page's slug, `index` for a region's top page and for the portal);
    /// `history` for a 新旧対照表 under `history/`.
    pub current: &'a str,
}

impl<'a> Here<'a> {
    pub fn of(path: &'a str) -> Here<'a> {
        let mut parts = path.split('/');
        let current = match (parts.next(), parts.next()) {
            (Some(_), Some("history")) => "history",
            _ => {
                let file = path.rsplit('/').next().unwrap_or(path);
                file.strip_suffix(".html").unwrap_or(file)
            }
        };
        Here { path, current }
    }
}

/// `portal.html`, `search.html`, `site_glossary.html`: site-wide pages.
#[derive(Serialize)]
pub struct SitePage<'a, T: Serialize> {
    pub root: &'static str,
    pub site: &'a Value,
    #[serde(flatten)]
    pub extra: T,
}

/// `region.html`, `contact.html`, `forms.html`, `glossary.html`,
/// `rules.html`, `history.html`: a region's generated pages.
#[derive(Serialize)]
pub struct RegionPage<'a, T: Serialize> {
    pub root: &'static str,
    pub site: &'a Value,
    pub region: &'a Value,
    #[serde(flatten)]
    pub extra: T,
}

/// Nothing more than the frame.
#[derive(Serialize)]
pub struct NoExtra {}

/// `region.html`: the region's top page, its reader's tasks first.
#[derive(Serialize)]
pub struct TasksExtra {
    pub tasks: Vec<TaskView>,
}

/// One of the reader's tasks (`render::tasks`) as the top page shows it.
#[derive(Debug, Serialize)]
pub struct TaskView {
    pub id: &'static str,
    pub label: &'static str,
    /// Relative to the region's folder (or an outside address).
    pub href: String,
    /// Where the link goes, in words (`4. 利用開始までの手続き`,
    /// `1 利用申込及び退会に関すること › (1) 利用申込`); "" for an outside one.
    pub place: String,
    /// The 事務局's number to call, on 問い合わせ only.
    pub tel: String,
}

/// `forms.html`: the region's forms with their files' sizes.
#[derive(Serialize)]
pub struct FormsExtra<'a> {
    pub forms: Vec<FormEntry<'a>>,
    /// The zip of every form's print variant, when this build made them.
    pub zip: Option<FileLink>,
    /// Where the region's forms are handed out when the site has none
    /// (region.yaml's `tasks.forms`, an outside address), else "".
    pub elsewhere: &'a str,
}

#[derive(Serialize)]
pub struct FormEntry<'a> {
    #[serde(flatten)]
    pub form: FormView<'a>,
    /// 「PDF 2.4MB」, or "" when the size is not known (a site-only build).
    pub pdf_meta: String,
    pub print_pdf_meta: String,
}

#[derive(Serialize)]
pub struct FileLink {
    pub href: String,
    /// 「ZIP 5.1MB」
    pub meta: String,
    pub count: usize,
}

/// `page.html`: a Markdown page in its region's frame.
#[derive(Serialize)]
pub struct ContentPage<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub summary: &'a str,
    pub kind: PageKind,
    pub kind_label: &'static str,
    /// The document the page belongs to (shown above its title).
    pub document: String,
    /// 最終更新: when the text last changed (see `Region::page_date`).
    pub updated: Option<String>,
    pub updated_iso: Option<String>,
    /// The edition of its document the page is in (2017/7/26版).
    pub edition: &'a str,
    pub html: &'a str,
    /// Headings of levels 2 and 3.
    pub toc: Vec<&'a Heading>,
    pub prev: Option<PageLink<'a>>,
    pub next: Option<PageLink<'a>>,
}

#[derive(Serialize)]
pub struct PageExtra<'a> {
    pub page: ContentPage<'a>,
}

/// `site_glossary.html`: every region's terms, merged by term.
#[derive(Serialize)]
pub struct GlossaryExtra<'a> {
    pub terms: Vec<GlossaryTerm<'a>>,
}

#[derive(Serialize)]
pub struct GlossaryTerm<'a> {
    pub term: &'a str,
    pub reading: &'a str,
    pub definitions: Vec<GlossaryDefinition<'a>>,
}

#[derive(Serialize)]
pub struct GlossaryDefinition<'a> {
    pub region: &'a str,
    pub region_id: &'a str,
    pub definition: &'a str,
}

/// `rules.html`: the region's rules grouped by topic.
#[derive(Serialize)]
pub struct RulesExtra<'a> {
    pub topics: Vec<TopicRules<'a>>,
}

#[derive(Serialize)]
pub struct TopicRules<'a> {
    pub id: &'a str,
    pub label: &'a str,
    pub description: &'a str,
    pub rules: Vec<RuleView<'a>>,
}

/// A rule sentence as HTML, with its typed values as labelled text.
#[derive(Serialize)]
pub struct RuleView<'a> {
    pub id: &'a str,
    pub html: String,
    pub values: Vec<LabelledValue>,
    /// Whether this listing carries the rule's anchor: a rule of several
    /// topics is listed under each, its `#rule-…` under the first only.
    pub anchored: bool,
    /// Where the rule was taken from (`source`), as a link and its words
    /// (「質疑応答集 問3」).
    pub source: Option<Target>,
}

/// A link and the words it is shown with.
#[derive(Serialize)]
pub struct Target {
    pub href: String,
    pub text: String,
}

#[derive(Serialize)]
pub struct LabelledValue {
    pub label: &'static str,
    pub value: String,
}

impl<'a> RuleView<'a> {
    /// The rule as listed under `topic`, with where it was taken from.
    pub fn of(
        r: &'a Rule,
        topic: &str,
        source: Option<Target>,
        values: Vec<(&'static str, String)>,
    ) -> RuleView<'a> {
        RuleView {
            id: &r.id,
            html: fragment_html(&r.text).html,
            values: values
                .into_iter()
                .map(|(label, value)| LabelledValue { label, value })
                .collect(),
            anchored: r.topic.first() == topic,
            source,
        }
    }
}

/// A region as a column of the comparison.
#[derive(Serialize)]
pub struct RegionColumn<'a> {
    pub id: &'a str,
    pub short: &'a str,
    pub name: &'a str,
}

impl<'a> RegionColumn<'a> {
    pub fn of(r: &'a Region) -> RegionColumn<'a> {
        RegionColumn {
            id: &r.id,
            short: r.short(),
            name: &r.name,
        }
    }
}

/// `history.html`: the handbook's revisions, then each document's
/// editions, each newest first.
#[derive(Serialize)]
pub struct HistoryExtra<'a> {
    pub sections: Vec<HistorySection<'a>>,
}

/// One history on the 改正履歴 page: the handbook's (no id) or a
/// document's.
#[derive(Serialize)]
pub struct HistorySection<'a> {
    pub id: &'a str,
    pub title: String,
    pub partial: bool,
    pub file: Option<FileView<'a>>,
    pub entries: Vec<HistoryEntry<'a>>,
}

#[derive(Serialize)]
pub struct HistoryEntry<'a> {
    #[serde(flatten)]
    pub revision: RevisionView<'a>,
    /// The newest revision.
    pub current: bool,
    /// The 新旧対照表 against the revision before, when both name git refs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comparisons: Option<Vec<ComparisonLink>>,
}

#[derive(Serialize)]
pub struct ComparisonLink {
    pub title: String,
    pub html: String,
    pub pdf: String,
}

// ---- Shortcodes ----

/// `shortcodes/list_table.*`: a shared list in rows of `columns` cells.
#[derive(Serialize)]
pub struct ListTableView<'a> {
    pub list: &'a List,
    pub entry_label: &'a str,
    pub columns: usize,
    pub rows: Vec<Vec<Option<ListCell<'a>>>>,
}

#[derive(Serialize)]
pub struct ListCell<'a> {
    pub number: String,
    pub label: &'a str,
    pub note: &'a str,
}

/// `shortcodes/form_link.*`
#[derive(Serialize)]
pub struct FormRef<'a> {
    pub id: &'a str,
    pub number: &'a str,
    pub title: &'a str,
    pub example: bool,
}

/// `shortcodes/rules.*`: a topic's rules.
#[derive(Serialize)]
pub struct TopicView<'a> {
    pub topic: &'a Topic,
    pub rules: Vec<RuleHtml<'a>>,
}

/// A rule sentence as written (Markdown, for print) and as HTML.
#[derive(Serialize)]
pub struct RuleHtml<'a> {
    pub id: &'a str,
    /// The Markdown, its lines after the first indented so that a list in
    /// it stays inside the list item or paragraph the call stands in.
    pub text: String,
    pub html: String,
    /// The text holds more than a sentence (a list, paragraphs): the site
    /// shows it as a block, not inside a sentence.
    pub block: bool,
}

impl<'a> RuleHtml<'a> {
    pub fn of(r: &'a Rule) -> RuleHtml<'a> {
        let f = fragment_html(&r.text);
        let text = r
            .text
            .trim_end()
            .lines()
            .enumerate()
            .map(|(i, l)| if i == 0 || l.is_empty() { l.to_string() } else { format!("   {l}") })
            .collect::<Vec<_>>()
            .join("\n");
        RuleHtml {
            id: &r.id,
            text,
            html: f.html,
            block: f.block,
        }
    }
}

/// `search.html`: the search page, site-wide or in a region's frame.
#[derive(Serialize)]
pub struct SearchExtra<'a> {
    pub search: SearchView<'a>,
}

#[derive(Serialize)]
pub struct SearchView<'a> {
    /// The region whose search page this is ("" for the site-wide one):
    /// searched by default, and its results first when searching all.
    pub home: &'a str,
    /// The regions to choose from and whose 事務局 to call when nothing is
    /// found: every region on the site-wide page, the home region alone on
    /// a region's (every region on every region's page would grow as
    /// regions²; the script reads all of them from `search/regions.table.js`).
    pub regions: Vec<SearchRegion<'a>>,
}

#[derive(Serialize)]
pub struct SearchRegion<'a> {
    // Also the shape of `search/regions.table.js`.
    pub id: &'a str,
    pub short: &'a str,
    pub secretariat: &'a str,
    pub tel: &'a str,
    pub hours: &'a str,
}

impl<'a> SearchView<'a> {
    pub fn of(site: &'a Site, home: &'a str) -> SearchView<'a> {
        SearchView {
            home,
            regions: site
                .regions
                .iter()
                .filter(|r| home.is_empty() || r.id == home)
                .map(SearchRegion::of)
                .collect(),
        }
    }
}

impl<'a> SearchRegion<'a> {
    pub fn of(r: &'a Region) -> SearchRegion<'a> {
        SearchRegion {
            id: &r.id,
            short: r.short(),
            secretariat: &r.secretariat.name,
            tel: &r.secretariat.tel,
            hours: &r.secretariat.hours,
        }
    }
}
