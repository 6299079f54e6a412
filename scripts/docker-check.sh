#!/usr/bin/env bash
# make docker-check: the Docker path, as far as it can be checked without a container
# engine (`make docker-e2e`, scripts/docker-e2e.sh, runs the stack itself).
#  1. static: shellcheck on every script, the compose file's structure
#     (scripts/check_compose.py) and, where a compose CLI is installed,
#     `docker compose config`; the scripts checked out with LF (.gitattributes)
#  2. the containers' scripts themselves, run against the local virtualenv and
#     private cluster with the variables the containers get (PGHOST, PGUSER,
#     PGPASSWORD) and the paths changed by their POSTVENTA_* variables:
#     docker-oca.sh installs the OCA wheels into a folder once, then does nothing;
#     docker-init.sh creates a throwaway demo database, does nothing the second time,
#     upgrades (-u, no demo data again) after a version bump; docker-test.sh installs
#     its own database and runs a part of the suite (a browser tour included),
#     leaving the checkout untouched.
#
#   bash scripts/docker-check.sh           # both
#   bash scripts/docker-check.sh static    # only 1 (seconds)
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT" || exit
what="${1:-all}"

static_checks() {
    say "shellcheck on every script"
    command -v shellcheck >/dev/null 2>&1 \
        || die "shellcheck is missing (Debian: apt-get install shellcheck; scripts/system-packages.sh does it)"
    # SC1091: common.sh and pg.env are sourced from paths computed at run time
    # (odoo/docker's entrypoint of the odoo:18.0 stand-in is kept as its authors wrote it)
    mapfile -t scripts < <(git ls-files '*.sh' .ci/run)
    shellcheck --severity=warning --exclude=SC1091 "${scripts[@]}"

    say "line endings of the scripts"
    local crlf
    crlf=$(git ls-files --eol -- "${scripts[@]}" postventa_courier/simulator/courier_simulator.py \
        | awk '$1 != "i/lf" || $2 != "w/lf" {print}')
    [ -z "$crlf" ] || die "not checked out with LF everywhere: $crlf"
    for file in "${scripts[@]}"; do
        [ "$(git check-attr eol -- "$file" | awk '{print $NF}')" = lf ] \
            || die "$file: .gitattributes does not keep it LF on Windows checkouts"
    done

    say "the compose file"
    python3 -c "import yaml" 2>/dev/null \
        || die "python3 has no PyYAML (Debian: apt-get install python3-yaml; scripts/system-packages.sh does it)"
    python3 scripts/check_compose.py docker-compose.yml
    local validated=0
    if docker compose version >/dev/null 2>&1; then
        docker compose -f docker-compose.yml config -q && validated=1
        docker compose -f docker-compose.yml --profile test config -q
    fi
    if command -v docker-compose >/dev/null 2>&1; then
        docker-compose -f docker-compose.yml config -q && validated=1
        docker-compose -f docker-compose.yml --profile test config -q
    fi
    if [ "$validated" = 0 ]; then
        say "no compose CLI here (docker compose / docker-compose): only the structural check ran"
    fi
}

