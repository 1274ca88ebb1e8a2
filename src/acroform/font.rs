//! The font that form fields show their text in.
//!
//! Readers draw a filled field with the font its /DA names, from the
//! AcroForm's /DR. A non-embedded CJK font (HeiseiKakuGo-W5) shows nothing
//! in pdf.js, poppler or after a pypdf fill, so a font is embedded — but the
//! whole of IPAex Gothic is 6 MB. The trade-off taken: a subset with every
//! character of JIS X 0208 (the kanji, kana and symbols of ordinary Japanese
//! text and of almost every name and address), the name kanji outside it that
//! people commonly write (髙, 﨑 …), ASCII and half-width kana, embedded once
//! per fillable PDF as a Type0 font with Identity-H encoding.
//!
//! The ToUnicode map is written from the character set, never from the font's
//! cmap backwards: IPAex maps some Kangxi radicals (U+2F00 …) to the glyph of
//! the ordinary kanji, and a reverse lookup would make a filled 山 copy as ⼭.

use std::collections::BTreeMap;
use std::sync::OnceLock;

/// Name kanji outside JIS X 0208 that forms must take (異体字 in names).
const EXTRA: &str = "髙﨑𠮷德濵邉邊隆塚琢瀨晴神祥福都猪渚逸﨔朗";

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

/// JIS X 0208 as decoded by EUC-JP, ASCII, half-width kana and the extras.
pub fn charset() -> Vec<char> {
    let mut chars: Vec<char> = (0x20u8..0x7f).map(char::from).collect();
    chars.extend((0xFF61u32..=0xFF9F).filter_map(char::from_u32));
    for hi in 0xA1u8..=0xFE {
        for lo in 0xA1u8..=0xFE {
            let bytes = [hi, lo];
            let (s, _, bad) = encoding_rs::EUC_JP.decode(&bytes);
            if !bad {
                chars.extend(s.chars());
            }
        }
    }
    chars.extend(EXTRA.chars());
    chars.retain(|c| !is_radical(*c));
    chars.sort_unstable();
    chars.dedup();
    chars
}

/// Kangxi radicals and CJK radicals supplement: never written in a name.
fn is_radical(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x2FDF)
}

impl FieldFont {
    /// The subset of `data` (a TrueType font) for [`charset`].
    pub fn build(data: &[u8]) -> Result<FieldFont, String> {
        let face =
            ttf_parser::Face::parse(data, 0).map_err(|e| format!("フォントを読めません: {e}"))?;
        let mut remapper = subsetter::GlyphRemapper::new();
        remapper.remap(0);
        let mut cids = BTreeMap::new();
        for c in charset() {
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

    pub fn covers(&self, c: char) -> bool {
        self.cids.contains_key(&c)
    }

    /// (font program, ToUnicode CMap), deflated (FlateDecode), computed once.
    pub fn deflated(&self) -> &(Vec<u8>, Vec<u8>) {
        self.deflated
            .get_or_init(|| (deflate(&self.program), deflate(&self.to_unicode())))
    }

    /// The ToUnicode CMap: every CID to its ordinary character.
    pub fn to_unicode(&self) -> Vec<u8> {
        let mut by_cid: BTreeMap<u16, char> = BTreeMap::new();
        for (c, cid) in &self.cids {
            by_cid.entry(*cid).or_insert(*c);
        }
        let mut s = String::from(
            "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
        );
        let entries: Vec<(u16, char)> = by_cid.into_iter().collect();
        for chunk in entries.chunks(100) {
            s.push_str(&format!("{} beginbfchar\n", chunk.len()));
            for (cid, c) in chunk {
                let mut units = [0u16; 2];
                let hex: String = c
                    .encode_utf16(&mut units)
                    .iter()
                    .map(|u| format!("{u:04X}"))
                    .collect();
                s.push_str(&format!("<{cid:04X}> <{hex}>\n"));
            }
            s.push_str("endbfchar\n");
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

    #[test]
    fn charset_has_jis_x_0208_and_no_radicals() {
        let cs = charset();
        for c in "山田太郎看護師〒大崎市古川穂波丁目あア々ー髙﨑".chars() {
            assert!(cs.contains(&c), "{c}");
        }
        assert!(
            !cs.contains(&'\u{2F2D}'),
            "Kangxi radical 山 must not be in the set"
        );
        assert!(cs.len() > 7000, "{}", cs.len());
    }
}
