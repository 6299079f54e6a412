#!/usr/bin/env bash
# Upgrades from earlier releases (the "upgrade" run of make test). For each release:
#   1. its addons, from its own tree (git archive of the release commit into
#      .local/upgrade/), installed with their demo data in a database of their own;
#   2. that database upgraded to this tree (-u the addons it has, -i those it lacks,
#      e.g. postventa_mrp), as `make run` does after a pull;
#   3. checks: no ERROR or CRITICAL line in either log, every addon at this tree's
#      version, and the same number of cases, units, RMAs, courier orders, courier
#      events and visits before and after.
# A release is the last commit of a version of postventa_helpdesk's manifest (the
# addons as they were when the next version was bumped; the version's first commit,
# its bump, may still be in the making: 18.0.1.5.0's demo does not load there).
#
#   bash scripts/test-upgrade.sh            the previous release (the newest one whose
#                                           version differs from this tree's) and the
#                                           oldest supported one (18.0.1.2.0)
#   bash scripts/test-upgrade.sh --all      every release in the git history
#   bash scripts/test-upgrade.sh REV...     these commits (e.g. 35428a6)
#
# The old releases' installs run POSTVENTA_UPGRADE_JOBS at a time (default 2: two
# cores). Each installed release is kept as a template database (<db>_<version>_base)
# and reused while the release commit, Odoo and the OCA pins are the same
# (POSTVENTA_UPGRADE_CACHE=0 installs afresh). The old trees use this tree's
# virtualenv: every release so far pins the same OCA wheels (a release whose
# requirements-oca.txt differs is reported, and run anyway).
# Ends with "upgrade: N passed, M failed" and the totals line; fails when a check fails.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
bash "$ROOT/scripts/setup.sh"
bash "$ROOT/scripts/pg.sh"
source "$STATE/pg.env"
cd "$ROOT" || exit 1

DB="${POSTVENTA_TEST_DB:-postventa_test}_upgrade"
UP="$STATE/upgrade"
OLDEST="${POSTVENTA_UPGRADE_OLDEST:-18.0.1.2.0}"
JOBS="${POSTVENTA_UPGRADE_JOBS:-2}"
CACHE="${POSTVENTA_UPGRADE_CACHE:-1}"
# what must survive an upgrade: table -> what it holds
TABLES="helpdesk_ticket postventa_unit rma postventa_courier_order postventa_courier_event postventa_visit"
mkdir -p "$UP"

version_of() {  # REV: postventa_helpdesk's version in that commit ("" for the work tree)
    if [ -z "$1" ]; then cat postventa_helpdesk/__manifest__.py; else git show "$1:postventa_helpdesk/__manifest__.py"; fi \
        | sed -n 's/.*"version": *"\([^"]*\)".*/\1/p'
}

