//! What a widget shows: text in the field font, or a tick or a circle drawn
//! with lines.
//!
//! Where the text sits: the layout places every text blank so that the
//! line's baseline is [`BASELINE`] of the widget's height above its bottom
//! (a ruled blank's rectangle reaches below its rule by that much), so a
//! value stands on the same baseline as the label beside it. Readers that
//! draw a value themselves centre it in the same rectangle, a point or so
//! higher.

use super::font::FieldFont;

/// Resource name of the field font in /DR and in appearance streams.
pub const FONT: &str = "TbkF";
/// The size values are shown at when they fit.
pub const TEXT_SIZE: f64 = 10.0;
/// The smallest size a long value shrinks to before it wraps or is cut.
pub const MIN_SIZE: f64 = 4.0;
/// The baseline, as a share of the widget's height from its bottom.
pub const BASELINE: f64 = 0.25;
/// Left and right padding inside a widget.
const PAD: f64 = 1.5;
/// The share of an em above the baseline (the font's ascent, rounded up).
const ASCENT: f64 = 0.88;
/// The share of an em below the baseline.
const DESCENT: f64 = 0.12;

/// How a single-line value is set: the size that fits the widget, at most
/// [`TEXT_SIZE`].
pub fn single_line_size(font: &FieldFont, value: &str, w: f64, h: f64) -> f64 {
    let by_height = ((h * (1.0 - BASELINE) - 0.5) / ASCENT).min(h * BASELINE / DESCENT);
    let at_one = font.width(value, 1.0);
    let by_width = if at_one > 0.0 {
        (w - 2.0 * PAD) / at_one
    } else {
        TEXT_SIZE
    };
    TEXT_SIZE
        .min(by_height)
        .min(by_width)
        .max(MIN_SIZE.min(by_height))
}

/// Lines and size of a multi-line value: the largest size (at most
/// [`TEXT_SIZE`]) at which the wrapped lines fit the widget's height.
pub fn multi_line_layout(font: &FieldFont, value: &str, w: f64, h: f64) -> (f64, Vec<String>) {
    let mut size = TEXT_SIZE;
    loop {
        let lines = wrap(font, value, w - 2.0 * PAD, size);
        let needed = lines.len() as f64 * size * 1.2 + 2.0;
        if needed <= h || size <= MIN_SIZE {
            return (size, lines);
        }
        size = (size - 0.5).max(MIN_SIZE);
    }
}

/// The appearance of a text field showing `value` (empty for a blank one).
/// Long single-line values shrink to fit; multi-line values wrap by
/// character, as Japanese does, and shrink until every line fits.
pub fn text_appearance(font: &FieldFont, value: &str, w: f64, h: f64, multiline: bool) -> Vec<u8> {
    let mut s = String::from("/Tx BMC\n");
    if !value.is_empty() {
        let (size, lines, first) = if multiline {
            let (size, lines) = multi_line_layout(font, value, w, h);
            (size, lines, h - 1.0 - size * ASCENT)
        } else {
            let line = value.replace('\n', " ");
            let size = single_line_size(font, &line, w, h);
            (size, vec![line], h * BASELINE)
        };
        let leading = size * 1.2;
        s.push_str(&format!(
            "q 0 0 {w:.2} {h:.2} re W n BT /{FONT} {size:.2} Tf 0 g\n"
        ));
        s.push_str(&format!("{PAD} {first:.2} Td\n"));
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

/// A circle round a printed word (〇で囲む), drawn with four Bézier arcs.
pub fn circle_appearance(w: f64, h: f64, on: bool) -> Vec<u8> {
    if !on {
        return Vec::new();
    }
    let (cx, cy) = (w / 2.0, h / 2.0);
    let (rx, ry) = (w / 2.0 - 0.6, h / 2.0 - 0.6);
    let k = 0.5523;
    format!(
        "q 0 G 0.8 w {x0:.2} {cy:.2} m {x0:.2} {a:.2} {b:.2} {y1:.2} {cx:.2} {y1:.2} c {c:.2} {y1:.2} {x1:.2} {a:.2} {x1:.2} {cy:.2} c {x1:.2} {d:.2} {c:.2} {y0:.2} {cx:.2} {y0:.2} c {b:.2} {y0:.2} {x0:.2} {d:.2} {x0:.2} {cy:.2} c S Q\n",
        x0 = cx - rx,
        x1 = cx + rx,
        y0 = cy - ry,
        y1 = cy + ry,
        a = cy + ry * k,
        b = cx - rx * k,
        c = cx + rx * k,
        d = cy - ry * k,
    )
    .into_bytes()
}
