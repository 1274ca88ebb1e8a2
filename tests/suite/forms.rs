//! Form PDFs: fields, variants and filling, read with lopdf; and (in
//! `checked`, under the `checkers` feature) with tools nobody here wrote:
//! qpdf, poppler (pdftoppm, pdftotext) and pypdf.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{bundled_output, repo};
use lopdf::{Document, Object};

/// Every form source file, as (region, form id).
fn all_forms() -> Vec<(String, String)> {
    let mut v = Vec::new();
    for region in std::fs::read_dir(repo().join("forms")).unwrap() {
        let region = region.unwrap();
        for f in std::fs::read_dir(region.path()).unwrap() {
            let p = f.unwrap().path();
            if p.extension().is_some_and(|e| e == "yaml") {
                v.push((
                    region.file_name().to_string_lossy().into_owned(),
                    p.file_stem().unwrap().to_string_lossy().into_owned(),
                ));
            }
        }
    }
    v.sort();
    v
}

fn form_pdf(region: &str, id: &str, variant: &str) -> PathBuf {
    bundled_output().join(format!("{region}/forms/{id}{variant}.pdf"))
}

/// Field name -> (type, rect, options) read with lopdf.
#[derive(Debug)]
struct Field {
    ft: String,
    rect: [f64; 4],
    options: Vec<String>,
    tooltip: String,
    page: usize,
}

fn text(o: &Object) -> String {
    match o {
        Object::String(b, _) if b.starts_with(&[0xFE, 0xFF]) => {
            let u: Vec<u16> = b[2..]
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16(&u).unwrap()
        }
        Object::String(b, _) => String::from_utf8_lossy(b).into_owned(),
        _ => String::new(),
    }
}

fn fields(path: &Path) -> std::collections::BTreeMap<String, Field> {
    let doc = Document::load(path).unwrap();
    let mut out = std::collections::BTreeMap::new();
    for (n, page) in doc.get_pages() {
        let annots = match doc.get_dictionary(page).unwrap().get(b"Annots") {
            Ok(Object::Array(a)) => a.clone(),
            _ => continue,
        };
        for a in annots {
            let w = doc.get_dictionary(a.as_reference().unwrap()).unwrap();
            let field = match w.get(b"Parent") {
                Ok(p) => doc.get_dictionary(p.as_reference().unwrap()).unwrap(),
                Err(_) => w,
            };
            let name = text(field.get(b"T").unwrap());
            let num = |o: &Object| match o {
                Object::Real(r) => f64::from(*r),
                Object::Integer(i) => *i as f64,
                _ => f64::NAN,
            };
            let r = w.get(b"Rect").unwrap().as_array().unwrap();
            out.entry(name).or_insert(Field {
                ft: String::from_utf8_lossy(field.get(b"FT").unwrap().as_name().unwrap())
                    .into_owned(),
                rect: [num(&r[0]), num(&r[1]), num(&r[2]), num(&r[3])],
                options: field
                    .get(b"Opt")
                    .ok()
                    .and_then(|o| match o {
                        Object::Reference(r) => doc.get_object(*r).ok(),
                        o => Some(o),
                    })
                    .and_then(|o| o.as_array().ok())
                    .map(|a| a.iter().map(text).collect())
                    .unwrap_or_default(),
                tooltip: field.get(b"TU").map(text).unwrap_or_default(),
                page: n as usize,
            });
        }
    }
    out
}

/// Whether a form has fields (a fillable PDF is made only then), from the
/// loaded project.
fn fillable(region: &str, id: &str) -> bool {
    let site = tebiki::source::load(&repo(), &tebiki::diag::Diagnostics::new());
    site.region(region).unwrap().form(id).unwrap().has_fields()
}

#[test]
fn every_form_exists_in_both_variants_without_javascript() {
    let forms = all_forms();
    // いなべ 5, おおさき 5, 神崎 9, 松原 5.
    assert!(forms.len() >= 24, "only {} forms", forms.len());
    for (region, id) in &forms {
        let fillable = fillable(region, id);
        // A form with nothing to fill is offered for print only.
        assert_eq!(
            form_pdf(region, id, "").is_file(),
            fillable,
            "{region}/{id}"
        );
        let variants: &[&str] = if fillable {
            &["", "-print"]
        } else {
            &["-print"]
        };
        for variant in variants {
            let pdf = form_pdf(region, id, variant);
            assert!(pdf.is_file(), "{} missing", pdf.display());
            let bytes = std::fs::read(&pdf).unwrap();
            let raw = String::from_utf8_lossy(&bytes);
            assert!(
                !raw.contains("/JavaScript") && !raw.contains("/JS "),
                "{} contains JavaScript",
                pdf.display()
            );
        }
        assert!(
            bundled_output()
                .join(format!("{region}/forms/{id}.png"))
                .is_file()
        );
    }
}

