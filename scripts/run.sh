#!/usr/bin/env bash
# make run: the demo database 'postventa' (created once, upgraded when an addon's
# version changes) with the four addons and their demo data, served on
# http://localhost:8069 (admin / admin), next to two courier simulators that the demo
# carriers use: Aeromar on :8070 (pushes webhooks) and Transportes del Interior on
# :8071 (polled). Both move every open shipment one step a minute. Every mail the demo
# sends goes to a local mail catcher (SMTP on 127.0.0.1:2525, read on
# http://localhost:8025), the demo's outgoing server.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
bash "$ROOT/scripts/setup.sh"
bash "$ROOT/scripts/pg.sh"
source "$STATE/pg.env"
DB="${POSTVENTA_DB:-postventa}"
PORT="${POSTVENTA_HTTP_PORT:-8069}"
SMTP_PORT="${POSTVENTA_SMTP_PORT:-2525}"
MAIL_PORT="${POSTVENTA_MAIL_PORT:-8025}"

# the mail catcher first: the demo data's mails (acknowledgements, notices) are sent
# while the database is created
"$PY" "$ROOT/scripts/mail_catcher.py" --smtp-port "$SMTP_PORT" --http-port "$MAIL_PORT" &
trap 'kill $(jobs -p) 2>/dev/null' EXIT

# what the database lacks: "install <addon>" for an addon it does not have (all of them
# when the database is new), "upgrade <addon>" for one whose version is not the manifest's
todo=$("$PY" - "$DB" "$ROOT" <<'PY'
import ast, subprocess, sys
db, root = sys.argv[1:3]
out = subprocess.run(["psql", "-d", db, "-Atc",
    "SELECT name, latest_version FROM ir_module_module WHERE state = 'installed' "
    "AND name LIKE 'postventa_%'"], capture_output=True, text=True).stdout
installed = dict(line.split("|") for line in out.split())
for addon in ("postventa_helpdesk", "postventa_rma", "postventa_courier", "postventa_mrp"):
    with open(f"{root}/{addon}/__manifest__.py") as manifest:
        version = ast.literal_eval(manifest.read().split("\n", 1)[1])["version"]
    if addon not in installed:
        print("install", addon)
    elif installed[addon] != version:
        print("upgrade", addon)
PY
)
install=$(echo "$todo" | awk '$1 == "install" {print $2}' | paste -sd, -)
upgrade=$(echo "$todo" | awk '$1 == "upgrade" {print $2}' | paste -sd, -)
if ! psql -d "$DB" -Atc "SELECT 1" >/dev/null 2>&1; then
    say "creating demo database $DB (a few minutes the first time)"
    "$PY" -m odoo -c "$ODOO_CONF" -d "$DB" -i "$ADDONS" ${LANGUAGES:+--load-language="$LANGUAGES"} \
        --stop-after-init --log-level=warn || die "installing the demo database failed"
elif [ -n "$todo" ]; then
    # -u only for what is installed: -i on an installed addon would load its demo
    # data again as on a first install
    say "in $DB: ${install:+installing $install }${upgrade:+upgrading $upgrade}"
    "$PY" -m odoo -c "$ODOO_CONF" -d "$DB" ${install:+-i "$install"} ${upgrade:+-u "$upgrade"} \
        --stop-after-init --log-level=warn \
        || die "upgrading the demo database failed (a fresh demo: dropdb $DB, then make run)"
else
    say "reusing database $DB"
fi

# the demo's outgoing server is the catcher (demo data names 127.0.0.1:2525; another
# port is set here), mails that failed before it ran are sent again, and links in mails
# and PDFs use POSTVENTA_BASE_URL when given (the address a store's phone reaches)
psql -d "$DB" -q -v ON_ERROR_STOP=1 -v port="$SMTP_PORT" -v url="${POSTVENTA_BASE_URL:-}" \
    >/dev/null <<'SQL' || die "configuring the demo's outgoing mail failed"
UPDATE ir_mail_server SET smtp_port = :port WHERE smtp_host = '127.0.0.1';
UPDATE mail_mail SET state = 'outgoing', failure_reason = NULL, failure_type = NULL
 WHERE state = 'exception';
SELECT :'url' <> '' AS has_url \gset
\if :has_url
INSERT INTO ir_config_parameter (key, value)
     VALUES ('web.base.url', :'url'), ('web.base.url.freeze', 'True')
ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value;
\endif
SQL

SIMULATOR="$ROOT/postventa_courier/simulator/courier_simulator.py"
"$PY" "$SIMULATOR" --port 8070 --prefix AERO --api-key demo-key --webhook-secret demo-secret \
    --webhook-url "http://localhost:$PORT/postventa/courier/aeromar/webhook" --autopilot 60 &
"$PY" "$SIMULATOR" --port 8071 --prefix INT --api-key demo-key --autopilot 60 &
say "serving http://localhost:$PORT  (login admin / admin; Ctrl-C stops)"
say "mails the demo sends: http://localhost:$MAIL_PORT"
# -d alone (no --db-filter) serves only this database and spares every request without a
# session (courier webhooks) a connection to list the server's databases
"$PY" -m odoo -c "$ODOO_CONF" -d "$DB" --http-port="$PORT" "$@"
