#!/usr/bin/env bash
# Runs every fuzz target for a fixed time each (not in CI).
#   fuzz/run.sh [SECONDS_PER_TARGET]   (default 120)
# Needs cargo-fuzz (`cargo install cargo-fuzz`). The toolchain here is
# stable, so the sanitizer is off (`-s none`); libFuzzer's coverage guidance
# still works. Crashes land in fuzz/artifacts/<target>/.
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-120}"
export RUSTC_BOOTSTRAP=1   # cargo-fuzz passes -Z flags even with -s none
mkdir -p fuzz/corpus/front_matter fuzz/corpus/region_yaml fuzz/corpus/markdown_html fuzz/corpus/markdown_typst fuzz/corpus/form_typst
# Seed the corpora from the bundled content.
cp content/*/*.md fuzz/corpus/front_matter/ 2>/dev/null || true
cp content/*/region.yaml fuzz/corpus/region_yaml/ 2>/dev/null || true
for f in content/*/*.md; do sed '1,/^---$/{/^---$/!d};1d' "$f" > "fuzz/corpus/markdown_html/$(basename "$(dirname "$f")")-$(basename "$f")"; done
cp fuzz/corpus/markdown_html/* fuzz/corpus/markdown_typst/
cp forms/*/*.yaml fuzz/corpus/form_typst/ 2>/dev/null || true
for t in front_matter region_yaml markdown_html markdown_typst form_typst; do
  echo "== $t (${secs}s)"
  cargo fuzz run -s none "$t" "fuzz/corpus/$t" -- -max_total_time="$secs" -rss_limit_mb=4096 2>&1 | grep -E "^#[0-9]+.*DONE|Done|SUMMARY|panicked|ERROR|crash-" || true
done
