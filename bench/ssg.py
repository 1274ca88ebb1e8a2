#!/usr/bin/env python3
"""tebiki beside Zola and Hugo on the same pages, in one run.

The pages come from ../shared/bench (ssg-gen.py for Zola and Hugo,
ssg-tebiki.py for tebiki: the same seeded Japanese policy pages, about 4 KB
each, with headings, a list, a table and one internal link). Each
generator builds them --runs times, alternating, on tmpfs; the medians and
the ratios are printed (absolute times drift on these machines, ratios
do not). Then the serve edit latency: a page is saved and its URL polled
until the new text is served, for tebiki on the bundled project (five
regions) and on the N pages, and for Zola and Hugo on the N pages.

usage: bench/ssg.py [--pages 5000] [--runs 5] [--edits 5] [--zola PATH] [--regions 1000]
Run from the project root after `cargo build --release`. Zola is taken
from ../shared/bench/zola-*.gz when --zola is not given; Hugo from PATH
(apt-get install hugo). A peer that is missing is reported and skipped.
"""
import argparse
import glob
import gzip
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "tebiki")
SHARED = os.path.join(os.path.dirname(ROOT), "shared", "bench")


def timed(cmd, cwd=None):
    """Wall seconds and peak resident MB of one command."""
    t = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-f", "%M", *cmd], cwd=cwd, capture_output=True, text=True)
    wall = time.perf_counter() - t
    if p.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{p.stderr[-3000:]}")
    return wall, int(p.stderr.strip().splitlines()[-1]) / 1024


def zola_binary(given, work):
    if given:
        return given
    found = sorted(glob.glob(os.path.join(SHARED, "zola-*.gz")))
    if not found:
        return None
    path = os.path.join(work, "zola-bin")
    with gzip.open(found[-1]) as src, open(path, "wb") as dst:
        shutil.copyfileobj(src, dst)
    os.chmod(path, 0o755)
    return path


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read().decode("utf-8", "replace")
    except Exception:
        return None


def wait_until(url, pred, limit=600.0):
    t = time.perf_counter()
    while time.perf_counter() - t < limit:
        body = fetch(url)
        if body is not None and pred(body):
            return time.perf_counter() - t
        time.sleep(0.005)
    raise RuntimeError(f"{url} never changed")


