#!/usr/bin/env bash
# Builds the Debian package, and nothing else: no tests (packaging/README.md, "Build the package").
#   packaging/build-deb.sh [--from-build DIR] [OUT]
# OUT (default: build-deb in the checkout) gets a packaging build in OUT/build, configured once
# for the /usr prefix with Debian's hardening flags (dpkg-buildflags) and without the tests; only
# the two programs are built there (a second run recompiles only what changed), then cpack packs
# them. The package is left as OUT/alliance-kiosk_<version>_<arch>.deb and OUT/alliance-kiosk.deb.
# ALLIANCE_PKG_MAINTAINER="Clinic IT <it@clinic.example>" sets the package's Maintainer field (read
# when OUT/build is first configured).
# --from-build DIR packs an existing build instead when it is configured for /usr (the tests use
# their own build so), and otherwise falls back to OUT/build.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$(cd "$here/.." && pwd)"
from_build=""
if [ "${1:-}" = --from-build ]; then from_build="$2"; shift 2; fi
out="$(mkdir -p "${1:-$src/build-deb}" && cd "${1:-$src/build-deb}" && pwd)"

cache_value() { sed -n "s/^$1:[A-Z]*=//p" "$2/CMakeCache.txt"; }

if [ -n "$from_build" ] && [ "$(cache_value CMAKE_INSTALL_PREFIX "$from_build")" = /usr ]; then
    build="$from_build"
    echo "packing the build in $build, which is configured for /usr"
else
    build="$out/build"
    if [ ! -f "$build/CMakeCache.txt" ]; then
        echo "configuring a packaging build for /usr in $build"
        # dpkg-buildflags: Debian's optimisation and hardening flags (fortify, relro, bindnow),
        # without -g: cpack strips the programs anyway, and debug info slows the compile.
        export DEB_BUILD_MAINT_OPTIONS=hardening=+all DEB_CXXFLAGS_MAINT_STRIP=-g
        cmake -S "$src" -B "$build" -DCMAKE_INSTALL_PREFIX=/usr -DCMAKE_BUILD_TYPE=None \
            -DALLIANCE_BUILD_TESTS=OFF -DCMAKE_SKIP_INSTALL_ALL_DEPENDENCY=ON \
            -DCMAKE_CXX_FLAGS="$(dpkg-buildflags --get CXXFLAGS) $(dpkg-buildflags --get CPPFLAGS)" \
            -DCMAKE_EXE_LINKER_FLAGS="$(dpkg-buildflags --get LDFLAGS)" \
            ${ALLIANCE_PKG_MAINTAINER:+"-DALLIANCE_PKG_MAINTAINER=$ALLIANCE_PKG_MAINTAINER"} \
            >"$out/configure.log" || { cat "$out/configure.log"; exit 1; }
    fi
fi

start=$(date +%s)
cmake --build "$build" --target alliance-kiosk alliance-sync -j "$(nproc)" >"$out/build.log" 2>&1 \
    || { tail -50 "$out/build.log"; echo "FAIL: building alliance-kiosk and alliance-sync in $build"; exit 1; }
echo "built the programs in $(( $(date +%s) - start )) s"

# The front-desk guide (packaging/guide): the kiosk's real screens, so it needs a virtual X server,
# xdotool, ImageMagick and chromium. ALLIANCE_SKIP_GUIDE=1 packs without it.
if [ "${ALLIANCE_SKIP_GUIDE:-0}" != 1 ]; then
    for tool in Xvfb xdotool import chromium; do
        command -v "$tool" >/dev/null || { echo "FAIL: the front-desk guide needs $tool (apt install xvfb xdotool imagemagick chromium), or set ALLIANCE_SKIP_GUIDE=1 to pack without it"; exit 1; }
    done
    cmake --build "$build" --target front-desk-guide >"$out/guide.log" 2>&1 \
        || { tail -30 "$out/guide.log"; echo "FAIL: the front-desk guide (log: $out/guide.log)"; exit 1; }
    echo "made the front-desk guide (PDF, English and Spanish)"
else
    rm -f "$build"/front-desk-guide/*.pdf
    echo "ALLIANCE_SKIP_GUIDE=1: packing without the front-desk guide"
fi

rm -f "$out"/*.deb "$out"/cpack/*.deb
# cpack's own "preinstall" would build every target; the two programs are already built.
cpack --config "$build/CPackConfig.cmake" -G DEB -B "$out/cpack" >"$out/cpack.log" 2>&1 \
    || { cat "$out/cpack.log"; echo "FAIL: cpack"; exit 1; }
deb=$(ls "$out"/cpack/alliance-kiosk_*.deb)
cp "$deb" "$out/"
cp "$deb" "$out/alliance-kiosk.deb"
echo "built $out/$(basename "$deb") ($(stat -c %s "$deb") bytes) in $(( $(date +%s) - start )) s"
