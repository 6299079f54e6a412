#!/usr/bin/env bash
# make test: the pytest-odoo suites, each run on a database of its own:
#
#   main      the five addons with their demo data and postventa_tests (the
#             test-only addon of the cross-addon tests); every addon's suite and
#             postventa_tests', with coverage
#   upstream  OCA helpdesk_mgmt's and OCA rma's own suites with the four addons
#             installed, compared by test with
#   vanilla   the same suites on helpdesk_mgmt + rma alone (a reference: a test
#             that fails there too is shown, not counted)
#   helpdesk  postventa_helpdesk alone, its own suite
#   rma       postventa_rma without postventa_courier and postventa_mrp (nor
#             Manufacturing), its suite and postventa_helpdesk's
#   claim     postventa_claim with its dependencies only (postventa_rma, account),
#             its suite
#   neighbours  postventa next to eight OCA addons a service company runs beside it
#             (requirements-neighbours.txt): postventa's suite and theirs, their
#             failures compared with a database without postventa
#             (scripts/test-neighbours.sh)
#   upgrade   the previous release and the oldest supported one (18.0.1.2.0),
#             installed from their own trees with demo data and upgraded to this
#             one: no error, the same records (scripts/test-upgrade.sh; --all there
#             runs every release)
#
# POSTVENTA_TEST_RUNS picks runs (comma-separated; default: all of them, or only
# main when pytest arguments are given): POSTVENTA_TEST_RUNS=main bash scripts/test.sh
# Extra arguments go to pytest in the postventa runs (main, helpdesk, rma):
#   bash scripts/test.sh -k doa -x
# The output ends with one line per run ("<run>: N passed, M failed") and the
# totals ("N passed, M failed"); the script fails when a run fails.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
bash "$ROOT/scripts/setup.sh"
bash "$ROOT/scripts/pg.sh"
source "$STATE/pg.env"
DB="${POSTVENTA_TEST_DB:-postventa_test}"
# where the OCA wheels put helpdesk_mgmt and rma (with their tests)
UPSTREAM="$("$PY" -c 'import importlib.util as u, os; print(os.path.dirname(os.path.dirname(u.find_spec("odoo.addons.rma").origin)))')"
UPSTREAM_TESTS=("$UPSTREAM/helpdesk_mgmt/tests" "$UPSTREAM/rma/tests")
cd "$ROOT"

if [ -n "${POSTVENTA_TEST_RUNS:-}" ]; then
    RUNS="$POSTVENTA_TEST_RUNS"
elif [ $# -gt 0 ]; then
    RUNS=main
else
    RUNS=all
fi
[ "$RUNS" = all ] && RUNS=main,upstream,helpdesk,rma,claim,neighbours,upgrade
RUNS=",$RUNS,"
for run in ${RUNS//,/ }; do
    case "$run" in main | upstream | helpdesk | rma | claim | neighbours | upgrade) ;;
    *) die "POSTVENTA_TEST_RUNS: unknown run '$run' (main, upstream, helpdesk, rma, claim, neighbours, upgrade or all)" ;;
    esac
done
wants() { [[ "$RUNS" == *",$1,"* ]]; }
wants upstream && RUNS="$RUNS,vanilla,"

SUMMARY=()  # NAME=JUNIT:RC for scripts/test_summary.py

# copy_db TEMPLATE DB: DB as a copy of TEMPLATE, its filestore (attachments such as the
# demo companies' logos) included
copy_db() {
    local filestore="$STATE/data/filestore"
    createdb -T "$1" "$2" || return 1
    rm -rf "${filestore:?}/$2"
    if [ -d "$filestore/$1" ]; then cp -a "$filestore/$1" "$filestore/$2"; fi
}

# install DB MODULES [TEMPLATE]: a fresh database (a copy of TEMPLATE when given)
# with MODULES installed, demo data included; fails on any logged error.
install() {
    local db="$1" modules="$2" template="${3:-}" log="$STATE/test-install-$1.log"
    say "creating test database $db ($modules${template:+, from $template})"
    dropdb --if-exists "$db"
    rm -rf "${STATE:?}/data/filestore/$db"
    if [ -n "$template" ]; then copy_db "$template" "$db" || return 1; fi
    : > "$log"
    if ! "$PY" -m odoo -c "$ODOO_CONF" -d "$db" -i "$modules" --stop-after-init \
        --log-level=warn --logfile="$log"; then
        tail -50 "$log" >&2
        say "installing $modules failed (log: $log)"
        return 1
    fi
    if grep -E " (ERROR|CRITICAL) " "$log" >&2; then
        say "errors while installing $modules (log: $log)"
        return 1
    fi
}

