#!/usr/bin/env bash
# docker compose 'init' service: create the demo database once.
set -euo pipefail
ADDONS=postventa_helpdesk,postventa_rma,postventa_courier
state=$(psql -d postventa -Atc "SELECT state FROM ir_module_module WHERE name = 'postventa_courier'" 2>/dev/null || true)
if [ "$state" = installed ]; then
    echo "[postventa] database postventa is ready"
    exit 0
fi
echo "[postventa] creating demo database postventa"
odoo --db_host="$PGHOST" --db_user="$PGUSER" --db_password="$PGPASSWORD" \
    --addons-path=/mnt/postventa,/mnt/oca/odoo/addons \
    -d postventa -i "$ADDONS" --stop-after-init --log-level=warn
# the demo couriers are the simulator containers, not loopback
psql -d postventa -c "UPDATE delivery_carrier SET postventa_api_url = 'http://courier-' || postventa_code || ':' ||
    CASE postventa_code WHEN 'aeromar' THEN '8070' ELSE '8071' END WHERE postventa_code IN ('aeromar', 'interior')"
