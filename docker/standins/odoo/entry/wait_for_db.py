#!/usr/bin/env python3
"""Waits until PostgreSQL accepts a connection (the stand-in odoo image's entry point
calls it before Odoo starts). Options as Odoo's (--db_host...) and --timeout;
odoo.conf ($ODOO_RC) wins over them, libpq's variables fill the rest."""

import argparse
import configparser
import os
import sys
import time

import psycopg2


def settings(args):
    conf = {}
    if os.environ.get("ODOO_RC"):
        parser = configparser.RawConfigParser()
        parser.read(os.environ["ODOO_RC"])
        if parser.has_section("options"):
            conf = dict(parser.items("options"))
    found = {}
    for key, env in (
        ("db_host", "PGHOST"),
        ("db_port", "PGPORT"),
        ("db_user", "PGUSER"),
        ("db_password", "PGPASSWORD"),
    ):
        found[key] = conf.get(key) or getattr(args, key) or os.environ.get(env)
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    for key in ("db_host", "db_port", "db_user", "db_password"):
        parser.add_argument(f"--{key}")
    parser.add_argument("--timeout", type=int, default=5)
    args = parser.parse_args()
    found = settings(args)
    missing = sorted(key for key, value in found.items() if value is None)
    if missing:
        sys.exit(f"missing database settings: {', '.join(missing)}")
    deadline = time.monotonic() + args.timeout
    while True:
        try:
            psycopg2.connect(
                host=found["db_host"],
                port=found["db_port"],
                user=found["db_user"],
                password=found["db_password"],
                dbname="postgres",
            ).close()
            return
        except psycopg2.OperationalError as error:
            if time.monotonic() >= deadline:
                sys.exit(f"PostgreSQL did not answer: {error}")
            time.sleep(1)


if __name__ == "__main__":
    main()
