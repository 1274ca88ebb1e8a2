//! `tebiki fill`: values from YAML into a form's fields, with appearance
//! streams drawn in the embedded field font so the values show in every
//! reader; optionally flattened into the page.
//!
//! Filled forms carry personal data: this module never logs a value, and the
//! command refuses to write inside the output folder.

use std::collections::BTreeMap;

use lopdf::{Dictionary, Document, Object, ObjectId, Stream, dictionary};

use super::appearance::{FONT, text_appearance};
use super::font::FieldFont;
use super::pdf::{name, save, text_string};
use super::spec::{FieldSpec, SpecKind};

/// A value as written in the YAML: text, a yes/no, or a number.
#[derive(Debug, Clone, serde::Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum FillValue {
    Bool(bool),
    Number(#[schemars(with = "f64")] serde_yaml::Number),
    Text(String),
}

impl FillValue {
    fn text(&self) -> String {
        match self {
            FillValue::Bool(b) => {
                if *b {
                    "はい".into()
                } else {
                    String::new()
                }
            }
            FillValue::Number(n) => n.to_string(),
            FillValue::Text(s) => s.clone(),
        }
    }

    fn truthy(&self) -> bool {
        match self {
            FillValue::Bool(b) => *b,
            FillValue::Number(n) => n.as_f64().is_some_and(|v| v != 0.0),
            FillValue::Text(s) => {
                !s.is_empty()
                    && !["no", "false", "off", "いいえ"].contains(&s.to_lowercase().as_str())
            }
        }
    }
}

/// A problem with a value (naming its field) or with the PDF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FillError {
    /// The field the value was written for, if the problem is a value's.
    pub field: Option<String>,
    pub message: String,
}

impl FillError {
    fn field(name: &str, message: String) -> FillError {
        FillError {
            field: Some(name.to_string()),
            message,
        }
    }

    fn pdf(message: String) -> FillError {
        FillError {
            field: None,
            message,
        }
    }
}

fn field_name(dict: &Dictionary) -> Option<String> {
    match dict.get(b"T").ok()? {
        Object::String(bytes, _) => Some(decode_text(bytes)),
        _ => None,
    }
}

fn decode_text(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        String::from_utf8_lossy(bytes).into_owned()
    }
}

fn rect_size(dict: &Dictionary) -> (f64, f64, f64, f64) {
    let n = |o: &Object| match o {
        Object::Integer(i) => *i as f64,
        Object::Real(r) => f64::from(*r),
        _ => 0.0,
    };
    match dict.get(b"Rect") {
        Ok(Object::Array(a)) if a.len() == 4 => {
            (n(&a[0]), n(&a[1]), n(&a[2]) - n(&a[0]), n(&a[3]) - n(&a[1]))
        }
        _ => (0.0, 0.0, 0.0, 0.0),
    }
}

