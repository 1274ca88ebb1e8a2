//! The font that form fields show their text in.
//!
//! Readers draw a filled field with the font its /DA names, from the
//! AcroForm's /DR. A non-embedded CJK font (HeiseiKakuGo-W5) shows nothing
//! in pdf.js, poppler or after a pypdf fill, so a font is embedded, whole:
//! the blank PDF must show whatever a person types. The theme's field font
//! (`themes/default/fonts/field/TebikiFieldGothic-Regular.ttf`, built offline by
//! `tools/fieldfont/build.py` from BIZ UDGothic, 𠮷 from Noto Sans CJK JP)
//! holds exactly the characters of names and addresses: JIS X 0213 (both
//! planes), cp932, ASCII, half-width kana and the name kanji outside JIS;
//! its outlines are simplified so that it embeds in about a megabyte
//! (docs/notes/field-font.md). It is embedded as a Type0 font with
//! Identity-H encoding, CIDs in code-point order.
//!
//! The ToUnicode map is written from the character set, never from the font's
//! cmap backwards: a font may map Kangxi radicals (U+2F00 …) to the glyph of
//! the ordinary kanji, and a reverse lookup would make a filled 山 copy as ⼭.

use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The name the PDF gives the embedded font.
pub const BASE_FONT: &str = "TBKAAA+TebikiFieldGothic";

/// /DW, the width of a CID that has no glyph: 1.5 em. Nothing ever encodes
/// to such a CID, so no reader draws one; the width is there for pdf.js.
///
/// pdf.js (4.7 and later) fits a typed value to a single-line field whose
/// /DA size is 0 by measuring it, but it measures the value's Unicode text
/// as if it were already in this font's 2-byte codes, not the encoded
/// text it then draws. A full-width character reads as code 0 (CID 0, 1 em:
/// right). A half-width character reads together with the next character as
/// one code beyond the glyphs: with the default 1 em, 「6丁」 or 「 第」 (1.5 em)
/// counted 1 em, and a long address ran past the field's edge. At 1.5 em a
/// half-width character followed by a full-width one measures right and
/// two half-width ones measure long (the value is set smaller than it could
/// be, never cut), except pairs of [`NUMERIC`] characters, which get 1 em
/// (see [`FieldFont::width_runs`]).
pub const DEFAULT_WIDTH: u16 = 1500;

/// Half-width characters of dates, numbers, postal codes and telephone
/// numbers. pdf.js reads two of them as one code (above); those codes get
/// 1 em, the width of the pair. pdf.js makes a code of a half-width
/// character `h` and a full-width `F` as `h << 8 | F`, so it is one of these
/// only when `F`'s low byte is one of these characters and its high byte,
/// OR-ed with `h`, one too: never for kanji (high byte 0x4E or more), kana
/// (low byte 0x41 or more) or full-width forms (0xFF); in names and
/// addresses, only for a few squared symbols after a space or a digit
/// (「 ㈱」, 「5㌶」), which measure 0.5 em short.
const NUMERIC: &str = " (),-./0123456789";

pub struct FieldFont {
    /// The subset font program (TrueType).
    pub program: Vec<u8>,
    /// The program and the ToUnicode map, deflated once for every PDF.
    deflated: OnceLock<(Vec<u8>, Vec<u8>)>,
    /// Character -> glyph id in the subset (= CID, Identity-H).
    pub cids: BTreeMap<char, u16>,
    /// Advance width of each CID in 1/1000 em.
    pub widths: Vec<u16>,
    pub ascent: i32,
    pub descent: i32,
    pub cap_height: i32,
    pub bbox: [i32; 4],
}

/// The characters a field font maps, without Kangxi radicals, in
/// code-point order.
pub fn charset(face: &ttf_parser::Face) -> Vec<char> {
    let mut chars = Vec::new();
    if let Some(cmap) = face.tables().cmap {
        for sub in cmap.subtables {
            if sub.is_unicode() {
                sub.codepoints(|c| {
                    if let Some(ch) = char::from_u32(c)
                        && c >= 0x20
                    {
                        chars.push(ch);
                    }
                });
            }
        }
    }
    chars.retain(|c| !is_radical(*c));
    chars.sort_unstable();
    chars.dedup();
    chars
}

/// Characters that share another's glyph and must not take it in
/// ToUnicode: ⦅⦆ (as Python decodes JIS X 0213 1-2-54/55) copy as ｟｠.
fn alias(c: char) -> bool {
    matches!(c, '\u{2985}' | '\u{2986}')
}

/// Kangxi radicals and CJK radicals supplement: never written in a name.
fn is_radical(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x2FDF)
}

