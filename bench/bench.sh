#!/usr/bin/env bash
# planex benchmarks (a bench command, not a test):
#   1. text → JSON, whole pipeline, corpus texts repeated to >= 25 MB, --jobs 1:
#      MB/s and peak memory of the batch;
#   2. PDF → JSON, whole pipeline, corpus PDFs repeated, --jobs 1 and 2:
#      pages/s, peak memory, and pdftotext (poppler-utils) over the same files
#      in the same run, with the ratio.
# Usage: [RUNS=3] bench/bench.sh [REPEAT_PDF]   (default 10 copies of each corpus PDF;
#        each measurement is the fastest of RUNS runs)
set -euo pipefail
cd "$(dirname "$0")/.."
repeat_pdf=${1:-10}
command -v pdftotext >/dev/null || { apt-get update -qq && apt-get install -y -qq poppler-utils >/dev/null; }
cargo build --release -q -p planex-cli
bin=${CARGO_TARGET_DIR:-$PWD/target}/release/planex
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Each command runs $runs times (default 3); the fastest run counts, and the
# largest peak memory: on a shared machine the minimum is the least noisy
# estimate of what the code costs.
runs=${RUNS:-3}
measure() { # label, command...: prints "label seconds max_rss_kb"
  local label=$1; shift
  local best="" mem=0
  for _ in $(seq 1 "$runs"); do
    # Move earlier output aside rather than delete it: writing into a
    # directory just emptied makes the file system search its recently
    # deleted inodes, which is not the pipeline's cost.
    for d in "$work"/out-*; do [ -e "$d" ] && mv "$d" "$work/old.$(date +%s%N)"; done
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>&1 || true
    read -r s kb < "$work/time"
    if [ -z "$best" ] || awk "BEGIN {exit !($s < $best)}"; then best=$s; fi
    if [ "$kb" -gt "$mem" ]; then mem=$kb; fi
  done
  echo "$label $best $mem"
}

# 1. Text.
mkdir -p "$work/text"
i=0
while [ "$(du -sb "$work/text" | cut -f1)" -lt 26214400 ]; do
  for f in corpus/text/*.txt; do cp "$f" "$work/text/$(basename "$f" .txt)-$i.txt"; done
  i=$((i + 1))
done
text_bytes=$(du -sb "$work/text" | cut -f1)
text_files=$(ls "$work/text" | wc -l)
read -r _ text_s text_kb < <(measure text "$bin" extract "$work/text" --out "$work/out-text" --jobs 1 -q)

# 2. PDF.
mkdir -p "$work/pdf"
for k in $(seq 1 "$repeat_pdf"); do
  for f in corpus/pdf/*.pdf; do cp "$f" "$work/pdf/$(basename "$f" .pdf)-$k.pdf"; done
done
pages=0
for f in "$work"/pdf/*.pdf; do pages=$((pages + $(pdfinfo "$f" | awk '/^Pages:/ {print $2}'))); done
read -r _ p1_s p1_kb < <(measure planex1 "$bin" extract "$work/pdf" --out "$work/out-pdf1" --jobs 1 -q)
read -r _ p2_s p2_kb < <(measure planex2 "$bin" extract "$work/pdf" --out "$work/out-pdf2" --jobs 2 -q)
cat > "$work/pdftotext.sh" <<SH
for f in "$work"/pdf/*.pdf; do pdftotext "\$f" /dev/null; done
SH
read -r _ pt_s pt_kb < <(measure pdftotext bash "$work/pdftotext.sh")

python3 - "$text_bytes" "$text_files" "$text_s" "$text_kb" "$pages" "$p1_s" "$p1_kb" "$p2_s" "$p2_kb" "$pt_s" <<'PY'
import sys
tb, tf, ts, tkb, pages, p1, p1kb, p2, p2kb, pt = sys.argv[1:]
tb, ts, pages, p1, p2, pt = int(tb), float(ts), int(pages), float(p1), float(p2), float(pt)
print(f"text → JSON, --jobs 1: {tb/1e6:.1f} MB in {tf} files, {ts:.2f} s, {tb/1e6/ts:.1f} MB/s, peak memory {int(tkb)/1024:.0f} MB")
print(f"PDF → JSON, --jobs 1: {pages} pages, {p1:.2f} s, {pages/p1:.0f} pages/s, peak memory {int(p1kb)/1024:.0f} MB (largest process)")
print(f"PDF → JSON, --jobs 2: {p2:.2f} s, {pages/p2:.0f} pages/s, speed-up over 1 job {p1/p2:.2f}x")
print(f"pdftotext (one process per file, sequential): {pt:.2f} s, {pages/pt:.0f} pages/s")
print(f"ratio planex --jobs 1 / pdftotext (pages/s): {pt/p1:.2f}")
PY