#[test]
fn fillable_variant_does_not_claim_pdf_a() {
    // The fields are added to the print variant; Acrobat opens a file that
    // claims PDF/A read-only, so the fillable copy must drop the claim and
    // keep the rest of its metadata, under an /ID of its own.
    let id = |pdf: &Path| {
        let doc = Document::load(pdf).unwrap();
        let ids = doc.trailer.get(b"ID").unwrap().as_array().unwrap().clone();
        let xmp = doc
            .catalog()
            .and_then(|c| c.get(b"Metadata"))
            .and_then(Object::as_reference)
            .and_then(|r| doc.get_object(r))
            .and_then(Object::as_stream)
            .map(|s| String::from_utf8_lossy(&s.content).into_owned())
            .unwrap();
        (ids, xmp)
    };
    let (fill_id, fill_xmp) = id(&form_pdf("inabe", "consent", ""));
    let (print_id, print_xmp) = id(&form_pdf("inabe", "consent", "-print"));
    assert!(
        print_xmp.contains("<pdfaid:part>2</pdfaid:part>"),
        "{print_xmp}"
    );
    assert!(!fill_xmp.contains("pdfaid:part"), "{fill_xmp}");
    assert!(!fill_xmp.contains("pdfaid:conformance"), "{fill_xmp}");
    // Still the whole packet: title, then the closing tags.
    assert!(fill_xmp.contains("</dc:title>"), "{fill_xmp}");
    assert!(
        fill_xmp
            .trim_end()
            .ends_with("</x:xmpmeta><?xpacket end=\"r\"?>"),
        "{fill_xmp}"
    );
    assert_ne!(fill_id, print_id);
}

#[test]
fn fillable_variant_is_the_print_pdf_with_the_fields_appended() {
    // An incremental update: the print PDF's bytes as they are, then the
    // fields; the update's trailer points back at the print one's xref.
    let fill = std::fs::read(form_pdf("inabe", "consent", "")).unwrap();
    let print = std::fs::read(form_pdf("inabe", "consent", "-print")).unwrap();
    assert!(fill.len() > print.len());
    assert!(
        fill.starts_with(&print),
        "the print PDF is not the first revision"
    );
    let startxref = |pdf: &[u8]| {
        let text = String::from_utf8_lossy(pdf).into_owned();
        let tail = text.rsplit("startxref").next().unwrap();
        tail.trim().trim_end_matches("%%EOF").trim().to_string()
    };
    let update = String::from_utf8_lossy(&fill[print.len()..]).into_owned();
    assert!(
        update.contains(&format!("/Prev {}", startxref(&print))),
        "trailer{}",
        update.rsplit("trailer").next().unwrap_or_default()
    );
    let doc = Document::load_mem(&fill).unwrap();
    // The update's catalog is the one read, with the form.
    assert!(doc.catalog().unwrap().get(b"AcroForm").is_ok());
}

#[test]
fn print_variant_is_pdf_a_2b_without_fields() {
    let pdf = form_pdf("inabe", "consent", "-print");
    let bytes = std::fs::read(&pdf).unwrap();
    let raw = String::from_utf8_lossy(&bytes);
    assert!(
        raw.contains("pdfaid:part>2<") || raw.contains("pdfaid:part=\"2\""),
        "no PDF/A-2 identification"
    );
    assert!(raw.contains("/StructTreeRoot"), "not tagged");
    let doc = Document::load(&pdf).unwrap();
    assert!(
        doc.catalog().unwrap().get(b"AcroForm").is_err(),
        "print variant has fields"
    );
}

#[test]
fn osaki_application_has_every_blank_as_a_field_of_the_right_type() {
    let f = fields(&form_pdf("osaki", "application", ""));
    for n in 1..=10 {
        for col in ["registered_on", "name", "mcs_id"] {
            let name = format!("staff_{n}_{col}");
            assert_eq!(
                f.get(&name).map(|x| x.ft.as_str()),
                Some("Tx"),
                "{name}: {f:#?}"
            );
        }
        assert_eq!(f[&format!("staff_{n}_profession")].ft, "Ch");
        assert_eq!(f[&format!("staff_{n}_admin")].ft, "Btn");
    }
    assert_eq!(f["facility_type"].ft, "Ch");
    assert!(f["office_name"].tooltip.contains("事業所名"));
    // Rows go down the page in order, in one column.
    for n in 1..10 {
        let (a, b) = (
            &f[&format!("staff_{n}_registered_on")],
            &f[&format!("staff_{}_registered_on", n + 1)],
        );
        assert!(a.rect[1] > b.rect[1], "row {n} is not above row {}", n + 1);
        assert!((a.rect[0] - b.rect[0]).abs() < 0.5);
        assert!(
            (a.rect[1] - b.rect[3]).abs() < 1.5,
            "rows {n} and {} do not touch",
            n + 1
        );
    }
    // Inside an A4 page.
    for (name, x) in &f {
        assert!(
            x.rect[0] >= 0.0 && x.rect[2] <= 595.3 && x.rect[1] >= 0.0 && x.rect[3] <= 841.9,
            "{name} off the page: {:?}",
            x.rect
        );
        assert!(x.page >= 1);
    }
}

