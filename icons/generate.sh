#!/usr/bin/env bash
# Renders palisade.svg into every size the window and the installers use. Needs ImageMagick
# (apt-get install imagemagick). Run from anywhere; writes icons/png/ and the console's window icons.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/png"
app="$here/../app/src/main/resources/dev/palisade/console/icons"
mkdir -p "$out" "$app"
for size in 16 24 32 48 64 128 256 512 1024; do
  convert -background none -density 300 "$here/palisade.svg" -resize "${size}x${size}" "$out/palisade-$size.png"
done
for size in 16 32 64 128 256; do
  cp "$out/palisade-$size.png" "$app/palisade-$size.png"
done
echo "icons written to $out and $app"
