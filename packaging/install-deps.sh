#!/usr/bin/env bash
# Installs the Debian 12 packages Stackdeck needs to build, run and test.
# Idempotent: only packages that are missing are installed, and nothing is
# touched when everything is already there.
#
#   packaging/install-deps.sh          build + runtime + test packages
#   packaging/install-deps.sh --check  only report what is missing (exit 1 if anything)
set -euo pipefail

packages=(
    # toolchain
    g++ cmake ninja-build pkg-config clang-format
    # libraries
    qt6-base-dev qt6-base-dev-tools qt6-httpserver-dev qt6-websockets-dev qt6-svg-dev
    libqt6svg6 qtkeychain-qt6-dev
    nlohmann-json3-dev libsimdjson-dev libsqlite3-dev libzstd-dev zlib1g-dev liblz4-dev
    libgoogle-perftools-dev
    # GUI at runtime and in headless tests/screenshots
    qt6-qpa-plugins xvfb xauth fonts-dejavu-core
    # used by the benchmark to compare against what users do by hand
    jq
    # the Debian package (packaging/build-deb.sh): man pages from --help,
    # dpkg-shlibdeps for its Depends (which needs file)
    help2man dpkg-dev file
)

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done

if [ "${1:-}" = "--check" ]; then
    if [ ${#missing[@]} -gt 0 ]; then
        echo "missing: ${missing[*]}"
        exit 1
    fi
    echo "all build and runtime packages are installed"
    exit 0
fi

if [ ${#missing[@]} -eq 0 ]; then
    echo "install-deps: everything is installed"
    exit 0
fi

as_root=()
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        as_root=(sudo)
    else
        echo "install-deps: need root or sudo to install: ${missing[*]}" >&2
        exit 1
    fi
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