/// The choices of a list field are the shared list, read here from the YAML
/// directly, not through tebiki.
#[test]
fn choice_options_equal_the_shared_lists() {
    let labels = |list: &str| -> Vec<String> {
        let v: serde_yaml::Value = serde_yaml::from_str(
            &std::fs::read_to_string(repo().join(format!("content/lists/{list}.yaml"))).unwrap(),
        )
        .unwrap();
        v["entries"]
            .as_sequence()
            .unwrap()
            .iter()
            .map(|e| e["label"].as_str().unwrap().to_string())
            .collect()
    };
    let f = fields(&form_pdf("osaki", "application", ""));
    assert_eq!(f["facility_type"].options, labels("facility-types"));
    assert_eq!(f["staff_1_profession"].options, labels("professions"));
    assert_eq!(labels("facility-types").len(), 14);
    assert_eq!(labels("professions").len(), 44);
}

fn tebiki_fill(values: &str, flatten: bool) -> (tempfile::TempDir, PathBuf, std::process::Output) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("values.yaml");
    std::fs::write(&data, values).unwrap();
    let out = dir.path().join("filled.pdf");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tebiki"));
    cmd.args(["fill", "osaki/application", "--root"])
        .arg(repo())
        .arg("--data")
        .arg(&data)
        .arg("--out")
        .arg(&out);
    if flatten {
        cmd.arg("--flatten");
    }
    let result = cmd.output().unwrap();
    (dir, out, result)
}

#[test]
fn tebiki_fill_refuses_unknown_fields_listing_the_valid_ones() {
    let (_dir, out, result) = tebiki_fill("staff_1_nmae: 山田\n", false);
    assert_eq!(result.status.code(), Some(1));
    let err = String::from_utf8_lossy(&result.stderr);
    assert!(
        err.contains("staff_1_nmae") && err.contains("staff_1_name"),
        "{err}"
    );
    assert!(!out.exists());
}

#[test]
fn tebiki_fill_never_writes_into_the_output_folder() {
    let p = crate::common::Project::new();
    p.write("forms/demo/f.yaml", "number: 様式1\ntitle: 申込書\npurpose: 申し込む。\nkind: application\nblocks:\n  - field: {id: name, label: 氏名}\n");
    p.write("values.yaml", "name: 山田\n");
    let (d, ok) = p.build();
    assert!(ok, "{d:#?}");
    let d = tebiki::commands::fill(
        p.root(),
        "demo/f",
        &p.root().join("values.yaml"),
        &p.root().join("output/demo/filled.pdf"),
        false,
    );
    assert!(d.has_errors());
    assert!(!p.root().join("output/demo/filled.pdf").exists());
}

#[test]
fn a_field_font_subset_covers_names_and_addresses() {
    let data =
        std::fs::read(repo().join("themes/default/fonts/field/TebikiFieldGothic-Regular.ttf"))
            .unwrap();
    let font = tebiki::acroform::FieldFont::build(&data).unwrap();
    for c in "山田太郎看護師〒大崎市古川穂波丁目髙﨑渡邉齋藤𠮷".chars() {
        assert!(font.covers(c), "{c}");
    }
    let cmap = String::from_utf8(font.to_unicode()).unwrap();
    assert!(
        !cmap.contains("<2F2D>"),
        "ToUnicode maps to a Kangxi radical"
    );
}

fn load_form(region: &str, id: &str) -> tebiki::model::Form {
    let site = tebiki::source::load(&repo(), &tebiki::diag::Diagnostics::new());
    site.region(region).unwrap().form(id).unwrap().clone()
}

fn page_count(path: &Path) -> usize {
    Document::load(path).unwrap().get_pages().len()
}

/// A layout change must not spill a form onto another sheet: each bundled
/// form declares its original's sheet count, and the print PDF has it.
#[test]
fn every_form_has_as_many_sheets_as_its_original() {
    for (region, id) in all_forms() {
        let form = load_form(&region, &id);
        let sheets = form
            .pages
            .unwrap_or_else(|| panic!("{region}/{id} declares no pages"));
        let copies = form.copies.len().max(1);
        assert_eq!(
            page_count(&form_pdf(&region, &id, "-print")),
            sheets as usize * copies,
            "{region}/{id}"
        );
        if fillable(&region, &id) {
            assert_eq!(
                page_count(&form_pdf(&region, &id, "")),
                sheets as usize * copies,
                "{region}/{id} fillable"
            );
        }
    }
}

#[test]
fn the_consent_forms_are_one_sheet() {
    for (region, id) in [
        ("inabe", "consent"),
        ("osaki", "consent-patient"),
        ("osaki", "consent-staff"),
        ("kanzaki", "form-3-1"),
    ] {
        assert_eq!(
            page_count(&form_pdf(region, id, "-print")),
            1,
            "{region}/{id}"
        );
    }
}

/// A phone downloads each of these: the field font is most of it.
#[test]
fn every_fillable_pdf_is_at_most_1_2_mb() {
    for (region, id) in all_forms() {
        let pdf = form_pdf(&region, &id, "");
        if pdf.is_file() {
            let len = std::fs::metadata(&pdf).unwrap().len();
            assert!(len <= 1_200_000, "{region}/{id}: {len} bytes");
        }
    }
}

