#!/usr/bin/env bash
# compare_screenshots.sh BEFORE AFTER: are two runs' screenshots the same pixel for pixel?
# BEFORE and AFTER are `ui.screenshots_of_every_screen` outputs (<build>/tests/ui/screenshots), e.g.
# one from main and one from a branch that changes drawing. Compares the pixel signature of every
# PNG (ImageMagick's `identify -format %#`, independent of PNG encoding) and lists the frames of
# each run that have no pixel-identical frame in the other. Frame numbers differ between runs; the
# comment screens taken while the test types are taken mid-typing, so a typed letter or two may
# differ there from run to run. Exit status 0: no frame without a twin, 1: some.
set -euo pipefail
[ $# -eq 2 ] && [ -d "$1" ] && [ -d "$2" ] || { echo "usage: $0 BEFORE_DIR AFTER_DIR" >&2; exit 2; }
signatures() { (cd "$1" && find . -name '*.png' | sort | while read -r f; do echo "$(identify -format '%#' "$f") $f"; done); }
before="$(signatures "$1")"
after="$(signatures "$2")"
count() { echo "$1" | grep -c . || true; }
distinct() { echo "$1" | cut -d' ' -f1 | sort -u | grep -c . || true; }
echo "before: $(count "$before") frames ($(distinct "$before") distinct); after: $(count "$after") frames ($(distinct "$after") distinct)"
only() { awk 'NR==FNR{seen[$1]=1; next} !($1 in seen){print "  " $2}' <(echo "$2") <(echo "$1"); }
only_before="$(only "$before" "$after")"
only_after="$(only "$after" "$before")"
echo "only before:"; [ -n "$only_before" ] && echo "$only_before"
echo "only after:"; [ -n "$only_after" ] && echo "$only_after"
[ -z "$only_before$only_after" ]
