#!/usr/bin/env bash
# make run: the demo database 'postventa' (created once, reused afterwards) with the
# three addons and their demo data, served on http://localhost:8069 (admin / admin).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
bash "$ROOT/scripts/setup.sh"
bash "$ROOT/scripts/pg.sh"
source "$STATE/pg.env"
DB="${POSTVENTA_DB:-postventa}"
PORT="${POSTVENTA_HTTP_PORT:-8069}"

installed=$(psql -d "$DB" -Atc "SELECT count(*) FROM ir_module_module WHERE name IN ('postventa_helpdesk','postventa_rma','postventa_courier') AND state = 'installed'" 2>/dev/null || echo 0)
if [ "$installed" != 3 ]; then
    say "creating demo database $DB (a few minutes the first time)"
    "$PY" -m odoo -c "$ODOO_CONF" -d "$DB" -i "$ADDONS" --stop-after-init --log-level=warn \
        || die "installing the demo database failed"
else
    say "reusing database $DB"
fi
say "serving http://localhost:$PORT  (login admin / admin; Ctrl-C stops)"
exec "$PY" -m odoo -c "$ODOO_CONF" -d "$DB" --db-filter="^$DB\$" --http-port="$PORT" "$@"