#[test]
fn blanks_in_sentences_circled_choices_and_tooltips_in_context() {
    let f = fields(&form_pdf("osaki", "approval-notice", ""));
    assert_eq!(f["decision"].ft, "Btn");
    assert_eq!(f["application_date_year"].ft, "Tx");
    let doc = Document::load(form_pdf("osaki", "approval-notice", "")).unwrap();
    let maxlen = doc.objects.values().any(|o| {
        o.as_dict().is_ok_and(|d| {
            d.get(b"T").map(text).ok().as_deref() == Some("application_date_year")
                && d.get(b"MaxLen").is_ok()
        })
    });
    assert!(maxlen, "a fixed-width blank has /MaxLen");
    // The circled options sit inside the sentence, on one line.
    let (a, b) = (&f["decision"], &f["application_date_day"]);
    assert!(a.rect[1] < b.rect[3] + 30.0, "{a:?} {b:?}");
    let inabe = fields(&form_pdf("inabe", "consent", ""));
    assert_eq!(inabe["explainer_name"].tooltip, "≪説明者≫　氏名");
    assert_eq!(inabe["proxy_relation"].ft, "Tx");
    let osaki = fields(&form_pdf("osaki", "application", ""));
    assert!(osaki.contains_key("staff_1_kana") && osaki.contains_key("staff_1_name"));
    assert!(
        osaki["staff_1_kana"].rect[1] > osaki["staff_1_name"].rect[1],
        "ふりがな above the name"
    );
    let ledger = fields(&form_pdf("inabe", "ledger", ""));
    for k in 1..=3 {
        assert!(ledger.contains_key(&format!("groups_1_inviter_name_{k}")));
    }
    assert!(ledger.contains_key("users_1_pledge_date"));
}

/// Repeats of a six-character sentence in a paragraph that, five times
/// over, runs over a page at the normal spacing and fits three steps
/// tighter.
const LONG: usize = 90;

#[test]
fn a_form_longer_than_its_sheets_is_an_error_at_pages() {
    let p = crate::common::Project::new();
    let long = "  - paragraph: ".to_string() + &"長い文です。".repeat(120) + "\n";
    p.write(
        "forms/demo/f.yaml",
        &format!("number: 様式1\ntitle: 申込書\npurpose: 申し込む。\nkind: application\npages: 1\nblocks:\n{}  - field: {{id: name, label: 氏名}}\n", long.repeat(6)),
    );
    let (d, ok) = p.build();
    assert!(!ok);
    crate::common::assert_error(&d, "forms/demo/f.yaml", 5, "原本は 1 枚");
}

/// Sheets are fitted one by one: the sheet that runs over its page is set
/// tighter until it fits, the other keeps the normal spacing, and every
/// copy is set alike.
#[test]
fn only_the_sheet_that_runs_over_its_page_is_set_tighter() {
    let p = crate::common::Project::new();
    let long = "  - paragraph: ".to_string() + &"長い文です。".repeat(LONG) + "\n";
    p.write(
        "forms/demo/f.yaml",
        &format!("number: 様式1\ntitle: 申込書\npurpose: 申し込む。\nkind: application\npages: 2\ncopies: [{{label: （甲）}}, {{label: （乙）}}]\nblocks:\n  - notes: {{id: first, label: 備考, lines: 3}}\n  - page_break\n{}  - notes: {{id: second, label: 理由, lines: 3}}\n", long.repeat(5)),
    );
    let (d, ok) = p.build();
    assert!(ok, "{d:#?}");
    let out = p.root().join("output/demo/forms");
    assert_eq!(
        page_count(&out.join("f-print.pdf")),
        4,
        "two sheets, two copies"
    );
    let f = fields(&out.join("f.pdf"));
    let height = |id: &str| f[id].rect[3] - f[id].rect[1];
    // 1.6em a line: 3 lines at 10.5pt on the first sheet, less on the second.
    assert!(
        (height("first") - 3.0 * 1.6 * 10.5).abs() < 0.5,
        "{}",
        height("first")
    );
    assert!(
        height("second") < height("first") - 2.0,
        "{} {}",
        height("second"),
        height("first")
    );
}

