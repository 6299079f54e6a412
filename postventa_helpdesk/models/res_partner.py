from datetime import date, datetime

import pytz

from odoo import api, fields, models, tools

# How a customer or a store reads a moment: day/month/year and hours:minutes, in
# the reader's time zone, no seconds, no zone name.
POSTVENTA_DATE_FORMAT = "%d/%m/%Y"
POSTVENTA_DATETIME_FORMAT = "%d/%m/%Y %H:%M"


class ResPartner(models.Model):
    _inherit = "res.partner"

    is_postventa_store = fields.Boolean(
        string="Store",
        help="A store that sells the units we service: customers name it as the "
        "place of purchase and it performs DOA exchanges.",
    )

    def _postventa_tz(self, fallback="UTC"):
        """The zone this partner reads times in: its own, else its company's (a
        contact of a company partner), else ``fallback``."""
        partner = self[:1]
        return (
            partner.tz
            or partner.commercial_partner_id.tz
            or partner.company_id.partner_id.tz
            or fallback
        )

    def _postventa_local(self, value, tz=None):
        """``value`` (a UTC datetime) in ``tz`` (default: this partner's zone)."""
        zone = pytz.timezone(tz or self._postventa_tz())
        return pytz.utc.localize(fields.Datetime.to_datetime(value)).astimezone(zone)

    def _postventa_format_datetime(self, value, tz=None):
        """'06/12/2026 23:40': a UTC datetime as this partner reads it (or in
        ``tz``): the one format of every date and time a customer or a store reads
        in postventa's mails, pages and documents."""
        if not value:
            return ""
        return self._postventa_local(value, tz).strftime(POSTVENTA_DATETIME_FORMAT)

    def _postventa_format_date(self, value, tz=None):
        """'06/12/2026': a date as is, a UTC datetime as its day in this partner's
        zone (or ``tz``)."""
        if not value:
            return ""
        if isinstance(value, datetime):
            value = self._postventa_local(value, tz)
        elif not isinstance(value, date):
            value = fields.Date.to_date(value)
        return value.strftime(POSTVENTA_DATE_FORMAT)

    def _postventa_today(self):
        """Today's date where this partner is (a company's documents: its day)."""
        return fields.Date.context_today(self.with_context(tz=self._postventa_tz()))

    @api.model
    def _postventa_find_by_email(self, email):
        """The partner with the e-mail address ``email``, compared normalised
        (letter case, spaces and a name around the address do not count), among
        those this environment reads. None without a valid address."""
        email = tools.email_normalize(email or "")
        if not email:
            return self.browse()
        return self.search([("email_normalized", "=", email)], limit=1)

    def _postventa_address_line(self, without_company=True):
        """The partner's address on one line, without empty parts: never
        "Av. Larco 345, , Lima  , "."""
        self.ensure_one()
        text = self._display_address(without_company=without_company) or ""
        parts = []
        for line in text.split("\n"):
            # a line may join empty fields itself ("Lima  ", " , ")
            line = " ".join(line.replace(",", " , ").split())
            pieces = [p.strip() for p in line.split(" , ")]
            line = ", ".join(p.strip(" ,") for p in pieces if p.strip(" ,"))
            if line:
                parts.append(line)
        return ", ".join(parts)

    @api.model
    def _postventa_person_id_type(self, country):
        """The national identity document of ``country`` for a private person
        (e.g. DNI in Peru, cédula in Paraguay): its identification type that is
        not a tax number; empty if the country has none."""
        if not country:
            return self.env["l10n_latam.identification.type"]
        return self.env["l10n_latam.identification.type"].search(
            [("country_id", "=", country.id), ("is_vat", "=", False)],
            order="sequence, id",
            limit=1,
        )

    @api.model_create_multi
    def create(self, vals_list):
        """A private person is identified by the national identity document of
        their country, not by a tax number (l10n_latam_base's default): fills
        that identification type; no other effect."""
        for vals in vals_list:
            if (
                vals.get("is_company")
                or vals.get("parent_id")
                or "l10n_latam_identification_type_id" in vals
            ):
                continue
            country = self.env["res.country"].browse(vals.get("country_id"))
            id_type = self._postventa_person_id_type(
                country or self.env.company.country_id
            )
            if id_type:
                vals["l10n_latam_identification_type_id"] = id_type.id
        return super().create(vals_list)
