#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Renders the committed PNG icons from the SVG sources (needs rsvg-convert, librsvg2-bin).
# Run after changing traceflow.svg or traceflow-16.svg; the build only installs the results.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
for size in 16 22 24 32 48 64 128 256 512; do
    # The 16 px size has its own drawing on a whole-pixel grid; scaled down, the full one blurs.
    source=traceflow.svg
    [ "$size" -eq 16 ] && source=traceflow-16.svg
    mkdir -p "icons/hicolor/${size}x${size}/apps"
    rsvg-convert -w "$size" -h "$size" "$source" -o "icons/hicolor/${size}x${size}/apps/traceflow.png"
done
