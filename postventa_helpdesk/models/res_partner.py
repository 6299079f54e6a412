from odoo import fields, models


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
