#!/usr/bin/env bash
# Checks the built .deb without installing it: metadata (dpkg-deb -I), file list and modes
# (dpkg-deb -c), conffiles, maintainer scripts, lintian (no errors), and the sync unit's systemd
# hardening score (systemd-analyze security --offline).
#   check_deb.sh DEB VERSION WORK
set -euo pipefail
deb="$1" version="$2" WORK="$3"
. "$(dirname "$0")/common.sh"
[ -f "$deb" ] || fail "no package at $deb (the test packaging.deb_builds makes it)"
rm -rf "$WORK" && mkdir -p "$WORK"

field() { dpkg-deb -f "$deb" "$1"; }
expect_eq "Package" "$PKG" "$(field Package)"
expect_eq "Version" "$version" "$(field Version)"
expect_eq "Architecture" "$(dpkg --print-architecture)" "$(field Architecture)"
depends="$(field Depends)"
for dep in cage xwayland fonts-dejavu-core espeak-ng-data libpam-systemd 'libsfml-graphics2.5' \
           'libsqlite3-0' 'libcurl4' 'libsodium23' 'libc6'; do
    grep -Eq "(^|, )$dep( |,|$)" <<<"$depends" || fail "Depends lacks $dep: $depends"
done
ok "Depends has cage, xwayland, fonts, voice data and the shared libraries (shlibdeps)"

dpkg-deb -c "$deb" >"$WORK/contents"
# `expect_file MODE OWNER PATH`: one line of the listing, e.g. -rwxr-xr-x root/root ./usr/bin/x
expect_file() {
    awk -v m="$1" -v o="$2" -v p="./$3" '$1 == m && $2 == o && $6 == p { found = 1 } END { exit !found }' \
        "$WORK/contents" || fail "the package lacks $3 as $1 $2:
$(grep -F "$3" "$WORK/contents" || echo '(not in the package)')"
}
expect_file -rwxr-xr-x root/root usr/bin/alliance-kiosk
expect_file -rwxr-xr-x root/root usr/bin/alliance-sync
expect_file -rw-r--r-- root/root usr/lib/alliance-kiosk/alliance-kiosk-speech.so
expect_file -rw-r--r-- root/root usr/share/alliance-kiosk/questionnaires/alliance-check.json
expect_file -rw-r--r-- root/root usr/share/alliance-kiosk/strings/en.json
expect_file -rw-r--r-- root/root usr/share/alliance-kiosk/strings/es.json
expect_file -rw-r--r-- root/root usr/share/alliance-kiosk/theme.toml
expect_file -rw-r--r-- root/root etc/alliance-kiosk/kiosk.toml
expect_file -rw-r--r-- root/root etc/pam.d/alliance-kiosk
expect_file -rw-r--r-- root/root usr/lib/systemd/system/alliance-kiosk.service
expect_file -rw-r--r-- root/root usr/lib/systemd/system/alliance-sync.service
expect_file -rw-r--r-- root/root usr/lib/systemd/system/alliance-kiosk-lockdown.service
expect_file -rwxr-xr-x root/root usr/lib/alliance-kiosk/lockdown
expect_file -rw-r--r-- root/root usr/lib/systemd/system/alliance-sync-report.service
expect_file -rw-r--r-- root/root usr/lib/systemd/system/alliance-sync-report.timer
expect_file -rw-r--r-- root/root usr/share/alliance-kiosk/fhir/CodeSystem-score.json
expect_file -rw-r--r-- root/root usr/lib/sysusers.d/alliance-kiosk.conf
expect_file -rw-r--r-- root/root usr/lib/tmpfiles.d/alliance-kiosk.conf
expect_file -rw-r--r-- root/root usr/share/doc/alliance-kiosk/copyright
expect_file -rw-r--r-- root/root usr/share/doc/alliance-kiosk/changelog.gz
expect_file -rw-r--r-- root/root usr/share/doc/alliance-kiosk/README.md
expect_file -rw-r--r-- root/root usr/share/doc/alliance-kiosk/kiosk/README.md
expect_file -rw-r--r-- root/root usr/share/doc/alliance-kiosk/sync/README.md
expect_file -rw-r--r-- root/root usr/share/doc/alliance-kiosk/content/README.md
expect_file -rw-r--r-- root/root usr/share/doc/alliance-kiosk/front-desk-guide-en.pdf
expect_file -rw-r--r-- root/root usr/share/doc/alliance-kiosk/front-desk-guide-es.pdf
expect_file -rw-r--r-- root/root usr/share/man/man1/alliance-kiosk.1.gz
expect_file -rw-r--r-- root/root usr/share/man/man1/alliance-sync.1.gz
ok "file list and modes"
if grep -E '\./usr/local/|/work/|/build' "$WORK/contents"; then fail "paths from the build machine in the package"; fi
# The benchmark's autopilot and the tests' fault driver are in alliance-kiosk-bench only.
if grep -E 'alliance-kiosk-bench' "$WORK/contents"; then fail "alliance-kiosk-bench is in the package"; fi
ok "no build-machine or /usr/local paths"

