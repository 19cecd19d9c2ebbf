#!/usr/bin/env bash
# Makes the "previous" package for the upgrade test: OUT/alliance-kiosk-previous.deb.
#   build_previous_deb.sh SOURCE_DIR OUT VERSION [PREVIOUS]
# PREVIOUS is a released .deb (what clinics run now: the truest test), or a git revision of
# SOURCE_DIR (default "main"), whose tree is exported (git archive) and packed with its own
# build_deb.sh. Its version is set to VERSION~previous, which dpkg orders before VERSION, so
# installing the current package over it is an upgrade.
set -euo pipefail
src="$1" out="$2" version="$3" previous="${4:-main}"
mkdir -p "$out"

if [ -f "$previous" ]; then
    cp "$previous" "$out/previous-as-built.deb"
    echo "previous package: $previous"
else
    rev="$(git -C "$src" rev-parse --verify "$previous^{commit}")" \
        || { echo "FAIL: '$previous' is neither a .deb nor a git revision of $src"; exit 1; }
    # One source tree and build per revision (a build directory remembers its source directory).
    tree="$out/src-$rev" build="$out/build-$rev"
    if [ ! -d "$tree" ]; then
        rm -rf "$out"/src-* "$out"/build-*
        mkdir -p "$tree"
        git -C "$src" archive "$rev" | tar -x -C "$tree"
    fi
    # ccache, when present, makes a rebuild of an unchanged revision quick.
    if command -v ccache >/dev/null; then export CMAKE_CXX_COMPILER_LAUNCHER=ccache; fi
    # Its build_deb.sh packs a main build configured for /usr, else makes its own: give it none.
    bash "$tree/tests/packaging/build_deb.sh" "$tree" "$build/none" "$build" 2>&1 | grep -v "CMakeCache.txt: No such file"
    cp "$build/alliance-kiosk.deb" "$out/previous-as-built.deb"
    echo "previous package: $previous ($rev)"
fi

rm -rf "$out/repack"
dpkg-deb -R "$out/previous-as-built.deb" "$out/repack"
sed -i "s/^Version: .*/Version: ${version}~previous/" "$out/repack/DEBIAN/control"
dpkg-deb --root-owner-group -b "$out/repack" "$out/alliance-kiosk-previous.deb" >/dev/null
rm -rf "$out/repack"
echo "repacked as version ${version}~previous: $out/alliance-kiosk-previous.deb"
