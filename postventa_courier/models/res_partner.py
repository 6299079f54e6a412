from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResPartner(models.Model):
    _inherit = "res.partner"

    is_postventa_doc = fields.Boolean(
        string="Drop-off centre",
        help="Receives and hands over units, only for orders announced to it.",
    )
    courier_doc_order_ids = fields.One2many(
        "postventa.courier.order", "doc_id", string="Orders announced"
    )

    @api.constrains("is_postventa_doc", "street", "city")
    def _check_postventa_doc_address(self):
        for partner in self:
            if partner.is_postventa_doc and not (partner.street and partner.city):
                raise ValidationError(
                    self.env._(
                        "Drop-off centre %(name)s needs a street and a city: customers "
                        "and couriers go there.",
                        name=partner.name,
                    )
                )

    def postventa_doc_confirm_receipt(self, code):
        """The centre has the unit in its hands (from the customer or the courier)."""
        return self._postventa_doc_confirm(code, "receipt")

    def postventa_doc_confirm_handover(self, code):
        """The centre gave the unit away (to the courier or the customer)."""
        return self._postventa_doc_confirm(code, "handover")

    def _postventa_doc_confirm(self, code, step):
        self.ensure_one()
        if not self.is_postventa_doc:
            raise ValidationError(
                self.env._("%(name)s is not a drop-off centre.", name=self.name)
            )
        return self.env["postventa.courier.order"]._postventa_doc_confirm(
            self, code, step
        )
