#!/usr/bin/env python3
"""Builds the font form fields show typed text in:
themes/default/fonts/field/TebikiFieldGothic-Regular.ttf.

Run offline, once, by a developer (never at build or run time):

    tools/fieldfont/fetch.sh            # Debian's font packages -> /tmp/fieldfont/x
    python3 tools/fieldfont/build.py    # writes the font and prints its size
    python3 tools/fieldfont/build.py --measure   # the table of docs/notes/field-font.md

What it does (see docs/notes/field-font.md for the measurements):

1. the character set: JIS X 0213:2004 (both planes) + cp932 (JIS X 0208, NEC
   row 13, IBM extensions) + ASCII + half-width kana + the name kanji outside
   JIS (𠮷 髙 …), without Kangxi radicals (they would copy as ⼭ for 山);
2. BIZ UDGothic Regular 1.05 (SIL OFL 1.1) cut to that set, hinting removed;
3. 𠮷 (U+20BB7) drawn from Noto Sans CJK JP (SIL OFL 1.1) onto BIZ UD's box
   of 吉;
4. outlines simplified: on-curve points within TOLERANCE font units of the
   line through their neighbours and off-curve points that bend a segment by
   less than that are removed; the coordinates are then rounded to a grid of
   GRID units per em. Field text is shown at 6-12 pt: at 12 pt one unit of a
   1000-unit em is 0.012 pt;
5. renamed (an OFL Modified Version may not use the original's name), post
   table without glyph names, scaled to UPEM units per em.

Needs fontTools (pip install fonttools==4.68.0). Set SOURCE_DATE_EPOCH for a
byte-identical file.
"""
import argparse
import math
import os
import sys
import zlib

from fontTools.pens.boundsPen import BoundsPen
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.transformPen import TransformPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.subset import Options, Subsetter
from fontTools.ttLib import TTFont
from fontTools.ttLib.scaleUpem import scale_upem
from fontTools.ttLib.tables._g_l_y_f import GlyphCoordinates

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
X = os.environ.get("FIELDFONT_SRC", "/tmp/fieldfont/x")
BIZUD = f"{X}/usr/share/fonts/truetype/bizud-gothic/BIZUDGothic-Regular.ttf"
NOTO = f"{X}/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
OUT = os.path.join(REPO, "themes/default/fonts/field/TebikiFieldGothic-Regular.ttf")

# The shipped settings (docs/notes/field-font.md says why).
UPEM = 100
TOLERANCE = 16.0  # font units of a 1000-unit em: 0.16 pt at 10 pt
GRID = 1  # with UPEM 1000 only: coordinates rounded to multiples of this

# Name kanji outside JIS X 0213 that names are written with, and ｟｠.
EXTRA = "髙﨑𠮷德濵邉邊隆塚琢瀨晴神祥福都猪渚逸﨔朗\uff5f\uff60"


def charset():
    cs = {chr(c) for c in range(0x20, 0x7F)} | {chr(c) for c in range(0xFF61, 0xFFA0)}
    cs |= set(EXTRA)
    # Python also decodes JIS X 0212 behind 0x8F: plane 2 has only these rows.
    p2 = {1, 3, 4, 5, 8, 12, 13, 14, 15, *range(78, 95)}
    for plane in (b"", b"\x8f"):
        for hi in range(0xA1, 0xFF):
            if plane and hi - 0xA0 not in p2:
                continue
            for lo in range(0xA1, 0xFF):
                try:
                    s = (plane + bytes([hi, lo])).decode("euc_jis_2004")
                except UnicodeDecodeError:
                    continue
                cs.update(s)
    for hi in [*range(0x81, 0xA0), *range(0xE0, 0xFD)]:
        for lo in [*range(0x40, 0x7F), *range(0x80, 0xFD)]:
            try:
                s = bytes([hi, lo]).decode("cp932")
            except UnicodeDecodeError:
                continue
            if not 0xE000 <= ord(s) <= 0xF8FF:
                cs.add(s)
    return sorted(c for c in cs if not 0x2E80 <= ord(c) <= 0x2FDF)


def subset(path, chars):
    font = TTFont(path)
    o = Options()
    o.hinting = False
    o.layout_features = []
    o.layout_closure = False
    o.notdef_outline = True
    o.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]
    o.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "JSTF", "vhea", "vmtx", "VORG", "DSIG", "gasp", "meta"]
    s = Subsetter(o)
    s.populate(unicodes=[ord(c) for c in chars])
    s.subset(font)
    return font


def bounds(gs, name):
    p = BoundsPen(gs)
    gs[name].draw(p)
    return p.bounds


