#!/usr/bin/env bash
# One entry point for a fresh Debian 12 machine (README.md, "Quick start"):
#   quickstart.sh demo   install what is missing, build, run the kiosk on the bundled content
#   quickstart.sh test   install what is missing, build, run every test
# Installs only the Debian packages that are missing; a node/npm already on PATH is used as is.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
mode="${1:-}"
build="${ALLIANCE_BUILD_DIR:-$root/build}"
jobs="$(nproc 2>/dev/null || echo 2)"

# Each step says how long the run has taken so far, so a slow stage shows in CI's log.
say() { printf '\n==> [%dm%02ds] %s\n' $((SECONDS / 60)) $((SECONDS % 60)) "$*"; }
die() { printf 'quickstart: %s\n' "$*" >&2; exit 1; }

case "$mode" in
  demo|test) ;;
  *) die "usage: $0 demo|test" ;;
esac

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else die "need root to install packages: run as root or install sudo"; fi
}

install_missing() {
  local wanted=() missing=() pkg
  # The demo needs the list up to its "tests only" heading; the tests need all of it.
  mapfile -t wanted < <(awk -v mode="$mode" '
    mode == "demo" && /^# -- The tests only/ { exit }
    !/^[[:space:]]*#/ && NF { print $1 }' "$here/debian-packages.txt")
  if [ "$mode" = test ] && ! { command -v node && command -v npm; } >/dev/null 2>&1; then
    wanted+=(nodejs npm)
  fi
  for pkg in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if [ "${#missing[@]}" -eq 0 ]; then
    say "all ${#wanted[@]} Debian packages present"
    return
  fi
  say "installing ${#missing[@]} missing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

install_node_packages() {
  local dir="$root/tests/fhir-server"
  [ -f "$dir/package-lock.json" ] || return 0
  if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    say "installing the pinned FHIR test server packages (npm ci)"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

# configure_and_build DIR [cmake options...] [-- targets...]
configure_and_build() {
  local dir="$1" options=() targets=(); shift
  while [ $# -gt 0 ] && [ "$1" != -- ]; do options+=("$1"); shift; done
  [ $# -gt 0 ] && shift && targets=(--target "$@")
  say "building in $dir"
  cmake -S "$root" -B "$dir" -DALLIANCE_WERROR=ON "${options[@]}" >/dev/null
  cmake --build "$dir" -j "$jobs" "${targets[@]}"
}

install_missing

# Tools only (tests/fresh-machine/run.sh): stop once everything is installed.
if [ "${ALLIANCE_QUICKSTART_INSTALL_ONLY:-0}" = 1 ]; then
  [ "$mode" = test ] && install_node_packages
  say "installed; stopping (ALLIANCE_QUICKSTART_INSTALL_ONLY=1)"
  exit 0
fi

if [ "$mode" = demo ]; then
  # Only the kiosk: the tests (and the packages they need) are the test command's.
  configure_and_build "$build" -DALLIANCE_BUILD_TESTS=OFF -- alliance-kiosk
  exec "$here/run-demo.sh" "$build"
fi

# Stage 1: the normal build and every test (unit, integration, UI under Xvfb, packaging).
install_node_packages
# Configured for /usr so that the packaging tests pack this very build instead of building again.
configure_and_build "$build" -DCMAKE_INSTALL_PREFIX=/usr -DALLIANCE_BUILD_TESTS=ON
say "running the test suite"
# Tests run two at a time: each uses its own Xvfb display, server port and temporary directory.
ctest --test-dir "$build" --output-on-failure --timeout 900 -LE bench -j "$jobs"

# Stage 2, one clang build with AddressSanitizer + UndefinedBehaviorSanitizer everywhere (and
# libFuzzer's coverage instrumentation): first the unit and integration tests again under the
# sanitizers, then each libFuzzer target for a bounded time (tests/fuzz/README.md has the long
# run). Packaging is left out (it installs the normal build), and so are the few tests labelled
# nosan (tests/sync and tests/ui CMakeLists say why each). Leaks are checked; tests/lsan.supp
# lists only system libraries (Mesa, Xlib, OpenAL, ...) that keep allocations until exit.
# ALLIANCE_SKIP_SANITIZERS=1 skips the tests here, ALLIANCE_SKIP_FUZZ=1 the fuzzers.
if [ "${ALLIANCE_SKIP_SANITIZERS:-0}" != 1 ] || [ "${ALLIANCE_SKIP_FUZZ:-0}" != 1 ]; then
  # Warnings are errors in stage 1 only (the sanitizers' instrumentation makes compilers warn
  # falsely inside the standard library, which is not our code).
  CXX=clang++ configure_and_build "$build-fuzz" -DALLIANCE_FUZZ=ON -DALLIANCE_WERROR=OFF \
    -DALLIANCE_FUZZ_SECONDS="${ALLIANCE_FUZZ_SECONDS:-60}"
  if [ "${ALLIANCE_SKIP_SANITIZERS:-0}" != 1 ]; then
    say "running the test suite under ASan+UBSan"
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    LSAN_OPTIONS=suppressions="$root/tests/lsan.supp" \
      ctest --test-dir "$build-fuzz" --output-on-failure --timeout 900 -LE "bench|packaging|fuzz|nosan" -j "$jobs"
  fi
  if [ "${ALLIANCE_SKIP_FUZZ:-0}" != 1 ]; then
    say "fuzzing each target for ${ALLIANCE_FUZZ_SECONDS:-60} s, $jobs at a time"
    ctest --test-dir "$build-fuzz" --output-on-failure -L fuzz -j "$jobs"
  fi
fi
say "all stages passed"
