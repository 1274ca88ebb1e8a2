//! Widgets over the blanks the layout drew: the field font in /DR, an
//! appearance stream for every widget (no /NeedAppearances), a stable ASCII
//! name and the Japanese label as the tooltip (/TU).

use lopdf::{Document, IncrementalDocument, Object, ObjectId, Stream, dictionary};

use super::appearance::{FONT, circle_appearance, text_appearance, tick_appearance};
use super::font::{BASE_FONT, DEFAULT_WIDTH, FieldFont};
use super::pdf::{text_string, unclaim_archival};
use super::spec::{FieldSpec, SpecKind};
use crate::typeset::Placed;

/// Adds the field font's objects and returns the Type0 font's id.
fn add_font(doc: &mut Document, font: &FieldFont) -> ObjectId {
    // Deflated once per process: the subset is the same in every PDF.
    let (program, cmap) = font.deflated();
    let program_id = doc.add_object(Stream::new(
        dictionary! { "Filter" => "FlateDecode", "Length1" => font.program.len() as i64 },
        program.clone(),
    ));
    let descriptor = doc.add_object(dictionary! {
        "Type" => "FontDescriptor",
        "FontName" => BASE_FONT,
        "Flags" => 4,
        "FontBBox" => font.bbox.iter().map(|v| Object::Integer(i64::from(*v))).collect::<Vec<_>>(),
        "ItalicAngle" => 0,
        "Ascent" => font.ascent,
        "Descent" => font.descent,
        "CapHeight" => font.cap_height,
        "StemV" => 80,
        "FontFile2" => program_id,
    });
    // Widths as runs of one width: every glyph's, and the codes pdf.js
    // measures typed text with (see `DEFAULT_WIDTH`).
    let mut w = Vec::new();
    for (first, last, width) in font.width_runs() {
        w.extend([first, last, width].map(|v| Object::Integer(i64::from(v))));
    }
    let cid_font = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "CIDFontType2",
        "BaseFont" => BASE_FONT,
        "CIDSystemInfo" => dictionary! {
            "Registry" => Object::string_literal("Adobe"),
            "Ordering" => Object::string_literal("Identity"),
            "Supplement" => 0,
        },
        "FontDescriptor" => descriptor,
        "DW" => i64::from(DEFAULT_WIDTH),
        "W" => w,
        "CIDToGIDMap" => "Identity",
    });
    let to_unicode = doc.add_object(Stream::new(
        dictionary! { "Filter" => "FlateDecode" },
        cmap.clone(),
    ));
    doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type0",
        "BaseFont" => BASE_FONT,
        "Encoding" => "Identity-H",
        "DescendantFonts" => vec![Object::Reference(cid_font)],
        "ToUnicode" => to_unicode,
    })
}

fn xobject(
    doc: &mut Document,
    w: f64,
    h: f64,
    content: Vec<u8>,
    font: Option<ObjectId>,
) -> ObjectId {
    let mut dict = dictionary! {
        "Type" => "XObject",
        "Subtype" => "Form",
        "BBox" => vec![0.into(), 0.into(), Object::Real(w as f32), Object::Real(h as f32)],
    };
    if let Some(f) = font {
        dict.set(
            "Resources",
            dictionary! { "Font" => dictionary! { FONT => f } },
        );
    }
    let mut s = Stream::new(dict, content);
    let _ = s.compress();
    doc.add_object(s)
}

/// Where a marker lands in PDF user space: [x1 y1 x2 y2] from the bottom left.
fn rect(p: &Placed, page_height: f64) -> Vec<Object> {
    let y1 = page_height - p.y - p.h;
    [p.x, y1, p.x + p.w, y1 + p.h]
        .iter()
        .map(|v| Object::Real(*v as f32))
        .collect()
}

fn page_height(doc: &Document, page: ObjectId) -> f64 {
    let mut id = Some(page);
    while let Some(cur) = id {
        let Ok(dict) = doc.get_dictionary(cur) else {
            break;
        };
        if let Ok(Object::Array(mb)) = dict.get(b"MediaBox") {
            let n = |o: &Object| match o {
                Object::Integer(i) => *i as f64,
                Object::Real(r) => f64::from(*r),
                _ => 0.0,
            };
            if mb.len() == 4 {
                return n(&mb[3]) - n(&mb[1]);
            }
        }
        id = dict.get(b"Parent").and_then(Object::as_reference).ok();
    }
    841.89
}

