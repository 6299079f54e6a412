from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError


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

    def _postventa_check_doc_user(self):
        """Only logistics, and the portal users of this very centre, confirm what
        happens at a drop-off centre."""
        user = self.env.user
        if (
            self.env.su
            or user.has_group("postventa_rma.group_postventa_logistics")
            or (
                user.has_group("postventa_courier.group_portal_doc")
                and user.commercial_partner_id == self
            )
        ):
            return
        raise AccessError(
            self.env._(
                "Only logistics and the users of drop-off centre %(name)s confirm "
                "what it receives and hands over.",
                name=self.sudo().name,
            )
        )

    def _postventa_doc_confirm(self, code, step):
        self.ensure_one()
        self._postventa_check_doc_user()
        # from JSON-RPC a code may be anything: only a short text is a code
        if code is not None and (not isinstance(code, str) or len(code) > 32):
            raise ValidationError(
                self.env._("A drop-off code is a short text, as the mail gives it.")
            )
        doc_sudo = self.sudo()
        if not doc_sudo.is_postventa_doc:
            raise ValidationError(
                self.env._("%(name)s is not a drop-off centre.", name=doc_sudo.name)
            )
        # checked above: the order is found as the user (the orders announced to
        # the user's centre) and moved by its handover
        return self.env["postventa.courier.order"]._postventa_doc_confirm(
            doc_sudo, code, step
        )
