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
            &f[&format!("staff_{n}_name")],
            &f[&format!("staff_{}_name", n + 1)],
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
    let data = std::fs::read(repo().join("themes/default/fonts/ipaexg.ttf")).unwrap();
    let font = tebiki::acroform::FieldFont::build(&data).unwrap();
    for c in "山田太郎看護師〒大崎市古川穂波丁目髙﨑渡邉齋藤".chars() {
        assert!(font.covers(c), "{c}");
    }
    let cmap = String::from_utf8(font.to_unicode()).unwrap();
    assert!(
        !cmap.contains("<2F2D>"),
        "ToUnicode maps to a Kangxi radical"
    );
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

    #[test]
    fn japanese_filled_with_pypdf_shows_in_poppler() {
        let blank = form_pdf("osaki", "application", "");
        let dir = tempfile::tempdir().unwrap();
        let filled = dir.path().join("filled.pdf");
        let values = serde_json::json!({"representative_name": NAME, "staff_1_profession": "看護師", "address": ADDRESS, "staff_1_name": NAME});
        let script = repo().join("tests/tools/pypdf_fill.py");
        tool(
            "python3",
            &[
                script.to_str().unwrap(),
                blank.to_str().unwrap(),
                filled.to_str().unwrap(),
                &values.to_string(),
            ],
        );
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
}