/// Copies: one definition printed as labelled copies; a blank has the same
/// `width` is a share of the line: a lone field of 0.5 takes half of it,
/// two of 0.5 split it, and a field without one takes what is left.
#[test]
fn field_widths_are_shares_of_the_line() {
    let p = crate::common::Project::new();
    p.write(
        "forms/demo/f.yaml",
        "number: 様式1\ntitle: 申込書\npurpose: 申し込む。\nkind: application\nblocks:\n  - field: {id: full, label: 氏名}\n  - field: {id: half, label: 氏名, width: 0.5}\n  - fields: [{id: a, label: 氏名, width: 0.5}, {id: b, label: 氏名, width: 0.5}]\n  - fields: [{id: c, label: 氏名, width: 0.25}, {id: d, label: 氏名}]\n",
    );
    let (d, ok) = p.build();
    assert!(ok, "{d:#?}");
    let f = fields(&p.root().join("output/demo/forms/f.pdf"));
    let right = |n: &str| f[n].rect[2];
    let left = |n: &str| f[n].rect[0];
    let line = right("full") - left("full");
    // Every label is 氏名, so the blanks start alike after it.
    assert!((left("half") - left("full")).abs() < 0.5);
    let half = right("half") - left("full");
    assert!(
        half < line * 0.6 && half > line * 0.4,
        "a lone field of width 0.5: {half} of {line}"
    );
    assert!(
        (right("b") - right("full")).abs() < 0.5,
        "0.5 + 0.5 fill the line"
    );
    assert!(
        (right("a") - right("half")).abs() < 8.0,
        "{} {}",
        right("a"),
        right("half")
    );
    assert!(
        (right("d") - right("full")).abs() < 0.5,
        "no width: the rest of the line"
    );
    assert!(right("c") < left("full") + line * 0.3, "0.25 is a quarter");
}

/// name on every copy, so what is typed once shows on each.
#[test]
fn copies_are_labelled_and_share_their_fields() {
    let p = crate::common::Project::new();
    p.write(
        "forms/demo/f.yaml",
        "number: 様式1\ntitle: 同意書\npurpose: 同意する。\nkind: consent\npages: 1\ncopies: [{label: （甲）, note: 本人控え}, {label: （乙）, note: 事業所保管}]\nblocks:\n  - title: 同意書\n  - field: {id: name, label: 氏名}\n",
    );
    p.write("values.yaml", "name: 𠮷田 花子\n");
    let (d, ok) = p.build();
    assert!(ok, "{d:#?}");
    let out = p.root().join("output/demo/forms");
    assert_eq!(page_count(&out.join("f-print.pdf")), 2);
    let doc = Document::load(out.join("f.pdf")).unwrap();
    let mut widgets_by_page = Vec::new();
    for (n, page) in doc.get_pages() {
        let annots = doc
            .get_dictionary(page)
            .unwrap()
            .get(b"Annots")
            .unwrap()
            .as_array()
            .unwrap()
            .clone();
        for a in annots {
            let w = doc.get_dictionary(a.as_reference().unwrap()).unwrap();
            let parent = doc
                .get_dictionary(w.get(b"Parent").unwrap().as_reference().unwrap())
                .unwrap();
            assert_eq!(text(parent.get(b"T").unwrap()), "name");
            widgets_by_page.push(n);
        }
    }
    assert_eq!(widgets_by_page, vec![1, 2]);
    let filled = p.root().join("filled.pdf");
    let d = tebiki::commands::fill(
        p.root(),
        "demo/f",
        &p.root().join("values.yaml"),
        &filled,
        false,
    );
    assert!(!d.has_errors(), "{d:?}");
    // Both widgets show the value (their appearances are not empty).
    let doc = Document::load(&filled).unwrap();
    let mut shown = 0;
    for (_, page) in doc.get_pages() {
        for a in doc
            .get_dictionary(page)
            .unwrap()
            .get(b"Annots")
            .unwrap()
            .as_array()
            .unwrap()
        {
            let w = doc.get_dictionary(a.as_reference().unwrap()).unwrap();
            let ap = w
                .get(b"AP")
                .unwrap()
                .as_dict()
                .unwrap()
                .get(b"N")
                .unwrap()
                .as_reference()
                .unwrap();
            let mut s = doc.get_object(ap).unwrap().as_stream().unwrap().clone();
            let _ = s.decompress();
            if String::from_utf8_lossy(&s.content).contains("Tj") {
                shown += 1;
            }
        }
    }
    assert_eq!(shown, 2);
    let print = std::fs::read(out.join("f-print.pdf")).unwrap();
    let raw = String::from_utf8_lossy(&print);
    assert!(!raw.contains("/AcroForm"));
}

/// Checked with tools tebiki does not bundle: qpdf, poppler, pypdf.
#[cfg(feature = "checkers")]
mod checked {
    use super::*;
    use crate::common::tool;

    #[test]
    fn every_form_passes_qpdf() {
        for (region, id) in all_forms() {
            let variants: &[&str] = if fillable(&region, &id) {
                &["", "-print"]
            } else {
                &["-print"]
            };
            for variant in variants {
                let pdf = form_pdf(&region, &id, variant);
                let out = tool("qpdf", &["--check", pdf.to_str().unwrap()]);
                let report = String::from_utf8_lossy(&out.stdout);
                assert!(
                    report.contains("No syntax or stream encoding errors"),
                    "{}: {report}",
                    pdf.display()
                );
            }
        }
    }

    /// A grey-scale page as poppler renders it.
    struct Gray {
        w: usize,
        h: usize,
        px: Vec<u8>,
    }

