from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare

# who disassembles harvested units (postventa_rma's groups)
DISASSEMBLY_GROUPS = (
    "postventa_rma.group_postventa_lab",
    "postventa_rma.group_postventa_logistics",
)


class PostventaUnit(models.Model):
    """A DOA unit in the parts harvest is disassembled into its parts (Kodak Perú's
    procedure: "ST optimizará el uso de los repuestos de los equipos procedentes como
    DOAS")."""

    _inherit = "postventa.unit"

    postventa_unbuild_ids = fields.One2many(
        "mrp.unbuild", "postventa_unit_id", string="Disassemblies", readonly=True
    )
    postventa_harvest_part_ids = fields.One2many(
        "postventa.harvest.part",
        "unit_id",
        string="Harvested parts",
        readonly=True,
    )
    postventa_harvest_location_id = fields.Many2one(
        "stock.location",
        compute="_compute_postventa_harvest_location_id",
        string="In the parts harvest",
        help="The parts harvest the unit is in, whole, ready to be disassembled.",
    )
    postventa_part_repair_ids = fields.Many2many(
        "repair.order",
        compute="_compute_postventa_part_repair_ids",
        string="Repairs with its parts",
    )

    def _compute_postventa_harvest_location_id(self):
        for unit in self:
            unit.postventa_harvest_location_id = (
                unit._postventa_harvest_quant().location_id
            )

    @api.depends("postventa_harvest_part_ids.lot_id")
    def _compute_postventa_part_repair_ids(self):
        for unit in self:
            unit.postventa_part_repair_ids = (
                unit.sudo().postventa_harvest_part_ids.lot_id.postventa_repair_ids
            )

    # ------------------------------------------------------------------------
    # Disassembly
    # ------------------------------------------------------------------------
    def _postventa_harvest_quant(self):
        """The quant of the whole unit in a parts harvest, free (not reserved)."""
        self.ensure_one()
        lot = self._postventa_lot(create=False)
        if not lot:
            return self.env["stock.quant"]
        quants = (
            self.env["stock.quant"]
            .sudo()
            .search(
                [
                    ("lot_id", "=", lot.id),
                    ("location_id.postventa_is_harvest", "=", True),
                    ("quantity", ">", 0),
                ]
            )
        )
        return quants.filtered(
            lambda q: float_compare(
                q.quantity - q.reserved_quantity,
                1,
                precision_rounding=q.product_uom_id.rounding,
            )
            >= 0
        )[:1]

    def _postventa_check_disassembly_user(self):
        if self.env.su:
            return
        if not any(self.env.user.has_group(group) for group in DISASSEMBLY_GROUPS):
            raise AccessError(
                self.env._(
                    "Only lab technicians and logistics staff disassemble units."
                )
            )
        self.check_access("read")

    def _postventa_parts_bom(self, company):
        """The unit's parts list (stock users, hence the lab and logistics, read
        bills of materials)."""
        self.ensure_one()
        return self.env["mrp.bom"]._bom_find(
            self.product_id, company_id=company.id, bom_type="normal"
        )[self.product_id]

    def action_postventa_open_disassembly(self):
        """The disassembly wizard, with the unit's parts list."""
        self.ensure_one()
        self._postventa_check_disassembly_user()
        self._postventa_check_can_disassemble()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Disassemble %(unit)s", unit=self.display_name),
            "res_model": "postventa.disassemble.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_unit_id": self.id},
        }

    def _postventa_check_can_disassemble(self):
        """The unit is whole in a parts harvest and has a parts list whose parts
        can carry the unit's trace. Returns (harvest quant, bill of materials)."""
        self.ensure_one()
        quant = self._postventa_harvest_quant()
        if not quant:
            raise UserError(
                self.env._(
                    "Unit %(unit)s is not in a parts harvest: only a received DOA "
                    "unit that reached the parts harvest can be disassembled.",
                    unit=self.display_name,
                )
            )
        bom = self._postventa_parts_bom(quant.location_id.company_id)
        if not bom:
            raise UserError(
                self.env._(
                    "%(product)s has no parts list: create its bill of materials "
                    "(the spare parts it is made of) before disassembling a unit.",
                    product=self.product_id.display_name,
                )
            )
        return quant, bom

    @api.model
    def _postventa_demo_disassemble(self, unit_ids, parts):
        """Demo data: the lab disassembles the demo's DOA unit, when it is where the
        demo leaves it (whole, in a parts harvest the user may read). A demo
        database made by a release before the five companies and upgraded has it
        elsewhere (postventa_helpdesk's demo records are not updated): nothing to
        disassemble there."""
        # a unit the lab cannot read (another company's, on an upgraded database) is
        # not where the demo leaves it
        units = self.browse(unit_ids)._filtered_access("read")
        harvest = self.env["postventa.unit"]
        for unit in units:
            if unit.company_id in self.env.companies and (
                unit._postventa_harvest_quant()
            ):
                harvest |= unit
        return harvest.postventa_disassemble(parts) if harvest else False

    def postventa_disassemble(self, parts=None):
        """Disassemble the unit, whole in a parts harvest, into the parts of its
        parts list (an ``mrp.unbuild``): the unit's serial is consumed, its parts
        go into the same harvest, each under a lot named after the unit and that
        records it as its source.

        ``parts``: what the lab found, per line of the parts list:
        ``[{"bom_line_id": id, "missing_qty": q, "broken_qty": q, "reason": text}]``;
        a missing part is recorded and not put in stock, a broken one is recorded
        and scrapped; every other part is harvested. Only lab technicians and
        logistics staff may disassemble."""
        self.ensure_one()
        self._postventa_check_disassembly_user()
        quant, bom = self._postventa_check_can_disassemble()
        lines = bom._postventa_parts(self.product_id)
        self._postventa_check_parts_tracked(lines)
        to_do = self._get_postventa_disassembly_parts(lines, parts)
        location = quant.location_id
        self._postventa_check_scrap_location(location, to_do)
        # the lab's and logistics' access rights to postventa's unbuilds
        unbuild = self.env["mrp.unbuild"]._postventa_action_create(
            self._prepare_postventa_unbuild_vals(quant, bom)
        )
        unbuild._postventa_unbuild(to_do)
        self.sudo().message_post(
            body=self._get_postventa_disassembly_note(unbuild, location),
            subtype_xmlid="mail.mt_note",
            author_id=self.env.user.partner_id.id,
        )
        return True

    def _postventa_check_parts_tracked(self, lines):
        """Every part of the parts list ``lines`` is tracked by lots: a harvested
        part keeps the unit it came from in its lot."""
        untracked = [
            line.product_id.display_name
            for line, _qty in lines
            if line.product_id.tracking == "none"
        ]
        if untracked:
            raise UserError(
                self.env._(
                    "Track %(parts)s by lots: a harvested part keeps the unit it "
                    "came from in its lot.",
                    parts=", ".join(untracked),
                )
            )

    def _get_postventa_found_parts(self, lines, parts):
        """``parts`` (what the lab found) by line of the parts list ``lines``,
        refusing what is not a list of lines of it."""
        self.ensure_one()
        found = {}
        if not isinstance(parts, list | tuple | type(None)) or not all(
            isinstance(values, dict) for values in parts or []
        ):
            raise UserError(self.env._("Give the parts as a list of lines."))
        for values in parts or []:
            line_id = values.get("bom_line_id")
            if line_id not in [line.id for line, _qty in lines]:
                raise UserError(
                    self.env._(
                        "Line %(line)s is not in the parts list of %(product)s.",
                        line=line_id,
                        product=self.product_id.display_name,
                    )
                )
            found[line_id] = values
        return found

    def _get_postventa_disassembly_parts(self, lines, parts):
        """``[(bom line, qty, missing, broken, reason)]`` for every line of the
        parts list ``lines``, from what the lab found (``parts``), checked."""
        self.ensure_one()
        found = self._get_postventa_found_parts(lines, parts)
        return [
            self._prepare_postventa_disassembly_part(line, qty, found.get(line.id, {}))
            for line, qty in lines
        ]

    def _prepare_postventa_disassembly_part(self, line, qty, values):
        """One line of the parts list: ``(line, qty, missing, broken, reason)``
        from the lab's ``values`` for it, checked."""
        try:
            missing = float(values.get("missing_qty") or 0.0)
            broken = float(values.get("broken_qty") or 0.0)
        except (TypeError, ValueError) as error:
            raise UserError(
                self.env._(
                    "%(part)s: give the missing and broken quantities as numbers.",
                    part=line.product_id.display_name,
                )
            ) from error
        reason = str(values.get("reason") or "").strip()
        rounding = line.product_uom_id.rounding
        if (
            missing < 0
            or broken < 0
            or float_compare(missing + broken, qty, precision_rounding=rounding) > 0
        ):
            raise UserError(
                self.env._(
                    "%(part)s: the unit has %(qty)s; missing and broken parts "
                    "cannot be more.",
                    part=line.product_id.display_name,
                    qty=qty,
                )
            )
        if (missing or broken) and not reason:
            raise UserError(
                self.env._(
                    "Say why %(part)s is missing or broken.",
                    part=line.product_id.display_name,
                )
            )
        return (line, qty, missing, broken, reason)

    def _postventa_check_scrap_location(self, location, to_do):
        """Broken parts need the company's scrap location."""
        if any(broken for _line, _qty, _missing, broken, _reason in to_do) and not (
            self.env["mrp.unbuild"]._postventa_scrap_location(location.company_id)
        ):
            raise UserError(
                self.env._(
                    "%(company)s has no scrap location for the broken parts.",
                    company=location.company_id.name,
                )
            )

    def _prepare_postventa_unbuild_vals(self, quant, bom):
        """The unbuild order of the unit in the harvest ``quant``, on ``bom``."""
        self.ensure_one()
        product = self.product_id
        location = quant.location_id
        return {
            "product_id": product.id,
            "product_qty": 1,
            "product_uom_id": product.uom_id.id,
            "bom_id": bom.id,
            "lot_id": quant.lot_id.id,
            "location_id": location.id,
            "location_dest_id": location.id,
            "company_id": location.company_id.id,
            "postventa_unit_id": self.id,
        }

    def _get_postventa_disassembly_note(self, unbuild, location):
        parts = unbuild.postventa_part_ids
        return self.env._(
            "Disassembled in %(harvest)s (%(unbuild)s): %(harvested)s part(s) "
            "harvested, %(missing)s missing, %(broken)s broken.",
            harvest=location.display_name,
            unbuild=unbuild.name,
            harvested=len(parts.filtered(lambda p: p.state == "harvested")),
            missing=len(parts.filtered(lambda p: p.state == "missing")),
            broken=len(parts.filtered(lambda p: p.state == "broken")),
        )
