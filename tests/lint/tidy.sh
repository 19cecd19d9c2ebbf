#!/usr/bin/env bash
# clang-tidy with the checks of .clang-tidy (bugprone-*, a few performance-*; warnings are errors)
# over the project's own sources in kiosk/ and sync/, from the build's compile_commands.json.
# Usage: tidy.sh SOURCE_DIR BUILD_DIR. Two jobs: the machines it runs on have two cores.
set -euo pipefail
src="$1" build="$2"
command -v run-clang-tidy >/dev/null || { echo "run-clang-tidy is not installed (Debian: clang-tidy)" >&2; exit 1; }
[ -f "$build/compile_commands.json" ] || { echo "$build/compile_commands.json is missing (CMAKE_EXPORT_COMPILE_COMMANDS)" >&2; exit 1; }
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
# Only the project's sources (the tests are checked by running them); -quiet drops the per-file banner.
if ! run-clang-tidy -p "$build" -j 2 -quiet "$src/kiosk/" "$src/sync/" >"$log" 2>&1; then
    grep -E 'error:|warning:' "$log" | sort -u >&2 || cat "$log" >&2
    echo "tidy: clang-tidy found the problems above (.clang-tidy)" >&2
    exit 1
fi
echo "tidy: clean"
