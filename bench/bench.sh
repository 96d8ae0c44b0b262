#!/usr/bin/env bash
# planex benchmarks (a bench command, not a test):
#   1. text → JSON, whole pipeline, corpus texts repeated to >= 25 MB, --jobs 1:
#      MB/s and peak memory of the batch;
#   2. PDF → JSON, whole pipeline, corpus PDFs repeated, --jobs 1 and 2:
#      pages/s, peak memory, and pdftotext (poppler-utils) over the same files
#      in the same run, with the ratio.
# Usage: [RUNS=5] bench/bench.sh [REPEAT_PDF]   (default 10 copies of each corpus PDF;
#        each measurement is the fastest of RUNS runs, with their median)
#
# The JSON is written to a RAM file system (/dev/shm) when there is one, so
# that the figures are the pipeline's and not the disk's; text → JSON is
# also measured with the output on the disk, beside the inputs, and printed
# on its own line. On a disk file system the cost of creating files can
# depend on what happened before the run: ext4 without a journal (as on the
# development VM) skips every inode freed in the last 60 to 360 seconds when
# it allocates one, one lookup each, so a run soon after many files were
# deleted (by the previous bench run's clean-up, say) pays for that.
set -euo pipefail
cd "$(dirname "$0")/.."
repeat_pdf=${1:-10}
command -v pdftotext >/dev/null || { apt-get update -qq && apt-get install -y -qq poppler-utils >/dev/null; }
cargo build --release -q -p planex-cli
bin=${CARGO_TARGET_DIR:-$PWD/target}/release/planex
work=$(mktemp -d)
if [ -d /dev/shm ] && out=$(mktemp -d -p /dev/shm 2>/dev/null); then
  out_fs="a RAM file system, $out"
else
  out=$work
  out_fs="the disk, $out"
fi
trap 'rm -rf "$work" "$out"' EXIT

# Each command runs $runs times (default 5); the fastest run counts, and the
# largest peak memory: on a shared machine the minimum is the least noisy
# estimate of what the code costs. The median is printed beside it, for
# what a run is more likely to take on a busy machine.
runs=${RUNS:-5}
measure() { # label, command...: prints "label fastest_seconds max_rss_kb median_seconds"
  local label=$1; shift
  local times=() mem=0
  for _ in $(seq 1 "$runs"); do
    # Move earlier output aside rather than delete it: writing into a
    # directory just emptied makes the file system search its recently
    # deleted inodes, which is not the pipeline's cost.
    for d in "$work"/out-* "$out"/out-*; do [ -e "$d" ] && mv "$d" "$(dirname "$d")/old.$(date +%s%N)"; done
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>&1 || true
    read -r s kb < "$work/time"
    times+=("$s")
    if [ "$kb" -gt "$mem" ]; then mem=$kb; fi
  done
  read -r best median < <(printf '%s\n' "${times[@]}" | sort -g | awk '{t[NR]=$1} END {m = NR % 2 ? t[(NR+1)/2] : (t[NR/2]+t[NR/2+1])/2; print t[1], m}')
  echo "$label $best $mem $median"
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
read -r _ text_s text_kb text_med < <(measure text "$bin" extract "$work/text" --out "$out/out-text" --jobs 1 -q)
read -r _ disk_s disk_kb disk_med < <(measure text-disk "$bin" extract "$work/text" --out "$work/out-text" --jobs 1 -q)

# 2. PDF.
mkdir -p "$work/pdf"
for k in $(seq 1 "$repeat_pdf"); do
  for f in corpus/pdf/*.pdf; do cp "$f" "$work/pdf/$(basename "$f" .pdf)-$k.pdf"; done
done
pages=0
for f in "$work"/pdf/*.pdf; do pages=$((pages + $(pdfinfo "$f" | awk '/^Pages:/ {print $2}'))); done
read -r _ p1_s p1_kb p1_med < <(measure planex1 "$bin" extract "$work/pdf" --out "$out/out-pdf1" --jobs 1 -q)
read -r _ p2_s p2_kb p2_med < <(measure planex2 "$bin" extract "$work/pdf" --out "$out/out-pdf2" --jobs 2 -q)
cat > "$work/pdftotext.sh" <<SH
for f in "$work"/pdf/*.pdf; do pdftotext "\$f" /dev/null; done
SH
read -r _ pt_s pt_kb pt_med < <(measure pdftotext bash "$work/pdftotext.sh")

python3 - "$out_fs" "$runs" "$text_bytes" "$text_files" "$text_s" "$text_kb" "$text_med" "$disk_s" "$disk_med" "$pages" "$p1_s" "$p1_kb" "$p1_med" "$p2_s" "$p2_kb" "$p2_med" "$pt_s" <<'PY'
import sys
out_fs, runs, tb, tf, ts, tkb, tmed, ds, dmed, pages, p1, p1kb, p1med, p2, p2kb, p2med, pt = sys.argv[1:]
tb, ts, tmed, ds, dmed, pages = int(tb), float(ts), float(tmed), float(ds), float(dmed), int(pages)
p1, p1med, p2, p2med, pt = float(p1), float(p1med), float(p2), float(p2med), float(pt)
print(f"(fastest of {runs} runs; median of the {runs} in brackets; JSON written to {out_fs})")
print(f"text → JSON, --jobs 1: {tb/1e6:.1f} MB in {tf} files, {ts:.2f} s, {tb/1e6/ts:.1f} MB/s ({tb/1e6/tmed:.1f} MB/s), peak memory {int(tkb)/1024:.0f} MB")
print(f"text → JSON, --jobs 1, JSON written to the disk: {ds:.2f} s, {tb/1e6/ds:.1f} MB/s ({tb/1e6/dmed:.1f} MB/s)")
print(f"PDF → JSON, --jobs 1: {pages} pages, {p1:.2f} s, {pages/p1:.0f} pages/s ({pages/p1med:.0f} pages/s), peak memory {int(p1kb)/1024:.0f} MB (largest process)")
print(f"PDF → JSON, --jobs 2: {p2:.2f} s, {pages/p2:.0f} pages/s ({pages/p2med:.0f} pages/s), speed-up over 1 job {p1/p2:.2f}x ({p1med/p2med:.2f}x)")
print(f"pdftotext (one process per file, sequential): {pt:.2f} s, {pages/pt:.0f} pages/s")
print(f"ratio planex --jobs 1 / pdftotext (pages/s): {pt/p1:.2f}")
PY