def add_yoshi(font, noto_path):
    """𠮷 from Noto, fitted to the box BIZ UD gives 吉."""
    noto = TTFont(noto_path, fontNumber=0)
    ncmap, bcmap = noto.getBestCmap(), font.getBestCmap()
    ngs, bgs = noto.getGlyphSet(), font.getGlyphSet()
    nx0, ny0, nx1, ny1 = bounds(ngs, ncmap[0x5409])
    bx0, by0, bx1, by1 = bounds(bgs, bcmap[0x5409])
    sx, sy = (bx1 - bx0) / (nx1 - nx0), (by1 - by0) / (ny1 - ny0)
    pen = TTGlyphPen(None)
    ngs[ncmap[0x20BB7]].draw(
        TransformPen(
            Cu2QuPen(pen, max_err=1.0, reverse_direction=True),
            (sx, 0, 0, sy, bx0 - nx0 * sx, by0 - ny0 * sy),
        )
    )
    glyph = pen.glyph()
    name = "u20BB7"
    order = font.getGlyphOrder() + [name]
    font.setGlyphOrder(order)
    font["glyf"].glyphOrder = order
    font["glyf"][name] = glyph
    glyph.recalcBounds(font["glyf"])
    font["hmtx"][name] = (font["hmtx"][bcmap[0x5409]][0], glyph.xMin)
    for t in font["cmap"].tables:
        if t.isUnicode() and t.format in (12, 13):
            t.cmap[0x20BB7] = name
    # JIS X 0213 1-2-54/55 decode to U+2985/6 in Python; fonts and IMEs use U+FF5F/60.
    for t in font["cmap"].tables:
        if t.isUnicode():
            for a, b in ((0x2985, 0xFF5F), (0x2986, 0xFF60)):
                if b in t.cmap:
                    t.cmap[a] = t.cmap[b]
    font["maxp"].numGlyphs = len(order)


def dist_to_segment(p, a, b):
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    n = dx * dx + dy * dy
    if n == 0:
        return math.hypot(px - ax, py - ay)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / n))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def simplify_contour(pts, tol):
    """pts: [(x, y, on)] of one closed contour, implied on-curve points made
    explicit. Removes points that change the outline by less than `tol`."""
    changed = True
    while changed and len(pts) > 3:
        changed = False
        n = len(pts)
        for i in range(n):
            if len(pts) <= 3:
                break
            i %= len(pts)
            prev, cur, nxt = pts[i - 1], pts[i], pts[(i + 1) % len(pts)]
            if not (prev[2] and nxt[2]):
                continue
            # A straight run (on, on, on) or a nearly flat curve (on, off, on):
            # a quadratic bends at most half-way to its control point.
            limit = tol if cur[2] else 2 * tol
            if dist_to_segment(cur[:2], prev[:2], nxt[:2]) <= limit:
                del pts[i]
                changed = True
    return pts


def explicit(points, flags):
    """A contour's points with implied on-curve midpoints made explicit."""
    out = []
    n = len(points)
    for i in range(n):
        x, y = points[i]
        on = bool(flags[i] & 1)
        if not on:
            px, py = points[i - 1]
            if not (flags[i - 1] & 1):
                out.append(((x + px) / 2, (y + py) / 2, True))
        out.append((x, y, on))
    return out


def rebuild(font, tol, grid):
    """Simplifies every simple glyph, rounds to the grid, drops implied points."""
    glyf = font["glyf"]
    before = after = 0
    for name in font.getGlyphOrder():
        g = glyf[name]
        if g.isComposite() or g.numberOfContours <= 0:
            continue
        coords, ends, flags = g.getCoordinates(glyf)
        contours = []
        start = 0
        for end in ends:
            pts = explicit(list(coords[start : end + 1]), list(flags[start : end + 1]))
            before += end + 1 - start
            start = end + 1
            if tol > 0:
                pts = simplify_contour(pts, tol)
            if grid > 1:
                pts = [(round(x / grid) * grid, round(y / grid) * grid, on) for x, y, on in pts]
            else:
                pts = [(round(x), round(y), on) for x, y, on in pts]
            # Consecutive duplicates (after rounding) say nothing.
            dedup = []
            for p in pts:
                if dedup and dedup[-1][:2] == p[:2] and dedup[-1][2] == p[2]:
                    continue
                dedup.append(p)
            while len(dedup) > 1 and dedup[0][:2] == dedup[-1][:2] and dedup[0][2] == dedup[-1][2]:
                dedup.pop()
            # An on-curve point exactly between two off-curve points is implied.
            m = len(dedup)
            keep = []
            for i, p in enumerate(dedup):
                a, b = dedup[i - 1], dedup[(i + 1) % m]
                if p[2] and not a[2] and not b[2] and a[0] + b[0] == 2 * p[0] and a[1] + b[1] == 2 * p[1]:
                    continue
                keep.append(p)
            if len(keep) >= 2:
                contours.append(keep)
        new_coords, new_flags, new_ends = [], [], []
        for c in contours:
            for x, y, on in c:
                new_coords.append((x, y))
                new_flags.append(1 if on else 0)
            new_ends.append(len(new_coords) - 1)
            after += len(c)
        g.coordinates = GlyphCoordinates(new_coords)
        g.flags = bytearray(new_flags)
        g.endPtsOfContours = new_ends
        g.numberOfContours = len(new_ends)
        g.program = getattr(g, "program", None)
        if g.numberOfContours == 0:
            g.coordinates = GlyphCoordinates([])
        g.recalcBounds(glyf)
    return before, after