local_runs() {
    bash "$ROOT/scripts/setup.sh"
    bash "$ROOT/scripts/pg.sh"
    source "$STATE/pg.env"
    local work="$STATE/docker-check" db=postventa_docker_check
    rm -rf "$work"
    mkdir -p "$work"
    # what the compose file gives the containers, pointed at this machine
    export POSTVENTA_ROOT="$ROOT" POSTVENTA_PYTHON="$PY" POSTVENTA_ODOO="$PY -m odoo"
    export POSTVENTA_OCA="$work/oca" POSTVENTA_OCA_ADDONS="$work/oca/odoo/addons"
    export PYTHONDONTWRITEBYTECODE=1 COVERAGE_FILE="$work/coverage"
    export PGPASSWORD="${PGPASSWORD:-}"
    sed "s#/var/lib/odoo#$work/data#" docker/odoo.conf >"$work/odoo.conf"
    export ODOO_RC="$work/odoo.conf"
    local marker="$work/started"
    touch "$marker"
    sleep 1

    say "docker-oca.sh: the OCA wheels into an empty folder, then nothing"
    POSTVENTA_PIP="$PY -m pip" bash scripts/docker-oca.sh 2> >(grep -v "^WARNING: Location '" >&2)
    for addon in helpdesk_mgmt rma; do
        [ -f "$POSTVENTA_OCA_ADDONS/$addon/__manifest__.py" ] \
            || die "docker-oca.sh: $addon is not in $POSTVENTA_OCA_ADDONS"
    done
    POSTVENTA_PIP=false bash scripts/docker-oca.sh 2>&1 | tee "$work/oca.log"
    grep -q "up to date" "$work/oca.log" || die "docker-oca.sh ran pip again with the pinned versions there"
    sed 's/==18\.0\./==18.0.99./' requirements-oca.txt >"$work/requirements-oca.txt"
    if POSTVENTA_PIP=false POSTVENTA_OCA_REQUIREMENTS="$work/requirements-oca.txt" \
        bash scripts/docker-oca.sh 2>/dev/null; then
        die "docker-oca.sh did not install a changed pin"
    fi

    say "docker-init.sh: a new demo database"
    dropdb --if-exists "$db"
    POSTVENTA_DB=$db bash scripts/docker-init.sh
    local versions carriers tickets
    versions=$(psql -d "$db" -Atc "SELECT name || ' ' || latest_version FROM ir_module_module
        WHERE name LIKE 'postventa_%' AND state = 'installed' ORDER BY name")
    [ "$(echo "$versions" | wc -l)" = 4 ] || die "docker-init.sh: not the four addons: $versions"
    carriers=$(psql -d "$db" -Atc "SELECT postventa_code || '=' || postventa_api_url FROM delivery_carrier
        WHERE postventa_code IN ('aeromar', 'interior') ORDER BY postventa_code")
    [ "$carriers" = "$(printf '%s\n' aeromar=http://courier-aeromar:8070 interior=http://courier-interior:8071)" ] \
        || die "docker-init.sh: the demo couriers are not the simulator containers: $carriers"
    tickets=$(psql -d "$db" -Atc "SELECT count(*) FROM helpdesk_ticket")

    say "docker-init.sh again: nothing to do (Odoo is not started)"
    POSTVENTA_DB=$db POSTVENTA_ODOO=false bash scripts/docker-init.sh 2>&1 | tee "$work/init.log"
    grep -q "is up to date" "$work/init.log" || die "docker-init.sh did something on an up-to-date database"

    say "docker-init.sh after a version bump: an upgrade, no demo data loaded again"
    psql -d "$db" -qc "UPDATE ir_module_module SET latest_version = '18.0.1.0.0' WHERE name = 'postventa_courier'"
    POSTVENTA_DB=$db bash scripts/docker-init.sh 2>&1 | tee "$work/init.log"
    grep -q "upgrading postventa_courier" "$work/init.log" || die "docker-init.sh did not upgrade postventa_courier"
    [ "$(psql -d "$db" -Atc "SELECT name || ' ' || latest_version FROM ir_module_module
        WHERE name LIKE 'postventa_%' AND state = 'installed' ORDER BY name")" = "$versions" ] \
        || die "docker-init.sh: postventa_courier is not at its manifest's version after the upgrade"
    [ "$(psql -d "$db" -Atc "SELECT count(*) FROM helpdesk_ticket")" = "$tickets" ] \
        || die "docker-init.sh: the upgrade loaded the demo cases again"
    dropdb "$db"

    say "docker-test.sh with CI=true and no browser: it stops before anything"
    mkdir -p "$work/no-browser"
    if env -i PATH="$work/no-browser" CI=true "$BASH" scripts/docker-test.sh >"$work/no-browser.log" 2>&1 \
        || ! grep -q "no Chromium here" "$work/no-browser.log"; then
        cat "$work/no-browser.log" >&2
        die "docker-test.sh did not stop on a missing browser with CI=true"
    fi

    say "docker-test.sh: its own database, a part of the suite with a browser tour"
    POSTVENTA_TEST_DB=${db}_test POSTVENTA_TEST_WORK="$work/test" bash scripts/docker-test.sh \
        -k "TestSimulatorCommandLine or test_case_form_and_intake_render"
    grep -qE "^(PASSED|.*passed)" "$work/test/pytest.log" || die "docker-test.sh ran no test"
    dropdb "${db}_test"

    local written
    written=$(find "$ROOT" -newer "$marker" -not -path "$STATE" -not -path "$STATE/*" \
        -not -path "$ROOT/.git" -not -path "$ROOT/.git/*" | head -20)
    [ -z "$written" ] || die "the scripts wrote into the checkout (read-only in the containers): $written"
}

case "$what" in
    static) static_checks ;;
    all) static_checks; local_runs ;;
    *) die "usage: $0 [static|all]" ;;
esac
say "the Docker path checks passed (without an engine: make docker-e2e runs the images)"
