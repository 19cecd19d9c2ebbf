#!/usr/bin/env bash
# Clinic IT's first setup from packaging/README.md ("First setup", "Day to day"), typed as root on
# a fresh Debian 12 with the package installed, then the kiosk user's own work: nothing IT typed
# may leave a file the services cannot use. Run inside the chroot by run.sh's `guide` mode:
#   guide_as_root.sh DEB FHIR_URL TOKEN
set -euo pipefail
deb="$1" url="$2" token="$3"
conf=/etc/alliance-kiosk/kiosk.toml
data=/var/lib/alliance-kiosk
step() { printf '\n--- %s\n' "$*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }

step "apt-get install ./$(basename "$deb") (what the guide's Install section says)"
apt-get install -y -qq "$deb" >/dev/null
# Xvfb stands in for the screen: there is no systemd, seat or GPU in a chroot to run cage on.
apt-get install -y -qq --no-install-recommends xvfb xauth >/dev/null

step "1. edit the config (as nano would): [kiosk] id, [sync] kind/url/auth/token_file"
sed -i "s|^kind = \"off\"|kind = \"fhir\"\nurl = \"$url\"\nauth = \"bearer\"\ntoken_file = \"/etc/alliance-kiosk/sync.token\"|" "$conf"
grep -q '^kind = "fhir"' "$conf" || fail "could not set [sync] kind in $conf"

step "2. alliance-kiosk --set-pin"
printf '2468\n2468\n' | alliance-kiosk --set-pin

step "3. the token, written as the kiosk user"
printf '%s\n' "$token" | runuser -u alliance-kiosk -- sh -c 'umask 077; cat > /etc/alliance-kiosk/sync.token'

step "4. alliance-sync check"
alliance-sync check

step "Day to day, as root: status, export, touch sync.request"
alliance-sync status || [ $? -eq 5 ]
alliance-sync export --output "$data/export.csv"
touch "$data/sync.request"

step "What root left in $data and /etc/alliance-kiosk"
ls -la "$data" /etc/alliance-kiosk
foreign="$(find "$data" -mindepth 1 ! -user alliance-kiosk ! -name sync.request)"
[ -z "$foreign" ] || fail "files in $data the kiosk user does not own: $foreign"

step "5. the services' work, as their user (no systemd here): the sync daemon's pass, the kiosk"
runuser -u alliance-kiosk -- alliance-sync --config "$conf" push
tree="$data/ui-tree-check.json"
runuser -u alliance-kiosk -- env HOME="$data" xvfb-run -a -s "-screen 0 1280x800x24" \
    timeout 8 alliance-kiosk --config "$conf" --windowed 1280x800 --ui-tree "$tree" || [ $? -eq 124 ]
grep -q '"screen":"welcome"' "$tree" || { cat "$tree"; fail "the kiosk does not show the welcome screen"; }
rm -f "$tree"
echo
echo "guide as root: the kiosk shows welcome, the sync user pushes, nothing in $data is root's"