/// Fills `pdf` (a fillable form tebiki made) with `values`; checks every name
/// against `specs` first and reports all unknown or invalid ones.
pub fn fill(
    pdf: &[u8],
    specs: &[FieldSpec],
    values: &BTreeMap<String, FillValue>,
    font: &FieldFont,
    flatten: bool,
) -> Result<Vec<u8>, Vec<FillError>> {
    let mut errors = Vec::new();
    for (name, v) in values {
        let Some(spec) = specs.iter().find(|s| &s.id == name) else {
            let mut valid: Vec<&str> = specs.iter().map(|s| s.id.as_str()).collect();
            valid.sort();
            errors.push(FillError::field(
                name,
                format!(
                    "欄「{name}」はこの様式にありません。{}書ける欄: {}",
                    crate::diag::closest(name, valid.iter().copied())
                        .map(|c| format!("「{c}」の書き間違いではありませんか。"))
                        .unwrap_or_default(),
                    valid.join(", ")
                ),
            ));
            continue;
        };
        match spec.kind {
            SpecKind::Radio | SpecKind::Circle => {
                let t = v.text();
                if !spec.options.contains(&t) {
                    errors.push(FillError::field(
                        name,
                        format!(
                            "欄「{name}」に書ける値は次のどれかです: {}",
                            spec.options.join("、")
                        ),
                    ));
                }
            }
            SpecKind::Signature => errors.push(FillError::field(
                name,
                format!("欄「{name}」は署名欄です。署名は PDF を開いて行ってください。"),
            )),
            _ => {
                if let Some(c) = v
                    .text()
                    .chars()
                    .find(|c| !c.is_control() && !font.covers(*c) && *c != '\n')
                {
                    errors.push(FillError::field(name, format!("欄「{name}」の文字「{c}」は入力欄のフォントにありません（〓と表示されます）。")));
                }
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }

    let mut doc = Document::load_mem(pdf)
        .map_err(|e| vec![FillError::pdf(format!("PDF を読めません: {e}"))])?;
    let font_id = dr_font(&doc).ok_or_else(|| {
        vec![FillError::pdf(
            "この PDF には tebiki の入力欄がありません".into(),
        )]
    })?;
    let ids: Vec<ObjectId> = doc.objects.keys().copied().collect();
    for id in ids {
        let Ok(Object::Dictionary(dict)) = doc.get_object(id) else {
            continue;
        };
        let Some(name) = field_name(dict) else {
            continue;
        };
        let Some(value) = values.get(&name) else {
            continue;
        };
        let spec = specs.iter().find(|s| s.id == name).expect("checked above");
        // The widgets: the field itself, or its kids (one per copy, or
        // one per option of a radio group).
        let kids: Vec<ObjectId> = match dict.get(b"Kids") {
            Ok(Object::Array(k)) => k.iter().filter_map(|o| o.as_reference().ok()).collect(),
            _ => vec![id],
        };
        match spec.kind {
            SpecKind::Text | SpecKind::Multiline | SpecKind::Combo => {
                let text = value.text();
                for kid in &kids {
                    let (_, _, w, h) = rect_size(doc.get_dictionary(*kid).expect("present"));
                    let content =
                        text_appearance(font, &text, w, h, spec.kind == SpecKind::Multiline);
                    let mut s = Stream::new(
                        dictionary! {
                            "Type" => "XObject", "Subtype" => "Form",
                            "BBox" => vec![0.into(), 0.into(), Object::Real(w as f32), Object::Real(h as f32)],
                            "Resources" => dictionary! { "Font" => dictionary! { FONT => font_id } },
                        },
                        content,
                    );
                    let _ = s.compress();
                    let ap = doc.add_object(s);
                    doc.get_dictionary_mut(*kid)
                        .expect("present")
                        .set("AP", dictionary! { "N" => ap });
                }
                doc.get_dictionary_mut(id)
                    .expect("present")
                    .set("V", text_string(&text));
            }
            SpecKind::Checkbox => {
                let state = if value.truthy() { "Yes" } else { "Off" };
                for kid in &kids {
                    doc.get_dictionary_mut(*kid)
                        .expect("present")
                        .set("AS", state);
                }
                doc.get_dictionary_mut(id).expect("present").set("V", state);
            }
            SpecKind::Radio | SpecKind::Circle => {
                let choice = value.text();
                for kid in kids {
                    let has = doc
                        .get_dictionary(kid)
                        .ok()
                        .and_then(|d| {
                            d.get(b"AP")
                                .ok()?
                                .as_dict()
                                .ok()?
                                .get(b"N")
                                .ok()?
                                .as_dict()
                                .ok()
                                .map(|n| n.has(choice.as_bytes()))
                        })
                        .unwrap_or(false);
                    let k = doc.get_dictionary_mut(kid).expect("kid");
                    k.set(
                        "AS",
                        if has {
                            Object::Name(choice.as_bytes().to_vec())
                        } else {
                            Object::Name(b"Off".to_vec())
                        },
                    );
                }
                doc.get_dictionary_mut(id)
                    .expect("present")
                    .set("V", Object::Name(choice.into_bytes()));
            }
            SpecKind::Signature => {}
        }
    }
    if flatten {
        flatten_fields(&mut doc).map_err(|e| vec![FillError::pdf(e)])?;
    }
    save(&mut doc).map_err(|e| vec![FillError::pdf(e)])
}

fn dr_font(doc: &Document) -> Option<ObjectId> {
    let catalog = doc.catalog().ok()?;
    let form = doc
        .dereference(catalog.get(b"AcroForm").ok()?)
        .ok()?
        .1
        .as_dict()
        .ok()?;
    let dr = doc
        .dereference(form.get(b"DR").ok()?)
        .ok()?
        .1
        .as_dict()
        .ok()?;
    let fonts = doc
        .dereference(dr.get(b"Font").ok()?)
        .ok()?
        .1
        .as_dict()
        .ok()?;
    fonts.get(FONT.as_bytes()).ok()?.as_reference().ok()
}

/// Draws each widget's current appearance into its page and removes the
/// fields: the values become part of the page, as if printed.
fn flatten_fields(doc: &mut Document) -> Result<(), String> {
    let pages: Vec<ObjectId> = doc.get_pages().values().copied().collect();
    for page in pages {
        let annots: Vec<ObjectId> = match doc
            .get_dictionary(page)
            .map_err(|e| e.to_string())?
            .get(b"Annots")
        {
            Ok(Object::Array(a)) => a.iter().filter_map(|o| o.as_reference().ok()).collect(),
            _ => continue,
        };
        let mut content = String::new();
        let mut xobjects = Dictionary::new();
        let mut keep = Vec::new();
        for (n, a) in annots.iter().enumerate() {
            let dict = doc.get_dictionary(*a).map_err(|e| e.to_string())?;
            if name(dict, b"Subtype").as_deref() != Some("Widget") {
                keep.push(Object::Reference(*a));
                continue;
            }
            let (x, y, _, _) = rect_size(dict);
            let normal = dict
                .get(b"AP")
                .ok()
                .and_then(|ap| ap.as_dict().ok())
                .and_then(|ap| ap.get(b"N").ok());
            let stream = match normal {
                Some(Object::Reference(r)) => Some(*r),
                Some(Object::Dictionary(states)) => {
                    let state = name(dict, b"AS").unwrap_or_else(|| "Off".into());
                    states
                        .get(state.as_bytes())
                        .ok()
                        .and_then(|o| o.as_reference().ok())
                }
                _ => None,
            };
            if let Some(s) = stream {
                let key = format!("TbkFlat{n}");
                xobjects.set(key.as_bytes(), s);
                content.push_str(&format!("q 1 0 0 1 {x:.3} {y:.3} cm /{key} Do Q\n"));
            }
        }
        let content_id = doc.add_object(Stream::new(dictionary! {}, content.into_bytes()));
        // Add the drawing after the page's own content, and the XObjects to
        // its resources (resolving an inherited or referenced dictionary).
        let page_dict = doc.get_dictionary(page).map_err(|e| e.to_string())?.clone();
        let mut contents = match page_dict.get(b"Contents") {
            Ok(Object::Array(a)) => a.clone(),
            Ok(o @ Object::Reference(_)) => vec![o.clone()],
            _ => Vec::new(),
        };
        contents.push(Object::Reference(content_id));
        let mut resources = match page_dict.get(b"Resources") {
            Ok(Object::Reference(r)) => doc.get_dictionary(*r).map_err(|e| e.to_string())?.clone(),
            Ok(Object::Dictionary(d)) => d.clone(),
            _ => Dictionary::new(),
        };
        let mut xo = match resources.get(b"XObject") {
            Ok(Object::Reference(r)) => doc.get_dictionary(*r).map_err(|e| e.to_string())?.clone(),
            Ok(Object::Dictionary(d)) => d.clone(),
            _ => Dictionary::new(),
        };
        for (k, v) in xobjects.iter() {
            xo.set(k.clone(), v.clone());
        }
        resources.set("XObject", xo);
        let pd = doc.get_dictionary_mut(page).map_err(|e| e.to_string())?;
        pd.set("Contents", contents);
        pd.set("Resources", resources);
        if keep.is_empty() {
            pd.remove(b"Annots");
        } else {
            pd.set("Annots", keep);
        }
    }
    doc.catalog_mut()
        .map_err(|e| e.to_string())?
        .remove(b"AcroForm");
    Ok(())
}
