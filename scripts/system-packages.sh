#!/usr/bin/env bash
# Debian packages postventa uses beyond Python: Chromium for the browser tours,
# wkhtmltopdf for PDF reports. Installs what is missing when run as root with
# apt-get; otherwise says what to install.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || missing+=(chromium)
command -v wkhtmltopdf >/dev/null 2>&1 || missing+=(wkhtmltopdf)
command -v pg_ctl >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || missing+=(postgresql)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "[postventa] installing ${missing[*]}" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" fonts-dejavu-core >/dev/null
else
    echo "[postventa] please install: ${missing[*]} (browser tours and PDF reports need them)" >&2
fi
