import psycopg2.extensions

from odoo import SUPERUSER_ID, http, sql_db
from odoo.http import request

# A tracking event is a few hundred bytes: anything this big is not one.
MAX_BODY = 1024 * 1024


def autocommit(cr):
    """Each statement run on ``cr`` from now on commits on its own, when ``cr`` is a
    plain cursor that has run nothing yet in its transaction (the request's own).
    The webhook writes one row: one round trip to PostgreSQL (INSERT) instead of
    three (BEGIN, INSERT, COMMIT), at READ COMMITTED, where a concurrent replay of
    the same event waits for the first and is skipped by ON CONFLICT instead of
    failing the request's snapshot. The connection stays so until the request
    ends: Odoo's pool resets it when it lends it again (DISCARD ALL) and Odoo's
    next cursor sets REPEATABLE READ again, where switching back here would cost
    two SET statements. Otherwise (the tests' shared cursor, a transaction already
    begun) nothing changes. Returns whether it autocommits."""
    connection = cr.connection if isinstance(cr, sql_db.Cursor) else None
    if connection is None or connection.status != psycopg2.extensions.STATUS_READY:
        return False
    connection.autocommit = True
    return True


class CourierWebhook(http.Controller):
    """Tracking events pushed by a courier, signed with its secret. The signature is
    the authentication; what follows runs as OdooBot, like the courier crons."""

    @http.route(
        "/postventa/courier/<string:code>/webhook",
        type="http",
        auth="none",
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
    def webhook(self, code, **kw):
        httprequest = request.httprequest
        headers = httprequest.headers
        # refused before it is read, looked up or hashed. With its length given,
        # no more than that is read; a body of unknown length (chunked, which would
        # be read to its end whatever length it announces) is not read at all.
        length = httprequest.content_length
        if length is None or headers.get("Transfer-Encoding"):
            return request.make_json_response({"error": "length required"}, status=411)
        if length > MAX_BODY:
            return request.make_json_response({"error": "body too large"}, status=413)
        body = httprequest.get_data()
        # all it writes is the event (or, for an early one, its row): committed as
        # written; a replay of a request that failed after it is a duplicate
        autocommit(request.env.cr)
        status, answer = request.env(user=SUPERUSER_ID)[
            "delivery.carrier"
        ]._postventa_receive_webhook(
            code,
            body,
            headers.get("X-Courier-Timestamp"),
            headers.get("X-Courier-Signature"),
        )
        return request.make_json_response(answer, status=status)
