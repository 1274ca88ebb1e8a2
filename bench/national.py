#!/usr/bin/env python3
"""National-scale benchmark of tebiki: synthetic projects of N regions, each
a copy of one of the bundled regions (about 6 pages and 5 forms each) with
its region's name and its forms' titles made its own, built
with the release binary. Prints, per size: full build, site only, forms only,
no-op rebuild and one-page-edit rebuild (medians of three) — wall time,
pages/s, PDFs/s, peak memory; the serve edit latency (save → new text served, median of 5
edits, the first 5 s after serve starts); and how the cost grows. Also a
site-only run over plain 4 KB Japanese pages, the corpus other generators
are measured on, and (when `hugo` is installed: apt-get install hugo) Hugo
over the same pages with the plainest templates, for a figure from this
machine.

usage: bench/national.py [--sizes 10,100,1000] [--corpus 10000] [--keep DIR]
Run from the project root after `cargo build --release`.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import ssg  # bench/ssg.py: the serve edit latency, measured the same way

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "tebiki")


def make_project(dst, n):
    """N regions cycling through the bundled ones; returns (pages, forms)."""
    os.makedirs(dst)
    shutil.copy(os.path.join(ROOT, "tebiki.yaml"), dst)
    shutil.copytree(os.path.join(ROOT, "themes"), os.path.join(dst, "themes"))
    os.makedirs(os.path.join(dst, "content"))
    shutil.copy(os.path.join(ROOT, "content", "topics.yaml"), os.path.join(dst, "content"))
    shutil.copytree(os.path.join(ROOT, "content", "lists"), os.path.join(dst, "content", "lists"))
    bundled = sorted(d for d in os.listdir(os.path.join(ROOT, "content"))
                     if os.path.isfile(os.path.join(ROOT, "content", d, "region.yaml")))
    pages = forms = 0
    for i in range(n):
        src = bundled[i % len(bundled)]
        rid = f"r{i:04d}"
        cdst = os.path.join(dst, "content", rid)
        shutil.copytree(os.path.join(ROOT, "content", src), cdst)
        y = os.path.join(cdst, "region.yaml")
        text = open(y, encoding="utf-8").read()
        text = re.sub(r"^id: .*$", f"id: {rid}", text, count=1, flags=re.M)
        text = re.sub(r"^order: .*$", f"order: {i}", text, count=1, flags=re.M)
        # Every copy its own text: Typst memoises layouts, and exact copies
        # let it lay out each form once for all the copies of its region (a
        # 100-region build of copies took a quarter of the time of distinct
        # ones). Real regions share no text; these still share their body
        # text, so paragraph layouts are still reused.
        text = re.sub(r"^name: ", f"name: {rid}・", text, count=1, flags=re.M)
        text = re.sub(r"^  name: ", f"  name: {rid}・", text, count=1, flags=re.M)
        open(y, "w", encoding="utf-8").write(text)
        for f in os.listdir(cdst):
            if f.endswith(".md"):
                with open(os.path.join(cdst, f), "a", encoding="utf-8") as fh:
                    fh.write(f"\n\n（{rid} の手引き）\n")
        pages += len([f for f in os.listdir(cdst) if f.endswith(".md")])
        fsrc = os.path.join(ROOT, "forms", src)
        if os.path.isdir(fsrc):
            fdst = os.path.join(dst, "forms", rid)
            shutil.copytree(fsrc, fdst)
            for f in os.listdir(fdst):
                if f.endswith(".yaml"):
                    path = os.path.join(fdst, f)
                    text = open(path, encoding="utf-8").read()
                    text = re.sub(r"^title: ", f"title: {rid}・", text, count=1, flags=re.M)
                    text = re.sub(r"^  - title: ", f"  - title: {rid}・", text, count=1, flags=re.M)
                    open(path, "w", encoding="utf-8").write(text)
            forms += len([f for f in os.listdir(fsrc) if f.endswith(".yaml")])
    return pages, forms


def make_corpus(dst, n, per_region=20):
    """N plain pages of about 4 KB of Japanese text each, in regions of
    `per_region` pages (each page lists its region's pages in its menu, so
    one region of thousands of pages would measure the menu, not the pages)."""
    regions = (n + per_region - 1) // per_region
    make_project(dst, regions)
    shutil.rmtree(os.path.join(dst, "forms"), ignore_errors=True)
    para = ("在宅医療と介護の連携を進めるため、関係機関の情報共有の方法と手順を定めます。"
            "利用者は、個人情報の取扱いに十分注意し、定められた手順に従って利用してください。\n\n")
    body = para * (4096 // len(para.encode("utf-8")) + 1)
    for r in range(regions):
        region = os.path.join(dst, "content", f"r{r:04d}")
        # No forms and other pages here: drop what names them.
        y = os.path.join(region, "region.yaml")
        text = open(y, encoding="utf-8").read()
        text = re.sub(r"^forms:\n(?:[ ]+- .*\n)*", "", text, flags=re.M)
        text = re.sub(r"^forms: \[.*\]\n", "", text, flags=re.M)
        text = re.sub(r"^\s+page: .*\n", "", text, flags=re.M)
        open(y, "w", encoding="utf-8").write(text)
        for f in os.listdir(region):
            if f.endswith(".md"):
                os.remove(os.path.join(region, f))
        for k in range(min(per_region, n - r * per_region)):
            with open(os.path.join(region, f"p{k:03d}.md"), "w", encoding="utf-8") as fh:
                fh.write(f"---\ntitle: ページ{k}\norder: {k}\n---\n## 見出し{k}\n\n{body}")
    return n


HUGO_LAYOUTS = {
    "baseof.html": '<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>'
                   '<body>{{ block "main" . }}{{ end }}</body></html>',
    "single.html": '{{ define "main" }}{{ .Content }}{{ end }}',
    "list.html": '{{ define "main" }}{{ range .Pages }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}{{ end }}',
}


def hugo(corpus, dst):
    """Wall seconds and peak MB of Hugo over the corpus's pages, or None."""
    if not shutil.which("hugo"):
        return None
    os.makedirs(os.path.join(dst, "layouts", "_default"))
    with open(os.path.join(dst, "hugo.toml"), "w") as fh:
        fh.write('baseURL = "http://localhost/"\ntitle = "bench"\n'
                 'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]\n')
    for name, text in HUGO_LAYOUTS.items():
        with open(os.path.join(dst, "layouts", "_default", name), "w") as fh:
            fh.write(text)
    for r in sorted(os.listdir(os.path.join(corpus, "content"))):
        src = os.path.join(corpus, "content", r)
        if not r.startswith("r"):
            continue
        os.makedirs(os.path.join(dst, "content", r))
        for f in os.listdir(src):
            if f.endswith(".md"):
                shutil.copy(os.path.join(src, f), os.path.join(dst, "content", r))
    t = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-f", "%M", "hugo", "--quiet", "-s", dst, "-d", os.path.join(dst, "public")],
                       capture_output=True, text=True)
    wall = time.perf_counter() - t
    if p.returncode != 0:
        return None
    return wall, int(p.stderr.strip().splitlines()[-1]) / 1024


