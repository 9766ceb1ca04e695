#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds traceflow_<version>_amd64.deb and traceflow-<version>-linux-amd64.tar.gz from a checkout:
#   installer/package.sh                 install what is missing, build (release preset), package
#                                        into build/packages/
#   installer/package.sh --no-build --build-dir DIR --output DIR
#                                        package an existing build (the package test does this)
# Needs dpkg-dev (dpkg-shlibdeps) and binutils (strip), both part of build-essential.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/.." && pwd)
build_dir="$top/build/${TRACEFLOW_PRESET:-release}"
output="$top/build/packages"
do_build=1

while [ $# -gt 0 ]; do
    case "$1" in
        --no-build) do_build=0 ;;
        --build-dir) build_dir=$(realpath -m "$2"); shift ;;
        --output) output=$(realpath -m "$2"); shift ;;
        *) echo "usage: installer/package.sh [--no-build] [--build-dir DIR] [--output DIR]" >&2
           exit 2 ;;
    esac
    shift
done

if [ "$do_build" = 1 ]; then
    bash "$here/setup.sh" build
fi
if [ ! -f "$build_dir/CPackConfig.cmake" ]; then
    echo "package: $build_dir is not a configured build directory" >&2
    exit 1
fi

mkdir -p "$output"
rm -f "$output"/traceflow_*.deb "$output"/traceflow-*.tar.gz
# Files owned by root in the archives whoever builds; umask 022 so that no group-writable file
# lands in the package.
umask 022
cpack --config "$build_dir/CPackConfig.cmake" -B "$output"
# cpack's scratch tree is large (unstripped copies); only the packages are of interest.
rm -rf "$output/_CPack_Packages"
ls -1 "$output"/traceflow_*.deb "$output"/traceflow-*.tar.gz
