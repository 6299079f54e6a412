#!/usr/bin/env bash
# postventa next to the OCA addons service companies already run (pinned in
# requirements-neighbours.txt): one database with the four addons and the
# neighbours (with demo), postventa's suite and the neighbours' own suites on it;
# the neighbours' suites also on a vanilla database (the neighbours without
# postventa), so that a neighbour's test counts against postventa only when it
# passes there. Fails on any postventa failure and on any such neighbour failure.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
bash "$ROOT/scripts/setup.sh"
bash "$ROOT/scripts/pg.sh"
source "$STATE/pg.env"
cd "$ROOT"

REQUIREMENTS="$ROOT/requirements-neighbours.txt"
NB="$STATE/neighbours"
DB="${POSTVENTA_NEIGHBOURS_DB:-postventa_neighbours}"
VANILLA_DB="${DB}_vanilla"
# the suites that are run: the neighbours proper, not what they pull in
SUITES="rma_lot rma_sale rma_delivery rma_repair helpdesk_mgmt_sla helpdesk_mgmt_rating helpdesk_type delivery_state"

# 1. the wheels, once per pinned set
pinned="$(sha1sum "$REQUIREMENTS" | cut -d' ' -f1)"
if [ "$(cat "$NB/.pinned" 2>/dev/null)" != "$pinned" ]; then
    say "installing the neighbours into $NB"
    rm -rf "$NB"
    pip_install --no-deps --target "$NB" -r "$REQUIREMENTS"
    echo "$pinned" > "$NB/.pinned"
fi

# 2. an Odoo configuration of its own, with the neighbours on the addons path and an
# HTTP port nobody else uses (the HttpCase tests serve on it)
conf="$STATE/odoo-neighbours.conf"
port="$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
sed -e "s|^addons_path = .*|&,$NB/odoo/addons|" -e "/^http_port = /d" "$ODOO_CONF" > "$conf"
printf 'http_port = %s\n' "$port" >> "$conf"

install() {  # db addons log
    local db="$1" addons="$2" log="$3"
    dropdb --if-exists "$db"
    : > "$log"
    "$PY" -m odoo -c "$conf" -d "$db" -i "$addons" --stop-after-init --log-level=warn \
        --logfile="$log" \
        || { tail -50 "$log" >&2; die "installing $addons on $db failed (log: $log)"; }
    if grep -E " (ERROR|CRITICAL) " "$log" >&2; then
        die "errors while installing $addons on $db (log: $log)"
    fi
}
run_suites() {  # db report paths...
    local db="$1" report="$2"; shift 2
    set +e
    NEIGHBOURS_REPORT="$report" NEIGHBOURS_ROOT="$ROOT" PYTHONPATH="$ROOT/scripts${PYTHONPATH:+:$PYTHONPATH}" \
        "$PY" -m pytest -p no:cacheprovider -p neighbours_report -q \
        --odoo-database="$db" --odoo-config="$conf" --odoo-http "$@" \
        > "$report.log" 2>&1
    local rc=$?
    set -e
    if [ ! -s "$report" ]; then tail -50 "$report.log" >&2; die "no test ran on $db (rc $rc, log: $report.log)"; fi
}
neighbour_tests=()
for name in $SUITES; do
    [ -d "$NB/odoo/addons/$name/tests" ] && neighbour_tests+=("$NB/odoo/addons/$name/tests")
done
neighbours_csv="$(echo $SUITES | tr ' ' ',')"

# 3. vanilla: the neighbours alone; their results depend only on the pinned set
vanilla="$NB/vanilla-results.jsonl"
if [ ! -s "$vanilla" ]; then
    say "vanilla database $VANILLA_DB: the neighbours without postventa"
    install "$VANILLA_DB" "$neighbours_csv" "$STATE/neighbours-vanilla-install.log"
    run_suites "$VANILLA_DB" "$vanilla.tmp" "${neighbour_tests[@]}"
    mv "$vanilla.tmp" "$vanilla"
    dropdb --if-exists "$VANILLA_DB"
fi

# 4. postventa with the neighbours: postventa's suite and theirs
say "database $DB: postventa with the neighbours"
install "$DB" "$ADDONS,postventa_tests,$neighbours_csv" "$STATE/neighbours-install.log"
say "running postventa's suite and the neighbours' suites on $DB"
results="$STATE/neighbours-results.jsonl"
# Spanish completeness is the main run's: here the neighbours' mixins add fields to
# postventa's models (rating's "Ratings" on every thread), which are theirs to translate
run_suites "$DB" "$results" postventa_helpdesk postventa_rma postventa_courier postventa_mrp postventa_tests "${neighbour_tests[@]}" \
    --deselect postventa_tests/tests/test_i18n.py::TestSpanish::test_every_term_has_a_spanish_translation
"$PY" "$ROOT/scripts/neighbours_compare.py" "$results" "$vanilla" "$ADDONS,postventa_tests"
