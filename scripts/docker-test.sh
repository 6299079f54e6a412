#!/usr/bin/env bash
# docker compose 'test' service: what `make test` does, inside the official image.
set -euo pipefail
cd /mnt/postventa
pip3 install --quiet --break-system-packages -r requirements-test.txt
cat > /tmp/odoo-test.conf <<CONF
[options]
addons_path = /mnt/postventa,/mnt/oca/odoo/addons
db_host = $PGHOST
db_user = $PGUSER
db_password = $PGPASSWORD
data_dir = /tmp/odoo-data
CONF
dropdb --if-exists postventa_test
odoo -c /tmp/odoo-test.conf -d postventa_test -i postventa_helpdesk,postventa_rma,postventa_courier \
    --stop-after-init --log-level=warn
set +e
python3 -m pytest -p no:cacheprovider --odoo-database=postventa_test --odoo-config=/tmp/odoo-test.conf \
    --odoo-http --cov=postventa_helpdesk --cov=postventa_rma --cov=postventa_courier \
    --cov-report=term:skip-covered postventa_helpdesk postventa_rma postventa_courier tests "$@"
rc=$?
[ "$rc" = 5 ] && { echo "no tests were collected: that is a failure" >&2; exit 1; }
exit "$rc"
