#!/usr/bin/env bash
# CI's Docker step: docker-compose.yml run for real, with a container engine
# (Podman here, Docker elsewhere; scripts/docker-engine.sh), on the official images or,
# where they cannot be pulled, on the local stand-ins of scripts/docker-standins.sh.
#  1. `up -d`: the demo answers on 127.0.0.1:8069; admin and a portal user log in over
#     HTTP (/web/session/authenticate); the four addons are installed, the demo
#     carriers point at the courier containers, the couriers answer;
#  2. `run --rm test`: the suite inside the test container (a selection, below, or
#     the whole suite with POSTVENTA_E2E_FULL=1, as CI runs it);
#  3. a version bump of an addon: `up -d` upgrades it, with the same records;
#  4. `down`, then `up -d` with no network (the compose network made internal): the
#     OCA addons are not fetched again and the demo still serves;
#  5. `down -v` leaves no container, volume or network behind.
# The stack runs from a copy of the checkout (the bump must not touch it) under its
# own project name, on host ports 8069-8071 or, when one is taken, free ones. Without
# an engine that can run containers it says SKIPPED and succeeds: `make test` does not
# need one.
#
#   bash scripts/docker-e2e.sh [pytest arguments for step 2]
#   POSTVENTA_DOCKER=0            skip the step
#   POSTVENTA_E2E_FULL=1          step 2 runs the whole suite (as `make test` does)
#   POSTVENTA_E2E_TESTS=0         leave step 2 out
#   POSTVENTA_E2E_KEEP=1          leave the stack up at the end (no `down -v`)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/docker-engine.sh"
say() { engine_say "$@"; }
die() { printf '\033[31m[postventa] %s\033[0m\n' "$*" >&2; exit 1; }
skip() { say "Docker stack: SKIPPED ($*); the rest of CI does not need it"; exit 0; }
started=$SECONDS
phase_started=$SECONDS
phase() { say "[docker $((SECONDS - started)) s] $*"; phase_started=$SECONDS; }
took() { say "  ... $((SECONDS - phase_started)) s"; }

# compose v1 drops the dash of a project name in its labels: none here
PROJECT=postventae2e
CUT=()
# the default selection of step 2: the simulator's command line, the portal and
# intake forms (a browser tour), the courier's booking and webhook, a document;
# CI runs the whole suite here (POSTVENTA_E2E_FULL=1, .ci/run)
DEFAULT_SELECTION=(-k "TestSimulatorCommandLine or test_case_form_and_intake_render or TestDoaPdf or TestCourierWebhook")

[ "${POSTVENTA_DOCKER:-1}" = 0 ] && skip "POSTVENTA_DOCKER=0"
engine_find || skip "$ENGINE_WHY"
say "Docker stack with $ENGINE ($("$ENGINE" --version | head -1))"
# one run at a time on a machine: they share the project name and the ports
mkdir -p "$CACHE"
exec 9>"$CACHE/docker-e2e.lock"
if ! flock -n 9; then
    say "another run of docker-e2e.sh is under way: waiting for it"
    flock 9
fi

phase "images: the official ones, or local stand-ins where they cannot be pulled"
bash "$ROOT/scripts/docker-standins.sh"
took

# the test image, built once per test.Dockerfile, requirements-test.txt and odoo image
test_image=postventa-test:18.0
test_digest=$(cat "$ROOT/docker/test.Dockerfile" "$ROOT/requirements-test.txt" | sha256sum | cut -c1-16)
test_digest="$test_digest-$(engine image inspect --format '{{.Id}}' odoo:18.0 | cut -c1-24)"
if [ "$(engine_label "$test_image" postventa.test)" != "$test_digest" ]; then
    phase "building $test_image (docker/test.Dockerfile)"
    format=()
    if [ "$ENGINE" = podman ]; then format=(--format docker); fi
    engine build "${format[@]}" --pull=false --label "postventa.test=$test_digest" \
        -f "$ROOT/docker/test.Dockerfile" -t "$test_image" "$ROOT" >"$CACHE/build-test.log" 2>&1 \
        || { tail -30 "$CACHE/build-test.log" >&2; die "the test image did not build (log: $CACHE/build-test.log)"; }
    if [ "$ENGINE" = podman ]; then engine tag "$test_image" "docker.io/library/$test_image"; fi
    took