def rename(font):
    nm = font["name"]
    nm.removeNames(nameID=7)
    for nid, val in {
        1: "Tebiki Field Gothic",
        2: "Regular",
        3: "TebikiFieldGothic-Regular;1.05",
        4: "Tebiki Field Gothic Regular",
        6: "TebikiFieldGothic-Regular",
        5: "Version 1.05; BIZ UDGothic 1.05 cut to JIS X 0213 for tebiki form fields, outlines simplified",
    }.items():
        nm.removeNames(nameID=nid)
        nm.setName(val, nid, 3, 1, 0x409)
        nm.setName(val, nid, 1, 0, 0)
    cr = (
        "Copyright 2022 The BIZ UDGothic Project Authors (https://github.com/googlefonts/morisawa-biz-ud-gothic). "
        "Glyph U+20BB7: Copyright 2014-2021 Adobe (http://www.adobe.com/), with Reserved Font Name 'Source'."
    )
    nm.removeNames(nameID=0)
    nm.setName(cr, 0, 3, 1, 0x409)
    nm.setName(cr, 0, 1, 0, 0)
    font["post"].formatType = 3.0
    font["post"].extraNames = []
    font["post"].mapping = {}


def build(upem=UPEM, tol=TOLERANCE, grid=GRID, quiet=False):
    """Simplifies at 1000 units per em, then stores the outlines at `upem`
    units per em (small numbers take one byte in glyf) or, with upem 1000,
    on a grid of `grid` units."""
    chars = charset()
    font = subset(BIZUD, chars)
    add_yoshi(font, NOTO)
    scale_upem(font, 1000)
    before, after = rebuild(font, tol, grid if upem == 1000 else 1)
    if upem != 1000:
        scale_upem(font, upem)
    rename(font)
    missing = [c for c in chars if ord(c) not in font.getBestCmap() and c not in "\u2985\u2986"]
    if not quiet:
        print(f"{len(chars)} characters, {len(font.getGlyphOrder())} glyphs, missing {missing}", file=sys.stderr)
        print(f"points {before} -> {after} ({after / before:.1%})", file=sys.stderr)
    return font


# The tables the `subsetter` crate keeps in the PDF (no cmap, no OS/2).
PDF_TABLES = ["glyf", "loca", "head", "hhea", "hmtx", "maxp", "name", "post"]


def pdf_stream_size(font, path):
    font.save(path)
    f = TTFont(path)
    for t in list(f.keys()):
        if t != "GlyphOrder" and t not in PDF_TABLES:
            del f[t]
    import io
    buf = io.BytesIO()
    f.save(buf)
    raw = buf.getvalue()
    return len(raw), len(zlib.compress(raw, 9))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--measure", action="store_true")
    ap.add_argument("--out", default=OUT)
    ap.add_argument("configs", nargs="*", help="upem,tolerance,grid to measure (with --measure)")
    a = ap.parse_args()
    if a.measure:
        os.makedirs("/tmp/fieldfont/m", exist_ok=True)
        print("| upem | tolerance | grid | raw | PDF stream (zlib-9) |")
        print("|---:|---:|---:|---:|---:|")
        configs = [tuple(int(x) for x in c.split(",")) for c in a.configs] if a.configs else [
            (1000, 0, 1), (1000, 4, 1), (1000, 8, 1), (1000, 12, 1),
            (1000, 0, 4), (1000, 8, 4), (1000, 0, 6), (1000, 8, 6), (1000, 12, 6), (1000, 10, 8), (1000, 16, 8),
        ]
        for upem, tol, grid in configs:
            font = build(upem, tol, grid, quiet=True)
            p = f"/tmp/fieldfont/m/f-{upem}-{tol}-{grid}.ttf"
            raw, z = pdf_stream_size(font, p)
            print(f"| {upem} | {tol} | {grid} | {raw / 1e6:.3f} MB | {z / 1e6:.3f} MB |", flush=True)
        return
    font = build()
    os.makedirs(os.path.dirname(a.out), exist_ok=True)
    raw, z = pdf_stream_size(font, a.out)
    print(f"{a.out}: PDF stream {raw} bytes raw, {z} bytes zlib-9", file=sys.stderr)


if __name__ == "__main__":
    main()
