//! Reading a source file: size limit, UTF-8 (with the encoding named when
//! it is not), BOM and CRLF removed, invisible control characters refused.

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics, Pos};

/// A source file as read from disk: BOM removed, CRLF made LF (so that line
/// and column numbers match what an editor shows).
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Relative to the project root, as shown in diagnostics.
    pub rel: PathBuf,
    pub text: String,
}

/// Files larger than this are refused before parsing: no handbook page or
/// region file comes near it, and reading a stray 50 MB file would only hide
/// the real problem.
pub const MAX_SOURCE_BYTES: u64 = 4 * 1024 * 1024;

impl SourceFile {
    /// Reads `root/rel`, reporting unreadable, oversized and non-UTF-8 files.
    pub fn read(root: &Path, rel: &Path, diags: &Diagnostics) -> Option<SourceFile> {
        let path = root.join(rel);
        let read = match std::fs::metadata(&path) {
            Ok(m) if m.len() > MAX_SOURCE_BYTES => {
                diags.push(
                    Diagnostic::error(
                        rel,
                        None,
                        format!(
                            "ファイルが大きすぎます ({} MB、上限 {} MB) [file too large]",
                            m.len() / (1024 * 1024),
                            MAX_SOURCE_BYTES / (1024 * 1024)
                        ),
                    )
                    .hint("手引きや設定のファイルではないものが置かれていないか確かめてください。画像やPDFは static/ に置きます。"),
                );
                return None;
            }
            Ok(_) => std::fs::read(&path),
            Err(e) => Err(e),
        };
        let bytes = match read {
            Ok(b) => b,
            Err(e) => {
                diags.push(Diagnostic::error(
                    rel,
                    None,
                    format!("ファイルを読めません ({e})"),
                ));
                return None;
            }
        };
        Self::from_bytes(rel, bytes, diags)
    }

    pub fn from_bytes(rel: &Path, bytes: Vec<u8>, diags: &Diagnostics) -> Option<SourceFile> {
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let valid = e.utf8_error().valid_up_to();
                let bytes = e.into_bytes();
                let prefix = String::from_utf8_lossy(&bytes[..valid]);
                let saved_as =
                    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
                        "UTF-16（「Unicode」）"
                    } else {
                        "Shift_JIS など"
                    };
                diags.push(
                    Diagnostic::error(
                        rel,
                        Some(Pos::of_offset(&prefix, valid)),
                        "文字コードが UTF-8 ではありません [not UTF-8]",
                    )
                    .hint(format!("{saved_as}で保存されています。エディタで「UTF-8」を選んで保存し直してください。")),
                );
                return None;
            }
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let text = if text.contains('\r') {
            text.replace("\r\n", "\n")
        } else {
            text.to_string()
        };
        // NUL and other control characters come from copying or converting;
        // YAML refuses them, and nobody can see them in an editor.
        if let Some((at, c)) = text
            .char_indices()
            .find(|&(_, c)| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        {
            diags.push(
                Diagnostic::error(
                    rel,
                    Some(Pos::of_offset(&text, at)),
                    format!("見えない制御文字（U+{:04X}）が含まれています [control character]", c as u32),
                )
                .hint("コピーや変換のときに紛れ込んだ文字です。この位置の文字を消して、前後を書き直してください。"),
            );
            return None;
        }
        Some(SourceFile {
            rel: rel.to_path_buf(),
            text,
        })
    }
}