    fn render(pdf: &Path, page: usize) -> Gray {
        let dir = tempfile::tempdir().unwrap();
        let prefix = dir.path().join("p");
        let p = page.to_string();
        tool(
            "pdftoppm",
            &[
                "-r",
                "72",
                "-gray",
                "-f",
                &p,
                "-l",
                &p,
                pdf.to_str().unwrap(),
                prefix.to_str().unwrap(),
            ],
        );
        let file = std::fs::read_dir(dir.path())
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path();
        let bytes = std::fs::read(file).unwrap();
        // P5 <w> <h> <max>\n<pixels>
        let mut fields = Vec::new();
        let mut i = 0;
        while fields.len() < 4 {
            while bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            let start = i;
            while !bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            fields.push(String::from_utf8_lossy(&bytes[start..i]).into_owned());
        }
        let (w, h) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
        Gray {
            w,
            h,
            px: bytes[i + 1..].to_vec(),
        }
    }

    /// How many pixels inside `rect` (PDF points, from the bottom left) became
    /// darker between two renders.
    fn changed_inside(a: &Gray, b: &Gray, rect: [f64; 4]) -> usize {
        let (x0, x1) = (
            rect[0].floor() as usize + 1,
            (rect[2].ceil() as usize).min(a.w) - 1,
        );
        let (y0, y1) = (
            (a.h as f64 - rect[3]).floor() as usize + 1,
            ((a.h as f64 - rect[1]).ceil() as usize).min(a.h) - 1,
        );
        let mut n = 0;
        for y in y0..y1 {
            for x in x0..x1 {
                let i = y * a.w + x;
                if i32::from(a.px[i]) - i32::from(b.px[i]) > 60 {
                    n += 1;
                }
            }
        }
        n
    }

    fn changed_anywhere(a: &Gray, b: &Gray) -> usize {
        a.px.iter()
            .zip(&b.px)
            .filter(|(x, y)| (**x as i32 - **y as i32).abs() > 60)
            .count()
    }

    const NAME: &str = "山田 太郎";
    const ADDRESS: &str = "〒989-6136 大崎市古川穂波6丁目30-35";

    fn assert_shows_inside(
        blank: &Path,
        filled: &Path,
        f: &std::collections::BTreeMap<String, Field>,
        names: &[&str],
    ) {
        let (a, b) = (render(blank, 1), render(filled, 1));
        let mut inside = 0;
        for n in names {
            let r = f[*n].rect;
            let need = (((r[2] - r[0]) * (r[3] - r[1])) / 8.0).min(30.0) as usize;
            let c = changed_inside(&a, &b, r);
            assert!(
                c > need,
                "field {n}: only {c} pixels changed inside its rectangle"
            );
            inside += c;
        }
        let all = changed_anywhere(&a, &b);
        // Nearly every changed pixel is inside the filled fields (anti-aliasing
        // at the edges aside): the text is where the blanks are.
        assert!(
            inside as f64 >= all as f64 * 0.8,
            "{inside} of {all} changed pixels inside the fields"
        );
    }

    /// Fills `blank` into `out` with pypdf, as a user's script would:
    /// `values` is a JSON object of field name to value.
    fn pypdf_fill(blank: &Path, out: &Path, values: &str) {
        let script = repo().join("tests/tools/pypdf_fill.py");
        tool(
            "python3",
            &[
                script.to_str().unwrap(),
                blank.to_str().unwrap(),
                out.to_str().unwrap(),
                values,
            ],
        );
    }

    #[test]
    fn japanese_filled_with_pypdf_shows_in_poppler() {
        let blank = form_pdf("osaki", "application", "");
        let dir = tempfile::tempdir().unwrap();
        let filled = dir.path().join("filled.pdf");
        let values = serde_json::json!({"representative_name": NAME, "staff_1_profession": "看護師", "address": ADDRESS, "staff_1_name": NAME});
        pypdf_fill(&blank, &filled, &values.to_string());
        let f = fields(&blank);
        assert_shows_inside(
            &blank,
            &filled,
            &f,
            &[
                "representative_name",
                "staff_1_profession",
                "address",
                "staff_1_name",
            ],
        );
    }

    #[test]
    fn tebiki_fill_shows_japanese_with_and_without_flatten() {
        let values = format!(
            "representative_name: {NAME}\naddress: {ADDRESS}\nstaff_1_name: {NAME}\nstaff_1_profession: 看護師\nstaff_1_admin: true\n"
        );
        let blank = form_pdf("osaki", "application", "");
        let f = fields(&blank);
        for flatten in [false, true] {
            let (_dir, out, result) = tebiki_fill(&values, flatten);
            assert!(
                result.status.success(),
                "{}",
                String::from_utf8_lossy(&result.stderr)
            );
            // The values are personal data: never echoed.
            let said = String::from_utf8_lossy(&result.stderr);
            assert!(!said.contains("山田") && !said.contains("穂波"), "{said}");
            assert_shows_inside(
                &blank,
                &out,
                &f,
                &[
                    "representative_name",
                    "address",
                    "staff_1_name",
                    "staff_1_profession",
                    "staff_1_admin",
                ],
            );
            let has_form = Document::load(&out)
                .unwrap()
                .catalog()
                .unwrap()
                .get(b"AcroForm")
                .is_ok();
            assert_eq!(has_form, !flatten);
            // Text extraction gives the ordinary kanji (山 U+5C71, not ⼭ U+2F2D).
            if flatten {
                let text = tool("pdftotext", &[out.to_str().unwrap(), "-"]).stdout;
                let text = String::from_utf8(text).unwrap();
                assert!(text.contains(NAME), "{text}");
                assert!(!text.contains('\u{2F2D}'));
            }
        }
    }

