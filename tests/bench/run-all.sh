#!/usr/bin/env bash
# run-all.sh [BUILD_DIR] [RUNS]: runs every benchmark RUNS times (default 3) and prints one
# markdown table: each figure's median and its spread (min–max) over the runs, with the machine.
# Each benchmark prints its figures as lines "figure: <name> = <value> <unit>".
# BENCHES="store_bench questionnaire_bench" runs only those.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="${1:-$root/build}"
runs="${2:-3}"
bench_dir="$build/tests/bench"
[ -d "$bench_dir" ] || { echo "run-all.sh: no benchmarks in $bench_dir (build first)" >&2; exit 1; }

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
# The order is the one of the README's table; a benchmark that isn't built is skipped and said.
for bench in ${BENCHES:-ui_bench store_bench sync_bench questionnaire_bench report_bench}; do
  exe="$bench_dir/$bench"
  if [ ! -x "$exe" ]; then echo "run-all.sh: $bench not built, skipped" >&2; continue; fi
  for i in $(seq 1 "$runs"); do
    echo "run-all.sh: $bench run $i/$runs" >&2
    "$exe" > "$out/$bench.$i.log" 2>&1 || { echo "run-all.sh: $bench failed:" >&2; tail -20 "$out/$bench.$i.log" >&2; exit 1; }
    grep '^figure:' "$out/$bench.$i.log" | sed "s/^figure: /$bench\t/" >> "$out/figures.tsv" || true
  done
done

python3 - "$out/figures.tsv" "$runs" <<'PY'
import re, statistics, sys, platform, os, subprocess
rows = {}
order = []
for line in open(sys.argv[1], encoding="utf-8"):
    bench, rest = line.rstrip("\n").split("\t", 1)
    m = re.match(r"(.+?) = ([-0-9.eE+]+) ?(.*)$", rest)
    if not m:
        continue
    key = (bench, m.group(1).strip(), m.group(3).strip())
    if key not in rows:
        rows[key] = []
        order.append(key)
    rows[key].append(float(m.group(2)))
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
mem = next((l.split()[1] for l in open("/proc/meminfo") if l.startswith("MemTotal")), "0")
print(f"Measured on: {cpu}, {os.cpu_count()} cores, {int(mem)//1024//1024} GiB, "
      f"{platform.system()} {platform.release()}; {sys.argv[2]} runs each.\n")
print("| benchmark | figure | median | spread (min–max) | unit |")
print("|---|---|---|---|---|")
def fmt(v):
    return f"{v:.3g}" if abs(v) < 1000 else f"{v:.0f}"
for key in order:
    vals = rows[key]
    print(f"| {key[0]} | {key[1]} | {fmt(statistics.median(vals))} | {fmt(min(vals))}–{fmt(max(vals))} | {key[2]} |")
PY
