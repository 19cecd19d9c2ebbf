#!/usr/bin/env bash
# Runs one Quick start command on a fresh Debian 12 made for the purpose: a debootstrap chroot
# (minbase, plus git and ca-certificates, nothing else), as a clinic's new machine would be.
#
#   tests/fresh-machine/run.sh demo|test [WORKDIR]
#   tests/fresh-machine/run.sh guide [WORKDIR]
#
# `guide` installs the .deb instead (ALLIANCE_DEB, default build/tests/packaging/out/alliance-kiosk.deb,
# made by the packaging tests) and types the IT guide's first setup as root (guide_as_root.sh),
# against the FHIR test server started here on loopback (its npm packages must be installed).
#
# The repository's committed HEAD is cloned into the chroot (what CI sees: nothing uncommitted,
# no build directory, no node_modules). The chroot trusts the host's certificate authorities, as a
# machine behind a TLS-inspecting proxy must, and its root is bind-mounted onto itself so that the
# tests that make mount namespaces (unshare, systemd-run) behave as on a real machine.
# ALLIANCE_ISOLATE_NET=1 runs the command (after its install step) without the host's network, so
# that UI tests on the host and in the chroot can run at the same time.
# Needs root, debootstrap and a Debian mirror. WORKDIR defaults to /var/tmp/alliance-fresh; the
# chroot is made anew each run and removed at the end (ALLIANCE_KEEP_CHROOT=1 keeps it).
set -euo pipefail

mode="${1:-}"
case "$mode" in demo|test|guide) ;; *) echo "usage: $0 demo|test|guide [WORKDIR]" >&2; exit 2 ;; esac
work="${2:-/var/tmp/alliance-fresh}"
mirror="${ALLIANCE_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
repo="$(git -C "$(dirname "${BASH_SOURCE[0]}")" rev-parse --show-toplevel)"
root="$work/root"

[ "$(id -u)" -eq 0 ] || { echo "run.sh: needs root (debootstrap, chroot, mount)" >&2; exit 2; }
command -v debootstrap >/dev/null || { echo "run.sh: needs debootstrap (apt-get install debootstrap)" >&2; exit 2; }

say() { printf '\n==> [fresh-machine %dm%02ds] %s\n' $((SECONDS / 60)) $((SECONDS % 60)) "$*"; }

mounts=()
server=""
cleanup() {
  local i
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; fi
  for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do umount -l "${mounts[i]}" 2>/dev/null || true; done
  if [ "${ALLIANCE_KEEP_CHROOT:-0}" != 1 ]; then rm -rf --one-file-system "$root"; fi
}
trap cleanup EXIT
bind() { mkdir -p "$2"; mount "${@:3}" "$1" "$2"; mounts+=("$2"); }

if [ -d "$root" ]; then rm -rf --one-file-system "$root"; fi
mkdir -p "$work"
say "debootstrap bookworm (minbase + git, ca-certificates) into $root"
debootstrap --variant=minbase --include=git,ca-certificates bookworm "$root" "$mirror" >"$work/debootstrap.log" 2>&1 \
  || { tail -20 "$work/debootstrap.log" >&2; exit 1; }

# The host's own certificate authorities (a TLS-inspecting proxy's among them), added the Debian way.
if compgen -G "/usr/local/share/ca-certificates/*" >/dev/null; then
  cp -a /usr/local/share/ca-certificates/. "$root/usr/local/share/ca-certificates/"
  chroot "$root" update-ca-certificates >/dev/null
fi
cp /etc/resolv.conf "$root/etc/resolv.conf"
# The same apt sources as the host (a mirror or snapshot the host is set up to reach).
if [ -f /etc/apt/sources.list ]; then cp /etc/apt/sources.list "$root/etc/apt/"; else rm -f "$root/etc/apt/sources.list"; fi
for f in /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
  if [ -f "$f" ]; then cp "$f" "$root/etc/apt/sources.list.d/"; fi
done
# npm reads its certificate authority from /etc/npmrc on a machine behind such a proxy.
if [ -f /etc/npmrc ]; then cp /etc/npmrc "$root/etc/npmrc"; fi

before=$(chroot "$root" dpkg-query -W -f='${Status}\n' | grep -c "install ok installed")

bind "$root" "$root" --bind
bind proc "$root/proc" -t proc
bind sysfs "$root/sys" -t sysfs
bind /dev "$root/dev" --rbind
bind devpts "$root/dev/pts" -t devpts -o newinstance,ptmxmode=0666
bind tmpfs "$root/dev/shm" -t tmpfs
bind tmpfs "$root/run" -t tmpfs

say "cloning $(git -C "$repo" rev-parse --short HEAD) into the chroot"
git clone -q "$repo" "$root/root/alliance-kiosk"

if [ "$mode" = guide ]; then
  deb="${ALLIANCE_DEB:-$repo/build/tests/packaging/out/alliance-kiosk.deb}"
  [ -f "$deb" ] || { echo "run.sh: no package at $deb (run the packaging tests, or set ALLIANCE_DEB)" >&2; exit 2; }
  cp "$deb" "$root/root/alliance-kiosk.deb"
  # The chroot shares the host's network: a server on the host's loopback is the kiosk's server.
  token="guide-$RANDOM$RANDOM"
  exec 3< <(node "$repo/tests/fhir-server/server.js" --bearer "$token")
  server=$!
  read -r port <&3
  command=(bash /root/alliance-kiosk/tests/fresh-machine/guide_as_root.sh /root/alliance-kiosk.deb
           "http://127.0.0.1:$port/fhir" "$token")
else
  command=(bash -c "cd /root/alliance-kiosk && bash packaging/quickstart.sh $mode")
fi

in_chroot() {
  chroot "$root" /usr/bin/env -i HOME=/root TERM="${TERM:-dumb}" LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$@"
}

say "running: ${command[*]}"
start=$SECONDS
set +e
if [ "${ALLIANCE_ISOLATE_NET:-0}" = 1 ] && [ "$mode" != guide ]; then
  # The chroot shares the host's network namespace, and with it X's abstract sockets: a host
  # Xvfb on the same display number as a test's would clash. With ALLIANCE_ISOLATE_NET=1 the
  # Quick start's install step runs first (it needs the mirror and npm), then the whole command
  # in a network namespace of its own with only loopback, where it finds nothing left to install.
  in_chroot env ALLIANCE_QUICKSTART_INSTALL_ONLY=1 bash -c "cd /root/alliance-kiosk && bash packaging/quickstart.sh $mode" \
    2>&1 | tee "$work/$mode-install.log"
  unshare --net bash -c 'ip link set lo up && exec "$@"' isolated \
    chroot "$root" /usr/bin/env -i HOME=/root TERM="${TERM:-dumb}" LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "${command[@]}" 2>&1 | tee "$work/$mode.log"
else
  in_chroot "${command[@]}" 2>&1 | tee "$work/$mode.log"
fi
rc=${PIPESTATUS[0]}
set -e
took=$((SECONDS - start))
after=$(chroot "$root" dpkg-query -W -f='${Status}\n' | grep -c "install ok installed")
say "$mode exited $rc after $((took / 60))m$((took % 60))s; packages: $before after debootstrap, $after at the end ($((after - before)) installed by the project)"
echo "log: $work/$mode.log"
exit "$rc"
