#!/usr/bin/env bash
# The keyboard lock-down script (packaging/lib/lockdown) on stand-in files, so it runs anywhere
# without root: `on` writes 0 to the SysRq switch and masks ctrl-alt-del.target (a symlink to
# /dev/null); `off` puts back the SysRq value from before and removes only the mask it made. A
# second `on` does not lose the saved value; a missing SysRq file is reported, never fatal.
#   lockdown_test.sh SOURCE_DIR WORK
set -euo pipefail
src="$1" WORK="$2"
. "$(dirname "$0")/common.sh"
rm -rf "$WORK" && mkdir -p "$WORK/units"
lockdown="$src/packaging/lib/lockdown"
export ALLIANCE_LOCKDOWN_SYSRQ="$WORK/sysrq" ALLIANCE_LOCKDOWN_UNIT_DIR="$WORK/units" ALLIANCE_LOCKDOWN_STATE="$WORK/state"
mask="$WORK/units/ctrl-alt-del.target"

echo 176 >"$WORK/sysrq"
"$lockdown" on 2>"$WORK/on.log" || fail "lockdown on exited $?"
expect_eq "SysRq while the kiosk runs" 0 "$(cat "$WORK/sysrq")"
expect_eq "ctrl-alt-del.target while the kiosk runs" /dev/null "$(readlink "$mask")"
"$lockdown" on 2>>"$WORK/on.log"  # systemd may run it twice (a failed stop): nothing lost
"$lockdown" off 2>"$WORK/off.log" || fail "lockdown off exited $?"
expect_eq "SysRq after the kiosk stopped" 176 "$(cat "$WORK/sysrq")"
[ ! -e "$mask" ] && [ ! -L "$mask" ] || fail "ctrl-alt-del.target still masked after off"
ok "ctrl-alt-del.target unmasked after off"

# IT's own mask stays: lockdown only undoes what it did.
ln -s /dev/null "$mask"
"$lockdown" on 2>/dev/null && "$lockdown" off 2>/dev/null
[ -L "$mask" ] || fail "lockdown off removed a mask it did not make"
ok "a mask IT made survives on/off"
rm -f "$mask"

# No SysRq file (a container): reported, Ctrl+Alt+Del still masked, exit 0.
rm -f "$WORK/sysrq"
"$lockdown" on 2>"$WORK/nosysrq.log" || fail "lockdown on failed without a SysRq file"
grep -q "SysRq not changed" "$WORK/nosysrq.log" || fail "no word about the missing SysRq file: $(cat "$WORK/nosysrq.log")"
[ -L "$mask" ] || fail "ctrl-alt-del.target not masked when SysRq is missing"
"$lockdown" off 2>/dev/null
ok "without a SysRq file: reported, the rest still done"