impl FieldFont {
    /// The font `data` (TrueType) for every character it maps
    /// ([`charset`]), its glyphs renumbered in code-point order.
    pub fn build(data: &[u8]) -> Result<FieldFont, String> {
        let face =
            ttf_parser::Face::parse(data, 0).map_err(|e| format!("フォントを読めません: {e}"))?;
        let mut remapper = subsetter::GlyphRemapper::new();
        remapper.remap(0);
        let mut cids = BTreeMap::new();
        for c in charset(&face) {
            if let Some(g) = face.glyph_index(c) {
                let cid = remapper.remap(g.0);
                // Several characters may share a glyph; the first (lowest
                // code point, the ordinary one) keeps it for ToUnicode.
                cids.entry(c).or_insert(cid);
            }
        }
        let program = subsetter::subset(data, 0, &remapper)
            .map_err(|e| format!("フォントの部分集合を作れません: {e:?}"))?;
        let upem = f64::from(face.units_per_em());
        let scale = |v: i32| (f64::from(v) * 1000.0 / upem).round() as i32;
        let widths = remapper
            .remapped_gids()
            .map(|g| {
                scale(i32::from(
                    face.glyph_hor_advance(ttf_parser::GlyphId(g)).unwrap_or(0),
                )) as u16
            })
            .collect();
        let b = face.global_bounding_box();
        Ok(FieldFont {
            program,
            deflated: OnceLock::new(),
            cids,
            widths,
            ascent: scale(i32::from(face.ascender())),
            descent: scale(i32::from(face.descender())),
            cap_height: scale(i32::from(face.capital_height().unwrap_or(face.ascender()))),
            bbox: [
                scale(b.x_min.into()),
                scale(b.y_min.into()),
                scale(b.x_max.into()),
                scale(b.y_max.into()),
            ],
        })
    }

    /// The shared subset of the theme's field font, built once per process.
    pub fn shared(data: &[u8]) -> &'static Result<FieldFont, String> {
        static FONT: OnceLock<Result<FieldFont, String>> = OnceLock::new();
        FONT.get_or_init(|| FieldFont::build(data))
    }

    /// Encodes `text` as 2-byte CIDs; characters the subset lacks become
    /// U+3013 〓 (the geta mark Japanese print uses for a missing character).
    pub fn encode(&self, text: &str) -> Vec<u8> {
        let geta = self.cids.get(&'〓').copied().unwrap_or(0);
        text.chars()
            .flat_map(|c| self.cids.get(&c).copied().unwrap_or(geta).to_be_bytes())
            .collect()
    }

    /// Width of `text` at `size` points.
    pub fn width(&self, text: &str, size: f64) -> f64 {
        let geta = self.cids.get(&'〓').copied().unwrap_or(0);
        text.chars()
            .map(|c| {
                let cid = self.cids.get(&c).copied().unwrap_or(geta);
                f64::from(self.widths.get(usize::from(cid)).copied().unwrap_or(1000))
            })
            .sum::<f64>()
            * size
            / 1000.0
    }

    /// The /W array as runs (first CID, last CID, width): every glyph's
    /// own width (so that CID 0, read by pdf.js for a full-width
    /// character, is 1 em whatever /DW is), then 1 em for the codes two
    /// [`NUMERIC`] characters make beyond the glyphs (see [`DEFAULT_WIDTH`]).
    pub fn width_runs(&self) -> Vec<(u16, u16, u16)> {
        let mut runs: Vec<(u16, u16, u16)> = Vec::new();
        let mut push = |cid: u16, w: u16| match runs.last_mut() {
            Some(last) if last.1 + 1 == cid && last.2 == w => last.1 = cid,
            _ => runs.push((cid, cid, w)),
        };
        for (cid, w) in self.widths.iter().enumerate() {
            push(cid as u16, *w);
        }
        let last = self.widths.len().saturating_sub(1) as u16;
        let mut pairs: Vec<u16> = NUMERIC
            .bytes()
            .flat_map(|a| NUMERIC.bytes().map(move |b| u16::from_be_bytes([a, b])))
            .filter(|cid| *cid > last)
            .collect();
        pairs.sort_unstable();
        for cid in pairs {
            push(cid, 1000);
        }
        runs
    }

    pub fn covers(&self, c: char) -> bool {
        self.cids.contains_key(&c)
    }

    /// (font program, ToUnicode CMap), deflated (FlateDecode), computed once.
    pub fn deflated(&self) -> &(Vec<u8>, Vec<u8>) {
        self.deflated
            .get_or_init(|| (deflate(&self.program), deflate(&self.to_unicode())))
    }

    /// The ToUnicode CMap: every CID to its ordinary character; runs of
    /// consecutive CIDs for consecutive characters as one range.
    pub fn to_unicode(&self) -> Vec<u8> {
        let mut by_cid: BTreeMap<u16, char> = BTreeMap::new();
        for (c, cid) in &self.cids {
            if !alias(*c) {
                by_cid.entry(*cid).or_insert(*c);
            }
        }
        for (c, cid) in &self.cids {
            by_cid.entry(*cid).or_insert(*c);
        }
        let mut s = String::from(
            "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
        );
        let hex = |c: char| -> String {
            let mut units = [0u16; 2];
            c.encode_utf16(&mut units)
                .iter()
                .map(|u| format!("{u:04X}"))
                .collect()
        };
        // Runs: consecutive CIDs of consecutive BMP characters that stay in
        // one block of 256 (a bfrange may only vary the last byte).
        let mut runs: Vec<(u16, u16, char)> = Vec::new();
        for (cid, c) in by_cid {
            if let Some(last) = runs.last_mut() {
                let len = u32::from(last.1 - last.0) + 1;
                if cid == last.1 + 1
                    && (c as u32) == last.2 as u32 + len
                    && (c as u32) < 0x10000
                    && (c as u32) >> 8 == (last.2 as u32) >> 8
                    && cid >> 8 == last.0 >> 8
                {
                    last.1 = cid;
                    continue;
                }
            }
            runs.push((cid, cid, c));
        }
        let (singles, ranges): (Vec<_>, Vec<_>) = runs.into_iter().partition(|r| r.0 == r.1);
        for chunk in singles.chunks(100) {
            s.push_str(&format!("{} beginbfchar\n", chunk.len()));
            for (cid, _, c) in chunk {
                s.push_str(&format!("<{cid:04X}> <{}>\n", hex(*c)));
            }
            s.push_str("endbfchar\n");
        }
        for chunk in ranges.chunks(100) {
            s.push_str(&format!("{} beginbfrange\n", chunk.len()));
            for (a, b, c) in chunk {
                s.push_str(&format!("<{a:04X}> <{b:04X}> <{}>\n", hex(*c)));
            }
            s.push_str("endbfrange\n");
        }
        s.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
        s.into_bytes()
    }
}

