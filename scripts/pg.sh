#!/usr/bin/env bash
# Starts (or reuses) the PostgreSQL server postventa uses and writes .local/odoo.conf.
# With PGHOST set, that server is used as it is; otherwise a private cluster runs
# under .local/pg, listening only on a Unix socket (no TCP port to collide with).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
mkdir -p "$STATE"

as_pg() {  # PostgreSQL refuses to run as root: use the 'postgres' account then.
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
pgbin() {
    local tool="$1"
    if command -v "$tool" >/dev/null; then command -v "$tool"; return; fi
    local found; found=$(printf '%s\n' /usr/lib/postgresql/*/bin/"$tool" | grep -v '\*' | sort -V | tail -1 || true)
    [ -n "$found" ] || die "PostgreSQL server binaries ($tool) not found: install PostgreSQL 13+ or set PGHOST to a running server"
    echo "$found"
}

if [ "$PG_OWN" = 1 ]; then
    PGBASE="$STATE/pg"
    [ -f "$STATE/pg.env" ] && PGBASE="$(dirname "$(. "$STATE/pg.env"; echo "$PGHOST")")"
    if [ "$(id -u)" = 0 ]; then
        id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql postgres
        # The cluster must be reachable by 'postgres'; a checkout under a private
        # home folder is not, so fall back to a folder of its own under /var/tmp.
        mkdir -p "$PGBASE"
        if ! runuser -u postgres -- test -w "$PGBASE" 2>/dev/null; then
            chown postgres "$PGBASE" 2>/dev/null || true
            runuser -u postgres -- test -w "$PGBASE" 2>/dev/null \
                || PGBASE="/var/tmp/postventa-pg-$(echo "$ROOT" | sha1sum | cut -c1-8)"
        fi
        mkdir -p "$PGBASE"; chown postgres "$PGBASE"
    fi
    export PGHOST="$PGBASE/run"
    if [ "${1:-}" = stop ]; then
        if [ -f "$PGBASE/data/PG_VERSION" ]; then
            as_pg "$(pgbin pg_ctl)" -D "$PGBASE/data" -m fast stop || true
        fi
        exit 0
    fi
    if ! as_pg "$(pgbin pg_isready)" -q -h "$PGHOST" -p "$PGPORT"; then
        if [ ! -f "$PGBASE/data/PG_VERSION" ]; then
            say "initialising PostgreSQL cluster in $PGBASE/data"
            as_pg "$(pgbin initdb)" -D "$PGBASE/data" -U "$PGUSER" --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
        fi
        as_pg mkdir -p "$PGHOST"
        say "starting PostgreSQL (socket in $PGHOST)"
        as_pg "$(pgbin pg_ctl)" -D "$PGBASE/data" -l "$PGBASE/postgres.log" -w start \
            -o "-k $PGHOST -p $PGPORT -c listen_addresses='' -c fsync=off -c full_page_writes=off" >/dev/null \
            || die "PostgreSQL did not start; see $PGBASE/postgres.log"
    fi
fi

cat > "$STATE/pg.env" <<ENV
export PGHOST='$PGHOST' PGPORT='$PGPORT' PGUSER='$PGUSER'
ENV
cat > "$ODOO_CONF" <<CONF
[options]
addons_path = $ROOT
data_dir = $STATE/data
db_host = $PGHOST
db_port = $PGPORT
db_user = $PGUSER
db_password = ${PGPASSWORD:-False}
admin_passwd = admin
list_db = False
CONF
# POSTVENTA_HTTP_PORT: the port Odoo (and the browser tests' server) listens on, for
# several checkouts testing side by side on one machine
if [ -n "${POSTVENTA_HTTP_PORT:-}" ]; then echo "http_port = $POSTVENTA_HTTP_PORT" >> "$ODOO_CONF"; fi
