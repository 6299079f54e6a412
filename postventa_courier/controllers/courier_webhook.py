from odoo import SUPERUSER_ID, http
from odoo.http import request


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
        headers = request.httprequest.headers
        status, answer = request.env(user=SUPERUSER_ID)[
            "delivery.carrier"
        ]._postventa_receive_webhook(
            code,
            request.httprequest.get_data(),
            headers.get("X-Courier-Timestamp"),
            headers.get("X-Courier-Signature"),
        )
        return request.make_json_response(answer, status=status)
