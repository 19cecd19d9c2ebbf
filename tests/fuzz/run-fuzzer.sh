#!/usr/bin/env bash
# run-fuzzer.sh FUZZER CORPUS_DIR SECONDS SEED... : seeds a working corpus, fuzzes for SECONDS,
# fails on any crash, leak, timeout or sanitizer report, and prints executions and coverage.
set -euo pipefail
fuzzer="$1" corpus="$2" seconds="$3"; shift 3
mkdir -p "$corpus"
for seed in "$@"; do
  if [ -d "$seed" ]; then find "$seed" -type f -exec cp -n {} "$corpus"/ \; ; else cp -n "$seed" "$corpus"/; fi
done
artifacts="$corpus.artifacts"; mkdir -p "$artifacts"
"$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix="$artifacts/" "$corpus" 2>&1 | tail -n 25
