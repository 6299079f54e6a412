from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    is_postventa_store = fields.Boolean(
        string="Store",
        help="A store that sells the units we service: customers name it as the "
        "place of purchase and it performs DOA exchanges.",
    )

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
        their country, not by a tax number (l10n_latam_base's default)."""
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
