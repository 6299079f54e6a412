from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_is_zero


class MrpUnbuild(models.Model):
    _name = "mrp.unbuild"
    _inherit = ["mrp.unbuild", "postventa.action.owned.mixin"]

    postventa_unit_id = fields.Many2one(
        "postventa.unit",
        string="Harvested unit",
        readonly=True,
        index="btree_not_null",
        copy=False,
        help="The DOA unit of the parts harvest this order disassembled.",
    )
    postventa_part_ids = fields.One2many(
        "postventa.harvest.part", "unbuild_id", string="Parts", readonly=True
    )

    @api.constrains("postventa_unit_id", "company_id", "lot_id", "location_id")
    def _check_postventa_unit_company(self):
        """A disassembly (an unbuild of a postventa unit) stays in the unit's
        company: its unit, serial and harvest are that company's. Manufacturing's
        own unbuilds (no unit) are left to mrp's checks."""
        for unbuild in self.filtered("postventa_unit_id"):
            unit_company = unbuild.postventa_unit_id.company_id
            companies = {
                unit_company,
                unbuild.lot_id.company_id,
                unbuild.location_id.company_id,
            } - {self.env["res.company"]}
            if companies - {unbuild.company_id}:
                raise ValidationError(
                    self.env._(
                        "Disassembly %(unbuild)s must be in the company of unit "
                        "%(unit)s, its serial and its parts harvest.",
                        unbuild=unbuild.name,
                        unit=unbuild.postventa_unit_id.display_name,
                    )
                )

    def _postventa_action_owned_fields(self):
        return super()._postventa_action_owned_fields() | {
            "postventa_unit_id": self.env._("Disassemble (on the harvested unit)")
        }

    def _postventa_unbuild(self, parts):
        """Disassemble a harvested unit: ``action_unbuild``'s moves without a
        manufacturing order, whose guard refuses tracked parts there (it would not
        know their lots). The unit's serial is consumed from the harvest; each part
        is produced into the harvest under a lot of its own that names the unit
        (``_postventa_part_lot``), the broken ones into the scrap location, the
        missing ones not at all; the consumed unit's move line records the parts'
        lines as what it produced (``produce_line_ids``), as ``action_unbuild``
        does, so that stock's traceability report shows unit -> part.

        ``parts``: ``[(bom_line, qty, missing_qty, broken_qty, reason)]``, checked
        by the caller (``postventa.unit.postventa_disassemble``), which runs it
        with the lab's or logistics' own rights."""
        self.ensure_one()
        consume = self._postventa_consume_unit()
        produce = self.env["stock.move"]
        records = []
        for part in parts:
            moves, part_records = self._postventa_produce_part(*part)
            produce |= moves
            records += part_records
        produce._action_confirm(merge=False)
        produce.quantity = 0
        lots = {r["move_id"]: r["lot_id"] for r in records if r.get("move_id")}
        for move in produce:
            self.env["stock.move.line"].create(
                self._prepare_postventa_part_move_line_vals(move, lots[move.id])
            )
        (consume | produce).picked = True
        consume._action_done()
        produce._action_done()
        consume.move_line_ids.write(
            {"produce_line_ids": [fields.Command.set(produce.move_line_ids.ids)]}
        )
        # what the disassembly gave: only this action records it (its users read
        # harvested parts, none creates them), after its checks, for this order
        unbuild_sudo = self.sudo()
        unbuild_sudo.env["postventa.harvest.part"].create(records)
        self.write({"state": "done"})

    def _postventa_consume_unit(self):
        """The move consuming the whole unit (its serial) from the harvest."""
        self.ensure_one()
        consume = self._generate_move_from_bom_line(
            self.product_id, self.product_uom_id, self.product_qty
        )
        consume._action_confirm()
        consume.quantity = 0
        self.env["stock.move.line"].create(
            dict(self._prepare_finished_move_line_vals(consume), lot_id=self.lot_id.id)
        )
        return consume

    def _postventa_produce_part(self, line, qty, missing, broken, reason):
        """The moves of one line of the parts list (harvested into the harvest,
        broken into scrap; one per piece of a serial-tracked part) and the
        harvested part records of the line (``_prepare_postventa_harvest_part_vals``),
        the missing ones without a move."""
        self.ensure_one()
        rounding = line.product_uom_id.rounding
        moves = self.env["stock.move"]
        records = []
        scrap = self._postventa_scrap_location(self.company_id)
        harvested = qty - missing - broken
        for state, part_qty, dest in (
            ("harvested", harvested, self.location_dest_id),
            ("broken", broken, scrap),
        ):
            if float_is_zero(part_qty, precision_rounding=rounding):
                continue
            # a serial-tracked part: one move and one serial per piece
            pieces = (
                [1.0] * round(part_qty)
                if line.product_id.tracking == "serial"
                else [part_qty]
            )
            for piece_qty in pieces:
                move = self._generate_move_from_bom_line(
                    line.product_id,
                    line.product_uom_id,
                    piece_qty,
                    bom_line_id=line.id,
                )
                if dest != self.location_dest_id:
                    move.location_dest_id = dest
                lot = self._postventa_part_lot(line.product_id)
                moves |= move
                records.append(
                    self._prepare_postventa_harvest_part_vals(
                        line,
                        piece_qty,
                        state,
                        reason=reason if state == "broken" else False,
                        lot=lot,
                        move=move,
                    )
                )
        if not float_is_zero(missing, precision_rounding=rounding):
            records.append(
                self._prepare_postventa_harvest_part_vals(
                    line, missing, "missing", reason=reason
                )
            )
        return moves, records

    def _prepare_postventa_harvest_part_vals(
        self, line, qty, state, reason=False, lot=None, move=None
    ):
        """A ``postventa.harvest.part`` of this disassembly."""
        self.ensure_one()
        vals = {
            "unit_id": self.postventa_unit_id.id,
            "unbuild_id": self.id,
            "bom_line_id": line.id,
            "product_id": line.product_id.id,
            "quantity": qty,
            "product_uom_id": line.product_uom_id.id,
            "state": state,
            "reason": reason,
        }
        if lot is not None:
            vals.update(lot_id=lot.id, move_id=move.id)
        return vals

    def _prepare_postventa_part_move_line_vals(self, move, lot_id):
        """The move line of a part's ``move``, under its lot."""
        return {
            "move_id": move.id,
            "product_id": move.product_id.id,
            "product_uom_id": move.product_uom.id,
            "quantity": move.product_uom_qty,
            "lot_id": lot_id,
            "location_id": move.location_id.id,
            "location_dest_id": move.location_dest_id.id,
        }

    @api.model
    def _postventa_scrap_location(self, company):
        """Where the broken parts of a disassembly go."""
        return self.env["stock.location"].search(
            [
                ("scrap_location", "=", True),
                ("company_id", "in", [company.id, False]),
            ],
            order="company_id",
            limit=1,
        )

    def _postventa_part_lot(self, product):
        """The lot of a part taken from this order's unit: named after the unit's
        serial (a serial-tracked part gets a number after it), with the unit as its
        source."""
        unit = self.postventa_unit_id
        Lot = self.env["stock.lot"]
        base = unit.serial
        name, n = base, 1
        while Lot.search_count(
            [
                ("product_id", "=", product.id),
                ("name", "=", name),
                ("company_id", "in", [self.company_id.id, False]),
            ],
            limit=1,
        ):
            n += 1
            name = f"{base}-{n}"
        return Lot._postventa_action_create(
            {
                "name": name,
                "product_id": product.id,
                "company_id": self.company_id.id,
                "postventa_source_unit_id": unit.id,
            }
        )
