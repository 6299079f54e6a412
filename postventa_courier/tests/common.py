from werkzeug.urls import url_parse

from odoo import fields
from odoo.tests import common, new_test_user
from odoo.tests.common import TransactionCase

from odoo.addons.postventa_courier.simulator.courier_simulator import CourierSimulator


class CourierSimulatorMixin:
    """A courier simulator on a free loopback port for the whole class, and a
    carrier and a zone that use it (Montevideo, so that no demo zone interferes)."""

    @classmethod
    def _request_handler(cls, session, request, **kw):
        # Odoo's test harness raises every timeout under 10 s to 10 s; the
        # simulator's timeouts are what these tests are about, so keep ours.
        if url_parse(request.url).host == "127.0.0.1":
            return common._super_send(session, request, **kw)
        return super()._request_handler(session, request, **kw)

    @classmethod
    def setUpCourier(cls, tracking_mode="webhook"):
        cls.sim = CourierSimulator(
            api_key="test-key", webhook_secret="test-secret"
        ).start()
        cls.addClassCleanup(cls.sim.stop)
        env = cls.env
        # what the crons write for staff is in the company's language
        # (_postventa_staff_lang): English here, the language these tests read;
        # test_recoordination checks a Spanish company
        env.company.partner_id.lang = "en_US"
        product = env["product.product"].create(
            {"name": "Test courier service", "type": "service"}
        )
        cls.carrier = env["delivery.carrier"].create(
            {
                "name": "Test courier",
                "delivery_type": "postventa_rest",
                "product_id": product.id,
                "postventa_code": f"test-{tracking_mode}",
                "postventa_api_url": cls.sim.url,
                "postventa_api_key": "test-key",
                "postventa_webhook_secret": "test-secret",
                "postventa_tracking_mode": tracking_mode,
                "postventa_connect_timeout": 1.0,
                "postventa_read_timeout": 0.5,
                "postventa_max_attempts": 3,
                "postventa_packaging_instructions": (
                    "<p>Original box, no cartridges.</p>"
                ),
            }
        )
        cls.zone = env["postventa.zone"].create(
            {
                "name": "Montevideo",
                "sequence": 0,
                "country_id": env.ref("base.uy").id,
                "cities": "Montevideo",
                "pickup_carrier_id": cls.carrier.id,
                "delivery_carrier_id": cls.carrier.id,
            }
        )
        cls.customer = env["res.partner"].create(
            {
                "name": "Sofía Pereira",
                "email": "sofia@example.com",
                "mobile": "+598 94 123 456",
                "street": "Av. 18 de Julio 1234",
                "city": "Montevideo",
                "country_id": env.ref("base.uy").id,
            }
        )
        cls.doc = env["res.partner"].create(
            {
                "name": "DOC Pocitos",
                "is_postventa_doc": True,
                "email": "doc.pocitos@example.com",
                "street": "Bvar. España 2500",
                "city": "Montevideo",
                "country_id": env.ref("base.uy").id,
            }
        )
        cls.team = env["helpdesk.ticket.team"].create({"name": "Courier test team"})
        cls.logistics = new_test_user(
            env,
            "pv_logistics_courier",
            groups="postventa_rma.group_postventa_logistics,"
            "helpdesk_mgmt.group_helpdesk_user",
        )

    @classmethod
    def _in_montevideo(cls, partner):
        """``partner`` at the address the courier's zone serves (Montevideo)."""
        partner.write(
            {
                "street": "Av. 18 de Julio 1234",
                "street2": False,
                "zip": False,
                "city": "Montevideo",
                "state_id": False,
                "country_id": cls.env.ref("base.uy").id,
            }
        )

    def setUp(self):
        super().setUp()
        self.sim.reset()

    def assertRaisesMessage(self, exception, text):
        """assertRaises (which rolls back to a savepoint, unlike assertRaisesRegex)
        and the message the user reads."""
        return _RaisesMessage(self, exception, text)

    def _ticket(self, **values):
        return self.env["helpdesk.ticket"].create(
            dict(
                {
                    "name": "Printer does not feed paper",
                    "description": "<p>Paper does not feed.</p>",
                    "partner_id": self.customer.id,
                    "team_id": self.team.id,
                },
                **values,
            )
        )

    def _pickup(self, ticket=None):
        ticket = ticket or self._ticket()
        action = ticket.with_user(self.logistics).action_courier_pickup()
        return self.env["postventa.courier.order"].browse(action["res_id"])

    def _rma_with_pickup(self, serial, purchase_days_ago=100):
        """A return confirmed on a case of the courier's team and the courier pickup
        logistics books for it (with postventa_rma's ExchangeCase, which makes the
        RMA)."""
        rma = self._rma(purchase_days_ago, serial)
        rma.operation_id = self.env.ref("rma.rma_operation_return")
        rma.action_confirm()
        rma.ticket_id.team_id = self.team
        return rma, self._pickup(rma.ticket_id)

    def _call_courier_orders(self, method, *args, **kwargs):
        """A JSON-RPC call on courier orders, as the browser of the session
        authenticated last makes it (HttpCase)."""
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {
                "model": "postventa.courier.order",
                "method": method,
                "args": list(args),
                "kwargs": kwargs,
            },
        )

    def _process_outbox(self):
        """Run the outbox cron as if every pending call were due."""
        Outbox = self.env["postventa.courier.outbox"]
        Outbox.search([("state", "=", "pending")]).next_try_at = fields.Datetime.now()
        Outbox._cron_process()

    def _track(self, order, *statuses):
        """The courier reports these statuses and Odoo reads them."""
        for status in statuses:
            self.sim.emit(order.tracking_number, status)
        order.action_refresh_tracking()

    def _events(self, order):
        return order.event_ids.sorted("id")


class CourierCase(CourierSimulatorMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpCourier()


class _RaisesMessage:
    def __init__(self, case, exception, text):
        self.case, self.text = case, text
        self.context = case.assertRaises(exception)

    def __enter__(self):
        self.caught = self.context.__enter__()
        return self.caught

    def __exit__(self, *exc_info):
        suppressed = self.context.__exit__(*exc_info)
        self.case.assertIn(self.text, str(self.caught.exception))
        return suppressed