releases() {  # "VERSION COMMIT" per release, oldest first: the last commit of each version
    # on main's own line (--first-parent: a merged branch's commits are not releases)
    local commit version prev="" bumps=()
    while read -r commit; do
        version="$(version_of "$commit")"
        if [ -n "$version" ] && [ "$version" != "$prev" ]; then bumps+=("$version $commit"); fi
        prev="$version"
    done < <(git log --first-parent --reverse --format=%H -- postventa_helpdesk/__manifest__.py)
    local i
    for ((i = 0; i < ${#bumps[@]}; i++)); do
        if [ $((i + 1)) -lt ${#bumps[@]} ]; then
            # what that version's users run: its addons as the next bump found them
            echo "${bumps[i]%% *} $(git rev-parse "${bumps[i + 1]##* }^")"
        else
            echo "${bumps[i]%% *} $(git rev-parse HEAD)"
        fi
    done
}

if [ "$(git rev-parse --is-shallow-repository 2>/dev/null)" = true ]; then
    die "the upgrade run needs the git history (a shallow clone has none): git fetch --unshallow"
fi
current="$(version_of "")"
mapfile -t all < <(releases)
[ "${#all[@]}" -gt 0 ] || die "no release found in the git history"
selected=()
if [ "${1:-}" = --all ]; then
    for item in "${all[@]}"; do  # this tree's own version is no upgrade
        [ "${item%% *}" = "$current" ] || selected+=("$item")
    done
elif [ $# -gt 0 ]; then
    for rev in "$@"; do
        commit="$(git rev-parse --verify "$rev^{commit}")" || die "unknown commit $rev"
        selected+=("$(version_of "$commit") $commit")
    done
else
    previous="" oldest=""
    for item in "${all[@]}"; do
        [ "${item%% *}" != "$current" ] && previous="$item"
        [ "${item%% *}" = "$OLDEST" ] && oldest="$item"
    done
    [ -n "$oldest" ] || die "release $OLDEST not found in the git history"
    selected=("$oldest")
    if [ -n "$previous" ] && [ "$previous" != "$oldest" ]; then selected+=("$previous"); fi
fi

# key of a cached install: the release commit, Odoo's version, the OCA pins
odoo_version="$("$PY" -c 'import odoo.release as r; print(r.serie, r.version)')"
pins="$(sha1sum requirements-oca.txt | cut -d' ' -f1)"

# count DB: "table=N:MAXID ..." for the tables that exist
count() {
    local table n out=""
    for table in $TABLES; do
        if [ "$(psql -XAtqd "$1" -c "SELECT to_regclass('public.$table') IS NOT NULL")" = t ]; then
            n="$(psql -XAtqd "$1" -c "SELECT count(*) || ':' || coalesce(max(id), 0) FROM $table")"
            out="$out $table=$n"
        fi
    done
    echo "${out# }"
}

# kept DB "table=N:MAXID ...": "table=N" of the rows that existed before (ids up to
# MAXID) still there; the upgrade's new demo data adds rows, none may go
kept_count() {
    local item table n max out=""
    for item in $2; do
        table="${item%%=*}" n="${item#*=}"
        max="${n#*:}"
        out="$out $table=$(psql -XAtqd "$1" -c "SELECT count(*) FROM $table WHERE id <= $max")"
    done
    echo "${out# }"
}

copy_db() {  # TEMPLATE DB, filestore included
    local filestore="$STATE/data/filestore"
    dropdb --if-exists "$2"
    createdb -T "$1" "$2"
    rm -rf "${filestore:?}/$2"
    if [ -d "$filestore/$1" ]; then cp -a "$filestore/$1" "$filestore/$2"; fi
}

errors_in() { grep -E " (ERROR|CRITICAL) |failed to install|^Traceback" "$1"; }

# upgrade_one VERSION COMMIT: writes $UP/result-<commit> lines "ok|fail CHECK DETAIL"
upgrade_one() {
    local version="$1" commit="$2" short="${2:0:8}" tag="${1//./_}_${2:0:8}"
    local src="$UP/src-$short" base="${DB}_${tag}_base" db="${DB}_${tag}"
    local result="$UP/result-$short" key="$commit $odoo_version $pins"
    local install_log="$UP/install-$short.log" upgrade_log="$UP/upgrade-$short.log"
    : > "$result"
    if [ ! -f "$src/.complete" ]; then
        rm -rf "$src"
        mkdir -p "$src"
        git archive "$commit" | tar -x -C "$src"
        touch "$src/.complete"
    fi
    if ! cmp -s "$src/requirements-oca.txt" requirements-oca.txt; then
        say "$version: its requirements-oca.txt differs from this tree's (run with this tree's wheels)"
    fi
    local old_addons
    # its addons as a user installs them: not the test-only postventa_tests
    old_addons="$(cd "$src" && ls -d postventa_*/__manifest__.py | cut -d/ -f1 | grep -vx postventa_tests | paste -sd,)"
    # 1. the release installed, with demo data (or its cached install)
    if [ "$CACHE" = 1 ] && [ "$(cat "$UP/base-$short.key" 2>/dev/null)" = "$key" ] \
        && psql -XAtqd "$base" -c 'SELECT 1' > /dev/null 2>&1; then
        say "$version ($short): reusing its install ($base)"
        echo "ok install $old_addons (cached)" >> "$result"
    else
        say "$version ($short): installing $old_addons with demo data ($base)"
        rm -f "$UP/base-$short.key"
        dropdb --if-exists "$base"
        rm -rf "${STATE:?}/data/filestore/$base"
        : > "$install_log"
        if ! "$PY" -m odoo -c "$ODOO_CONF" --addons-path="$src" -d "$base" -i "$old_addons" \
            --stop-after-init --log-level=warn --logfile="$install_log"; then
            tail -30 "$install_log" >&2
            echo "fail install $old_addons (log: $install_log)" >> "$result"
            return
        fi
        if errors_in "$install_log" >&2; then
            echo "fail install errors in $install_log" >> "$result"
            return
        fi
        echo "$key" > "$UP/base-$short.key"
        echo "ok install $old_addons" >> "$result"
    fi
    # 2. a copy of it upgraded to this tree
    copy_db "$base" "$db"
    local before installed missing
    before="$(count "$db")"
    installed="$(psql -XAtqd "$db" -c "SELECT string_agg(name, ',' ORDER BY name) FROM ir_module_module WHERE name LIKE 'postventa\_%' AND state = 'installed'")"
    # the addons this tree has that the release lacked are installed with it, except
    # postventa_claim: a new bridge whose demo needs the five companies' demo (a release
    # before 18.0.1.5.0 has its teams and products in one company); its install is the
    # main and claim runs' business, not an upgrade's
    missing="$(comm -13 <(tr , '\n' <<< "$installed" | sort) \
        <(tr , '\n' <<< "$ADDONS" | grep -vx postventa_claim | sort) | paste -sd,)"
    say "$version ($short): upgrading $db to this tree (-u $installed${missing:+ -i $missing})"
    : > "$upgrade_log"
    if ! "$PY" -m odoo -c "$ODOO_CONF" -d "$db" -u "$installed" ${missing:+-i "$missing"} \
        --stop-after-init --log-level=warn --logfile="$upgrade_log"; then
        tail -30 "$upgrade_log" >&2
        echo "fail upgrade (log: $upgrade_log)" >> "$result"
        return
    fi
    if errors_in "$upgrade_log" >&2; then
        echo "fail upgrade errors in $upgrade_log" >> "$result"
    else
        echo "ok upgrade -u $installed${missing:+ -i $missing}" >> "$result"
    fi
    # 3. the records kept, every addon at this tree's version
    local kept expected="" item
    for item in $before; do expected="$expected ${item%%:*}"; done
    expected="${expected# }"
    kept="$(kept_count "$db" "$before")"
    if [ "$kept" = "$expected" ]; then
        echo "ok records kept: $kept (now: $(count "$db" | sed 's/:[0-9]*//g'))" >> "$result"
    else
        echo "fail records before: $expected; of those, after: $kept" >> "$result"
    fi
    local addon want have stale=""
    for addon in ${installed//,/ } ${missing//,/ }; do
        want="$(sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' "$addon/__manifest__.py")"
        have="$(psql -XAtqd "$db" -c "SELECT coalesce(latest_version, '?') || '/' || state FROM ir_module_module WHERE name = '$addon'")"
        [ "$have" = "$want/installed" ] || stale="$stale $addon $have (want $want)"
    done
    if [ -z "$stale" ]; then
        echo "ok versions every addon at this tree's version" >> "$result"
    else
        echo "fail versions$stale" >> "$result"
    fi
}

start=$(date +%s)
say "upgrades to $current (this tree) from: ${selected[*]}"
running=0
for item in "${selected[@]}"; do
    upgrade_one "${item%% *}" "${item##* }" &
    running=$((running + 1))
    if [ "$running" -ge "$JOBS" ]; then wait -n || true; running=$((running - 1)); fi
done
wait || true

passed=0 failed=0
echo
for item in "${selected[@]}"; do
    version="${item%% *}" commit="${item##* }"
    result="$UP/result-${commit:0:8}"
    [ -s "$result" ] || echo "fail install did not run" > "$result"
    while read -r state check detail; do
        echo "$version (${commit:0:8}) $check: $state $detail"
        if [ "$state" = ok ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
    done < "$result"
done
say "the upgrade run took $(($(date +%s) - start)) s"
echo "upgrade: $passed passed, $failed failed"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
