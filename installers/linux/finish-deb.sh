#!/usr/bin/env bash
# Finishes the two .debs jpackage made from the app-images with the files a Debian system expects,
# all owned by their package and removed with it:
#   palisade (the console, /opt/palisade):
#     /usr/bin/palisade                                 a link to the launcher, so it is a command
#     /usr/share/applications/palisade.desktop          the menu entry
#     /usr/share/icons/hicolor/NxN/apps/palisade.png    the icon in every size
#   palisade-server (the server alone, /opt/palisade-server, no desktop dependencies):
#     /usr/bin/palisade-server                          a link to the launcher
#     /usr/lib/systemd/system/palisade-server.service   the service (not enabled), run by the system user
#                                                       palisade with its data in /var/lib/palisade
#     DEBIAN/postinst, prerm, postrm                    palisade-server.{postinst,prerm,postrm} here, in place
#                                                       of jpackage's empty ones: the user made at install,
#                                                       the service stopped at removal, data gone at purge (the user kept)
# jpackage's own desktop integration runs xdg-desktop-menu in postinst, which fails the whole
# install on machines without a menu directory (servers, CI) and adds an entry for the server too;
# rewriting its maintainer-script templates would tie us to one JDK's template text.
# Usage: finish-deb.sh <dir holding palisade_*.deb and palisade-server_*.deb>
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
icons="$here/../../icons/png"
dist="$1"
shopt -s nullglob
debs=("$dist"/palisade_*.deb)
[ ${#debs[@]} -eq 1 ] || { echo "finish-deb: expected one palisade_*.deb in $dist, found ${#debs[@]}" >&2; exit 1; }
deb="${debs[0]}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fakeroot bash -c '
  set -euo pipefail
  deb="$1"; root="$2/root"; here="$3"; icons="$4"
  dpkg-deb -R "$deb" "$root"
  install -d -m 755 "$root/usr/bin" "$root/usr/share/applications"
  ln -s /opt/palisade/bin/palisade "$root/usr/bin/palisade"
  install -m 644 "$here/palisade.desktop" "$root/usr/share/applications/palisade.desktop"
  for size in 16 24 32 48 64 128 256 512; do
    install -d -m 755 "$root/usr/share/icons/hicolor/${size}x${size}/apps"
    install -m 644 "$icons/palisade-$size.png" "$root/usr/share/icons/hicolor/${size}x${size}/apps/palisade.png"
  done
  # the installed size grew by the icons
  size_kb=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
  sed -i "s/^Installed-Size: .*/Installed-Size: $size_kb/" "$root/DEBIAN/control"
  dpkg-deb -Zxz --build "$root" "$deb" >/dev/null
' finish "$deb" "$work" "$here" "$icons"
echo "finish-deb: $deb provides the command palisade, a menu entry and icons"

servers=("$dist"/palisade-server_*.deb)
[ ${#servers[@]} -eq 1 ] || { echo "finish-deb: expected one palisade-server_*.deb in $dist, found ${#servers[@]}" >&2; exit 1; }
server="${servers[0]}"
fakeroot bash -c '
  set -euo pipefail
  deb="$1"; root="$2/server-root"; here="$3"
  dpkg-deb -R "$deb" "$root"
  install -d -m 755 "$root/usr/bin" "$root/usr/lib/systemd/system"
  ln -s /opt/palisade-server/bin/palisade-server "$root/usr/bin/palisade-server"
  install -m 644 "$here/palisade-server.service" "$root/usr/lib/systemd/system/palisade-server.service"
  for script in postinst prerm postrm; do
    install -m 755 "$here/palisade-server.$script" "$root/DEBIAN/$script"
  done
  size_kb=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
  sed -i "s/^Installed-Size: .*/Installed-Size: $size_kb/" "$root/DEBIAN/control"
  dpkg-deb -Zxz --build "$root" "$deb" >/dev/null
' finish "$server" "$work" "$here"
if command -v systemd-analyze >/dev/null 2>&1; then
  # the unit as installed, its launcher path pointed at the one in the package (not installed here)
  dpkg-deb -x "$server" "$work/check"
  install -d "$work/unit"
  sed "s|/opt/palisade-server/bin/palisade-server|$work/check/opt/palisade-server/bin/palisade-server|" \
    "$work/check/usr/lib/systemd/system/palisade-server.service" >"$work/unit/palisade-server.service"
  (cd "$work/unit" && systemd-analyze verify ./palisade-server.service) \
    || { echo "finish-deb: systemd-analyze verify finds fault with palisade-server.service" >&2; exit 1; }
  echo "finish-deb: systemd-analyze verify passes palisade-server.service"
else
  echo "finish-deb: no systemd-analyze here; palisade-server.service not verified"
fi
if dpkg-deb -f "$server" Depends | grep -q -i -E "gtk|libx11|libxt|libasound"; then
  echo "finish-deb: $server depends on desktop libraries: $(dpkg-deb -f "$server" Depends)" >&2
  exit 1
fi
echo "finish-deb: $server provides the command palisade-server and the service palisade-server (not enabled), without desktop dependencies"
