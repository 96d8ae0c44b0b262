#!/usr/bin/env bash
# planex text pipeline cost in CPU instructions (a bench command, not a test).
# Wall-clock speed on a shared machine drifts by a factor of two from run to
# run; the number of instructions the pipeline executes does not. This runs
# the `stages` example under callgrind, counting only `stages::pipeline`
# (extract → parse → analyse → compact JSON, as `planex extract` does), over
# the corpus texts, and prints the total and the instructions per input byte,
# with the stages that cost most.
# It also counts a whole `planex extract` run on one corpus plan: what a
# process pays once (mostly compiling its regexes) on top of the per-byte
# cost. (Under valgrind, sha2 runs its portable code, not the SHA
# instructions it uses natively: about 4M of that figure.)
# Usage: bench/instructions.sh [ROUNDS]   (default 2; needs valgrind, installed if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-2}
command -v valgrind >/dev/null || { apt-get update -qq && apt-get install -y -qq valgrind >/dev/null; }
cargo build --release -q -p planex-cli --example stages
cargo build --release -q -p planex-cli
cli=${CARGO_TARGET_DIR:-$PWD/target}/release/planex
bin=${CARGO_TARGET_DIR:-$PWD/target}/release/examples/stages
out=$(mktemp)
one=$(mktemp -d)
trap 'rm -rf "$out" "$one"' EXIT
valgrind --tool=callgrind --collect-atstart=no --toggle-collect='stages::pipeline' \
  --callgrind-out-file="$out" "$bin" corpus/text "$rounds" >/dev/null 2>&1
total=$(callgrind_annotate "$out" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}')
bytes=$(( $(cat corpus/text/*.txt | wc -c) * rounds ))
echo "text → compact JSON: $total instructions for $bytes bytes ($rounds rounds of corpus/text): $(( total / bytes )) instructions per byte"
# Per stage (inclusive); compact JSON is what the three stages leave.
callgrind_annotate --inclusive=yes "$out" 2>/dev/null \
  | awk -v total="$total" -v bytes="$bytes" '
      / \*? *[^ ]*(planex_extract::extract_bytes|planex_parse::parse|planex_semantics::analyse) / && !/=>/ {
        n = $1; gsub(",", "", n)
        name = $0; sub(/.*:planex_/, "planex_", name); sub(/ .*/, "", name)
        if (!(name in seen)) { seen[name] = 1; sum += n; printf "  %-32s %6d instructions per byte\n", name, n / bytes }
      }
      END { printf "  %-32s %6d instructions per byte\n", "compact JSON", (total - sum) / bytes }'


# One process, one plan.
plan=$(ls corpus/text/*.txt | head -1)
mkdir -p "$one/in" && cp "$plan" "$one/in/"
valgrind --tool=callgrind --callgrind-out-file="$one/cg" "$cli" extract "$one/in" --out "$one/out" -q >/dev/null 2>&1
whole=$(callgrind_annotate "$one/cg" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}')
size=$(wc -c < "$plan")
echo "one process on $(basename "$plan") ($size bytes): $whole instructions; less the per-byte cost above, about $(( (whole - size * total / bytes) / 1000000 ))M fixed per process (start-up, mostly compiling regexes)"
