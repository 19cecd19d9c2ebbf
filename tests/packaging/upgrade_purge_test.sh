#!/usr/bin/env bash
# Upgrade and purge with data, as a clinic lives them (packaging/README.md, "Upgrades" and "Removal"):
#  1. the previous package installed, IT's edits to kiosk.toml, a staff PIN, and two completed
#     questionnaires stored by the installed kiosk itself (sync off: both pending);
#  2. the current package installed over it: config, PIN and every stored response unchanged, the
#     store at the current schema version (postinst ran the migrations), status still counts them;
#  3. apt purge: the undelivered responses are not deleted but moved to a dated root-only backup
#     under /var/backups that the message names; the config and everything else is gone.
#   upgrade_purge_test.sh PREVIOUS_DEB DEB VERSION SOURCE_DIR WORK
set -euo pipefail
previous="$1" deb="$2" version="$3" src="$4" WORK="$5"
. "$(dirname "$0")/common.sh"
rm -rf "$WORK" && mkdir -p "$WORK"
[ -f "$previous" ] || fail "no previous package at $previous (packaging.previous_deb_builds makes it)"

# Each backup this test makes goes at the end; one that was there before is left alone.
ls -d /var/backups/alliance-kiosk-* >"$WORK/backups-before" 2>/dev/null || true
remove_new_backups() {
    local b
    for b in /var/backups/alliance-kiosk-*; do
        [ -e "$b" ] && ! grep -qxF "$b" "$WORK/backups-before" && rm -rf "$b"
    done
    return 0
}
on_exit remove_new_backups

# 1. The previous version, in use.
install_package "$previous"
expect_eq "installed version" "${version}~previous" "$(dpkg-query -W -f='${Version}' "$PKG")"
sed -i 's/^clinic_name = .*/clinic_name = "Upgrade Test Clinic"/' "$CONFIG"
grep -q '^clinic_name = "Upgrade Test Clinic"' "$CONFIG" || fail "could not edit clinic_name in $CONFIG"
set_staff_pin 2468
python3 "$src/tests/packaging/seed_responses.py" 2 || fail "seeding responses with the installed kiosk"

# What must survive, as a fingerprint: every queued response (id, state, frozen JSON) and the files.
snapshot() {
    python3 - "$DATA_DIR/alliance.db" <<'PY'
import hashlib, sqlite3, sys
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
rows = db.execute("SELECT session_id, state, response_json FROM outbox ORDER BY session_id").fetchall()
print(len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
PY
}
user_version() { python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("PRAGMA user_version").fetchone()[0])' "$1"; }
before="$(snapshot)"
[ "${before%% *}" = 2 ] || fail "expected 2 stored responses before the upgrade, found: $before"
expect_eq "states of the seeded responses" "pending,pending" \
    "$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT group_concat(state) FROM outbox").fetchone()[0])' "$DATA_DIR/alliance.db")"
config_sum="$(sha256sum <"$CONFIG")"
pin_sum="$(sha256sum <"$ETC_DIR/staff.pin")"
ok "before the upgrade: 2 pending responses, IT's config, a PIN"

# 2. The upgrade. --force-confold: keep IT's kiosk.toml without asking (packaging/README.md).
dpkg -i --force-confold "$deb" >"$WORK/upgrade.log" 2>&1 || { cat "$WORK/upgrade.log" >&2; fail "dpkg -i (upgrade)"; }
expect_eq "version after the upgrade" "$version" "$(dpkg-query -W -f='${Version}' "$PKG")"
expect_eq "stored responses after the upgrade" "$before" "$(snapshot)"
expect_eq "kiosk.toml after the upgrade" "$config_sum" "$(sha256sum <"$CONFIG")"
expect_eq "PIN hash after the upgrade" "$pin_sum" "$(sha256sum <"$ETC_DIR/staff.pin")"
schema="$(sed -n 's/.*static constexpr int schema_version = \([0-9]*\);.*/\1/p' "$src/kiosk/core/store/sqlite_store.h")"
expect_eq "store schema version after the upgrade (postinst migrated it)" "$schema" "$(user_version "$DATA_DIR/alliance.db")"
expect_eq "data dir owner after the upgrade" "alliance-kiosk 700" "$(stat -c '%U %a' "$DATA_DIR")"
as_kiosk_user alliance-sync --config "$CONFIG" status >"$WORK/status.log" 2>&1 || true
grep -Eq '^pending: +2 ' "$WORK/status.log" || { cat "$WORK/status.log" >&2; fail "status after the upgrade does not count 2 pending"; }
ok "alliance-sync status after the upgrade: 2 pending"

# 3. Purge with those two undelivered: a backup, named in the message, root-only, complete.
dpkg --purge "$PKG" >"$WORK/purge.log" 2>&1 || { cat "$WORK/purge.log" >&2; fail "dpkg --purge"; }
cat "$WORK/purge.log"
backup="$(grep -o '/var/backups/alliance-kiosk-[0-9TZ]*' "$WORK/purge.log" | head -n1)"
[ -n "$backup" ] || fail "the purge did not say where the undelivered responses went"
[ -d "$backup" ] || fail "the purge named $backup, which does not exist"
expect_eq "backup owner and mode" "root root 700" "$(stat -c '%U %G %a' "$backup")"
expect_eq "responses in the backup" "$before" "$(DATA_DIR="$backup" snapshot)"
[ ! -e "$backup/unsent-at-removal" ] || fail "the removal's bookkeeping was left in the backup"
for path in "$DATA_DIR" "$ETC_DIR" /usr/bin/alliance-kiosk; do
    [ ! -e "$path" ] || fail "$path is left after dpkg --purge"
done
ok "dpkg --purge kept the 2 undelivered responses in $backup and removed the rest"
