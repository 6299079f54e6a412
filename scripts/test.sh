#!/usr/bin/env bash
# make test: a fresh database with the three addons (and their demo data), then the
# pytest-odoo suite of every addon and of the cross-addon tests/, with coverage.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
bash "$ROOT/scripts/setup.sh"
bash "$ROOT/scripts/pg.sh"
source "$STATE/pg.env"
DB="${POSTVENTA_TEST_DB:-postventa_test}"
cd "$ROOT"

say "creating test database $DB"
dropdb --if-exists "$DB"
: > "$STATE/test-install.log"
"$PY" -m odoo -c "$ODOO_CONF" -d "$DB" -i "$ADDONS" --stop-after-init --log-level=warn \
    --logfile="$STATE/test-install.log" \
    || { tail -50 "$STATE/test-install.log" >&2; die "installing $ADDONS failed (log: $STATE/test-install.log)"; }
if grep -E " (ERROR|CRITICAL) " "$STATE/test-install.log" >&2; then
    die "errors while installing $ADDONS (log: $STATE/test-install.log)"
fi

say "running the test suite"
set +e
"$PY" -m pytest -p no:cacheprovider \
    --odoo-database="$DB" --odoo-config="$ODOO_CONF" --odoo-http \
    --cov=postventa_helpdesk --cov=postventa_rma --cov=postventa_courier \
    --cov-report=term:skip-covered \
    postventa_helpdesk postventa_rma postventa_courier tests "$@"
rc=$?
set -e
if [ "$rc" = 5 ]; then die "no tests were collected: that is a failure"; fi
exit "$rc"
