import re

from werkzeug.urls import url_encode

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

# what separates the parts of a number as a store types, pastes or scans it:
# DOA/2026/00001 (the sequence), DOA-2026-00001 (the PDF's file name), spaces
NUMBER_SEPARATORS = re.compile(r"[\s/\\_.\-]+")


class PostventaDoaAuthorization(models.Model):
    """The numbered document a customer takes to the store to have a dead-on-arrival
    unit exchanged; stores verify it by number."""

    _name = "postventa.doa.authorization"
    _description = "DOA authorisation"
    _inherit = ["mail.thread", "postventa.action.owned.mixin"]
    _order = "id desc"

    name = fields.Char(
        string="Number", required=True, readonly=True, copy=False, index=True
    )
    ticket_id = fields.Many2one(
        "helpdesk.ticket", required=True, readonly=True, index=True
    )
    unit_id = fields.Many2one("postventa.unit", required=True, readonly=True)
    partner_id = fields.Many2one(
        related="ticket_id.partner_id", string="Customer", store=True
    )
    product_id = fields.Many2one(related="unit_id.product_id", string="Product")
    serial = fields.Char(related="unit_id.serial")
    purchase_date = fields.Date(related="unit_id.purchase_date")
    store_id = fields.Many2one(
        related="unit_id.store_id", string="Store", store=True, index=True
    )
    company_id = fields.Many2one(related="ticket_id.company_id", store=True)
    issue_date = fields.Date(
        required=True, readonly=True, default=fields.Date.context_today
    )
    valid_until = fields.Date(required=True, readonly=True)
    state = fields.Selection(
        [("issued", "Issued"), ("used", "Used"), ("cancelled", "Cancelled")],
        default="issued",
        required=True,
        tracking=True,
    )
    is_expired = fields.Boolean(compute="_compute_is_expired", string="Expired")
    handed_serial = fields.Char(
        string="Serial handed out",
        readonly=True,
        tracking=True,
        help="The serial of the new unit the store gave the customer.",
    )
    used_date = fields.Datetime(string="Exchanged on", readonly=True)

    _sql_constraints = [
        ("name_unique", "UNIQUE(name)", "DOA authorisation numbers are unique."),
    ]

    @api.depends("valid_until", "state")
    def _compute_is_expired(self):
        today = fields.Date.context_today(self)
        for doa in self:
            doa.is_expired = doa.state == "issued" and doa.valid_until < today

    def _postventa_action_owned_fields(self):
        """Issued by the case's Issue DOA action (in its window, with its proof),
        used by the store's exchange, cancelled by Cancel."""
        issue = self.env._("Issue DOA authorisation")
        exchange = self.env._("the store's exchange")
        return super()._postventa_action_owned_fields() | {
            "name": issue,
            "issue_date": issue,
            "valid_until": issue,
            "state": self.env._("Cancel"),
            "handed_serial": exchange,
            "used_date": exchange,
        }

    def action_cancel(self):
        self.check_access("write")
        self._postventa_action_write({"state": "cancelled"})

    def _postventa_verify_url(self):
        """The store's verification page for this number (the QR code of the
        PDF): a clerk who scans it sees the verdict, after logging in."""
        self.ensure_one()
        return "{}/my/store?{}".format(
            self.get_base_url(), url_encode({"number": self.name})
        )

    # ------------------------------------------------------------------------
    # What a store does with it (in its portal)
    # ------------------------------------------------------------------------
    @api.model
    def _postventa_number_forms(self, number):
        """The numbers an authorisation typed as ``number`` may bear: as typed
        (upper case, trimmed), and with its parts joined by "/" (the sequence's
        DOA/2026/00001) or by "-" (the PDF's file name DOA-2026-00001, which a
        file name cannot write otherwise). Empty for what cannot be a number."""
        if not isinstance(number, str):
            return []
        text = number.strip().upper()
        if not text or len(text) > 64:
            return []
        parts = [part for part in NUMBER_SEPARATORS.split(text) if part]
        if not parts or not all(part.isalnum() for part in parts):
            return []
        return list(dict.fromkeys([text, "/".join(parts), "-".join(parts)]))

    @api.model
    def _postventa_lookup_for_store(self, store, number):
        """The authorisation with this number (in either form, see
        :meth:`_postventa_number_forms`) if it is for a unit bought at ``store``
        (another store's number is simply not found), and its verdict: valid,
        used, expired, cancelled or not_found."""
        forms = self._postventa_number_forms(number)
        # found as superuser (a clerk reads no case, unit nor product), returned
        # only once this method checked it is the store's
        doa_sudo = (
            self.sudo().search([("name", "in", forms)], limit=1)
            if forms
            else self.browse()
        )
        if (
            not doa_sudo
            or doa_sudo.store_id.commercial_partner_id != store.commercial_partner_id
        ):
            return self.browse(), "not_found"
        if doa_sudo.state != "issued":
            return doa_sudo, doa_sudo.state
        return doa_sudo, "expired" if doa_sudo.is_expired else "valid"

    def _postventa_store_stock_serials(self, store):
        """The serials of this authorisation's product the store has in its own
        stock, to choose the unit handed out from; ``None`` when the store's stock
        is not known here (postventa_rma knows it) and the clerk types the serial."""
        self.ensure_one()
        return None

    def _postventa_store_exchange_check(self, store, handed_serial):
        """Refuse, with the reason the clerk reads, an exchange under this
        authorisation by ``store`` handing out ``handed_serial``: the authorisation
        must be valid and one of the store's, the serial well formed for the
        product and, where the store's stock is known, one of its units of it.
        Returns the authorisation (as found for the store, superuser's) and the
        serial, trimmed."""
        self.ensure_one()
        doa_sudo, verdict = self._postventa_lookup_for_store(store, self.name)
        handed_serial = (handed_serial or "").strip()
        if verdict != "valid":
            raise UserError(self._get_store_exchange_refusals()[verdict])
        if not handed_serial or len(handed_serial) > 64:
            raise UserError(
                self.env._("Give the serial number of the unit you handed out.")
            )
        product = doa_sudo.product_id
        try:
            product.product_tmpl_id._postventa_check_serial(handed_serial)
        except ValidationError as error:
            raise UserError(error.args[0]) from error
        if handed_serial == doa_sudo.serial:
            raise UserError(
                self.env._(
                    "%(serial)s is the defective unit itself: hand out another unit.",
                    serial=handed_serial,
                )
            )
        serials = doa_sudo._postventa_store_stock_serials(store)
        if serials is not None and handed_serial not in serials:
            raise UserError(
                self.env._(
                    "%(serial)s is not a unit of %(product)s in your store's stock: "
                    "choose the unit you hand out from the list.",
                    serial=handed_serial,
                    product=product.display_name,
                )
            )
        return doa_sudo, handed_serial

    def _get_store_exchange_refusals(self):
        """What the clerk reads when no exchange may be made under this
        authorisation: {verdict: message} (see :meth:`_postventa_lookup_for_store`)."""
        self.ensure_one()
        return {
            "not_found": self.env._(
                "DOA authorisation %(number)s is not one of your store's.",
                number=self.name,
            ),
            "used": self.env._(
                "DOA authorisation %(number)s was already used on %(date)s.",
                number=self.name,
                date=self.company_id.partner_id._postventa_format_date(self.used_date),
            ),
            "expired": self.env._(
                "DOA authorisation %(number)s expired on %(date)s: no exchange "
                "under it.",
                number=self.name,
                date=self.company_id.partner_id._postventa_format_date(
                    self.valid_until
                ),
            ),
            "cancelled": self.env._(
                "DOA authorisation %(number)s was cancelled.", number=self.name
            ),
        }

    def _postventa_store_exchanged(self, store, handed_serial):
        """The store swapped the unit: the authorisation is used up, with the
        serial it handed out (checked by :meth:`_postventa_store_exchange_check`).
        (postventa_rma then takes the unit out of the store's stock and
        replenishes the store.)"""
        self.ensure_one()
        doa_sudo, handed_serial = self._postventa_store_exchange_check(
            store, handed_serial
        )
        doa_sudo._postventa_action_write(
            {
                "state": "used",
                "handed_serial": handed_serial,
                "used_date": fields.Datetime.now(),
            }
        )
        ticket_sudo = doa_sudo.ticket_id
        ticket_sudo._postventa_note(
            self.env._(
                "%(store)s exchanged the unit under DOA authorisation %(number)s and "
                "handed out serial %(serial)s.",
                store=store.name,
                number=doa_sudo.name,
                serial=handed_serial,
            ),
        )
        # the customer has a new unit: the case goes on with the store's return
        if not ticket_sudo.closed and ticket_sudo.stage_id.postventa_kind in (
            "new",
            "customer",
            "reopened",
        ):
            ticket_sudo._postventa_set_stage("progress")
        return doa_sudo