def run(project, *args):
    """Wall seconds and peak resident memory (MB) of one tebiki command."""
    t = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-f", "%M", BIN, *args, "--root", project],
                       capture_output=True, text=True)
    wall = time.perf_counter() - t
    if p.returncode != 0:
        sys.exit(f"tebiki {' '.join(args)} failed:\n{p.stderr[-3000:]}")
    peak_kb = int(p.stderr.strip().splitlines()[-1])
    return wall, peak_kb / 1024


def measure(work, n, keep=False):
    """One synthetic project of N regions, built every way the table shows;
    returns the figures (times in seconds, memory in MB)."""
    proj = os.path.join(work, f"n{n}")
    shutil.rmtree(proj, ignore_errors=True)
    pages, forms = make_project(proj, n)
    # Each output is removed once measured: at 1,000 regions one output
    # holds about 6 GB of fillable PDFs (2.4 MB field font each).
    full, peak = run(proj, "build", "--no-cache", "--out", os.path.join(proj, "o-full"))
    shutil.rmtree(os.path.join(proj, "o-full"))
    site, _ = run(proj, "build", "--no-cache", "--only", "site", "--out", os.path.join(proj, "o-site"))
    shutil.rmtree(os.path.join(proj, "o-site"))
    fonly, _ = run(proj, "build", "--no-cache", "--only", "forms", "--out", os.path.join(proj, "o-forms"))
    shutil.rmtree(os.path.join(proj, "o-forms"))
    run(proj, "build")  # into output/, filling the cache
    noop = statistics.median(run(proj, "build")[0] for _ in range(3))
    page = os.path.join(proj, "content", "r0000", sorted(f for f in os.listdir(os.path.join(proj, "content", "r0000")) if f.endswith(".md"))[0])
    # The median of three edits of the page, each saved and built: the
    # first after the full build above also waits for the files it
    # pushed out of the page cache.
    edits = []
    for i in range(3):
        with open(page, "a", encoding="utf-8") as fh:
            fh.write(f"\n追記した一文です（{i + 1}）。\n")
        edits.append(run(proj, "build")[0])
    # serve: from saving the page to its new text served (the quick path).
    slug = os.path.basename(page)[:-3]
    port = ssg.free_port()
    served = ssg.edit_latency([BIN, "serve", "--port", str(port), "--root", proj], None, page,
                              f"http://127.0.0.1:{port}/r0000/{slug}.html", 5, settle=5.0)
    if not keep:
        shutil.rmtree(proj, ignore_errors=True)
    return {"n": n, "pages": pages, "pdfs": forms * 2,  # fillable and print
            "full": full, "peak": peak, "site": site, "forms": fonly, "noop": noop,
            "edit": statistics.median(edits), "edits": edits, "serve": served}