fi

engine_compose || skip "$ENGINE_WHY"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/postventa-e2e.XXXXXX")
TREE="$WORK/postventa"
compose() { (cd "$TREE" && "${COMPOSE[@]}" -p "$PROJECT" "$@"); }

cleanup() {
    local rc=$?
    set +e
    if [ "$rc" != 0 ] && [ -d "$TREE" ]; then
        say "the stack's last log lines:"
        compose logs --no-color --tail=60 >&2 2>&1
    fi
    if [ "${POSTVENTA_E2E_KEEP:-}" = 1 ] && [ "$rc" = 0 ]; then
        say "the stack stays up (project $PROJECT, tree $TREE)"
    elif [ -d "$TREE" ]; then
        compose down -v --remove-orphans >/dev/null 2>&1
        rm -rf "$WORK"
    fi
    if [ ${#CUT[@]} -gt 0 ]; then iptables -D "${CUT[@]}"; fi
    engine_stop
    exit "$rc"
}
trap cleanup EXIT

# the engine's volumes before the run: what is there afterwards was left by it
volumes_before=$(engine volume ls -q | sort)
# a leftover of an interrupted run
if [ -n "$(engine ps -aq --filter "label=com.docker.compose.project=$PROJECT")" ]; then
    say "removing the containers of an earlier run of $PROJECT"
    engine ps -aq --filter "label=com.docker.compose.project=$PROJECT" | xargs -r "$ENGINE" rm -f >/dev/null
fi
engine volume ls -q --filter "label=com.docker.compose.project=$PROJECT" | xargs -r "$ENGINE" volume rm -f >/dev/null

# the checkout's files (tracked and new, not ignored), copied
mkdir -p "$TREE"
(cd "$ROOT" && git ls-files -z --cached --others --exclude-standard \
    | xargs -0 -I{} sh -c 'test -e "{}" && printf "%s\0" "{}"' | tar --null -T - -cf -) | tar -C "$TREE" -xf -

# host ports: the compose file's defaults, or free ones when taken
free_port() {
    python3 - "$1" <<'PY'
import socket, sys
def bindable(port):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True
port = int(sys.argv[1])
if not bindable(port):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
print(port)
PY
}
export POSTVENTA_ODOO_PORT POSTVENTA_AEROMAR_PORT POSTVENTA_INTERIOR_PORT
POSTVENTA_ODOO_PORT=$(free_port "${POSTVENTA_ODOO_PORT:-8069}")
POSTVENTA_AEROMAR_PORT=$(free_port "${POSTVENTA_AEROMAR_PORT:-8070}")
POSTVENTA_INTERIOR_PORT=$(free_port "${POSTVENTA_INTERIOR_PORT:-8071}")
export CI="${CI:-}"
URL="http://127.0.0.1:$POSTVENTA_ODOO_PORT"
say "ports: odoo $POSTVENTA_ODOO_PORT, couriers $POSTVENTA_AEROMAR_PORT and $POSTVENTA_INTERIOR_PORT"
engine_health_loop "$PROJECT"

psql_db() { compose exec -T db psql -U odoo -d postventa -Atc "$1"; }

# the exit status of a compose service's last container ("" while it runs)
exited() {
    engine ps -a --filter "label=com.docker.compose.project=$PROJECT" \
        --filter "label=com.docker.compose.service=$1" --format '{{.Status}}' \
        | sed -nE 's/^Exited \(([0-9]+)\).*/\1/p' | head -1
}

# waits for the login page (up to $2 s), failing early when init fails
wait_for_login() {
    local url="$1" limit="$2" until=$((SECONDS + $2)) status
    while [ $SECONDS -lt $until ]; do
        if curl -sf -o /dev/null "$url/web/login"; then return 0; fi
        status=$(exited init)
        if [ -n "$status" ] && [ "$status" != 0 ]; then
            compose logs --no-color --tail=80 init >&2
            die "the init service failed (exit $status)"
        fi
        sleep 3
    done
    die "no login page on $url after $limit s"
}

# logs in over JSON-RPC as admin and as a portal user (scripts/docker_e2e_logins.py)
http_logins() { python3 "$ROOT/scripts/docker_e2e_logins.py" "$1"; }

courier_answers() {
    python3 - "$@" <<'PY'
import sys, urllib.error, urllib.request
for port in sys.argv[1:]:
    try:
        status = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30).status
    except urllib.error.HTTPError as error:
        status = error.code
    print(f"courier on {port} answers {status}")
PY
}

phase "1. up -d: a new demo database"
compose up -d 2>&1 | grep -v "^$" >&2
wait_for_login "$URL" 1800
took
http_logins "$URL"
carriers=$(psql_db "SELECT postventa_code || '=' || postventa_api_url FROM delivery_carrier
    WHERE postventa_code IN ('aeromar', 'interior') ORDER BY postventa_code")
[ "$carriers" = "$(printf '%s\n' aeromar=http://courier-aeromar:8070 interior=http://courier-interior:8071)" ] \
    || die "the demo carriers do not point at the courier containers: $carriers"
say "the demo carriers point at the courier containers"
courier_answers "$POSTVENTA_AEROMAR_PORT" "$POSTVENTA_INTERIOR_PORT"
# Odoo reaches a courier by its service name, from the odoo container
compose exec -T odoo python3 -c "import urllib.request, urllib.error
try: urllib.request.urlopen('http://courier-aeromar:8070/', timeout=30)
except urllib.error.HTTPError: pass
print('odoo reaches courier-aeromar by name')"

if [ "${POSTVENTA_E2E_TESTS:-1}" = 0 ]; then
    say "2. run --rm test: left out (POSTVENTA_E2E_TESTS=0)"
else
    phase "2. run --rm test"
    selection=("$@")
    if [ ${#selection[@]} = 0 ] && [ "${POSTVENTA_E2E_FULL:-}" != 1 ]; then selection=("${DEFAULT_SELECTION[@]}"); fi
    compose run --rm -T test "${selection[@]}"
    took
fi

phase "3. an addon's version bump: up -d upgrades it"
manifest="$TREE/postventa_courier/__manifest__.py"
old=$(python3 -c "import ast,sys; print(ast.literal_eval(open(sys.argv[1]).read().split('\n',1)[1])['version'])" "$manifest")
new="${old%.*}.$((${old##*.} + 1))"
sed -i "s/\"version\": \"$old\"/\"version\": \"$new\"/" "$manifest"
grep -q "\"$new\"" "$manifest" || die "could not bump postventa_courier in $manifest"
counts_sql="SELECT (SELECT count(*) FROM helpdesk_ticket) || ' cases, ' || (SELECT count(*) FROM rma) || ' RMAs, '
    || (SELECT count(*) FROM res_users) || ' users'"
before=$(psql_db "$counts_sql")
compose up -d 2>&1 | grep -v "^$" >&2
# up -d has started init again: wait for this run's end
init=$(engine ps -aq --filter "label=com.docker.compose.project=$PROJECT" --filter "label=com.docker.compose.service=init")
[ "$(timeout 1200 "$ENGINE" wait "$init")" = 0 ] \
    || { compose logs --no-color --tail=80 init >&2; die "init did not upgrade"; }
# (into a file: `grep -q` closing the pipe early would fail it under pipefail)
compose logs --no-color init >"$WORK/init.log" 2>&1
grep -q "upgrading postventa_courier" "$WORK/init.log" \
    || { tail -40 "$WORK/init.log" >&2; die "init did not upgrade postventa_courier"; }
version=$(psql_db "SELECT latest_version FROM ir_module_module WHERE name = 'postventa_courier'")
[ "$version" = "$new" ] || die "postventa_courier is at $version after the upgrade, not $new"
after=$(psql_db "$counts_sql")
[ "$before" = "$after" ] || die "the upgrade changed the records: $before -> $after"
wait_for_login "$URL" 300
http_logins "$URL" >/dev/null
say "postventa_courier $old -> $new on up -d; still $after"
took

phase "4. down, then up -d with no network"
# the anonymous volumes of the images' VOLUME lines (odoo:18.0's /var/lib/odoo and
# /mnt/extra-addons where the compose file mounts nothing): `down` without -v leaves
# them behind, as Docker does, and the next `down -v` no longer knows them
orphaned=$(engine ps -aq --filter "label=com.docker.compose.project=$PROJECT" \
    | xargs -r "$ENGINE" inspect --format '{{range .Mounts}}{{if eq .Type "volume"}}{{.Name}}{{"\n"}}{{end}}{{end}}' \
    | grep -v "^${PROJECT}_" | grep . | sort || true)
compose down 2>&1 | grep -v "^$" >&2
# the network first (with db alone: `up --no-start` of every service waits forever
# for db to be healthy), cut off before anything starts
compose up --no-start db 2>&1 | grep -v "^$" >&2
network=$(engine network ls --filter "label=com.docker.compose.project=$PROJECT" --format '{{.Name}}' | head -1)
if [ "$ENGINE" = podman ]; then
    subnet=$(podman network inspect "$network" --format '{{range .Subnets}}{{.Subnet}}{{end}}')
else
    subnet=$(docker network inspect "$network" --format '{{range .IPAM.Config}}{{.Subnet}}{{end}}')
fi
if [ -n "$subnet" ] && iptables -L FORWARD -n >/dev/null 2>&1; then
    # the containers reach each other and the published ports, nothing beyond
    CUT=(FORWARD -s "$subnet" ! -d "$subnet" -j REJECT -m comment --comment "$PROJECT: no network")
    iptables -I "${CUT[@]}"
    compose up -d 2>&1 | grep -v "^$" >&2
    if compose exec -T odoo python3 -c "import socket; socket.create_connection(('pypi.org', 443), 10)" 2>/dev/null; then
        die "the containers still reach the network"
    fi
    compose logs --no-color oca-addons >"$WORK/oca.log" 2>&1
    grep -q "up to date" "$WORK/oca.log" \
        || { cat "$WORK/oca.log" >&2; die "oca-addons did not find its addons in its volume"; }
    wait_for_login "$URL" 600
    http_logins "$URL"
    iptables -D "${CUT[@]}"
    CUT=()
    say "with no network: the OCA addons from their volume, Odoo serves, logins work"
else
    say "step 4 SKIPPED: no iptables here to cut the stack's network ($network ${subnet:-without subnet})"
    compose up -d 2>&1 | grep -v "^$" >&2
fi
took

phase "5. down -v leaves nothing"
compose down -v 2>&1 | grep -v "^$" >&2
left=$(
    engine ps -aq --filter "label=com.docker.compose.project=$PROJECT"
    engine volume ls -q --filter "label=com.docker.compose.project=$PROJECT"
    engine volume ls -q | grep -E "^${PROJECT}_" || true
    engine network ls --format '{{.Name}}' | grep -E "^${PROJECT}_" || true
)
[ -z "$left" ] || die "down -v left: $left"
new_volumes=$(comm -13 <(echo "$volumes_before") <(engine volume ls -q | sort))
unexpected=$(comm -23 <(echo "$new_volumes" | grep . || true) <(echo "$orphaned"))
[ -z "$unexpected" ] || die "down -v left these volumes: $unexpected"
say "down -v: no container, volume or network left"
if [ -n "$new_volumes" ]; then
    say "(the $(echo "$new_volumes" | wc -l) anonymous volumes that step 4's down without -v left, removed)"
    echo "$new_volumes" | xargs -r "$ENGINE" volume rm >/dev/null
fi
took
say "Docker stack: passed in $((SECONDS - started)) s"
