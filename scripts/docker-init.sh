#!/usr/bin/env bash
# docker compose 'init' service: the demo database, kept the way `make run` keeps it
# (scripts/run.sh): created with the four addons and their demo data on the first
# start, upgraded with -u when an addon's version is not its manifest's (after a
# `git pull`), left alone otherwise; its demo couriers point at the simulator
# containers.
#
# The container's values are the defaults; scripts/docker-check.sh runs this same
# script against a local virtualenv and cluster:
#   PGHOST PGPORT PGUSER PGPASSWORD  the database server (libpq's variables, as the
#                                    container gets them)
#   ODOO_RC                          Odoo's configuration (compose: docker/odoo.conf)
#   POSTVENTA_ROOT                   the checkout (default /mnt/postventa)
#   POSTVENTA_OCA_ADDONS             the OCA addons (default /mnt/oca/odoo/addons)
#   POSTVENTA_DB                     the database (default postventa)
#   POSTVENTA_ODOO                   the Odoo command (default: odoo)
#   POSTVENTA_PYTHON                 a Python 3 (default: python3)
#   POSTVENTA_COURIER_URLS           code=url of each demo courier, space-separated
#   POSTVENTA_LANGUAGES              languages to load when creating it (--load-language)
set -euo pipefail
ROOT="${POSTVENTA_ROOT:-/mnt/postventa}"
OCA_ADDONS="${POSTVENTA_OCA_ADDONS:-/mnt/oca/odoo/addons}"
DB="${POSTVENTA_DB:-postventa}"
PYTHON="${POSTVENTA_PYTHON:-python3}"
read -ra ODOO <<<"${POSTVENTA_ODOO:-odoo}"
COURIER_URLS="${POSTVENTA_COURIER_URLS-aeromar=http://courier-aeromar:8070 interior=http://courier-interior:8071}"
# the languages `make run` loads (scripts/common.sh): Latin American Spanish for four of
# the demo companies, Spanish of Spain for Aserti; English stays. The first is the
# default language of new contacts.
LANGUAGES="${POSTVENTA_LANGUAGES-es_419,es_ES}"
ADDONS="postventa_helpdesk,postventa_rma,postventa_courier,postventa_mrp"

say() { echo "[postventa] $*" >&2; }
die() { say "$*"; exit 1; }

odoo_args=(--addons-path="$ROOT,$OCA_ADDONS" -d "$DB" --stop-after-init --log-level=warn)
[ -n "${PGHOST:-}" ] && odoo_args+=(--db_host="$PGHOST")
[ -n "${PGPORT:-}" ] && odoo_args+=(--db_port="$PGPORT")
[ -n "${PGUSER:-}" ] && odoo_args+=(--db_user="$PGUSER")
[ -n "${PGPASSWORD:-}" ] && odoo_args+=(--db_password="$PGPASSWORD")

# what the database lacks, as scripts/run.sh finds it: "install <addon>" for an addon
# it does not have (all of them for a new database), "upgrade <addon>" for one whose
# installed version is not its manifest's
todo=$("$PYTHON" - "$DB" "$ROOT" "$ADDONS" <<'PY'
import ast, subprocess, sys
db, root, addons = sys.argv[1:4]
out = subprocess.run(["psql", "-d", db, "-Atc",
    "SELECT name, latest_version FROM ir_module_module WHERE state = 'installed' "
    "AND name LIKE 'postventa_%'"], capture_output=True, text=True).stdout
installed = dict(line.split("|") for line in out.split())
for addon in addons.split(","):
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

if ! psql -d "$DB" -Atc "SELECT 1 FROM ir_module_module LIMIT 1" >/dev/null 2>&1; then
    # a new database (or an empty one, left by a first start that was stopped early)
    say "creating demo database $DB (a few minutes the first time)"
    "${ODOO[@]}" "${odoo_args[@]}" -i "$ADDONS" ${LANGUAGES:+--load-language="$LANGUAGES"} \
        || die "installing the demo database failed"
elif [ -n "$todo" ]; then
    # -u only for what is installed: -i on an installed addon would load its demo
    # data again as on a first install
    say "in $DB: ${install:+installing $install }${upgrade:+upgrading $upgrade}"
    "${ODOO[@]}" "${odoo_args[@]}" ${install:+-i "$install"} ${upgrade:+-u "$upgrade"} \
        || die "upgrading the demo database failed (a fresh demo: docker compose down -v, then up)"
else
    say "database $DB is up to date"
fi

# the demo couriers are the simulator containers, not loopback; only carriers still
# at the demo's loopback address change, so a courier configured by hand stays
for pair in $COURIER_URLS; do
    psql -d "$DB" -v ON_ERROR_STOP=1 -q -v code="${pair%%=*}" -v url="${pair#*=}" <<'SQL'
UPDATE delivery_carrier SET postventa_api_url = :'url'
 WHERE postventa_code = :'code' AND postventa_api_url LIKE 'http://127.0.0.1:%';
SQL
done
