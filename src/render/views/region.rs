//! A region as its pages, its frame and its page bodies see it.

use serde::Serialize;
use serde_json::Value;

use super::{documents::*, page_url, to_value};
use crate::model::{
    Contact, ContactLabels, Flow, Form, FormKind, GlossaryEntry, Operator, Page, PageKind,
    Platform, Region, Revision, Rule,
};

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
