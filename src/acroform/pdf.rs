//! Small lopdf helpers shared by the field writer and `tebiki fill`.

use lopdf::{Dictionary, Document, Object, StringFormat};
use sha2::{Digest, Sha256};

/// A PDF text string: UTF-16BE with BOM, as PDF wants non-Latin text.
pub fn text_string(s: &str) -> Object {
    let mut bytes = vec![0xFE, 0xFF];
    for u in s.encode_utf16() {
        bytes.extend(u.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

/// Writes the PDF with its dictionaries in compressed object streams (PDF
/// 1.5): a filled form's hundred widget dictionaries and the shared option
/// lists take a few kilobytes instead of tens. (`tebiki fill` rewrites the
/// whole file; the fillable PDF is an incremental update, see `add_fields`.)
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

/// Fields are added to the print variant (PDF/A-2b): typesetting a form
/// once instead of once per variant halves the cost of its PDFs. The
/// fillable copy must not claim PDF/A: Acrobat opens a file that does
/// read-only, behind an 「編集を有効にする」 bar, and a filled form is no
/// longer the archived original. So the PDF/A identification (`pdfaid:*`
/// in the XMP metadata) is removed, and the file gets an /ID of its own
/// from `ident`, as Typst gives each variant. `new` is the incremental
/// update of `prev` (see `add_fields`): the changed XMP stream goes there.
pub fn unclaim_archival(prev: &Document, new: &mut Document, ident: &str) -> Result<(), String> {
    let metadata = prev
        .catalog()
        .and_then(|c| c.get(b"Metadata"))
        .and_then(Object::as_reference);
    if let Ok(id) = metadata {
        let mut stream = prev
            .get_object(id)
            .and_then(Object::as_stream)
            .map_err(|e| format!("PDF の XMP メタデータを読めません: {e}"))?
            .clone();
        let xmp = stream
            .decompressed_content()
            .unwrap_or_else(|_| stream.content.clone());
        stream.set_plain_content(without_elements(&xmp, b"<pdfaid:"));
        new.objects.insert(id, Object::Stream(stream));
    }
    let hash = Sha256::digest(ident.as_bytes());
    let id = || Object::String(hash[..16].to_vec(), StringFormat::Hexadecimal);
    new.trailer.set("ID", vec![id(), id()]);
    Ok(())
}

/// `xml` without the elements whose opening tag starts with `open`
/// (`<pdfaid:` drops `<pdfaid:part>2</pdfaid:part>`), each element flat.
fn without_elements(xml: &[u8], open: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(at) = rest.windows(open.len()).position(|w| w == open) {
        out.extend_from_slice(&rest[..at]);
        let tail = &rest[at..];
        // The element ends after its closing tag: `</` + the same name + `>`.
        let name_end = tail
            .iter()
            .position(|&b| b == b'>' || b == b' ')
            .unwrap_or(tail.len());
        let mut close = b"</".to_vec();
        close.extend_from_slice(&tail[1..name_end]);
        close.push(b'>');
        match tail
            .windows(close.len())
            .position(|w| w == close.as_slice())
        {
            Some(end) => rest = &tail[end + close.len()..],
            None => {
                // Not a flat element (self-closed or malformed): keep it.
                out.extend_from_slice(&tail[..open.len()]);
                rest = &tail[open.len()..];
            }
        }
    }
    out.extend_from_slice(rest);
    out
}
