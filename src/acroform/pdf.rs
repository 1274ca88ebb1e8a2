//! Small lopdf helpers shared by the field writer and `tebiki fill`.

use lopdf::{Dictionary, Document, Object, StringFormat};

/// A PDF text string: UTF-16BE with BOM, as PDF wants non-Latin text.
pub fn text_string(s: &str) -> Object {
    let mut bytes = vec![0xFE, 0xFF];
    for u in s.encode_utf16() {
        bytes.extend(u.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

/// Writes the PDF with its dictionaries in compressed object streams (PDF
/// 1.5): a form's hundred widget dictionaries and the shared option lists
/// take a few kilobytes instead of tens.
pub fn save(doc: &mut Document) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let options = lopdf::SaveOptions::builder()
        .use_object_streams(true)
        .use_xref_streams(true)
        .build();
    doc.save_with_options(&mut out, options)
        .map_err(|e| format!("PDF を書けません: {e}"))?;
    Ok(out)
}

/// Finds a dictionary entry as a name, for readers of our own output.
pub fn name(dict: &Dictionary, key: &[u8]) -> Option<String> {
    dict.get(key)
        .ok()
        .and_then(|o| o.as_name().ok())
        .map(|n| String::from_utf8_lossy(n).into_owned())
}
