#!/usr/bin/env bash
# docker compose 'oca-addons' service: the OCA addons pinned in requirements-oca.txt,
# unpacked as wheels into a volume (their addons land in <target>/odoo/addons, which
# docker/odoo.conf adds to the addons path). Installs once: when every pinned version
# is already there it does nothing, so `up` and `run` need no network and never
# rewrite the addons under a running server; a changed pin installs them again.
#
# The container's paths are the defaults; scripts/docker-check.sh runs it elsewhere:
#   POSTVENTA_ROOT   the checkout (default /mnt/postventa)
#   POSTVENTA_OCA    the target folder (default /mnt/oca)
#   POSTVENTA_PIP    the pip command (default: pip3)
set -euo pipefail
ROOT="${POSTVENTA_ROOT:-/mnt/postventa}"
TARGET="${POSTVENTA_OCA:-/mnt/oca}"
REQUIREMENTS="${POSTVENTA_OCA_REQUIREMENTS:-$ROOT/requirements-oca.txt}"
read -ra PIP <<<"${POSTVENTA_PIP:-pip3}"

say() { echo "[postventa] $*" >&2; }

# the pins (name==version) whose wheel is not unpacked in the target yet
missing_pins() {
    local line name version dist
    while IFS= read -r line || [ -n "$line" ]; do
        line="${line%%#*}"
        line="${line//[[:space:]]/}"
        [ -n "$line" ] || continue
        if [[ "$line" != *==* ]]; then
            say "requirements-oca.txt pins every addon with ==, not: $line"
            return 1
        fi
        name="${line%%==*}"
        version="${line#*==}"
        # a wheel's metadata folder: <normalised_name>-<version>.dist-info
        dist="$(echo "$name" | tr '[:upper:]' '[:lower:]' | sed -E 's/[-_.]+/_/g')-$version.dist-info"
        if [ -z "$(find "$TARGET" -maxdepth 1 -iname "$dist" 2>/dev/null)" ]; then
            echo "$line"
        fi
    done <"$REQUIREMENTS"
}

missing="$(missing_pins)"
if [ -z "$missing" ]; then
    say "OCA addons up to date in $TARGET"
    exit 0
fi
say "installing the OCA addons into $TARGET: $(echo "$missing" | paste -sd' ' -)"
mkdir -p "$TARGET"
"${PIP[@]}" install --quiet --disable-pip-version-check --no-deps --upgrade \
    --break-system-packages --target "$TARGET" -r "$REQUIREMENTS"
missing="$(missing_pins)"
if [ -n "$missing" ]; then
    say "pip ran, but these are still missing from $TARGET: $missing"
    exit 1
fi
