#!/usr/bin/env bash
# Debian packages postventa uses beyond Python: Chromium for the browser tours,
# wkhtmltopdf for PDF reports; for `make docker-check`, shellcheck, PyYAML for
# python3 and, without Docker's own compose, Compose v1 (`docker-compose config`
# needs no engine). Installs what is missing when run as root with apt-get;
# otherwise says what to install.
#   bash scripts/system-packages.sh docker   # also the container engine of CI's Docker
#                                            # step (scripts/docker-e2e.sh): podman, runc,
#                                            # its DNS plugin, debootstrap, iptables
set -euo pipefail
missing=()
if [ "${1:-}" = docker ]; then
    command -v podman >/dev/null 2>&1 || command -v docker >/dev/null 2>&1 \
        || missing+=(podman runc golang-github-containernetworking-plugin-dnsname)
    command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
    command -v iptables >/dev/null 2>&1 || missing+=(iptables)
fi
command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || missing+=(chromium)
command -v wkhtmltopdf >/dev/null 2>&1 || missing+=(wkhtmltopdf)
command -v pg_ctl >/dev/null 2>&1 || compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null || missing+=(postgresql)
command -v shellcheck >/dev/null 2>&1 || missing+=(shellcheck)
python3 -c "import yaml" >/dev/null 2>&1 || missing+=(python3-yaml)
docker compose version >/dev/null 2>&1 || command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
# Odoo prints with wkhtmltopdf "with patched qt" (wkhtmltox 0.12.6.1): the distribution's
# build drops report headers and footers and draws web fonts as shapes (postventa's own
# documents work around it; Odoo's other reports do not)
note_unpatched_wkhtmltopdf() {
    command -v wkhtmltopdf >/dev/null 2>&1 || return 0
    local version
    version="$(wkhtmltopdf --version 2>/dev/null || true)"
    if [[ "${version,,}" != *"patched qt"* ]]; then
        echo "[postventa] note: wkhtmltopdf has no patched Qt (report headers and footers are lost);" \
            "Odoo asks for wkhtmltox 0.12.6.1: https://github.com/wkhtmltopdf/packaging/releases" >&2
    fi
}
if [ ${#missing[@]} -eq 0 ]; then
    note_unpatched_wkhtmltopdf
    exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "[postventa] installing ${missing[*]}" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" fonts-dejavu-core >/dev/null
else
    echo "[postventa] please install: ${missing[*]} (browser tours, PDF reports and make docker-check need them)" >&2
fi
note_unpatched_wkhtmltopdf