dpkg-deb -e "$deb" "$WORK/control"
expect_eq "conffiles" "$(printf '/etc/alliance-kiosk/kiosk.toml\n/etc/pam.d/alliance-kiosk')" \
    "$(sort "$WORK/control/conffiles")"
for script in postinst prerm postrm; do
    [ -x "$WORK/control/$script" ] || fail "maintainer script $script missing or not executable"
    sh -n "$WORK/control/$script" || fail "maintainer script $script: syntax error"
done
ok "maintainer scripts present, executable, valid sh"
grep -q 'systemd-sysusers alliance-kiosk.conf' "$WORK/control/postinst" || fail "postinst does not create the user"
grep -q 'systemd-tmpfiles --create alliance-kiosk.conf' "$WORK/control/postinst" || fail "postinst does not create $DATA_DIR"

# lintian: no errors. Its warnings and notes are printed for the record (packaging/README.md,
# "Lintian", says which remain and why). It warns when run as root; that line is noise here.
rc=0
lintian --fail-on error --display-level '>=warning' "$deb" >"$WORK/lintian.raw" 2>&1 || rc=$?
grep -v 'running with root privileges' "$WORK/lintian.raw" | tee "$WORK/lintian.log" || true
if [ "$rc" -ne 0 ] || grep -q '^E:' "$WORK/lintian.log"; then fail "lintian reports errors (exit $rc)"; fi
ok "lintian: no errors"

# The sync daemon's sandbox, scored by systemd itself (0 = locked down, 10 = none). 2.0 or less is
# what this unit is meant to keep; the kiosk unit cannot be locked down as far (it needs the GPU,
# input devices and a logind session), its score is printed for the record.
dpkg-deb -x "$deb" "$WORK/root"
score() {
    systemd-analyze security --no-pager --offline=yes "$WORK/root/usr/lib/systemd/system/$1" 2>&1 \
        | sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p'
}
sync_score="$(score alliance-sync.service)"
[ -n "$sync_score" ] || fail "systemd-analyze security gave no score for alliance-sync.service"
awk -v s="$sync_score" 'BEGIN { exit !(s <= 2.0) }' || fail "alliance-sync.service exposure $sync_score > 2.0"
ok "alliance-sync.service exposure $sync_score (systemd-analyze security; <= 2.0 wanted)"
echo "alliance-kiosk.service exposure $(score alliance-kiosk.service) (for the record)"

# The guide alliance-sync's messages name by its installed path is in the package, and the IT
# guide has its upgrade section (issue 17).
sync_guide=/usr/share/doc/alliance-kiosk/sync/README.md
printf '[sync]\nbatch_sise = 5\n' >"$WORK/bad-key.toml"
message="$("$WORK/root/usr/bin/alliance-sync" --config "$WORK/bad-key.toml" check 2>&1 || true)"
grep -qF "$sync_guide" <<<"$message" || fail "alliance-sync check's advice on a bad key does not name $sync_guide:
$message"
[ -f "$WORK/root$sync_guide" ] || fail "alliance-sync's messages name $sync_guide, but the package lacks it"
grep -q '^## Upgrade' "$WORK/root/usr/share/doc/alliance-kiosk/README.md" \
    || fail "the installed IT guide has no '## Upgrade' section"
ok "the guides messages point to are installed, with the upgrade section"
