#!/usr/bin/env bash
# Renders palisade.svg into every size the window, the installers and the README use:
#   png/palisade-{16…1024}.png   Linux installers and the README
#   palisade.ico                 Windows installer (16–256 in one file)
#   palisade.icns                macOS installer (written by Icns.java: iconutil exists only on macOS)
#   the console's window icons   app/src/main/resources/dev/palisade/console/icons/
# Needs ImageMagick (apt-get install imagemagick) and a JDK. Run it after changing the SVG and commit
# what it writes.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/png"
app="$here/../app/src/main/resources/dev/palisade/console/icons"
mkdir -p "$out" "$app"
for size in 16 24 32 48 64 128 256 512 1024; do
  # -strip: no timestamps in the PNGs, so an unchanged SVG renders to unchanged files
  convert -background none -density 300 "$here/palisade.svg" -resize "${size}x${size}" -depth 8 -strip "$out/palisade-$size.png"
done
convert $(for s in 16 24 32 48 64 128 256; do echo "$out/palisade-$s.png"; done) "$here/palisade.ico"
java "$here/Icns.java" "$out" "$here/palisade.icns"
for size in 16 32 64 128 256; do
  cp "$out/palisade-$size.png" "$app/palisade-$size.png"
done
echo "icons written to $out, $here/palisade.ico, $here/palisade.icns and $app"
