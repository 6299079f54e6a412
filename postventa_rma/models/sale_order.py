from odoo import api, fields, models
from odoo.exceptions import AccessError

from odoo.addons.postventa_helpdesk.models.postventa_link import check_link_access

INTERNAL = "base.group_user"
# what a quotation points at and moves: who links it must be able to change it
LINKS = ("postventa_ticket_id", "postventa_unit_id")


class SaleOrder(models.Model):
    """Quotations of after-sales: spare parts a customer asks for from a unit's portal
    page (Hibertek's procedure), and the quotation of a change request (Aserti's
    procedure), whose acceptance, refusal or expiry moves its case on whatever door
    changed it."""

    _inherit = "sale.order"

    postventa_unit_id = fields.Many2one(
        "postventa.unit",
        string="Unit",
        index="btree_not_null",
        readonly=True,
        copy=False,
        groups=INTERNAL,
        check_company=True,
    )
    postventa_ticket_id = fields.Many2one(
        "helpdesk.ticket",
        string="Case",
        index="btree_not_null",
        readonly=True,
        copy=False,
        groups=INTERNAL,
        check_company=True,
    )
    postventa_purpose = fields.Selection(
        [("spare_parts", "Spare parts"), ("change", "Change request")],
        string="After-sales purpose",
        readonly=True,
        copy=False,
        groups=INTERNAL,
    )
    postventa_expiry_handled = fields.Boolean(
        string="Expiry handled",
        readonly=True,
        copy=False,
        groups=INTERNAL,
        help="The case of this change quotation was moved on when it expired.",
    )

    def _postventa_change_orders(self):
        """The change quotations among these orders, read as superuser: a
        salesman who may not read an order she tries to move is told which case
        she may not change (``_postventa_check_case_writer``), not a bare read
        error; nothing of them is returned to her."""
        return self.sudo().filtered(
            lambda o: o.postventa_purpose == "change" and o.postventa_ticket_id
        )

    @api.model_create_multi
    def create(self, vals_list):
        """A quotation for a case or a unit is made by someone who may change the
        case (or unit), in its company (``check_company``). No side effect
        here."""
        check_link_access(self, vals_list, LINKS)
        return super().create(vals_list)

    def write(self, vals):
        """Every door that changes the state of a change quotation (the portal's
        accept and decline, the backend buttons, JSON-RPC, the mail composer marking
        it sent) goes through here. Side effect: the case follows
        (``helpdesk.ticket._postventa_change_order_moved``: its stage, the planned
        work's activity, its SLA clock), run with the rights of whoever moves the
        quotation, who must be able to change the case (the portal's doors act as
        superuser once sale checked the customer's token). Pointing a quotation at
        another case or unit needs the right to change it."""
        check_link_access(self, [vals], LINKS)
        if "state" not in vals:
            return super().write(vals)
        before = {order.id: order.state for order in self._postventa_change_orders()}
        if before and not self.env.su:
            self._postventa_check_case_writer()
        result = super().write(vals)
        changed = self._postventa_change_orders().filtered(
            lambda o: o.id in before and before[o.id] != o.state
        )
        for order in changed:
            # with the rights of whoever moved it (checked above, or superuser)
            ticket = order.postventa_ticket_id.with_env(self.env)
            ticket._postventa_change_order_moved(order)
        return result

    def _postventa_check_case_writer(self):
        """The user moving these change quotations may change their cases."""
        for order in self._postventa_change_orders():
            ticket = order.postventa_ticket_id.with_env(self.env)
            try:
                ticket.check_access("write")
            except AccessError as error:
                raise AccessError(
                    self.env._(
                        "Quotation %(order)s moves case %(case)s, which you may not "
                        "change: ask the case's team to send or confirm it.",
                        order=order.name,
                        case=order.postventa_ticket_id.number,
                    )
                ) from error

    @api.constrains("state", "postventa_purpose", "postventa_ticket_id")
    def _check_postventa_change_evaluation(self):
        """A change is evaluated before its quotation reaches the customer."""
        for order in self._postventa_change_orders():
            if order.state in ("sent", "sale"):
                order.postventa_ticket_id._postventa_check_change_evaluation()

    @api.model
    def _cron_postventa_expire_change_quotations(self, limit=500):
        """A change quotation past its validity date sends its case back to the
        customer, once (the cron's user: superuser)."""
        today = fields.Date.context_today(self)
        orders = self.search(
            [
                ("postventa_purpose", "=", "change"),
                ("postventa_ticket_id", "!=", False),
                ("state", "=", "sent"),
                ("validity_date", "<", today),
                ("postventa_expiry_handled", "=", False),
            ],
            limit=limit,
        )
        for order in orders:
            order.postventa_expiry_handled = True
            order.postventa_ticket_id._postventa_change_order_refused(
                order,
                self.env._(
                    "Quotation %(order)s expired on %(date)s without an answer.",
                    order=order.name,
                    date=order.validity_date,
                ),
            )
        return len(orders)
