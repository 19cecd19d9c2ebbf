#!/usr/bin/env bash
# Installs the .deb with dpkg -i as a clinic would, checks what postinst set up, runs the installed
# programs (alliance-kiosk --version, --set-pin, and alliance-sync check against the local FHIR test
# server) as the kiosk user and then as root, as the guide says (they switch to the kiosk user),
# then purges the package and checks that nothing of it is left.
#   install_test.sh DEB VERSION SOURCE_DIR WORK
set -euo pipefail
deb="$1" version="$2" src="$3" WORK="$4"
. "$(dirname "$0")/common.sh"
rm -rf "$WORK" && mkdir -p "$WORK"

install_package "$deb"

# What postinst set up: the user, the directories, the enabled units.
IFS=: read -r _ _ _ _ _ home shell < <(getent passwd "$KIOSK_USER") || fail "no user $KIOSK_USER"
expect_eq "home of $KIOSK_USER" "$DATA_DIR" "$home"
expect_eq "shell of $KIOSK_USER" /usr/sbin/nologin "$shell"
for group in video render input audio; do
    id -nG "$KIOSK_USER" | tr ' ' '\n' | grep -qx "$group" || fail "$KIOSK_USER is not in group $group"
done
ok "$KIOSK_USER is in video, render, input, audio"
expect_eq "data dir mode, owner, group" "700 alliance-kiosk alliance-kiosk" "$(stat -c '%a %U %G' "$DATA_DIR")"
expect_eq "config dir mode, owner, group" "750 alliance-kiosk alliance-kiosk" "$(stat -c '%a %U %G' "$ETC_DIR")"
expect_eq "config file mode, owner" "644 root" "$(stat -c '%a %U' "$CONFIG")"
dpkg-query -W -f='${Conffiles}\n' "$PKG" | grep -q "^ $CONFIG " || fail "$CONFIG is not a conffile"
ok "$CONFIG is a conffile"
# deb-systemd-helper links /lib/systemd/system/..., the same file on a merged-/usr system.
expect_eq "kiosk unit enabled" "$(realpath /usr/lib/systemd/system/alliance-kiosk.service)" \
    "$(realpath -e /etc/systemd/system/graphical.target.wants/alliance-kiosk.service)"
expect_eq "sync unit enabled" "$(realpath /usr/lib/systemd/system/alliance-sync.service)" \
    "$(realpath -e /etc/systemd/system/multi-user.target.wants/alliance-sync.service)"

# The weekly report timer is off until a clinic turns it on (sync/README.md).
[ ! -e /etc/systemd/system/timers.target.wants/alliance-sync-report.timer ] || fail "report timer enabled by the package"
ok "report timer installed, not enabled"

# The units as installed, with their programs in place (works without systemd as PID 1).
systemd-analyze verify /usr/lib/systemd/system/alliance-kiosk.service \
    /usr/lib/systemd/system/alliance-kiosk-lockdown.service \
    /usr/lib/systemd/system/alliance-sync.service /usr/lib/systemd/system/alliance-sync-report.service \
    /usr/lib/systemd/system/alliance-sync-report.timer >"$WORK/verify.log" 2>&1 \
    || { cat "$WORK/verify.log" >&2; fail "systemd-analyze verify"; }
[ ! -s "$WORK/verify.log" ] || { cat "$WORK/verify.log" >&2; fail "systemd-analyze verify printed warnings"; }
ok "systemd-analyze verify: the three units clean"

# The installed programs, run as the kiosk user like the services run them.
out="$(as_kiosk_user alliance-kiosk --version)"
grep -q "$version" <<<"$out" || fail "alliance-kiosk --version printed '$out', not $version"
ok "alliance-kiosk --version: $out"
set_staff_pin 2468

# alliance-sync check against the local FHIR test server, with the installed config edited the way
# packaging/README.md tells IT to ([sync] kind and url).
server_dir="$src/tests/fhir-server"
[ -d "$server_dir/node_modules" ] || fail "the FHIR test server's packages are missing ($server_dir; quickstart.sh runs npm ci)"
node "$server_dir/server.js" >"$WORK/server.out" 2>"$WORK/server.err" &
server_pid=$!
on_exit "kill $server_pid 2>/dev/null"
for _ in $(seq 1 120); do [ -s "$WORK/server.out" ] && break; kill -0 "$server_pid" 2>/dev/null || break; sleep 0.25; done
port="$(head -n1 "$WORK/server.out")"
[[ "$port" =~ ^[0-9]+$ ]] || { cat "$WORK/server.err" >&2; fail "the FHIR test server did not print its port"; }
sed -i "s|^kind = \"off\"|kind = \"fhir\"\nurl = \"http://127.0.0.1:$port/fhir\"|" "$CONFIG"
grep -q "^url = \"http://127.0.0.1:$port/fhir\"" "$CONFIG" || fail "could not set [sync] url in $CONFIG"
as_kiosk_user alliance-sync --config "$CONFIG" check >"$WORK/check.log" 2>&1 \
    || { cat "$WORK/check.log" >&2; fail "alliance-sync check against http://127.0.0.1:$port/fhir"; }