/// Adds a widget for each field. `placed` are the markers the layout
/// produced; a field with no marker is an error (it would be a field nobody
/// can see), and so is a marker of no field.
///
/// The fields are an incremental update (ISO 32000-1, 7.5.6): the print
/// PDF's bytes unchanged, then the new objects (font, widgets, /AcroForm)
/// and the new versions of the ones that change (catalog, pages with
/// widgets, XMP). Rewriting the whole file with lopdf was a tenth of the
/// CPU of the forms.
pub fn add_fields(
    pdf: &[u8],
    ident: &str,
    specs: &[FieldSpec],
    placed: &[Placed],
    font: &FieldFont,
) -> Result<Vec<u8>, String> {
    if specs.is_empty() && placed.is_empty() {
        // A handout: nothing to fill, so no field font either (and no
        // fillable copy is published: only its print PDF).
        return Ok(pdf.to_vec());
    }
    let prev = Document::load_mem(pdf).map_err(|e| format!("PDF を読めません: {e}"))?;
    // What is read comes from `prev`; what is written goes to `doc`.
    let mut doc = Document::new_from_prev(&prev);
    unclaim_archival(&prev, &mut doc, ident)?;
    let pages = prev.get_pages();
    let font_id = add_font(&mut doc, font);
    // Size 0: readers that draw a value themselves fit it to the field.
    let da = Object::string_literal(format!("/{FONT} 0 Tf 0 g"));
    let mut fields = Vec::new();
    let mut annots: std::collections::BTreeMap<ObjectId, Vec<Object>> = Default::default();

    let all = |id: &str| -> Vec<&Placed> { placed.iter().filter(|p| p.id == id).collect() };
    let mut lists: std::collections::HashMap<Vec<String>, ObjectId> = Default::default();
    for spec in specs {
        let radio = matches!(spec.kind, SpecKind::Radio | SpecKind::Circle);
        // Every widget of the field: one per copy of the form, and for a
        // radio group one per option (the option is its on-state).
        let widgets: Vec<(&Placed, Option<String>)> = if radio {
            let mut kids = Vec::new();
            for (n, o) in spec.options.iter().enumerate() {
                let at = all(&format!("{}__{n}", spec.id));
                if at.is_empty() {
                    return Err(format!(
                        "欄「{}」の選択肢の位置がレイアウトにありません",
                        spec.id
                    ));
                }
                kids.extend(at.into_iter().map(|p| (p, Some(o.clone()))));
            }
            kids
        } else {
            let at = all(&spec.id);
            if at.is_empty() {
                return Err(format!(
                    "欄「{}」（{}）の位置がレイアウトにありません",
                    spec.id, spec.label
                ));
            }
            at.into_iter().map(|p| (p, None)).collect()
        };

        let mut field = dictionary! {
            "T" => text_string(&spec.id),
            "TU" => text_string(&spec.label),
        };
        match spec.kind {
            SpecKind::Text | SpecKind::Multiline => {
                field.set("FT", "Tx");
                field.set("DA", da.clone());
                field.set("V", text_string(""));
                if spec.kind == SpecKind::Multiline {
                    field.set("Ff", 1 << 12);
                }
                if let Some(n) = spec.max_len {
                    field.set("MaxLen", i64::from(n));
                }
            }
            SpecKind::Combo => {
                field.set("FT", "Ch");
                field.set("Ff", (1 << 17) | (1 << 18)); // combo, editable
                field.set("DA", da.clone());
                // One option list, shared by every field that offers it (a
                // table's ten 職種 cells).
                let opt = *lists.entry(spec.options.clone()).or_insert_with(|| {
                    doc.add_object(Object::Array(
                        spec.options.iter().map(|o| text_string(o)).collect(),
                    ))
                });
                field.set("Opt", opt);
                field.set("V", text_string(""));
            }
            SpecKind::Checkbox => {
                field.set("FT", "Btn");
                field.set("V", "Off");
            }
            SpecKind::Radio | SpecKind::Circle => {
                field.set("FT", "Btn");
                field.set("Ff", (1 << 15) | (1 << 14)); // radio, no toggle to off
                field.set("V", "Off");
            }
            SpecKind::Signature => {
                field.set("FT", "Sig");
            }
        }

        let field_id = doc.new_object_id();
        let mut kids = Vec::new();
        for (p, option) in &widgets {
            let Some(&page) = pages.get(&(p.page as u32)) else {
                return Err(format!("欄「{}」のページ {} がありません", spec.id, p.page));
            };
            let height = page_height(&prev, page);
            let mut w = dictionary! {
                "Type" => "Annot",
                "Subtype" => "Widget",
                "Rect" => rect(p, height),
                "P" => page,
                "F" => 4,
                "Border" => vec![0.into(), 0.into(), 0.into()],
            };
            match spec.kind {
                SpecKind::Text | SpecKind::Multiline | SpecKind::Combo => {
                    let ap = xobject(
                        &mut doc,
                        p.w,
                        p.h,
                        text_appearance(font, "", p.w, p.h, false),
                        Some(font_id),
                    );
                    w.set("AP", dictionary! { "N" => ap });
                    w.set("MK", dictionary! {});
                }
                SpecKind::Checkbox | SpecKind::Radio | SpecKind::Circle => {
                    let on_name = option.clone().unwrap_or_else(|| "Yes".to_string());
                    let draw = if spec.kind == SpecKind::Circle {
                        circle_appearance
                    } else {
                        tick_appearance
                    };
                    let on = xobject(&mut doc, p.w, p.h, draw(p.w, p.h, true), None);
                    let off = xobject(&mut doc, p.w, p.h, draw(p.w, p.h, false), None);
                    w.set("AP", dictionary! { "N" => dictionary! { on_name.as_bytes() => on, "Off" => off } });
                    w.set("AS", "Off");
                    if spec.kind == SpecKind::Circle {
                        w.set("MK", dictionary! {});
                    } else {
                        w.set("MK", dictionary! { "CA" => Object::string_literal("4") });
                    }
                }
                SpecKind::Signature => {
                    let ap = xobject(&mut doc, p.w, p.h, Vec::new(), None);
                    w.set("AP", dictionary! { "N" => ap });
                }
            }
            if widgets.len() == 1 && !radio {
                // Field and widget in one dictionary, as most writers do.
                for (k, v) in field.iter() {
                    w.set(k.clone(), v.clone());
                }
                doc.objects.insert(field_id, Object::Dictionary(w));
                annots
                    .entry(page)
                    .or_default()
                    .push(Object::Reference(field_id));
            } else {
                // Several widgets of one field (its options, or the same
                // blank on every copy): a value typed once shows on each.
                w.set("Parent", field_id);
                let wid = doc.add_object(w);
                kids.push(Object::Reference(wid));
                annots.entry(page).or_default().push(Object::Reference(wid));
            }
        }
        if !kids.is_empty() {
            field.set("Kids", kids);
            doc.objects.insert(field_id, Object::Dictionary(field));
        }
        fields.push(Object::Reference(field_id));
    }

    // Markers of no field mean the template and the data disagree.
    for p in placed {
        let known = specs.iter().any(|s| {
            s.id == p.id
                || (matches!(s.kind, SpecKind::Radio | SpecKind::Circle)
                    && p.id
                        .strip_prefix(&s.id)
                        .is_some_and(|r| r.starts_with("__")))
        });
        if !known {
            return Err(format!("レイアウトに様式にない欄「{}」があります", p.id));
        }
    }

    for (page, list) in annots {
        let mut dict = prev
            .get_dictionary(page)
            .map_err(|e| e.to_string())?
            .clone();
        let mut existing = match dict.get(b"Annots") {
            Ok(Object::Array(a)) => a.clone(),
            _ => Vec::new(),
        };
        existing.extend(list);
        dict.set("Annots", existing);
        doc.objects.insert(page, Object::Dictionary(dict));
    }
    let acroform = doc.add_object(dictionary! {
        "Fields" => fields,
        "DA" => da,
        "DR" => dictionary! { "Font" => dictionary! { FONT => font_id } },
    });
    let root = prev
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|e| e.to_string())?;
    let mut catalog = prev.catalog().map_err(|e| e.to_string())?.clone();
    catalog.set("AcroForm", acroform);
    doc.objects.insert(root, Object::Dictionary(catalog));
    let mut update = IncrementalDocument::create_from(pdf.to_vec(), prev);
    update.new_document = doc;
    let mut out = Vec::with_capacity(pdf.len() + font.program.len() + 64 * 1024);
    update
        .save_to(&mut out)
        .map_err(|e| format!("PDF を書けません: {e}"))?;
    Ok(out)
}
