#!/bin/bash
# The stand-in odoo:18.0 image's entry point: postventa's own, written to the official
# image's contract (not a copy of it). The database connection comes from the
# environment the official image reads (HOST, PORT, USER, PASSWORD or PASSWORD_FILE,
# then the linked container's and libpq's variables, then 'db' / 5432 / 'odoo'); each
# is passed to Odoo unless odoo.conf ($ODOO_RC) sets it. Odoo waits for PostgreSQL.
set -euo pipefail

if [ -n "${PASSWORD_FILE:-}" ]; then
    PASSWORD="$(cat "$PASSWORD_FILE")"
fi
HOST="${HOST:-${DB_PORT_5432_TCP_ADDR:-${PGHOST:-db}}}"
PORT="${PORT:-${DB_PORT_5432_TCP_PORT:-${PGPORT:-5432}}}"
USER="${USER:-${DB_ENV_POSTGRES_USER:-${POSTGRES_USER:-${PGUSER:-odoo}}}}"
PASSWORD="${PASSWORD:-${DB_ENV_POSTGRES_PASSWORD:-${POSTGRES_PASSWORD:-${PGPASSWORD:-odoo}}}}"

db_args=()
unless_configured() {  # OPTION VALUE: --OPTION VALUE, unless odoo.conf has OPTION
    if ! grep -qE "^[[:space:]]*$1[[:space:]]*=" "${ODOO_RC:-/etc/odoo/odoo.conf}" 2>/dev/null; then
        db_args+=("--$1" "$2")
    fi
}
unless_configured db_host "$HOST"
unless_configured db_port "$PORT"
unless_configured db_user "$USER"
unless_configured db_password "$PASSWORD"

run_odoo() {
    wait_for_db.py "${db_args[@]}" --timeout=30
    exec odoo "$@" "${db_args[@]}"
}

case "${1:-}" in
    -- | odoo)
        shift
        if [ "${1:-}" = scaffold ]; then exec odoo "$@"; fi
        run_odoo "$@"
        ;;
    -*) run_odoo "$@" ;;
    *) exec "$@" ;;
esac
