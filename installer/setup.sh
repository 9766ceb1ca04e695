#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# One entry point for a fresh Debian 12 machine (run as root, or with sudo available):
#   installer/setup.sh run    install what is missing, build (release), run the product
#   installer/setup.sh test   install what is missing, build (release), run the whole test suite
#   installer/setup.sh build  install what is missing and build only
# Idempotent: packages already installed are left alone, the build is incremental.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/.." && pwd)
preset=${TRACEFLOW_PRESET:-release}

# Build and runtime packages. Why each non-Qt one is here is in README.md ("Dependencies").
packages=(
    build-essential cmake ninja-build pkg-config
    qt6-base-dev qt6-base-dev-tools qt6-httpserver-dev qt6-websockets-dev qt6-charts-dev libgl-dev libqt6opengl6-dev
    nlohmann-json3-dev libsimdjson-dev libprotobuf-dev protobuf-compiler zlib1g-dev
    libqt6sql6-sqlite
    xvfb xauth
)
# Only the test suite needs these: desktop checks, the package checks (lintian, appstreamcli,
# groff for the man pages), clickhouse-server for the ClickHouse tests (started by the tests as
# a plain process on free loopback ports), and Node.js for the real OpenTelemetry JS
# client (checked by command: a machine may already have Node.js from elsewhere, whose bundled
# npm conflicts with Debian's npm package).
test_packages=(desktop-file-utils imagemagick lintian appstream groff-base clickhouse-server)
command -v node >/dev/null 2>&1 || test_packages+=(nodejs)
command -v npm >/dev/null 2>&1 || test_packages+=(npm)

missing_packages() {
    local p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || echo "$p"
    done
}

install_packages() {
    local missing
    missing=$(missing_packages "$@")
    [ -z "$missing" ] && return 0
    local sudo=()
    [ "$(id -u)" -ne 0 ] && sudo=(sudo)
    echo "setup: installing missing packages: $(echo $missing | tr '\n' ' ')"
    "${sudo[@]}" apt-get update -qq
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends $missing
}

build() {
    cd "$top"
    cmake --preset "$preset" >/dev/null
    cmake --build --preset "$preset" --parallel "$(nproc)"
}

run_product() {
    local bin="$top/build/$preset"
    if [ -x "$bin/app/traceflow" ]; then
        # The desktop app; under no display (a server, CI) it runs in a virtual X server.
        if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
            exec xvfb-run -a -s "-screen 0 1600x1000x24" "$bin/app/traceflow" "$@"
        fi
        exec "$bin/app/traceflow" "$@"
    fi
    exec "$bin/collector/traceflow-collector" "$@"
}

cmd=${1:-run}
[ $# -gt 0 ] && shift
case "$cmd" in
    build)
        install_packages "${packages[@]}"
        build ;;
    run)
        install_packages "${packages[@]}"
        build
        run_product "$@" ;;
    test)
        install_packages "${packages[@]}" "${test_packages[@]}"
        build
        cd "$top"
        QT_QPA_PLATFORM=offscreen ctest --preset "$preset" --parallel "$(nproc)" "$@" ;;
    *)
        echo "usage: installer/setup.sh run|test|build" >&2
        exit 2 ;;
esac
