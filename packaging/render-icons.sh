#!/usr/bin/env bash
# Renders the application icon (resources/icons/app.svg) to the hicolor PNG
# sizes the package installs, named after the application id. The PNGs are
# committed; run this after changing app.svg (needs rsvg-convert, from
# librsvg2-bin).
set -euo pipefail
cd "$(dirname "$0")/.."
for size in 16 22 24 32 48 64 128 256 512; do
    dir=resources/icons/hicolor/${size}x${size}/apps
    mkdir -p "$dir"
    rsvg-convert -w "$size" -h "$size" resources/icons/app.svg -o "$dir/io.stackdeck.Stackdeck.png"
done