def edit_latency(cmd, cwd, page, url, edits, settle=0.0):
    """Median seconds from saving `page` to its new text being served,
    the first save `settle` seconds after the server answers."""
    server = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until(url, lambda b: True)
        time.sleep(settle)
        original = open(page, encoding="utf-8").read()
        times = []
        for k in range(edits):
            marker = f"編集{k}回目の確認用の一文です。"
            time.sleep(0.3)  # let the previous rebuild settle
            with open(page, "w", encoding="utf-8") as fh:
                fh.write(original + f"\n\n{marker}\n")
            times.append(wait_until(url, lambda b, m=marker: m in b))
        with open(page, "w", encoding="utf-8") as fh:
            fh.write(original)
        return statistics.median(times)
    finally:
        server.terminate()
        server.wait()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=5000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--edits", type=int, default=5)
    ap.add_argument("--zola")
    ap.add_argument("--regions", type=int, default=1000,
                    help="then the national-scale figures at this many regions (0: skip)")
    a = ap.parse_args()
    if not os.path.exists(BIN):
        sys.exit("build the release binary first: cargo build --release")
    if not os.path.isdir(SHARED):
        sys.exit(f"the page generators are not at {SHARED}")
    base = "/dev/shm" if os.path.isdir("/dev/shm") else None
    work = tempfile.mkdtemp(prefix="tebiki-ssg-", dir=base)
    try:
        got = run(a, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if a.regions:
        # On the disk, not tmpfs: at 1,000 regions an output holds GBs.
        import national  # imports this module: imported here, not at the top
        big = tempfile.mkdtemp(prefix="tebiki-national-")
        try:
            print(f"national scale, {a.regions} synthetic regions (bench/national.py):")
            national.print_header()
            m = national.measure(big, a.regions)
            national.print_row(m)
        finally:
            shutil.rmtree(big, ignore_errors=True)
        got.update({"noop": m["noop"], "edit": m["edit"], "full": m["full"], "peak": m["peak"]})
    targets(got, a)


def targets(got, a):
    """The figures against issue 16's targets, one line each."""
    rows = [
        ("zola", f"tebiki/Zola site-only ratio at {a.pages} pages", 0.5, lambda v: f"{v:.2f}"),
        ("serve_bundled", "serve edit latency, 5 bundled regions", 0.1, lambda v: f"{v * 1000:.0f} ms"),
        ("serve_pages", f"serve edit latency, {a.pages} pages", 0.1, lambda v: f"{v * 1000:.0f} ms"),
        ("noop", f"no-op build, {a.regions} regions", 1.0, lambda v: f"{v:.2f} s"),
        ("edit", f"one-page-edit build, {a.regions} regions", 1.0, lambda v: f"{v:.2f} s"),
        ("full", f"full build, {a.regions} regions", 60.0, lambda v: f"{v:.1f} s"),
        ("peak", f"full build peak memory, {a.regions} regions", 700.0, lambda v: f"{v:.0f} MB"),
    ]
    print("against the targets:")
    for key, label, limit, fmt in rows:
        if key in got:
            # "at most" for the ratio, "under" for the rest, as the issue says
            met = got[key] <= limit if key == "zola" else got[key] < limit
            verdict = "met" if met else "NOT met"
            print(f"  {label:44} {fmt(got[key]):>9}  (target {fmt(limit)}): {verdict}")


def run(a, work):
    n = a.pages
    gen = os.path.join(SHARED, "ssg-gen.py")
    sites = {"tebiki": os.path.join(work, "tebiki")}
    subprocess.run([sys.executable, os.path.join(SHARED, "ssg-tebiki.py"), str(n), sites["tebiki"], ROOT], check=True)
    builders = {
        "tebiki": lambda out: [BIN, "build", "--no-cache", "--only", "site", "--root", sites["tebiki"], "--out", out],
    }
    zola = zola_binary(a.zola, work)
    if zola:
        sites["zola"] = os.path.join(work, "zola")
        subprocess.run([sys.executable, gen, str(n), sites["zola"], "zola"], check=True)
        builders["zola"] = lambda out: [zola, "--root", sites["zola"], "build", "--force", "-o", out]
    else:
        print("zola: not found (../shared/bench/zola-*.gz or --zola); skipped")
    if shutil.which("hugo"):
        sites["hugo"] = os.path.join(work, "hugo")
        subprocess.run([sys.executable, gen, str(n), sites["hugo"], "hugo"], check=True)
        builders["hugo"] = lambda out: ["hugo", "--quiet", "-s", sites["hugo"], "-d", out]
    else:
        print("hugo: not installed (apt-get install hugo); skipped")

    walls = {k: [] for k in builders}
    peaks = {k: [] for k in builders}
    for r in range(a.runs):
        for name, cmd in builders.items():  # alternating: drift hits all alike
            out = os.path.join(work, f"out-{name}")
            shutil.rmtree(out, ignore_errors=True)
            w, m = timed(cmd(out))
            walls[name].append(w)
            peaks[name].append(m)
            shutil.rmtree(out, ignore_errors=True)
    print(f"machine: {os.cpu_count()} cores; {n} pages; {a.runs} alternating runs each, medians")
    print(f"{'':8} {'site s':>7} {'peak MB':>8} {'pages/s':>8}")
    med = {k: statistics.median(v) for k, v in walls.items()}
    for name in builders:
        print(f"{name:8} {med[name]:>7.2f} {statistics.median(peaks[name]):>8.0f} {n / med[name]:>8.0f}")
    got = {}
    for peer in ("zola", "hugo"):
        if peer in med:
            got[peer] = med["tebiki"] / med[peer]
            print(f"tebiki/{peer} site-only time ratio: {got[peer]:.2f}")
    if got:
        # Not the same work: a reader of the ratio should know what it leaves out.
        print("(tebiki also writes each region's search index; the peers write none: "
              "Zola 0.22 refuses one for Japanese, Hugo has none built in)")

    # Serve: from save to the new text served.
    print(f"serve edit latency, median of {a.edits} edits (save -> new text served):")
    bundled = os.path.join(work, "bundled")
    shutil.copytree(ROOT, bundled, ignore=shutil.ignore_patterns("target", "output", ".tebiki-cache", ".git", "tests", "bench"))
    cases = [("tebiki, 5 bundled regions", bundled, os.path.join(bundled, "content", "inabe", "hajimeni.md"), "/inabe/hajimeni.html"),
             (f"tebiki, {n} pages", sites["tebiki"], os.path.join(sites["tebiki"], "content", "r0000", "p1.md"), "/r0000/p1.html")]
    for key, (label, proj, page, path) in zip(("serve_bundled", "serve_pages"), cases):
        port = free_port()
        lat = edit_latency([BIN, "serve", "--port", str(port), "--root", proj], None, page, f"http://127.0.0.1:{port}{path}", a.edits)
        got[key] = lat
        print(f"  {label:28} {lat * 1000:>7.0f} ms")
    if zola:
        port = free_port()
        lat = edit_latency([zola, "--root", sites["zola"], "serve", "--port", str(port)], None,
                           os.path.join(sites["zola"], "content", "rules", "p1.md"), f"http://127.0.0.1:{port}/rules/p1/", a.edits)
        print(f"  {f'zola, {n} pages':28} {lat * 1000:>7.0f} ms")
    if "hugo" in sites:
        port = free_port()
        lat = edit_latency(["hugo", "server", "-s", sites["hugo"], "--port", str(port), "--disableLiveReload", "--bind", "127.0.0.1"],
                           None, os.path.join(sites["hugo"], "content", "rules", "p1.md"), f"http://127.0.0.1:{port}/rules/p1/", a.edits)
        print(f"  {f'hugo, {n} pages':28} {lat * 1000:>7.0f} ms")

    return got


if __name__ == "__main__":
    main()