def print_header():
    print(f"{'regions':>7} {'pages':>6} {'PDFs':>6} | {'full s':>7} {'peak MB':>7} | {'site s':>6} {'pages/s':>7} | "
          f"{'forms s':>7} {'PDFs/s':>6} | {'no-op s':>7} {'edit s':>6} | {'serve ms':>6}")


def print_row(m):
    print(f"{m['n']:>7} {m['pages']:>6} {m['pdfs']:>6} | {m['full']:>7.2f} {m['peak']:>7.0f} | "
          f"{m['site']:>6.2f} {m['pages'] / m['site']:>7.0f} | {m['forms']:>7.2f} {m['pdfs'] / m['forms']:>6.1f} | "
          f"{m['noop']:>7.3f} {m['edit']:>6.2f} | {m['serve'] * 1000:>6.0f}")
    print(f"        edits (s): {', '.join(f'{e:.2f}' for e in m['edits'])}")
    sys.stdout.flush()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="10,100,1000")
    ap.add_argument("--corpus", type=int, default=10000)
    ap.add_argument("--keep")
    a = ap.parse_args()
    if not os.path.exists(BIN):
        sys.exit("build the release binary first: cargo build --release")
    work = a.keep or tempfile.mkdtemp(prefix="tebiki-bench-")
    print(f"machine: {os.cpu_count()} cores; binary {BIN}")
    print_header()
    base = None
    for n in [int(x) for x in a.sizes.split(",") if x]:
        m = measure(work, n, keep=bool(a.keep))
        print_row(m)
        if base:
            bn, bfull = base
            print(f"        growth {bn}->{n} regions: x{m['full'] / bfull:.1f} time for x{n / bn:.0f} size")
        base = (n, m["full"])
    if a.corpus:
        proj = os.path.join(work, "corpus")
        shutil.rmtree(proj, ignore_errors=True)
        pages = make_corpus(proj, a.corpus)
        site, peak = run(proj, "build", "--no-cache", "--only", "site")
        print(f"corpus: {pages} plain 4 KB Japanese pages, site only: {site:.2f} s, {pages / site:.0f} pages/s, peak {peak:.0f} MB")
        h = hugo(proj, os.path.join(work, "hugo"))
        if h:
            print(f"hugo over the same pages (plainest templates): {h[0]:.2f} s, {pages / h[0]:.0f} pages/s, peak {h[1]:.0f} MB")
        else:
            print("hugo: not installed (apt-get install hugo) or failed; no comparison")
    if not a.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
