import re

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError

# the most of one part a customer may ask for in one request
MAX_SPARE_PART_QUANTITY = 99
SALESMAN = "sales_team.group_sale_salesman"


class PostventaUnit(models.Model):
    """The spare parts of a unit's product, shown with prices and availability on
    the customer's portal page of the unit; asking for some makes a quotation
    (Hibertek's procedure)."""

    _inherit = "postventa.unit"

    spare_part_order_ids = fields.One2many(
        "sale.order", "postventa_unit_id", string="Quotations", groups=SALESMAN
    )
    spare_part_order_count = fields.Integer(
        compute="_compute_spare_part_order_count",
        string="Quotations count",
        groups=SALESMAN,
    )

    @api.depends("spare_part_order_ids")
    def _compute_spare_part_order_count(self):
        counts = dict(
            self.env["sale.order"]._read_group(
                [("postventa_unit_id", "in", self.ids)],
                ["postventa_unit_id"],
                ["__count"],
            )
        )
        for unit in self:
            unit.spare_part_order_count = counts.get(unit, 0)

    def action_view_spare_part_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sale.action_quotations_with_onboarding"
        )
        action.update(
            domain=[("postventa_unit_id", "=", self.id)], context={"create": False}
        )
        return action

    def _postventa_spare_parts(self):
        """The spare parts listed for this unit's product. A customer reads the
        catalogue, not the product's configuration: her callers read it as
        superuser once they checked she may read the unit (``unit_sudo``)."""
        self.ensure_one()
        return self.product_id.product_tmpl_id.postventa_spare_part_ids.filtered(
            lambda line: line.product_id.sale_ok and line.product_id.active
        )

    def _postventa_spare_part_offer(self):
        """Each listed part with its unit price (the customer's pricelist in the
        unit's company, else the company's, else the list price) and availability
        in the unit's company, read as superuser once the reader may read the
        unit (the customer reads neither the catalogue nor the pricelists)."""
        self.ensure_one()
        self.check_access("read")
        unit_sudo = self.sudo()
        company = unit_sudo.company_id
        partner = unit_sudo.owner_id.with_company(company)
        pricelist = partner.property_product_pricelist
        currency = pricelist.currency_id or company.currency_id
        offer = []
        for line in unit_sudo._postventa_spare_parts():
            product = line.product_id.with_context(allowed_company_ids=company.ids)
            if pricelist:
                price = pricelist._get_product_price(product, 1.0, currency=currency)
            else:
                price = product.lst_price
            # what is not stocked (a service, a consumable) is always at hand
            in_stock = not product.is_storable or product.qty_available > 0
            offer.append(
                {
                    "line": line,
                    "product": product,
                    "price": price,
                    "currency": currency,
                    "in_stock": in_stock,
                }
            )
        return offer

    def _postventa_check_customer_access(self):
        """The caller may read this unit (for a portal user: it is theirs, by the
        portal record rule) and the unit has a customer to quote."""
        self.ensure_one()
        if self.env.user._is_public():
            raise AccessError(self.env._("Sign in to ask for spare parts."))
        self.check_access("read")
        if not self.owner_id:
            raise UserError(
                self.env._(
                    "Unit %(serial)s has no owner to quote spare parts to.",
                    serial=self.serial,
                )
            )

    def _postventa_parse_spare_part_quantities(self, quantities):
        """``{spare part line id: quantity}`` -> ``[(line, int quantity)]``: only parts
        listed for this unit, whole quantities from 0 (left out) to the maximum, at
        least one part."""
        if not isinstance(quantities, dict):
            raise UserError(self.env._("Say how many of each part you want."))
        listed = {line.id: line for line in self._postventa_spare_parts()}
        wanted = []
        for key, raw in quantities.items():
            try:
                line = listed.get(int(key))
            except (TypeError, ValueError):
                line = None
            if not line:
                raise UserError(
                    self.env._(
                        "That part is not sold for unit %(serial)s.", serial=self.serial
                    )
                )
            if isinstance(raw, bool) or not (
                isinstance(raw, int)
                or (isinstance(raw, str) and re.fullmatch(r"\s*\d{1,4}\s*", raw))
            ):
                raise UserError(
                    self.env._(
                        "The quantity of %(part)s must be a whole number.",
                        part=line.product_id.display_name,
                    )
                )
            quantity = int(raw)
            if quantity < 0 or quantity > MAX_SPARE_PART_QUANTITY:
                raise UserError(
                    self.env._(
                        "The quantity of %(part)s must be between 0 and %(max)s.",
                        part=line.product_id.display_name,
                        max=MAX_SPARE_PART_QUANTITY,
                    )
                )
            if quantity:
                wanted.append((line, quantity))
        if not wanted:
            raise UserError(self.env._("Ask for at least one part."))
        return wanted

    def _postventa_spare_parts_ticket(self, ticket_id):
        """The case the request comes from, if any: one of this unit's cases that
        the caller may read."""
        if not ticket_id:
            return self.env["helpdesk.ticket"]
        try:
            ticket = self.env["helpdesk.ticket"].browse(int(ticket_id)).exists()
        except (TypeError, ValueError):
            ticket = None
        if not ticket:
            raise UserError(self.env._("That case is not one of this unit's."))
        try:
            ticket.check_access("read")
        except AccessError:
            # the same answer as for a case of another unit: nothing tells
            # whether the case exists
            raise UserError(
                self.env._("That case is not one of this unit's.")
            ) from None
        if ticket.unit_id != self:
            raise UserError(self.env._("That case is not one of this unit's."))
        return ticket

    def _postventa_check_spare_parts_requester(self, ticket):
        """Who may have a quotation made and sent for this unit's owner: the owner
        (a portal user reading the unit: the portal rule gives only their own),
        or staff with sales rights who may change the case it comes from (the
        unit, without a case). Helpdesk users, logistics, the lab... quote nothing
        for any customer."""
        user = self.env.user
        if self.env.su or user.share:
            return
        if not user.has_group(SALESMAN):
            raise AccessError(
                self.env._(
                    "Only salespeople make spare part quotations for a customer: "
                    "ask sales, or let the customer ask from the portal."
                )
            )
        (ticket or self).check_access("write")

    def postventa_request_spare_parts(self, quantities, ticket_id=False):
        """The customer asks for spare parts of this unit: a quotation (sent, to be
        accepted in the portal) for the unit's owner in the unit's company.

        Checks who asks and what first; only then creates as superuser (a customer
        has no sales rights). Returns the quotation.
        """
        self.ensure_one()
        self._postventa_check_customer_access()
        # checked: the caller reads the unit, which has an owner to quote
        unit_sudo = self.sudo()
        wanted = unit_sudo._postventa_parse_spare_part_quantities(quantities)
        ticket = self._postventa_spare_parts_ticket(ticket_id)
        # checked below: who asks, for which case, before anything is created
        self._postventa_check_spare_parts_requester(ticket)
        partner = unit_sudo.owner_id
        salesman = partner.user_id or partner.commercial_partner_id.user_id
        order_sudo = (
            unit_sudo.env["sale.order"]
            .with_company(unit_sudo.company_id)
            .create(
                {
                    "partner_id": partner.id,
                    "company_id": unit_sudo.company_id.id,
                    "user_id": salesman.id,
                    "origin": ticket.number or unit_sudo.serial,
                    "postventa_unit_id": unit_sudo.id,
                    "postventa_ticket_id": ticket.id,
                    "postventa_purpose": "spare_parts",
                    "order_line": [
                        Command.create(
                            {"product_id": line.product_id.id, "product_uom_qty": qty}
                        )
                        for line, qty in wanted
                    ],
                }
            )
        )
        order_sudo.action_quotation_sent()
        order_sudo._portal_ensure_token()
        text = self.env._(
            "Spare parts asked for unit %(serial)s by %(user)s: quotation %(order)s.",
            serial=unit_sudo.serial,
            user=self.env.user.name,
            order=order_sudo.name,
        )
        order_sudo._postventa_note(text)
        unit_sudo._postventa_note(text)
        if ticket:
            ticket_sudo = unit_sudo.env["helpdesk.ticket"].browse(ticket.id)
            ticket_sudo._postventa_note(Markup("%s") % text)
        return order_sudo.with_env(self.env)