cat "$WORK/check.log"
grep -q 'FHIR 4.0.1' "$WORK/check.log" || fail "alliance-sync check did not report the server's FHIR version"
ok "alliance-sync check passes against the test server, as $KIOSK_USER"
as_kiosk_user alliance-sync --config "$CONFIG" status >"$WORK/status.log" 2>&1 \
    || { cat "$WORK/status.log" >&2; fail "alliance-sync status as $KIOSK_USER"; }
ok "$KIOSK_USER reads the queue status"

# The guide's commands typed in a root shell, as packaging/README.md ("Who runs what") says: the
# programs switch to the kiosk user, so everything they create is that user's.
printf '1357\n1357\n' | alliance-kiosk --set-pin >"$WORK/root-set-pin.log" 2>&1 \
    || { cat "$WORK/root-set-pin.log" >&2; fail "alliance-kiosk --set-pin as root"; }
grep -q "working as $KIOSK_USER" "$WORK/root-set-pin.log" || fail "--set-pin as root did not switch to $KIOSK_USER"
for command in check status "export --output $DATA_DIR/export.csv"; do
    # shellcheck disable=SC2086  # the export's options are meant to split
    alliance-sync $command >"$WORK/root-sync.log" 2>&1 || { cat "$WORK/root-sync.log" >&2; fail "alliance-sync $command as root"; }
done
touch "$DATA_DIR/sync.request"  # "sync now" by hand, as root: allowed, the daemon only looks at it
not_kiosk_users="$(find "$DATA_DIR" "$ETC_DIR" ! -user "$KIOSK_USER" ! -path "$CONFIG" ! -path "$DATA_DIR/sync.request")"
[ -z "$not_kiosk_users" ] || fail "run as root, the programs left files $KIOSK_USER does not own: $not_kiosk_users"
ok "--set-pin, check, status and export typed as root leave only $KIOSK_USER's files"

# "Sync now": the daemon as alliance-sync.service runs it, and the request file the kiosk's staff
# menu writes (or root touches), with the data directory the one user's.
# setpriv execs the daemon itself (runuser would stay in between and not pass on the signal).
setpriv --reuid="$KIOSK_USER" --regid="$KIOSK_USER" --init-groups -- \
    alliance-sync --config "$CONFIG" run >"$WORK/daemon.log" 2>&1 &
daemon_pid=$!
on_exit "kill $daemon_pid 2>/dev/null; wait $daemon_pid 2>/dev/null"
wait_for_log() {  # `wait_for_log TEXT`: up to 20 s for the daemon to log TEXT
    local _
    for _ in $(seq 1 80); do
        grep -qF "$1" "$WORK/daemon.log" && return 0
        kill -0 "$daemon_pid" 2>/dev/null || break
        sleep 0.25
    done
    cat "$WORK/daemon.log" >&2
    fail "the sync daemon did not log '$1'"
}
wait_for_log "sync daemon started"
touch "$DATA_DIR/sync.request"  # root's file, from the step above
wait_for_log "sync requested"
kill "$daemon_pid"; wait "$daemon_pid" 2>/dev/null || true
ok "the sync daemon, run as $KIOSK_USER, picks up $DATA_DIR/sync.request"

# Purge, and nothing of the package may be left (the system user stays, as Debian does). The
# store holds no response, so nothing is kept as a backup either.
ls -d /var/backups/alliance-kiosk-* >"$WORK/backups-before" 2>/dev/null || true
dpkg --purge "$PKG" >"$WORK/purge.log" 2>&1 || { cat "$WORK/purge.log" >&2; fail "dpkg --purge"; }
ls -d /var/backups/alliance-kiosk-* 2>/dev/null | grep -vxF -f "$WORK/backups-before" \
    && fail "a purge with nothing undelivered made a backup"
dpkg-query -W "$PKG" >/dev/null 2>&1 && fail "$PKG still known to dpkg after --purge"
for path in /usr/bin/alliance-kiosk /usr/bin/alliance-sync /usr/share/alliance-kiosk "$ETC_DIR" "$DATA_DIR" \
            /etc/pam.d/alliance-kiosk /usr/lib/systemd/system/alliance-kiosk.service \
            /usr/lib/systemd/system/alliance-kiosk-lockdown.service /usr/lib/alliance-kiosk \
            /usr/lib/systemd/system/alliance-sync.service /usr/lib/sysusers.d/alliance-kiosk.conf \
            /usr/lib/tmpfiles.d/alliance-kiosk.conf /usr/share/doc/alliance-kiosk \
            /etc/systemd/system/graphical.target.wants/alliance-kiosk.service \
            /etc/systemd/system/multi-user.target.wants/alliance-sync.service; do
    [ ! -e "$path" ] && [ ! -L "$path" ] || fail "$path is left after dpkg --purge"
done
dpkg-statoverride --list "$ETC_DIR" >/dev/null && fail "a stat override for $ETC_DIR is left after purge"
ok "dpkg --purge removed the programs, content, config, data, units and overrides"
