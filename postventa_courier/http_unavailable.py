"""The courier webhook answers 503 with Retry-After when it cannot store an event.

A courier retries a 503 (and honours Retry-After) but may treat a 404 or a 500 as
final and drop the event. Where a request that cannot reach the database goes in
``odoo.http`` (18.0):

- the registry cannot be opened (PostgreSQL down or restarting, the registry
  failing to load): ``Request._serve_db`` raises ``RegistryError``, which
  ``Application.__call__`` answers from the routes that need no database
  (``_serve_nodb``), where the webhook is not: Odoo's HTML 404 page;
- the connection pool is exhausted, or the request's own cursor cannot be opened
  (``_transactioning`` opens it outside its error handling): the exception leaves
  ``_serve_db`` and ``Application.__call__`` answers 500;
- the webhook's INSERT fails (connection lost, serialization retries exhausted):
  ``ir.http._handle_error`` would see it, but only this case.

So ``ir.http`` (no registry in the first case, not called in the second) and the
controller (not reached) cannot answer these; the one place that sees them all is
the call of ``Request._serve_db`` itself. The two request entry points are wrapped
at import, for the webhook's path only (one regular expression match per request
on any other path, which is then served unchanged). In a multi-process server, list
postventa_courier in ``server_wide_modules`` so that a worker that never loaded the
registry has the wrapper too.
"""

import json
import logging
import re
from functools import wraps

import psycopg2
from psycopg2.pool import PoolError

from odoo import http

_logger = logging.getLogger(__name__)

WEBHOOK_PATH = re.compile(r"^/postventa/courier/[^/]+/webhook/?$")
RETRY_AFTER = 30  # seconds


def is_webhook(httprequest):
    return httprequest.method == "POST" and bool(WEBHOOK_PATH.match(httprequest.path))


def unavailable_response(reason):
    return http.Response(
        json.dumps({"error": "temporarily unavailable", "detail": reason}),
        status=503,
        headers=[
            ("Content-Type", "application/json; charset=utf-8"),
            ("Retry-After", str(RETRY_AFTER)),
        ],
    )


UNAVAILABLE = (
    # connection lost or refused; serialization retries exhausted
    psycopg2.OperationalError,
    psycopg2.InterfaceError,  # connection already closed
    PoolError,  # connection pool exhausted
    http.RegistryError,  # the registry could not be loaded
)


def _wrap_serve_db(serve_db):
    """``_serve_db``, answering 503 for the webhook when the database fails (see
    the module's docstring for why here and not in ``ir.http``)."""

    @wraps(serve_db)
    def _serve_db(self):
        if not is_webhook(self.httprequest):
            return serve_db(self)
        try:
            return serve_db(self)
        except UNAVAILABLE as error:
            _logger.warning(
                "courier webhook: cannot store now (%s), answered 503",
                type(error).__name__,
            )
            return unavailable_response("database unavailable")

    _serve_db._postventa_wrapped = True
    return _serve_db


def _wrap_serve_nodb(serve_nodb):
    @wraps(serve_nodb)
    def _serve_nodb(self):
        if is_webhook(self.httprequest):
            _logger.warning("courier webhook: no database to store in, answered 503")
            return unavailable_response("no database")
        return serve_nodb(self)

    _serve_nodb._postventa_wrapped = True
    return _serve_nodb


def install():
    """Wrap odoo.http.Request's entry points, once per process."""
    Request = http.Request
    if not getattr(Request._serve_db, "_postventa_wrapped", False):
        Request._serve_db = _wrap_serve_db(Request._serve_db)
    if not getattr(Request._serve_nodb, "_postventa_wrapped", False):
        Request._serve_nodb = _wrap_serve_nodb(Request._serve_nodb)
