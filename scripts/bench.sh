#!/usr/bin/env bash
# make bench: benchmark databases (created once, without demo data), then bench/*.py.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
bash "$ROOT/scripts/setup.sh"
bash "$ROOT/scripts/pg.sh"
source "$STATE/pg.env"
ensure_db() {  # name, modules
    if [ "$(psql -d "$1" -Atc "SELECT count(*) FROM ir_module_module WHERE name = '${2##*,}' AND state = 'installed'" 2>/dev/null)" != 1 ]; then
        say "creating benchmark database $1 ($2)"
        dropdb --if-exists "$1"
        "$PY" -m odoo -c "$ODOO_CONF" -d "$1" -i "$2" --without-demo=all --stop-after-init --log-level=warn
    fi
}
ensure_db bench_vanilla helpdesk_mgmt
ensure_db bench_postventa postventa_helpdesk
ensure_db bench_courier postventa_courier
# bench/portal.py: 100 000 tickets each (added by the script on its first run)
ensure_db bpo_vanilla helpdesk_mgmt
ensure_db bpo_postventa postventa_courier
"$PY" -m odoo -c "$ODOO_CONF" -d bench_postventa -u postventa_helpdesk --stop-after-init --log-level=warn
"$PY" -m odoo -c "$ODOO_CONF" -d bench_courier -u postventa_courier --stop-after-init --log-level=warn
# postventa_helpdesk: its update takes the addons that depend on it along
"$PY" -m odoo -c "$ODOO_CONF" -d bpo_postventa -u postventa_helpdesk --stop-after-init --log-level=warn
if ! command -v ab >/dev/null 2>&1; then  # ApacheBench loads the portal in bench/portal.py
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        say "installing apache2-utils (ab)"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends apache2-utils >/dev/null
    else
        die "bench/portal.py needs ApacheBench: install apache2-utils"
    fi
fi
scripts=("$@")
[ ${#scripts[@]} -gt 0 ] || scripts=("$ROOT"/bench/intake.py "$ROOT"/bench/sla.py "$ROOT"/bench/courier.py "$ROOT"/bench/webhook.py "$ROOT"/bench/portal.py "$ROOT"/bench/trends.py)
for script in "${scripts[@]}"; do
    db=bench_postventa vanilla=bench_vanilla
    case "$script" in
        *courier.py | *scale.py | *webhook.py) db=bench_courier ;;
        *portal.py) db=bpo_postventa vanilla=bpo_vanilla ;;
    esac
    "$PY" "$script" --config "$ODOO_CONF" --postventa-db "$db" --vanilla-db "$vanilla"
done
