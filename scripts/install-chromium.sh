#!/usr/bin/env bash
# Install Debian's Chromium (plus a couple of small font packages) for the browser tests.
#
# Why Debian's package: Playwright's own `playwright install` downloads a browser build from a
# CDN, which this project's machines and CI cannot reach; Debian's chromium comes from apt,
# which they can. tests/browser/conftest.py launches /usr/bin/chromium (or $CHROMIUM_PATH).
#
# Idempotent: if chromium already runs, print its version and exit 0.
set -euo pipefail

CHROMIUM=/usr/bin/chromium
# fonts-dejavu-core: Debian's default sans/serif/mono fallback.
# fonts-liberation2: metric-compatible Arial/Times/Courier, so pages whose CSS names common web
#   fonts lay out with realistic widths in screenshots. Both are small (~4 MB each);
#   Noto (~40 MB) and colour emoji are deliberately left out.
PACKAGES=(chromium fonts-dejavu-core fonts-liberation2)

if [[ -x "$CHROMIUM" ]] && version="$("$CHROMIUM" --version 2>/dev/null)"; then
    echo "$version"
    exit 0
fi

if [[ "$(id -u)" -ne 0 ]]; then
    cat >&2 <<MSG
error: $CHROMIUM is missing (or does not run) and this script is not running as root.
Install it with:
    sudo apt-get update
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${PACKAGES[*]}
or point the browser tests at another Chromium with CHROMIUM_PATH=/path/to/chromium.
MSG
    exit 1
fi

start=$SECONDS
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}" >/dev/null
# 2>/dev/null: Debian's /etc/chromium.d/dev-shm prints a harmless "[: unexpected operator"
# when findmnt reports several /dev/shm mounts.
"$CHROMIUM" --version 2>/dev/null
echo "installed ${PACKAGES[*]} in $((SECONDS - start))s"
