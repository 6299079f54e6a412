from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date


class PostventaUnit(models.Model):
    """A customer's unit, known by its serial before it ever reaches our stock
    (the helpdesk addon has no stock; postventa_rma links units to stock.lot)."""

    _name = "postventa.unit"
    _description = "Registered unit"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _check_company_auto = True
    _rec_names_search = ["serial", "product_id"]

    serial = fields.Char(
        string="Serial / service number", required=True, tracking=True, index="trigram"
    )
    product_id = fields.Many2one(
        "product.product", required=True, tracking=True, ondelete="restrict", index=True
    )
    owner_id = fields.Many2one(
        "res.partner", string="Owner", tracking=True, index=True, check_company=True
    )
    purchase_date = fields.Date(tracking=True)
    proof_of_purchase = fields.Binary(attachment=True, copy=False)
    proof_of_purchase_filename = fields.Char()
    store_id = fields.Many2one(
        "res.partner",
        string="Store of purchase",
        domain=[("is_postventa_store", "=", True)],
        tracking=True,
        check_company=True,
        help="A store of the unit's company (or one shared by every company).",
    )
    contract_number = fields.Char(tracking=True)
    location = fields.Char(
        string="Equipment location",
        help="Where the unit physically is (site, floor, office).",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    active = fields.Boolean(default=True)
    ticket_ids = fields.One2many("helpdesk.ticket", "unit_id", string="Cases")
    ticket_count = fields.Integer(compute="_compute_ticket_count", string="Cases count")

    _sql_constraints = [
        (
            "serial_product_unique",
            "UNIQUE(product_id, serial)",
            "This serial number is already registered for this product.",
        ),
    ]

    @api.depends("serial", "product_id")
    def _compute_display_name(self):
        for unit in self:
            unit.display_name = f"{unit.serial} - {unit.product_id.display_name}"

    @api.depends("ticket_ids")
    def _compute_ticket_count(self):
        counts = dict(
            self.env["helpdesk.ticket"]._read_group(
                [("unit_id", "in", self.ids)], ["unit_id"], ["__count"]
            )
        )
        for unit in self:
            unit.ticket_count = counts.get(unit, 0)

    @api.model
    def _normalize_serial(self, serial):
        return (serial or "").strip().upper()

    @api.model_create_multi
    def create(self, vals_list):
        """Normalises the serials given; no other effect."""
        for vals in vals_list:
            if "serial" in vals:
                vals["serial"] = self._normalize_serial(vals["serial"])
        return super().create(vals_list)

    def write(self, vals):
        """Normalises the serial given; no other effect."""
        if "serial" in vals:
            vals["serial"] = self._normalize_serial(vals["serial"])
        return super().write(vals)

    @api.constrains("serial", "product_id")
    def _check_serial_pattern(self):
        for unit in self:
            unit.product_id.product_tmpl_id._postventa_check_serial(unit.serial)

    @api.constrains("purchase_date")
    def _check_purchase_date(self):
        today = fields.Date.context_today(self)
        for unit in self:
            if unit.purchase_date and unit.purchase_date > today:
                raise ValidationError(
                    self.env._(
                        "The purchase date %(date)s of unit %(serial)s is in the "
                        "future.",
                        date=format_date(self.env, unit.purchase_date),
                        serial=unit.serial,
                    )
                )

    @api.model
    def _find_or_register(self, product, serial, values=None, company=None):
        """Find the unit ``serial`` of ``product`` or create it; fill in what we learn.

        Known data is only overwritten by values that are given (not empty). A new
        unit is registered in ``company`` (the case's), else the user's.
        """
        serial = self._normalize_serial(serial)
        product.product_tmpl_id._postventa_check_serial(serial)
        values = {k: v for k, v in (values or {}).items() if v}
        # one query finds the unit and loads what we compare and what the
        # warranty evaluation reads next
        unit = self.search_fetch(
            [("product_id", "=", product.id), ("serial", "=", serial)],
            [
                "purchase_date",
                "owner_id",
                "store_id",
                "contract_number",
                "location",
                "company_id",
            ],
            limit=1,
        )
        if unit:
            changed = {
                key: value for key, value in values.items() if unit._differs(key, value)
            }
            if changed:
                unit.write(changed)
            return unit
        # the case that registers it says so in its own chatter; agents follow cases,
        # not units
        if company:
            values["company_id"] = company.id
        return self.with_context(
            mail_create_nolog=True, mail_create_nosubscribe=True
        ).create(dict(values, product_id=product.id, serial=serial))

    def _differs(self, field_name, value):
        """Whether writing ``value`` would change the field (a new proof always
        does)."""
        field = self._fields[field_name]
        if field.type == "binary":
            return True
        new = field.convert_to_record(field.convert_to_cache(value, self), self)
        return field.convert_to_write(new, self) != field.convert_to_write(
            self[field_name], self
        )

    def action_view_tickets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "helpdesk_mgmt.helpdesk_ticket_action"
        )
        action.update(
            domain=[("unit_id", "=", self.id)], context={"default_unit_id": self.id}
        )
        return action
