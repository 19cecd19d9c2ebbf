# Shared by the packaging tests (sourced). The tests install the real .deb on this machine with
# dpkg, so every one that installs it also purges it on the way out, pass or fail (trap).
PKG=alliance-kiosk
KIOSK_USER=alliance-kiosk
DATA_DIR=/var/lib/alliance-kiosk
ETC_DIR=/etc/alliance-kiosk
CONFIG=$ETC_DIR/kiosk.toml
SKIP=77  # ctest SKIP_RETURN_CODE

fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }
skip() { printf 'SKIP: %s\n' "$*"; exit "$SKIP"; }
ok() { printf 'ok: %s\n' "$*"; }

is_installed() { dpkg-query -W -f='${Status}' "$PKG" 2>/dev/null | grep -q 'ok installed'; }

as_kiosk_user() { runuser -u "$KIOSK_USER" -- "$@"; }

# `expect_eq WHAT EXPECTED ACTUAL`
expect_eq() { [ "$2" = "$3" ] || fail "$1: expected '$2', got '$3'"; ok "$1 = $2"; }

# Cleanup steps run in reverse order of registration when the script exits, however it exits.
cleanup_steps=()
on_exit() { cleanup_steps+=("$1"); }
run_cleanup() {
    local i
    for ((i = ${#cleanup_steps[@]} - 1; i >= 0; i--)); do eval "${cleanup_steps[i]}" || true; done
}
trap run_cleanup EXIT
trap 'exit 130' INT TERM

purge_package() {
    if is_installed || dpkg-query -W "$PKG" >/dev/null 2>&1; then
        dpkg --purge "$PKG" >"${WORK:-/tmp}/purge.log" 2>&1 || cat "${WORK:-/tmp}/purge.log" >&2
    fi
}

# Installs the .deb after making sure nothing of a real installation would be lost: purging deletes
# the data and config directories, so refuse if they exist without this test having made them.
install_package() {
    local deb="$1"
    [ "$(id -u)" -eq 0 ] || skip "installing a package needs root (CI runs as root)"
    [ -f "$deb" ] || fail "no package at $deb (the test packaging.deb_builds makes it)"
    if dpkg-query -W "$PKG" >/dev/null 2>&1; then
        fail "$PKG is already installed or half-removed on this machine; this test installs and purges" \
             "it (deleting $DATA_DIR), so it will not touch one it did not install. Run" \
             "'dpkg --purge $PKG' if it is a leftover of an interrupted test run."
    fi
    local dir
    for dir in "$DATA_DIR" "$ETC_DIR"; do
        [ ! -e "$dir" ] || fail "$dir exists without the package installed; the purge at the end of" \
                                "this test would delete it. Move it away first."
    done
    on_exit purge_package
    dpkg -i "$deb" >"$WORK/install.log" 2>&1 || { cat "$WORK/install.log" >&2; fail "dpkg -i $deb"; }
    is_installed || fail "dpkg -i returned 0 but $PKG is not 'install ok installed'"
    ok "dpkg -i $(basename "$deb")"
}

# The PIN as IT sets it (packaging/README.md): the program itself, as the kiosk user.
set_staff_pin() {
    printf '%s\n%s\n' "$1" "$1" | as_kiosk_user alliance-kiosk --set-pin --config "$CONFIG" >"$WORK/set-pin.log" 2>&1 \
        || { cat "$WORK/set-pin.log" >&2; fail "alliance-kiosk --set-pin as $KIOSK_USER"; }
    expect_eq "owner and mode of the PIN hash" "alliance-kiosk 600" "$(stat -c '%U %a' "$ETC_DIR/staff.pin")"
}
