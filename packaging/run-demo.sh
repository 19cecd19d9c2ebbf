#!/usr/bin/env bash
# run-demo.sh <build dir>: runs the kiosk built there with the bundled content and the demo
# configuration (store under ~/.local/share/alliance-kiosk-demo, sync off). Called by
# `quickstart.sh demo`. With no display, runs it for 10 s under Xvfb and keeps screenshots.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
build="$(cd "${1:-$root/build}" && pwd)"
shift || true
kiosk="$build/kiosk/ui/alliance-kiosk"
[ -x "$kiosk" ] || { echo "run-demo.sh: $kiosk is missing: build first (quickstart.sh demo)" >&2; exit 1; }
export ALLIANCE_CONTENT_DIR="$root/content"

how_to_leave() {
  cat <<TEXT
  A patient cannot close the kiosk. To leave it: press Ctrl+C in this terminal, or hold the
  top-right corner for 3 s, enter the staff PIN and choose "Exit the app" (set a PIN first with
  $kiosk --set-pin).
TEXT
}

if [ -n "${DISPLAY:-}" ]; then
  echo "Starting the kiosk in a 1280x800 window (full screen: leave out --windowed)."
  how_to_leave
  exec "$kiosk" --windowed 1280x800 "$@"
fi

shots="$build/demo-screenshots"
rm -rf "$shots"
mkdir -p "$shots"
echo "There is no display here (DISPLAY is not set), so the kiosk cannot open its window."
echo "Running it for 10 s under a virtual X server (xvfb-run) instead ..."
status=0
xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" \
  timeout 10 "$kiosk" --windowed 1280x800 --screenshot-dir "$shots" --ui-tree "$shots/ui-tree.json" "$@" \
  > "$shots/kiosk.log" 2>&1 || status=$?
# timeout's 124 is the normal end of the 10 s.
if [ "$status" -ne 0 ] && [ "$status" -ne 124 ]; then
  echo "The kiosk failed (exit status $status); its log:" >&2
  tail -20 "$shots/kiosk.log" >&2
  exit 1
fi
# It ran only if it drew the welcome screen: the tree says so and the screenshot is there.
if ! grep -q '"screen": *"welcome"' "$shots/ui-tree.json" 2>/dev/null || ! compgen -G "$shots/*.png" >/dev/null; then
  echo "The kiosk started but drew no welcome screen; its log:" >&2
  tail -20 "$shots/kiosk.log" >&2
  exit 1
fi
echo "It ran. What it showed is in $shots/ (one PNG per screen it drew, and ui-tree.json)."
echo "To use it, run on a machine with a display (a desktop session, or the kiosk's own screen):"
echo "  $kiosk --windowed 1280x800"
how_to_leave
