#!/usr/bin/env bash
# Builds the .deb for the other packaging tests and leaves it at OUT/alliance-kiosk.deb.
#   build_deb.sh SOURCE_DIR MAIN_BUILD_DIR OUT
# If the main build is configured for CMAKE_INSTALL_PREFIX=/usr its programs are packed as they are;
# otherwise (CI's build is for /usr/local) a packaging build under OUT/build is configured once with
# the /usr prefix and Debian's hardening flags and only the two programs are built there, so a
# second run only recompiles what changed.
set -euo pipefail
src="$1" main_build="$2" out="$3"
mkdir -p "$out"

cache_value() { sed -n "s/^$1:[A-Z]*=//p" "$2/CMakeCache.txt"; }

if [ "$(cache_value CMAKE_INSTALL_PREFIX "$main_build")" = /usr ]; then
    build="$main_build"
    echo "packing the main build ($build), which is configured for /usr"
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
            -DCMAKE_EXE_LINKER_FLAGS="$(dpkg-buildflags --get LDFLAGS)" >"$out/configure.log" \
            || { cat "$out/configure.log"; exit 1; }
    fi
fi

start=$(date +%s)
cmake --build "$build" --target alliance-kiosk alliance-sync -j "$(nproc)" >"$out/build.log" 2>&1 \
    || { tail -50 "$out/build.log"; echo "FAIL: building alliance-kiosk and alliance-sync in $build"; exit 1; }
echo "built the programs in $(( $(date +%s) - start )) s"

rm -f "$out"/*.deb "$out"/cpack/*.deb
# cpack's own "preinstall" would build every target; the two programs are already built.
cpack --config "$build/CPackConfig.cmake" -G DEB -B "$out/cpack" >"$out/cpack.log" 2>&1 \
    || { cat "$out/cpack.log"; echo "FAIL: cpack"; exit 1; }
deb=$(ls "$out"/cpack/alliance-kiosk_*.deb)
cp "$deb" "$out/alliance-kiosk.deb"
echo "built $(basename "$deb") ($(stat -c %s "$deb") bytes) in $(( $(date +%s) - start )) s"
