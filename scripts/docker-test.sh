#!/usr/bin/env bash
# docker compose 'test' service: what `make test` does (scripts/test.sh), inside the
# image of docker/test.Dockerfile: a fresh database with the five addons and their
# demo data and the test-only postventa_tests (the cross-addon tests), no ERROR or
# CRITICAL while installing them, then the pytest-odoo suite
# with coverage. Extra arguments go to pytest. The checkout stays untouched (it is
# mounted read-only): the configuration, the filestore, the logs and the coverage
# data go under a work folder.
#
# The browser tours need Chromium: without one they are skipped, which fails the run
# with CI=true and is said plainly otherwise.
#
# The container's values are the defaults; scripts/docker-check.sh runs this same
# script against a local virtualenv and cluster:
#   PGHOST PGPORT PGUSER PGPASSWORD  the database server (libpq's variables)
#   POSTVENTA_ROOT                   the checkout (default /mnt/postventa)
#   POSTVENTA_OCA_ADDONS             the OCA addons (default /mnt/oca/odoo/addons)
#   POSTVENTA_TEST_DB                the database (default postventa_test)
#   POSTVENTA_TEST_WORK              the work folder (default /tmp/postventa-test)
#   POSTVENTA_ODOO                   the Odoo command (default: odoo)
#   POSTVENTA_PYTHON                 the Python that has Odoo and pytest (default: python3)
set -euo pipefail
ROOT="${POSTVENTA_ROOT:-/mnt/postventa}"
OCA_ADDONS="${POSTVENTA_OCA_ADDONS:-/mnt/oca/odoo/addons}"
DB="${POSTVENTA_TEST_DB:-postventa_test}"
WORK="${POSTVENTA_TEST_WORK:-/tmp/postventa-test}"
PYTHON="${POSTVENTA_PYTHON:-python3}"
read -ra ODOO <<<"${POSTVENTA_ODOO:-odoo}"
ADDONS="postventa_helpdesk,postventa_rma,postventa_courier,postventa_mrp,postventa_claim,postventa_tests"

say() { echo "[postventa] $*" >&2; }
die() { say "$*"; exit 1; }
ci() { [ "${CI:-}" = true ] || [ "${CI:-}" = 1 ]; }

# the browsers Odoo looks for (odoo.tests.common._find_executable)
browser=""
for name in google-chrome chromium chromium-browser google-chrome-stable; do
    if command -v "$name" >/dev/null 2>&1; then browser="$name"; break; fi
done
if [ -z "$browser" ]; then
    ci && die "no Chromium here: Odoo would skip every browser tour (CI=true fails on that)"
    say "no Chromium here: Odoo skips every browser tour (docker/test.Dockerfile brings it)"
fi

mkdir -p "$WORK"
CONF="$WORK/odoo.conf"
cat >"$CONF" <<CONF
[options]
addons_path = $ROOT,$OCA_ADDONS
data_dir = $WORK/data
db_host = ${PGHOST:-False}
db_port = ${PGPORT:-False}
db_user = ${PGUSER:-False}
db_password = ${PGPASSWORD:-False}
list_db = False
CONF
cd "$ROOT"

say "creating test database $DB"
dropdb --if-exists "$DB"
log="$WORK/install.log"
: >"$log"
"${ODOO[@]}" -c "$CONF" -d "$DB" -i "$ADDONS" --stop-after-init --log-level=warn --logfile="$log" \
    || { tail -50 "$log" >&2; die "installing $ADDONS failed (log: $log)"; }
if grep -E " (ERROR|CRITICAL) " "$log" >&2; then
    die "errors while installing $ADDONS (log: $log)"
fi

say "running the test suite"
set +e
# -rs: the reason of every skipped test, read below
"$PYTHON" -m pytest -p no:cacheprovider -rs \
    --odoo-database="$DB" --odoo-config="$CONF" --odoo-http \
    --cov=postventa_helpdesk --cov=postventa_rma --cov=postventa_courier --cov=postventa_mrp \
    --cov=postventa_claim --cov-report=term:skip-covered \
    postventa_helpdesk postventa_rma postventa_courier postventa_mrp postventa_claim \
    postventa_tests "$@" 2>&1 | tee "$WORK/pytest.log"
rc=${PIPESTATUS[0]}
set -e
if [ "$rc" = 5 ]; then die "no tests were collected: that is a failure"; fi
# a tour Odoo could not run (no browser, no websocket-client, Chromium that does not
# start) is a skip, not a failure, for pytest
skipped=$(grep -E '^SKIPPED .*([Cc]hrome|websocket)' "$WORK/pytest.log" || true)
if [ -n "$skipped" ]; then
    say "browser tours were skipped:"
    echo "$skipped" >&2
    ci && die "a browser tour skipped is a failure with CI=true"
fi
exit "$rc"
