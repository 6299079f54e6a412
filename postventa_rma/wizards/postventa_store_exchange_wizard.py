from odoo import fields, models


class PostventaStoreExchangeWizard(models.TransientModel):
    _name = "postventa.store.exchange.wizard"
    _description = "Store DOA exchange"

    rma_id = fields.Many2one("rma", required=True)
    store_id = fields.Many2one(related="rma_id.ticket_id.store_id", string="Store")
    handed_serial = fields.Char(
        string="Serial handed out",
        required=True,
        help="The serial number of the new unit the store gave the customer.",
    )

    def action_confirm(self):
        self.ensure_one()
        self.rma_id.action_postventa_store_exchange(self.handed_serial)
        return {"type": "ir.actions.act_window_close"}