    #[test]
    fn values_with_typst_markup_print_literally() {
        let p = crate::common::Project::new();
        let name = "#read(\"/etc/passwd\") [x] $y$ *z* <script>";
        p.write(
            "content/demo/region.yaml",
            &crate::common::REGION.replace("name: デモ市医師会", &format!("name: '{name}'")),
        );
        p.write(
            "forms/demo/f.yaml",
            "number: 様式1\ntitle: 申込書\npurpose: 申し込む。\nkind: application\nblocks:\n  - addressee: {from: operator, suffix: 様}\n  - paragraph: \"#import \\\"x.typ\\\": * と {{ region.operator.name }}\"\n  - field: {id: name, label: 氏名}\n",
        );
        let (d, ok) = p.build();
        assert!(ok, "{d:#?}");
        let pdf = p.root().join("output/demo/forms/f-print.pdf");
        let text =
            String::from_utf8(tool("pdftotext", &[pdf.to_str().unwrap(), "-"]).stdout).unwrap();
        let flat: String = text.split_whitespace().collect();
        for want in [
            "#read(\"/etc/passwd\")[x]$y$*z*<script>様",
            "#import\"x.typ\":*と#read",
        ] {
            assert!(
                flat.contains(want),
                "{want} not printed literally in:\n{text}"
            );
        }
        assert!(
            !text.contains("root:"),
            "the template read a file outside the project"
        );
    }

    /// Values an office writes: long names and addresses, names outside
    /// JIS X 0208 (𠮷 髙 﨑 德), a date written out, a full staff table.
    fn realistic_values() -> Vec<(String, String)> {
        let mut v: Vec<(String, String)> = [
            (
                "office_name",
                "医療法人社団 𠮷田内科クリニック 訪問看護ステーションおおさき穂波",
            ),
            ("postal_code", "989-6136"),
            (
                "address",
                "宮城県大崎市古川穂波6丁目30-35 大崎市在宅医療・介護連携支援センター内 第二会議室",
            ),
            ("tel", "0229-25-5376"),
            ("representative_name", "𠮷田 太郎"),
            ("facility_type", "介護老人保健施設"),
        ]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        let names = [
            ("髙橋 健二", "たかはし けんじ"),
            ("﨑山 德子", "さきやま とくこ"),
            ("𠮷田 花子", "よしだ はなこ"),
            ("渡邉 齋藤太郎", "わたなべ さいとうたろう"),
            ("佐々木 美穂", "ささき みほ"),
            ("長谷川 一郎", "はせがわ いちろう"),
            ("小野寺 優", "おのでら ゆう"),
            ("阿部 由美子", "あべ ゆみこ"),
            ("千葉 翔太", "ちば しょうた"),
            ("菅原 恵", "すがわら めぐみ"),
        ];
        for (n, (name, kana)) in names.iter().enumerate() {
            let r = n + 1;
            v.push((format!("staff_{r}_registered_on"), "令和7年12月24日".into()));
            v.push((format!("staff_{r}_name"), name.to_string()));
            v.push((format!("staff_{r}_kana"), kana.to_string()));
            v.push((format!("staff_{r}_profession"), "介護支援専門員".into()));
            v.push((
                format!("staff_{r}_mcs_id"),
                format!("staff{r:02}.houmonkango-osaki@example-clinic.osaki.jp"),
            ));
        }
        v
    }

    /// Words pdftotext finds on page 1, with their boxes (top-left origin).
    fn words(pdf: &Path) -> Vec<(String, [f64; 4])> {
        let out = tool(
            "pdftotext",
            &["-bbox", "-f", "1", "-l", "1", pdf.to_str().unwrap(), "-"],
        )
        .stdout;
        let html = String::from_utf8(out).unwrap();
        let attr = |line: &str, k: &str| -> f64 {
            let at = line.find(&format!("{k}=\"")).unwrap() + k.len() + 2;
            line[at..].split('"').next().unwrap().parse().unwrap()
        };
        html.lines()
            .filter(|l| l.trim_start().starts_with("<word "))
            .map(|l| {
                let text = l.split('>').nth(1).unwrap().split('<').next().unwrap();
                let text = text
                    .replace("&amp;", "&")
                    .replace("&lt;", "<")
                    .replace("&gt;", ">");
                (
                    text,
                    [
                        attr(l, "xMin"),
                        attr(l, "yMin"),
                        attr(l, "xMax"),
                        attr(l, "yMax"),
                    ],
                )
            })
            .collect()
    }