# suite NAME DB PYTEST-ARGS...: runs pytest-odoo, notes its junit file and exit code
suite() {
    local name="$1" db="$2" junit="$STATE/junit-$1.xml" rc
    shift 2
    say "running the $name suite (database $db)"
    rm -f "$junit"
    set +e
    "$PY" -m pytest -p no:cacheprovider \
        --odoo-database="$db" --odoo-config="$ODOO_CONF" --odoo-http \
        --junitxml="$junit" "$@"
    rc=$?
    set -e
    SUMMARY+=("$name=$junit:$rc")
}
not_run() { SUMMARY+=("$1=:1"); }

start=$(date +%s)
# Each database is installed once: postventa_helpdesk alone, postventa_rma on a copy
# of it, the five addons and postventa_tests on a copy of that (fresh when the chain
# is not wanted). postventa_tests is a test-only addon: `make run` never installs it.
helpdesk_ok=0 rma_ok=0 main_ok=0 claim_ok=0
if wants helpdesk || wants rma || wants claim; then
    install "${DB}_helpdesk" postventa_helpdesk && helpdesk_ok=1
fi
if { wants rma || wants claim; } && [ "$helpdesk_ok" = 1 ]; then
    install "${DB}_rma" postventa_rma "${DB}_helpdesk" && rma_ok=1
fi
if wants claim && [ "$rma_ok" = 1 ]; then  # copied before the main run takes it further
    install "${DB}_claim" postventa_claim "${DB}_rma" && claim_ok=1
fi
if wants main || wants upstream; then
    # -i on an installed addon would load its data (and demo) again
    template="" modules="$ADDONS,postventa_tests"
    [ "$rma_ok" = 1 ] && template="${DB}_rma" modules=postventa_courier,postventa_mrp,postventa_claim,postventa_tests
    if install "$DB" "$modules" "$template"; then
        main_ok=1
        if wants upstream; then  # its own copy, taken before any test runs
            dropdb --if-exists "${DB}_upstream"
            copy_db "$DB" "${DB}_upstream"
        fi
    fi
fi

if wants main; then
    if [ "$main_ok" = 1 ]; then
        suite main "$DB" \
            --cov=postventa_helpdesk --cov=postventa_rma --cov=postventa_courier --cov=postventa_mrp \
            --cov=postventa_claim --cov-report=term:skip-covered \
            postventa_helpdesk postventa_rma postventa_courier postventa_mrp postventa_claim \
            postventa_tests "$@"
    else
        not_run main
    fi
fi
if wants upstream; then
    if [ "$main_ok" = 1 ]; then
        suite upstream "${DB}_upstream" "${UPSTREAM_TESTS[@]}" -k "not WebSuite"
    else
        not_run upstream
    fi
    if install "${DB}_vanilla" helpdesk_mgmt,rma; then
        suite vanilla "${DB}_vanilla" "${UPSTREAM_TESTS[@]}" -k "not WebSuite"
    else
        not_run vanilla
    fi
fi
if wants helpdesk; then
    if [ "$helpdesk_ok" = 1 ]; then
        suite helpdesk "${DB}_helpdesk" postventa_helpdesk "$@"
    else
        not_run helpdesk
    fi
fi
if wants rma; then
    if [ "$rma_ok" = 1 ]; then
        suite rma "${DB}_rma" postventa_helpdesk postventa_rma "$@"
    else
        not_run rma
    fi
fi

if wants claim; then
    if [ "$claim_ok" = 1 ]; then
        suite claim "${DB}_claim" postventa_claim "$@"
    else
        not_run claim
    fi
fi

# script_run NAME SCRIPT: a run with its own databases that prints its own closing
# line ("N passed, M failed"), noted for the summary with its exit code
script_run() {
    local name="$1" script="$2" rc totals passed failed
    set +e
    bash "$ROOT/scripts/$script" 2>&1 | tee "$STATE/$name.out"
    rc=${PIPESTATUS[0]}
    set -e
    totals="$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$STATE/$name.out" | tail -1)"
    if [ -n "$totals" ]; then
        passed="${totals%% passed*}"
        failed="${totals##*, }"
        SUMMARY+=("$name=@$passed,${failed%% failed}:$rc")
    else
        not_run "$name"
    fi
}

if wants neighbours; then  # its own databases, wheels and summary lines
    say "running postventa next to its OCA neighbours (scripts/test-neighbours.sh)"
    script_run neighbours test-neighbours.sh
fi

if wants upgrade; then  # its own databases and summary line
    say "upgrading earlier releases to this tree (scripts/test-upgrade.sh)"
    script_run upgrade test-upgrade.sh
fi

say "all runs took $(($(date +%s) - start)) s"
echo
"$PY" "$ROOT/scripts/test_summary.py" --compare upstream=vanilla --reference vanilla \
    "${SUMMARY[@]}"
