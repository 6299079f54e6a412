from odoo import SUPERUSER_ID, http
from odoo.http import request

# A tracking event is a few hundred bytes: anything this big is not one.
MAX_BODY = 1024 * 1024


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
        status, answer = request.env(user=SUPERUSER_ID)[
            "delivery.carrier"
        ]._postventa_receive_webhook(
            code,
            body,
            headers.get("X-Courier-Timestamp"),
            headers.get("X-Courier-Signature"),
        )
        return request.make_json_response(answer, status=status)
