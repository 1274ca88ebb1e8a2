//! What templates see: the model turned into JSON once per build, with the
//! URLs and labels that templates would otherwise have to work out.

use serde_json::{Value, json};

use crate::model::{Form, Page, Region, Revision, Site};

/// URL of a page relative to its region folder.
pub fn page_url(p: &Page) -> String {
    format!("{}.html", p.slug)
}

/// Pages the site generates for every region; page files may not take these
/// names.
pub const GENERATED: &[&str] = &["index", "contact", "forms", "rules", "history", "glossary"];

pub fn site(site: &Site) -> Value {
    let regions: Vec<Value> = site
        .regions
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "name": r.name,
                "short": r.short(),
                "reading": r.reading,
                "summary": r.summary,
                "area": r.area,
                "operator": r.operator,
                "platform": r.platform,
                "url": format!("{}/index.html", r.id),
            })
        })
        .collect();
    json!({
        "title": site.config.title,
        "description": site.config.description,
        "base_url": site.config.base_url,
        "publisher": site.config.publisher,
        "regions": regions,
    })
}

/// The site's settings without its regions.
pub fn site_head(site: &Site) -> Value {
    json!({
        "title": site.config.title,
        "description": site.config.description,
        "base_url": site.config.base_url,
        "publisher": site.config.publisher,
    })
}

pub fn form(f: &Form) -> Value {
    json!({
        "id": f.id,
        "number": f.number,
        "title": f.title,
        "purpose": f.purpose,
        "kind": f.kind,
        "kind_label": f.kind.label(),
        "example": f.example,
        "submit_to": f.submit_to,
        "pdf": format!("forms/{}.pdf", f.id),
        "print_pdf": format!("forms/{}-print.pdf", f.id),
        "thumbnail": format!("forms/{}.png", f.id),
    })
}

pub fn revision(r: &Revision) -> Value {
    let wareki = r.date.wareki();
    json!({
        "date": r.date.iso(),
        "wareki": wareki,
        "wareki_full": r.date.wareki_with_seireki(),
        "kind": r.kind,
        "label": r.label(),
        "document": r.document,
        "body": r.body,
        "summary": r.summary.replace("{date}", &wareki),
        "page": r.page,
        "git_ref": r.git_ref,
    })
}

/// The little of a region that the frame of each page shows: names, the
/// table of contents, which generated pages exist.
pub fn region_nav(r: &Region) -> Value {
    let pages: Vec<Value> = r
        .published_pages()
        .map(|p| json!({"slug": p.slug, "title": p.meta.title, "url": page_url(p)}))
        .collect();
    json!({
        "id": r.id,
        "name": r.name,
        "short": r.short(),
        "operator": {"name": r.operator.name},
        "glossary": !r.glossary.is_empty(),
        "pages": pages,
        "handbook_title": if r.handbook_title.is_empty() { format!("{} 利用の手引き", r.name) } else { r.handbook_title.clone() },
    })
}

/// The region as templates and page bodies see it: every value of
/// region.yaml, plus its pages and forms with their URLs.
pub fn region(r: &Region) -> Value {
    let mut v = serde_json::to_value(r).expect("the model serialises");
    let pages: Vec<Value> = r
        .published_pages()
        .map(|p| {
            json!({
                "slug": p.slug,
                "title": p.meta.title,
                "kind": p.meta.kind,
                "kind_label": p.meta.kind.label(),
                "summary": p.meta.summary,
                "url": page_url(p),
            })
        })
        .collect();
    let forms: Vec<Value> = r.form_defs.iter().map(form).collect();
    let mut revisions: Vec<Value> = r.revisions.iter().map(revision).collect();
    revisions.sort_by(|a, b| b["date"].as_str().cmp(&a["date"].as_str()));
    let obj = v.as_object_mut().expect("a region is an object");
    // Templates see every contact label, defaults filled in.
    obj["secretariat"]["labels"] =
        serde_json::to_value(r.secretariat.labels.resolved()).expect("labels");
    for (i, c) in r.contacts.iter().enumerate() {
        obj["contacts"][i]["labels"] = serde_json::to_value(c.labels.resolved()).expect("labels");
    }
    obj.insert("short".into(), json!(r.short()));
    obj.insert("pages".into(), json!(pages));
    obj.insert("form_list".into(), json!(forms));
    obj.insert("revision_list".into(), json!(revisions));
    obj.insert(
        "handbook_title".into(),
        json!(if r.handbook_title.is_empty() {
            format!("{} 利用の手引き", r.name)
        } else {
            r.handbook_title.clone()
        }),
    );
    v
}
