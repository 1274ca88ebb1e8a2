//! What a widget shows: text in the field font, or a tick drawn with lines.

use super::font::FieldFont;

/// Resource name of the field font in /DR and in appearance streams.
pub const FONT: &str = "TbkF";
pub const TEXT_SIZE: f64 = 10.0;

/// The appearance of a text field showing `value` (empty for a blank one).
/// Multi-line fields wrap by character, as Japanese does.
pub fn text_appearance(font: &FieldFont, value: &str, w: f64, h: f64, multiline: bool) -> Vec<u8> {
    let mut s = String::from("/Tx BMC\n");
    if !value.is_empty() {
        let size = if multiline {
            TEXT_SIZE
        } else {
            TEXT_SIZE.min(h * 0.7).max(6.0)
        };
        let lines = if multiline {
            wrap(font, value, w - 4.0, size)
        } else {
            vec![value.replace('\n', " ")]
        };
        let leading = size * 1.25;
        s.push_str(&format!("q BT /{FONT} {size:.2} Tf 0 g\n"));
        let first = if multiline {
            h - 2.0 - size
        } else {
            (h - size * 0.88) / 2.0 + size * 0.12
        };
        s.push_str(&format!("2 {first:.2} Td\n"));
        for (n, line) in lines.iter().enumerate() {
            if n > 0 {
                s.push_str(&format!("0 {:.2} Td\n", -leading));
            }
            let hex: String = font
                .encode(line)
                .iter()
                .map(|b| format!("{b:02X}"))
                .collect();
            s.push_str(&format!("<{hex}> Tj\n"));
        }
        s.push_str("ET Q\n");
    }
    s.push_str("EMC\n");
    s.into_bytes()
}

fn wrap(font: &FieldFont, text: &str, width: f64, size: f64) -> Vec<String> {
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        for c in para.chars() {
            let mut next = line.clone();
            next.push(c);
            if !line.is_empty() && font.width(&next, size) > width {
                lines.push(std::mem::take(&mut line));
                line.push(c);
            } else {
                line = next;
            }
        }
        lines.push(line);
    }
    lines
}

/// A tick drawn with lines, so no font is needed for it.
pub fn tick_appearance(w: f64, h: f64, on: bool) -> Vec<u8> {
    if !on {
        return Vec::new();
    }
    format!(
        "q 0 g 1.2 w 1 J 1 j {:.2} {:.2} m {:.2} {:.2} l {:.2} {:.2} l S Q\n",
        w * 0.2,
        h * 0.5,
        w * 0.42,
        h * 0.22,
        w * 0.82,
        h * 0.8
    )
    .into_bytes()
}
