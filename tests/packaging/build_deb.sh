#!/usr/bin/env bash
# Builds the .deb for the other packaging tests with the documented command
# (packaging/build-deb.sh) and leaves it at OUT/alliance-kiosk.deb.
#   build_deb.sh SOURCE_DIR MAIN_BUILD_DIR OUT
# If the main build is configured for CMAKE_INSTALL_PREFIX=/usr its programs are packed as they are;
# otherwise (CI's build is for /usr/local) a packaging build under OUT/build is configured once.
set -euo pipefail
src="$1" main_build="$2" out="$3"
bash "$src/packaging/build-deb.sh" --from-build "$main_build" "$out"
[ -f "$out/alliance-kiosk.deb" ] || { echo "FAIL: packaging/build-deb.sh left no $out/alliance-kiosk.deb"; exit 1; }