    /// Every value's text is found whole inside its field's rectangle, and
    /// no part of it outside.
    fn assert_whole_inside(
        filled: &Path,
        f: &std::collections::BTreeMap<String, Field>,
        values: &[(String, String)],
        who: &str,
        tol: f64,
    ) {
        let ws = words(filled);
        let page_h = 841.89;
        for (name, value) in values {
            let r = f[name].rect;
            let (x0, x1, y0, y1) = (r[0], r[2], page_h - r[3], page_h - r[1]);
            let inside: Vec<&(String, [f64; 4])> = ws
                .iter()
                .filter(|(_, b)| {
                    let (cx, cy) = ((b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0);
                    cx > x0 && cx < x1 && cy > y0 && cy < y1
                })
                .collect();
            let got: String = inside
                .iter()
                .flat_map(|(t, _)| t.split_whitespace())
                .collect();
            let want: String = value.split_whitespace().collect();
            assert_eq!(got, want, "{who}: {name} in {r:?}");
            for (t, b) in inside {
                assert!(
                    b[0] >= x0 - tol && b[2] <= x1 + tol && b[1] >= y0 - tol && b[3] <= y1 + tol,
                    "{who}: {name}: 「{t}」 {b:?} sticks out of {:?}",
                    [x0, y0, x1, y1]
                );
            }
        }
    }

    /// A grey page as pdf.js renders it.
    fn render_pdfjs(pdf: &Path) -> Gray {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("p.pgm");
        crate::common::node_json(
            "pdfjs-render.mjs",
            [pdf.as_os_str(), "1".as_ref(), out.as_os_str()],
        );
        let bytes = std::fs::read(out).unwrap();
        let head = String::from_utf8_lossy(&bytes[..20]).to_string();
        let mut it = head.split_whitespace();
        it.next();
        let (w, h): (usize, usize) = (
            it.next().unwrap().parse().unwrap(),
            it.next().unwrap().parse().unwrap(),
        );
        Gray {
            w,
            h,
            px: bytes[bytes.len() - w * h..].to_vec(),
        }
    }

    fn assert_rendered(
        blank: &Path,
        filled: &Path,
        f: &std::collections::BTreeMap<String, Field>,
        names: &[&str],
        who: &str,
    ) {
        for (a, b, renderer) in [
            (render(blank, 1), render(filled, 1), "poppler"),
            (render_pdfjs(blank), render_pdfjs(filled), "pdf.js"),
        ] {
            for n in names {
                let c = changed_inside(&a, &b, f[*n].rect);
                assert!(
                    c > 10,
                    "{who} in {renderer}: {n} shows only {c} changed pixels"
                );
            }
        }
    }

    /// The issue's fill test: realistic values through tebiki fill, pypdf
    /// and pdf.js; each value whole inside its field (pdftotext -bbox
    /// against the field's rectangle) and drawn by poppler and pdf.js.
    #[test]
    fn realistic_values_fit_their_fields_in_every_filler() {
        let blank = form_pdf("osaki", "application", "");
        let f = fields(&blank);
        let values = realistic_values();
        let dir = tempfile::tempdir().unwrap();
        let shown: Vec<&str> = [
            "office_name",
            "address",
            "representative_name",
            "staff_1_name",
            "staff_1_kana",
            "staff_1_registered_on",
            "staff_10_mcs_id",
        ]
        .to_vec();

        // tebiki fill
        let yaml: String = values
            .iter()
            .map(|(k, v)| format!("{k}: \"{v}\"\n"))
            .collect();
        let (_d, out, result) = tebiki_fill(&yaml, false);
        assert!(
            result.status.success(),
            "{}",
            String::from_utf8_lossy(&result.stderr)
        );
        assert_whole_inside(&out, &f, &values, "tebiki fill", 0.8);
        assert_rendered(&blank, &out, &f, &shown, "tebiki fill");

        // pypdf, as a user's script fills it
        let json: serde_json::Map<String, serde_json::Value> = values
            .iter()
            .map(|(k, v)| (k.clone(), v.clone().into()))
            .collect();
        let json = serde_json::Value::Object(json).to_string();
        let by_pypdf = dir.path().join("pypdf.pdf");
        pypdf_fill(&blank, &by_pypdf, &json);
        // pypdf sets a short /DA 0 value as tall as the widget (its em box,
        // 0.88 + 0.12 of the size, is the field's height) but centres only
        // the ascent, so the descent reaches 0.06 x 16.8 pt = 1.0 pt below the
        // widget (inside its own clip; pdftotext counts the whole em box).
        assert_whole_inside(&by_pypdf, &f, &values, "pypdf", 1.1);
        assert_rendered(&blank, &by_pypdf, &f, &shown, "pypdf");

        // pdf.js, as a person types into Firefox's viewer and saves
        let by_pdfjs = dir.path().join("pdfjs.pdf");
        crate::common::node_json(
            "pdfjs-fill.mjs",
            [blank.as_os_str(), by_pdfjs.as_os_str(), json.as_ref()],
        );
        assert_whole_inside(&by_pdfjs, &f, &values, "pdf.js", 0.8);
        assert_rendered(&blank, &by_pdfjs, &f, &shown, "pdf.js");
    }
}
