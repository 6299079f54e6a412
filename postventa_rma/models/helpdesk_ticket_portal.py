from odoo import models

# an RMA between its approval and its end: the unit is coming to us, or in our hands
RMA_UNDER_WAY = ("confirmed", "received", "waiting_return", "waiting_replacement")


class HelpdeskTicket(models.Model):
    """The case page while an RMA is under way: the customer's next step is the
    unit's return, and the case cannot be closed from the portal."""

    _inherit = "helpdesk.ticket"

    def _postventa_rmas_under_way(self):
        """The case's RMAs under way (its page shows them to a customer who reads
        the case, even where the RMA is the store's)."""
        self.ensure_one()
        self.check_access("read")
        ticket_sudo = self.sudo()
        return ticket_sudo.rma_ids.filtered(lambda r: r.state in RMA_UNDER_WAY)

    def _postventa_portal_can_close(self):
        return super()._postventa_portal_can_close() and not (
            self._postventa_rmas_under_way()
        )

    def _postventa_portal_next_step(self):
        """While an RMA waits for the unit: send it to the warehouse (unless a later
        addon's step, e.g. a courier pickup, comes first); once received: we are on
        it. Before an RMA, the DOA document of postventa_helpdesk."""
        self.ensure_one()
        rmas = self._postventa_rmas_under_way()
        # a store DOA exchange: the customer has the new unit, the RMA is the
        # store's (its defective unit comes back to us, it is replenished)
        store_exchanged = rmas.filtered("store_handed_lot_id")
        if self.closed or not rmas or store_exchanged:
            return super()._postventa_portal_next_step()
        waiting = rmas.filtered(lambda r: r.state == "confirmed")[:1]
        if waiting:
            address = waiting.warehouse_id.partner_id
            return {
                "key": "rma_return",
                "text": self.env._(
                    "Pack the unit well, with every accessory, write %(rma)s on the "
                    "box and send it to %(address)s.",
                    rma=waiting.name,
                    address=address._postventa_address_line(without_company=False)
                    if address
                    else waiting.company_id.name,
                ),
            }
        return {
            "key": "rma_received",
            "text": self.env._(
                "We have your unit (%(rma)s) and are working on it: nothing to do on "
                "your side for now.",
                rma=rmas[:1].name,
            ),
        }
