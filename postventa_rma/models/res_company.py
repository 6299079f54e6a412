import re
import unicodedata

from odoo import api, fields, models


class ResCompany(models.Model):
    """Each company's RMA and repair numbers start with its own prefix (e.g.
    ``KODPE/RMA/00002``, ``KODPE/RO/00001``): two companies' documents never share
    a number in a list that shows several companies."""

    _inherit = "res.company"

    postventa_code = fields.Char(
        string="Document prefix",
        size=8,
        copy=False,
        help="Short code of the company at the start of its RMA and repair numbers. "
        "Changing it renumbers the documents created from then on.",
    )

    _sql_constraints = [
        (
            "postventa_code_unique",
            "UNIQUE(postventa_code)",
            "Two companies cannot share a document prefix.",
        ),
    ]

    @api.model
    def _postventa_clean_code(self, text):
        ascii_text = (
            unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
        )
        return re.sub(r"[^A-Z0-9]", "", ascii_text.upper())[:5]

    @api.model
    def _postventa_free_code(self, candidates, taken):
        """The first of ``candidates`` not in ``taken``, else the first one with a
        number."""
        candidates = [c for c in candidates if c] or ["CO"]
        for code in candidates:
            if code not in taken:
                return code
        number = 2
        while f"{candidates[0][:4]}{number}" in taken:
            number += 1
        return f"{candidates[0][:4]}{number}"

    def _postventa_taken_codes(self):
        self.env["res.company"].flush_model(["postventa_code"])
        self.env.cr.execute(
            "SELECT postventa_code FROM res_company WHERE postventa_code IS NOT NULL"
        )
        return {row[0] for row in self.env.cr.fetchall()}

    @api.model_create_multi
    def create(self, vals_list):
        """A company without a document prefix gets one (from its name, free
        among the others'). No other side effect."""
        taken = self._postventa_taken_codes()
        for vals in vals_list:
            if not vals.get("postventa_code"):
                vals["postventa_code"] = self._postventa_free_code(
                    [self._postventa_clean_code(vals.get("name"))], taken
                )
            taken.add(vals["postventa_code"])
        return super().create(vals_list)

    def write(self, vals):
        """Side effect: a new document prefix renumbers the company's RMA
        sequence and its warehouses' repair sequences
        (``_postventa_apply_prefixes``), for the documents created from then
        on."""
        if vals.get("postventa_code"):
            vals["postventa_code"] = vals["postventa_code"].strip().upper()
        result = super().write(vals)
        if "postventa_code" in vals:
            self._postventa_apply_prefixes()
        return result

    def _postventa_rma_prefix(self):
        self.ensure_one()
        return f"{self.postventa_code}/RMA/" if self.postventa_code else "RMA"

    def create_rma_index(self):
        """OCA rma's per-company RMA sequence, with the company's prefix."""
        sequence = super().create_rma_index()
        sequence.write({"prefix": self._postventa_rma_prefix(), "padding": 5})
        return sequence

    def _postventa_set_codes(self):
        """Give the companies without a prefix one (their warehouse's code, else
        their name's), then renumber their RMA and repair sequences. Companies
        that existed before the module (and migrations) call it."""
        taken = self._postventa_taken_codes()
        # called by the module's data and migrations (superuser) and by tests
        Warehouse = self.env["stock.warehouse"].with_context(active_test=False)
        for company in self.with_context(active_test=False):
            if not company.postventa_code:
                warehouse = Warehouse.search(
                    [("company_id", "=", company.id)], order="id", limit=1
                )
                warehouse_code = self._postventa_clean_code(warehouse.code)
                code = self._postventa_free_code(
                    [
                        warehouse_code if warehouse_code != "WH" else "",
                        self._postventa_clean_code(company.name),
                    ],
                    taken,
                )
                taken.add(code)
                # without write's renumbering: done once for all below
                company.env.cr.execute(
                    "UPDATE res_company SET postventa_code = %s WHERE id = %s",
                    [code, company.id],
                )
                company.invalidate_recordset(["postventa_code"])
        self._postventa_apply_prefixes()

    def _postventa_apply_prefixes(self):
        """The companies' RMA sequences and their warehouses' repair sequences
        take the companies' prefixes (the user changed the companies: checked by
        ``write``, or the module's data)."""
        Sequence = self.env["ir.sequence"]
        Warehouse = self.env["stock.warehouse"].with_context(active_test=False)
        for company in self:
            if not company.postventa_code:
                continue
            for sequence in Sequence.search(
                [("code", "=", "rma"), ("company_id", "=", company.id)]
            ):
                company._postventa_set_sequence_prefix(
                    sequence, company._postventa_rma_prefix(), padding=5
                )
            for warehouse in Warehouse.search([("company_id", "=", company.id)]):
                company._postventa_set_sequence_prefix(
                    warehouse.repair_type_id.sequence_id,
                    warehouse._postventa_repair_prefix(),
                )

    def _postventa_set_sequence_prefix(
        self, sequence, prefix, padding=None, owner=None
    ):
        """Renumber ``sequence`` (this company's RMA sequence, or the repair
        sequence of ``owner``, one of its warehouses) from ``prefix``.

        Rule: whoever may change this company (its prefix) or the warehouse
        (its code) renumbers its documents; only settings administrators may
        write sequences, so the sequence is written as superuser after that
        check, one sequence at a time."""
        self.ensure_one()
        (owner or self).check_access("write")
        # only the company's own sequence (or a shared one)
        sequence = sequence.filtered(lambda s: s.company_id in (self, s.company_id[:0]))
        if not sequence:
            return
        sequence.ensure_one()
        sequence_sudo = sequence.sudo()
        vals = {"prefix": prefix}
        if padding:
            vals["padding"] = padding
        sequence_sudo.write(vals)
