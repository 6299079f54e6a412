from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResPartner(models.Model):
    _inherit = "res.partner"

    is_postventa_doc = fields.Boolean(
        string="Drop-off centre",
        help="Receives and hands over units, only for orders announced to it.",
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
