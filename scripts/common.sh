# shellcheck shell=bash disable=SC2034  # sourced: its variables are the scripts'
# Shared settings for the postventa scripts. Sourced, not run.
# Everything the scripts create lives under .local/ (ignored by git).
set -euo pipefail
export PATH="$PATH:/usr/sbin:/sbin"  # runuser, useradd

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="${POSTVENTA_STATE:-$ROOT/.local}"
VENV="${POSTVENTA_VENV:-$ROOT/.venv}"
PY="$VENV/bin/python"
ADDONS="postventa_helpdesk,postventa_rma,postventa_courier,postventa_mrp,postventa_claim"
ODOO_CONF="$STATE/odoo.conf"
# languages the demo database is created with (--load-language): Latin American Spanish
# for four of the demo companies, Spanish of Spain for Aserti, English stays; the first
# is the default language of new contacts. Test databases load none (their demo data
# activates both Spanish variants for postventa's own terms).
LANGUAGES="${POSTVENTA_LANGUAGES-es_419,es_ES}"
# Odoo's own sources: a folder (unpacked sdist or git checkout) or a tarball URL.
OFFICIAL_NIGHTLY="https://nightly.odoo.com/18.0/nightly/src/odoo_18.0.latest.tar.gz"
if [ -z "${ODOO_SOURCE:-}" ]; then
    if [ -f "$HOME/odoo-18.0/setup.py" ]; then ODOO_SOURCE="$HOME/odoo-18.0"; else ODOO_SOURCE="$OFFICIAL_NIGHTLY"; fi
fi
# PostgreSQL: reuse a running server when PGHOST is given, else our own cluster.
PG_OWN=0
if [ -z "${PGHOST:-}" ]; then
    PG_OWN=1
    PGPORT="${PGPORT:-5433}"
    PGUSER="${PGUSER:-odoo}"
fi
export PGHOST="${PGHOST:-}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-odoo}"

# pip, quietly: this machine's pip configuration may name package folders that do not exist
pip_install() {
    local rc
    set +e
    "$PY" -m pip install -q --disable-pip-version-check "$@" 2>&1 | grep -v "^WARNING: Location '" >&2
    rc=${PIPESTATUS[0]}
    set -e
    return "$rc"
}

say() { printf '\033[1m[postventa]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[31m[postventa] %s\033[0m\n' "$*" >&2; exit 1; }

odoo_missing_help() {
    cat >&2 <<MSG
Odoo 18.0 is not importable from $VENV and could not be installed from
ODOO_SOURCE=$ODOO_SOURCE.

Get Odoo 18.0 in one of these ways, then run the command again:
  * Odoo's source: unpack an Odoo 18.0 source tree (the nightly sdist from
    $OFFICIAL_NIGHTLY, or a git checkout of the 18.0 branch)
    and point ODOO_SOURCE at it:  ODOO_SOURCE=/path/to/odoo-18.0 make test
    (default: ~/odoo-18.0 when present, else the nightly tarball above).
  * Docker: 'docker compose up' uses the official odoo:18.0 image; see README.md.
MSG
}
