//! What a region is made of besides its pages: documents and their
//! editions, files to download, the network.

use serde::Serialize;

use crate::model::{Device, Document, Fee, Network, NetworkModel, Region, Revision, RevisionKind};

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
