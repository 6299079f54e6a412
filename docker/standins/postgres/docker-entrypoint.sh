#!/usr/bin/env bash
# The postgres stand-in's entrypoint (docker/standins/postgres/Dockerfile): the
# official image's environment contract, written anew for Debian's PostgreSQL.
#   POSTGRES_PASSWORD          the superuser's password (required, unless
#                              POSTGRES_HOST_AUTH_METHOD=trust)
#   POSTGRES_USER              the superuser (default postgres)
#   POSTGRES_DB                a database created on the first start (default: the user)
#   POSTGRES_INITDB_ARGS       more initdb arguments
#   POSTGRES_HOST_AUTH_METHOD  pg_hba's method for remote hosts (default scram-sha-256)
#   PGDATA                     the cluster (default /var/lib/postgresql/data)
# On the first start (an empty PGDATA) the cluster is made, a server listening on its
# socket alone creates POSTGRES_DB and runs /docker-entrypoint-initdb.d/*.sh, *.sql and
# *.sql.gz in name order; then PostgreSQL runs in the foreground with the arguments.
set -Eeo pipefail
say() { echo "[postgres stand-in] $*" >&2; }

if [ "${1:0:1}" = '-' ]; then
    set -- postgres "$@"
fi
if [ "$1" != postgres ]; then
    exec "$@"
fi

: "${PGDATA:=/var/lib/postgresql/data}"
export PGDATA
if [ "$(id -u)" = 0 ]; then
    mkdir -p "$PGDATA"
    chown postgres:postgres "$PGDATA"
    chmod 700 "$PGDATA"
    exec gosu postgres "${BASH_SOURCE[0]}" "$@"
fi

POSTGRES_USER="${POSTGRES_USER:-postgres}"
POSTGRES_DB="${POSTGRES_DB:-$POSTGRES_USER}"
auth="${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}"

if [ ! -s "$PGDATA/PG_VERSION" ]; then
    if [ -z "${POSTGRES_PASSWORD:-}" ] && [ "$auth" != trust ]; then
        say "POSTGRES_PASSWORD is not set (or set POSTGRES_HOST_AUTH_METHOD=trust): the database is uninitialised"
        exit 1
    fi
    pwfile=$(mktemp)
    printf '%s\n' "${POSTGRES_PASSWORD:-}" >"$pwfile"
    # shellcheck disable=SC2086  # POSTGRES_INITDB_ARGS is a list of words
    initdb --username="$POSTGRES_USER" --pwfile="$pwfile" ${POSTGRES_INITDB_ARGS:-}
    rm -f "$pwfile"
    printf '\nhost all all all %s\n' "$auth" >>"$PGDATA/pg_hba.conf"
    printf "\nlisten_addresses = '*'\n" >>"$PGDATA/postgresql.conf"

    # the first start: on the socket alone, so no client connects before init ends
    pg_ctl -D "$PGDATA" -w -o "-c listen_addresses='' -p ${PGPORT:-5432}" start
    export PGUSER="$POSTGRES_USER" PGPASSWORD="${POSTGRES_PASSWORD:-}" PGHOST=/var/run/postgresql
    if [ "$POSTGRES_DB" != postgres ]; then
        psql -v ON_ERROR_STOP=1 -d postgres -q -v db="$POSTGRES_DB" <<<'CREATE DATABASE :"db";'
    fi
    for file in /docker-entrypoint-initdb.d/*; do
        case "$file" in
            *.sh)
                say "running $file"
                # shellcheck disable=SC1090  # the init folder's scripts
                if [ -x "$file" ]; then "$file"; else . "$file"; fi
                ;;
            *.sql) say "running $file"; psql -v ON_ERROR_STOP=1 -d "$POSTGRES_DB" -f "$file" ;;
            *.sql.gz) say "running $file"; gunzip -c "$file" | psql -v ON_ERROR_STOP=1 -d "$POSTGRES_DB" ;;
            *) if [ -e "$file" ]; then say "ignoring $file"; fi ;;
        esac
    done
    unset PGHOST PGPASSWORD
    pg_ctl -D "$PGDATA" -m fast -w stop
    say "init process complete; ready for start up"
fi
exec "$@"