fn deflate(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(bytes).expect("writing to memory");
    e.finish().expect("writing to memory")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field_font() -> FieldFont {
        let data = std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("themes/default/fonts/field/TebikiFieldGothic-Regular.ttf"),
        )
        .unwrap();
        FieldFont::build(&data).unwrap()
    }

    #[test]
    fn names_and_addresses_of_jis_x_0213_and_no_radicals() {
        let f = field_font();
        for c in "山田太郎看護師〒大崎市古川穂波丁目あア々ー髙﨑𠮷德濵邉∑≒ｱ".chars()
        {
            assert!(f.covers(c), "{c}");
        }
        assert!(
            !f.covers('\u{2F2D}'),
            "Kangxi radical 山 must not be in the set"
        );
        assert!(f.cids.len() > 11_000, "{}", f.cids.len());
        let cmap = String::from_utf8(f.to_unicode()).unwrap();
        assert!(!cmap.contains("<2F2D>"));
        assert!(cmap.contains("beginbfrange"));
    }

    /// How pdf.js (4.10) measures a value to fit it (`_getTextWidth` on the
    /// Unicode text read through Identity-H), in 1/1000 em.
    fn pdfjs_width(f: &FieldFont, text: &str) -> u32 {
        let runs = f.width_runs();
        let width = |cid: u32| {
            runs.iter()
                .find(|r| u32::from(r.0) <= cid && cid <= u32::from(r.1))
                .map_or(u32::from(DEFAULT_WIDTH), |r| u32::from(r.2))
        };
        let units: Vec<u32> = text.encode_utf16().map(u32::from).collect();
        let (mut i, mut sum) = (0, 0);
        while i < units.len() {
            // No 1-byte code; two units OR-ed as one 2-byte code if that
            // is at most 0xFFFF, else code 0 for one unit.
            let c = units[i] << 8 | units.get(i + 1).copied().unwrap_or(0);
            if c <= 0xFFFF {
                sum += width(c);
                i += 2;
            } else {
                sum += width(0);
                i += 1;
            }
        }
        sum
    }

    #[test]
    fn pdfjs_measures_typed_values_never_short() {
        let f = field_font();
        let ours = |t: &str| (f.width(t, 1000.0)).round() as u32;
        for t in [
            "宮城県大崎市古川穂波6丁目30-35 大崎市在宅医療・介護連携支援センター内 第二会議室",
            "医療法人社団 𠮷田内科クリニック 訪問看護ステーションおおさき穂波",
            "staff01.houmonkango-osaki@example-clinic.osaki.jp",
            "ABCビル 3F",
            "ｱｲｳｴｵ",
            "2025/12/24 10:30",
        ] {
            assert!(pdfjs_width(&f, t) >= ours(t), "{t}");
        }
        // Kanji, digits and dates measure exactly.
        for t in [
            "令和7年12月24日",
            "0229-25-5376",
            "989-6136",
            "髙橋 健二",
            "1,000円",
        ] {
            assert_eq!(pdfjs_width(&f, t), ours(t), "{t}");
        }
    }
}
