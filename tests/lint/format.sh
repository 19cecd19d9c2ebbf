#!/usr/bin/env bash
# The code follows .clang-format: clang-format --dry-run --Werror over every C++ file git tracks in
# kiosk/, sync/ and tests/. Fails naming each file and line that differs. To apply the format:
#   git ls-files 'kiosk/*.cpp' 'kiosk/*.h' 'sync/*.cpp' 'sync/*.h' 'tests/*.cpp' 'tests/*.h' | xargs clang-format -i
set -euo pipefail
cd "${1:-$(dirname "$0")/../..}"
command -v clang-format >/dev/null || { echo "clang-format is not installed (Debian: clang-format)" >&2; exit 1; }
git ls-files -z 'kiosk/*.cpp' 'kiosk/*.h' 'sync/*.cpp' 'sync/*.h' 'tests/*.cpp' 'tests/*.h' |
    xargs -0 clang-format --dry-run --Werror
echo "format: every file follows .clang-format"
