#!/usr/bin/env bash
# The unit settings packaging/README.md promises, checked key by key in the source unit files, then
# the three units parsed by systemd's own verifier under a private root holding this machine's
# units and stand-ins for the programs: no root, no installed package, no running systemd needed.
#   units_test.sh SOURCE_DIR WORK
set -euo pipefail
src="$1" WORK="$2"
. "$(dirname "$0")/common.sh"
rm -rf "$WORK" && mkdir -p "$WORK"
units="$src/packaging/systemd"

# `setting UNIT KEY`: the last value of KEY in UNIT (later assignments win in systemd too).
setting() { sed -n "s/^$2=//p" "$units/$1" | tail -n1; }

expect_eq "kiosk UMask" 0077 "$(setting alliance-kiosk.service UMask)"
expect_eq "kiosk LimitCORE" 0 "$(setting alliance-kiosk.service LimitCORE)"
expect_eq "kiosk IPAddressDeny" any "$(setting alliance-kiosk.service IPAddressDeny)"
expect_eq "kiosk RestrictAddressFamilies" "AF_UNIX AF_NETLINK" "$(setting alliance-kiosk.service RestrictAddressFamilies)"
expect_eq "kiosk OOMScoreAdjust" -900 "$(setting alliance-kiosk.service OOMScoreAdjust)"
expect_eq "kiosk requires the lock-down" alliance-kiosk-lockdown.service "$(setting alliance-kiosk.service Requires)"
grep -q '^ExecStart=/usr/bin/cage -- ' "$units/alliance-kiosk.service" \
    || fail "the kiosk's cage must run without -s (which would allow switching to a text console)"
ok "cage runs without -s: no switching to a text console"
expect_eq "lock-down stops with the kiosk" alliance-kiosk.service "$(setting alliance-kiosk-lockdown.service PartOf)"
expect_eq "lock-down on" "/usr/lib/alliance-kiosk/lockdown on" "$(setting alliance-kiosk-lockdown.service ExecStart)"
expect_eq "lock-down off" "/usr/lib/alliance-kiosk/lockdown off" "$(setting alliance-kiosk-lockdown.service ExecStop)"
expect_eq "sync MemoryMax" 256M "$(setting alliance-sync.service MemoryMax)"
expect_eq "sync OOMScoreAdjust" 500 "$(setting alliance-sync.service OOMScoreAdjust)"
expect_eq "sync LimitCORE" 0 "$(setting alliance-sync.service LimitCORE)"

# systemd's own parser: every key known, every value valid. The programs the units name are
# stand-ins under a private root, so this needs neither root nor the package installed.
root="$WORK/root"
mkdir -p "$root/usr/lib/systemd/system" "$root/usr/bin" "$root/usr/lib/alliance-kiosk"
# The targets and units ours refer to (sysinit.target, getty@tty1.service, ...), then ours.
cp -a /usr/lib/systemd/system/. "$root/usr/lib/systemd/system/"
cp "$units"/*.service "$root/usr/lib/systemd/system/"
for program in usr/bin/cage usr/bin/alliance-kiosk usr/bin/alliance-sync usr/lib/alliance-kiosk/lockdown; do
    printf '#!/bin/sh\n' >"$root/$program" && chmod 755 "$root/$program"
done
if systemd-analyze verify --help 2>/dev/null | grep -q -- '--root'; then
    (cd "$root/usr/lib/systemd/system" && systemd-analyze verify --root="$root" \
        alliance-kiosk.service alliance-kiosk-lockdown.service alliance-sync.service) >"$WORK/verify.log" 2>&1 \
        || { cat "$WORK/verify.log" >&2; fail "systemd-analyze verify"; }
    # It exits 0 on an unknown key or a bad value, with a warning: any output is a failure.
    [ ! -s "$WORK/verify.log" ] || { cat "$WORK/verify.log" >&2; fail "systemd-analyze verify printed warnings"; }
    ok "systemd-analyze verify --root: the three units parse"
else
    ok "this systemd-analyze has no --root; the installed units are verified by packaging.installed_package_runs_syncs_and_purges_cleanly"
fi
