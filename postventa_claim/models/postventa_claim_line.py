import json
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

LINE_STATES = [
    ("to_review", "To review"),
    ("ready", "Ready"),
    ("claimed", "Claimed"),
    ("approved", "Approved"),
    ("partial", "Partly approved"),
    ("rejected", "Rejected"),
    ("appealed", "Appealed"),
    ("cancel", "Cancelled"),
]
ANSWERED = ("approved", "partial", "rejected")
MANAGER = "postventa_claim.group_postventa_claim_manager"
CLERK = "postventa_claim.group_postventa_claim_clerk"
COVERED = ("doa", "in_warranty", "partial")


def _(message, **params):
    """A check's reason, kept as (message, parameters): translated when read (the
    checks run for the work, in no reader's language)."""
    return [message, params]


class PostventaClaimLine(models.Model):
    """One unit's warranty work claimed to its manufacturer, keyed by its service
    number; made by the work itself (repair done, DOA exchange, part shipped)."""

    _name = "postventa.claim.line"
    _description = "Warranty claim line"
    _inherit = ["mail.thread", "postventa.action.owned.mixin"]
    _order = "id desc"
    _check_company_auto = True
    _rec_names_search = ["name", "serial"]

    name = fields.Char(
        string="Number", required=True, readonly=True, copy=False, default="/"
    )
    state = fields.Selection(
        LINE_STATES,
        required=True,
        default="to_review",
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
    )
    source = fields.Selection(
        [
            ("repair", "Warranty repair"),
            ("doa", "DOA exchange"),
            ("part_shipment", "Part shipped"),
        ],
        string="Work",
        required=True,
        readonly=True,
    )
    programme_id = fields.Many2one(
        "postventa.claim.programme",
        required=True,
        readonly=True,
        index=True,
        check_company=True,
    )
    manufacturer_id = fields.Many2one(
        related="programme_id.manufacturer_id", store=True, index=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True
    )
    currency_id = fields.Many2one(related="programme_id.currency_id", store=True)
    claim_id = fields.Many2one(
        "postventa.claim", readonly=True, copy=False, index=True, check_company=True
    )
    serial = fields.Char(
        string="Service number", required=True, readonly=True, index=True
    )
    unit_id = fields.Many2one("postventa.unit", readonly=True, index=True)
    product_id = fields.Many2one("product.product", readonly=True, index=True)
    ticket_id = fields.Many2one(
        "helpdesk.ticket", string="Case", readonly=True, index=True
    )
    ticket_number = fields.Char(related="ticket_id.number", string="Case number")
    rma_id = fields.Many2one("rma", string="RMA", readonly=True, index=True)
    rma_warehouse_id = fields.Many2one(
        related="rma_id.warehouse_id",
        string="RMA warehouse",
        help="Where the failed parts of the unit wait to ship back.",
    )
    repair_id = fields.Many2one("repair.order", readonly=True, index=True)
    picking_id = fields.Many2one(
        "stock.picking", string="Transfer", readonly=True, index=True
    )
    component_id = fields.Many2one(
        "postventa.component", string="Failing component", readonly=True
    )
    work_date = fields.Date(required=True, readonly=True, index=True)
    claim_deadline = fields.Date(compute="_compute_claim_deadline", store=True)
    labour_ids = fields.One2many(
        "postventa.claim.line.labour", "line_id", string="Labour"
    )
    part_ids = fields.One2many("postventa.claim.line.part", "line_id", string="Parts")
    labour_amount = fields.Monetary(compute="_compute_amounts", store=True)
    parts_amount = fields.Monetary(compute="_compute_amounts", store=True)
    allowance_amount = fields.Monetary(
        string="Allowances", readonly=True, help="Travel and freight."
    )
    amount = fields.Monetary(
        string="Amount claimed", compute="_compute_amounts", store=True
    )
    approved_amount = fields.Monetary(readonly=True, copy=False, tracking=True)
    reason_id = fields.Many2one(
        "postventa.claim.reason", string="Rejection reason", readonly=True, copy=False
    )
    review_data = fields.Json(
        readonly=True,
        copy=False,
        help="The checks this line failed, as (message, parameters): shown in the "
        "reader's language.",
    )
    review_reasons = fields.Text(
        string="Why it waits",
        compute="_compute_review_reasons",
        help="The checks this line failed before it can be claimed.",
    )
    override_note = fields.Text(readonly=True, copy=False, tracking=True)
    overridden_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    appeal_note = fields.Text(readonly=True, copy=False, tracking=True)
    serial_photo = fields.Binary(
        string="Photo of the serial", attachment=True, copy=False
    )
    failed_part_photo = fields.Binary(
        string="Photo of the failed part", attachment=True, copy=False
    )
    invoiced = fields.Boolean(readonly=True, copy=False)
    part_return_overdue = fields.Boolean(
        compute="_compute_part_return_overdue",
        search="_search_part_return_overdue",
        string="Part not returned in time",
    )

    _sql_constraints = [
        (
            "approved_positive",
            "CHECK(approved_amount >= 0)",
            "An approved amount cannot be negative.",
        )
    ]

    @api.depends("work_date", "programme_id.claim_deadline_days")
    def _compute_claim_deadline(self):
        for line in self:
            line.claim_deadline = line.work_date and line.work_date + timedelta(
                days=line.programme_id.claim_deadline_days
            )

    @api.depends("labour_ids.amount", "part_ids.amount", "allowance_amount")
    def _compute_amounts(self):
        for line in self:
            line.labour_amount = sum(line.labour_ids.mapped("amount"))
            line.parts_amount = sum(line.part_ids.mapped("amount"))
            line.amount = line.labour_amount + line.parts_amount + line.allowance_amount

    @api.depends("review_data")
    @api.depends_context("lang")
    def _compute_review_reasons(self):
        for line in self:
            line.review_reasons = (
                "\n".join(
                    self.env._(message, **params)
                    for message, params in line.review_data or []
                )
                or False
            )

    @api.depends("part_ids.return_overdue")
    def _compute_part_return_overdue(self):
        for line in self:
            line.part_return_overdue = any(line.part_ids.mapped("return_overdue"))

    def _search_part_return_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search."))
        positive = (operator == "=") == value
        return [
            (
                "part_ids",
                "any" if positive else "not any",
                [("return_overdue", "=", True)],
            )
        ]

    @api.model_create_multi
    def create(self, vals_list):
        unnamed = [vals for vals in vals_list if vals.get("name", "/") == "/"]
        for vals, name in zip(
            unnamed, self._postventa_next_names(len(unnamed)), strict=False
        ):
            vals["name"] = name
        # the number is the sequence's: given by this method, not by the caller
        with self._postventa_action_scope(
            {"name"} if len(unnamed) == len(vals_list) else ()
        ):
            return super().create(vals_list)

    def _postventa_action_owned_fields(self):
        """Users add the proof and correct the labour's hours; the rest is the
        work's (made by the repair, the exchange, the shipment) or its actions'."""
        _ = self.env._
        work = _("the work (warranty repair, DOA exchange, part shipped)")
        check, anyway, appeal = _("Check again"), _("Claim anyway"), _("Appeal")
        cancel, group = _("Cancel"), _("Create claims")
        submit, answer = _("Submit"), _("Import answer")
        owned = dict.fromkeys(
            (
                "name",
                "source",
                "programme_id",
                "company_id",
                "serial",
                "unit_id",
                "product_id",
                "ticket_id",
                "rma_id",
                "repair_id",
                "picking_id",
                "component_id",
                "work_date",
                "part_ids",
                "allowance_amount",
                "labour_amount",
                "parts_amount",
                "amount",
                "claim_deadline",
                "manufacturer_id",
                "currency_id",
            ),
            work,
        )
        return (
            super()._postventa_action_owned_fields()
            | owned
            | {
                "state": ", ".join((check, anyway, cancel, submit, answer, appeal)),
                "review_data": check,
                "claim_id": f"{group}, {cancel}",
                "approved_amount": answer,
                "reason_id": answer,
                "override_note": anyway,
                "overridden_by_id": anyway,
                "appeal_note": appeal,
                "invoiced": _("Invoice the manufacturer"),
            }
        )

    @api.model
    def _postventa_action_create(self, vals_list):
        """The work's lines come with their parts (the work's too)."""
        Part = self.env["postventa.claim.line.part"]
        with Part._postventa_action_scope(Part._postventa_action_owned_fields()):
            return super()._postventa_action_create(vals_list)

    @api.model
    def _postventa_next_names(self, count):
        """``count`` line numbers in one query (the work closes lines by thousands)."""
        if not count:
            return []
        # lines are made by the work's system entry point (superuser)
        sequence = self.env["ir.sequence"].search(
            [
                ("code", "=", "postventa.claim.line"),
                ("company_id", "in", [self.env.company.id, False]),
            ],
            order="company_id",
            limit=1,
        )
        if (
            not sequence
            or sequence.implementation != "standard"
            or sequence.use_date_range
        ):
            Sequence = self.env["ir.sequence"]
            return [
                Sequence.next_by_code("postventa.claim.line") or "/"
                for _i in range(count)
            ]
        self.env.cr.execute(
            "SELECT nextval(%s) FROM generate_series(1, %s)",
            [f"ir_sequence_{sequence.id:03d}", count],
        )
        prefix, suffix = sequence._get_prefix_suffix()
        return [
            f"{prefix}{number:0{sequence.padding}d}{suffix}"
            for (number,) in self.env.cr.fetchall()
        ]

    # ------------------------------------------------------------------
    # made by the work itself
    # ------------------------------------------------------------------
    @api.model
    def _postventa_line_makers(self):
        """{model of the work: the method that prepares its claim lines}; a
        neighbour adds its own work."""
        return {
            "repair.order": "_postventa_prepare_from_repairs",
            "stock.picking": "_postventa_prepare_from_pickings",
        }

    @api.model
    def _postventa_create_lines_sudo(self, work):
        """The one door through which the work makes its claim lines: a lab
        technician ending a warranty repair, logistics validating a transfer have
        no rights on claims. Checked: the user may change the work that triggers
        the lines; then the lines are made as superuser."""
        maker = self._postventa_line_makers().get(work._name)
        if not work or not maker:
            return self.browse()
        work.check_access("write")
        work_sudo = work.sudo()
        lines_sudo = getattr(work_sudo.env[self._name], maker)(work_sudo)
        return lines_sudo.with_env(self.env)

    @api.model
    def _postventa_prepare_from_repairs(self, repairs):
        """Claim lines for warranty repairs just done (one per repair, once)."""
        repairs = repairs.filtered(
            lambda r: r.state == "done" and r.under_warranty and r.rma_id
        )
        if not repairs:
            return self.browse()
        done = self.search([("repair_id", "in", repairs.ids)]).repair_id
        repairs -= done
        Programme = self.env["postventa.claim.programme"]
        programmes = Programme.search([("company_id", "in", repairs.company_id.ids)])
        today = fields.Date.context_today(self)
        vals_list = []
        for repair in repairs:
            programme = Programme._postventa_programme_for(
                repair.product_id, repair.company_id, programmes
            )
            if programme:
                vals_list.append(
                    self._prepare_postventa_repair_line_vals(repair, programme, today)
                )
        return self._postventa_create_checked(vals_list)

    @api.model
    def _prepare_postventa_repair_line_vals(self, repair, programme, date):
        """The claim line of one warranty repair done."""
        rma = repair.rma_id
        return self._postventa_line_vals(
            programme,
            "repair",
            repair.lot_id.name or rma.unit_id.serial,
            repair.company_id,
            date,
            self._get_postventa_repair_parts(repair),
            self._get_postventa_repair_allowance(repair, programme),
            unit=rma.unit_id,
            ticket=rma.ticket_id,
            rma=rma,
            repair=repair,
            product=repair.product_id,
        )

    @api.model
    def _get_postventa_repair_parts(self, repair):
        """The parts a repair put in: [{product_id, qty, lot_id}], the lot being
        the failed part's it took out."""
        added = repair.move_ids.filtered(lambda m: m.repair_line_type == "add")
        removed = repair.move_ids.filtered(
            lambda m: m.repair_line_type in ("remove", "recycle")
        )
        parts = []
        for move in added:
            failed = removed.filtered(lambda m, p=move.product_id: m.product_id == p)
            parts.append(
                {
                    "product_id": move.product_id,
                    "qty": move.product_uom_qty,
                    "lot_id": failed.move_line_ids.lot_id[:1].id or False,
                }
            )
        return parts

    @api.model
    def _get_postventa_repair_allowance(self, repair, programme):
        """Freight when the unit came by courier, travel when a visit was made."""
        rma = repair.rma_id
        allowance = 0.0
        if "courier" in rma.lab_intake_ids.mapped("origin"):
            allowance += programme.freight_allowance
        if rma.ticket_id.visit_ids:
            allowance += programme.travel_allowance
        return allowance

    @api.model
    def _postventa_prepare_from_pickings(self, pickings):
        """Claim lines for DOA exchanges handed out and parts shipped under warranty."""
        pickings = pickings.filtered(
            lambda p: p.state == "done" and p.picking_type_code == "outgoing"
        )
        if not pickings:
            return self.browse()
        programmes = self.env["postventa.claim.programme"].search(
            [("company_id", "in", pickings.company_id.ids)]
        )
        claimed = self.search([("picking_id", "in", pickings.ids)]).picking_id
        today = fields.Date.context_today(self)
        vals_list = []
        for picking in pickings - claimed:
            vals_list += self._get_postventa_doa_line_vals(picking, programmes, today)
            vals_list += self._get_postventa_part_shipment_line_vals(
                picking, programmes, today
            )
        return self._postventa_create_checked(vals_list)

    @api.model
    def _get_postventa_doa_line_vals(self, picking, programmes, date):
        """The lines of the DOA exchanges a transfer handed out (one per RMA)."""
        Programme = self.env["postventa.claim.programme"]
        vals_list = []
        rmas = picking.move_ids.rma_id.filtered(
            lambda r: r.warranty_state == "doa" and r.ticket_id
        )
        for rma in rmas:
            programme = Programme._postventa_programme_for(
                rma.product_id, picking.company_id, programmes
            )
            if programme:
                vals_list.append(
                    self._postventa_line_vals(
                        programme,
                        "doa",
                        rma.lot_id.name or rma.unit_id.serial,
                        picking.company_id,
                        date,
                        [],
                        0.0,
                        unit=rma.unit_id,
                        ticket=rma.ticket_id,
                        rma=rma,
                        picking=picking,
                        product=rma.product_id,
                    )
                )
        return vals_list

    @api.model
    def _get_postventa_part_shipment_line_vals(self, picking, programmes, date):
        """The line of the parts a transfer shipped for a case in warranty."""
        ticket = picking.postventa_ticket_id
        if not (ticket and ticket.warranty_state in COVERED and ticket.unit_id):
            return []
        unit = ticket.unit_id
        programme = self.env["postventa.claim.programme"]._postventa_programme_for(
            unit.product_id, picking.company_id, programmes
        )
        if not programme:
            return []
        parts = [
            {"product_id": m.product_id, "qty": m.quantity, "lot_id": False}
            for m in picking.move_ids
        ]
        return [
            self._postventa_line_vals(
                programme,
                "part_shipment",
                unit.serial,
                picking.company_id,
                date,
                parts,
                0.0,
                unit=unit,
                ticket=ticket,
                picking=picking,
                product=unit.product_id,
            )
        ]

    @api.model
    def _postventa_line_vals(
        self,
        programme,
        source,
        serial,
        company,
        date,
        parts,
        allowance,
        unit=None,
        ticket=None,
        rma=None,
        repair=None,
        picking=None,
        product=None,
    ):
        """The values of one line: labour from the programme's operations, parts at
        the programme's basis, in the programme's currency."""
        return {
            "programme_id": programme.id,
            "company_id": company.id,
            "source": source,
            "serial": serial or "-",
            "unit_id": unit.id if unit else False,
            "product_id": product.id if product else False,
            "ticket_id": ticket.id if ticket else False,
            "component_id": ticket.failed_component_id.id if ticket else False,
            "rma_id": rma.id if rma else False,
            "repair_id": repair.id if repair else False,
            "picking_id": picking.id if picking else False,
            "work_date": date,
            "allowance_amount": allowance,
            "labour_ids": [
                fields.Command.create(vals)
                for vals in self._prepare_postventa_labour_vals(
                    programme, source, parts
                )
            ],
            "part_ids": [
                fields.Command.create(vals)
                for vals in self._prepare_postventa_part_vals(
                    programme, company, date, parts
                )
            ],
        }

    @api.model
    def _prepare_postventa_labour_vals(self, programme, source, parts):
        """The programme's labour operations the work triggers, at their standard
        time: the work itself, or a part it put in."""
        part_products = [p["product_id"] for p in parts]
        return [
            {"operation_id": operation.id, "hours": operation.standard_hours}
            for operation in programme.labour_operation_ids
            if operation.trigger == source
            or (
                operation.trigger == "part"
                and any(p in operation.trigger_product_ids for p in part_products)
            )
        ]

    @api.model
    def _prepare_postventa_part_vals(self, programme, company, date, parts):
        """The parts at the programme's basis, in its currency, with its
        ship-back policy."""
        convert = self._postventa_converter(company, programme.currency_id, date)
        # the cost in the line's company, whichever company the user has active
        programme = programme.with_company(company)
        return [
            {
                "product_id": p["product_id"].id,
                "qty": p["qty"],
                "lot_id": p["lot_id"],
                "unit_amount": convert(
                    programme._postventa_part_price(
                        p["product_id"].with_company(company)
                    )
                ),
                "return_required": programme.parts_policy == "ship_back",
                "return_deadline": date + timedelta(days=programme.return_days),
            }
            for p in parts
        ]

    def _postventa_converter(self, company, currency, date):
        """Company currency to ``currency`` at ``date``: the rate is read once for
        every amount of a line (labour, parts, travel)."""
        rate = (
            1.0
            if company.currency_id == currency
            else company.currency_id._get_conversion_rate(
                company.currency_id, currency, company, date
            )
        )
        return lambda amount: currency.round(amount * rate)

    def _postventa_create_checked(self, vals_list):
        if not vals_list:
            return self.browse()
        lines = self._postventa_action_create(vals_list)
        lines._postventa_run_checks()
        return lines

    # ------------------------------------------------------------------
    # checks before sending
    # ------------------------------------------------------------------
    @api.model
    def _get_postventa_checks(self):
        """The checks a line passes before it is claimed, in order: names of
        methods ``(line, data) -> [reasons]`` (``data`` from
        :meth:`_get_postventa_check_data`). A neighbour adds its own."""
        return [
            "_check_claim_repeated_serial",
            "_check_claim_labour_hours",
            "_check_claim_warranty",
            "_check_claim_purchase_proof",
            "_check_claim_serial_photo",
            "_check_claim_failed_part_photo",
            "_check_claim_deadline",
            "_check_claim_parts_on_programme",
        ]

    def _postventa_check_reasons(self):
        """{line: [reasons]} for the checks each line fails, in batch."""
        reasons = {line: [] for line in self}
        if not self:
            return reasons
        data = self._get_postventa_check_data()
        checks = [getattr(self, name) for name in self._get_postventa_checks()]
        for line in self:
            for check in checks:
                reasons[line] += check(line, data)
        return reasons

    def _get_postventa_check_data(self):
        """What the checks read for the whole batch, in a few queries: earlier
        lines by service number, the units with their proof, the lines with their
        photos, today."""
        return {
            "by_serial": self._get_postventa_lines_by_serial(),
            "proofs": self._postventa_attached(
                "postventa.unit", "proof_of_purchase", self.unit_id.ids
            ),
            "serial_photos": self._postventa_attached(
                self._name, "serial_photo", self.ids
            ),
            "part_photos": self._postventa_attached(
                self._name, "failed_part_photo", self.ids
            ),
            "today": fields.Date.context_today(self),
        }

    def _get_postventa_lines_by_serial(self):
        """{serial: [(programme id, work date, name, id)]} of the other lines of
        these service numbers and of this batch."""
        others = self.search_read(
            [
                ("serial", "in", list(set(self.mapped("serial")))),
                ("id", "not in", self.ids),
                ("state", "!=", "cancel"),
            ],
            ["serial", "programme_id", "work_date", "name"],
            load=False,
        )
        by_serial = {}
        for other in others:
            by_serial.setdefault(other["serial"], []).append(
                (other["programme_id"], other["work_date"], other["name"], other["id"])
            )
        # within this batch as well
        for line in self.sorted("id"):
            by_serial.setdefault(line.serial, []).append(
                (line.programme_id.id, line.work_date, line.name, line.id)
            )
        return by_serial

    def _check_claim_repeated_serial(self, line, data):
        """The same service number claimed again within the programme's window."""
        programme = line.programme_id
        window = timedelta(days=programme.repeat_days)
        repeated = [
            name
            for programme_id, date, name, line_id in data["by_serial"].get(
                line.serial, []
            )
            if line_id < line.id
            and programme_id == programme.id
            and abs(date - line.work_date) <= window
        ]
        if not (programme.repeat_days and repeated):
            return []
        return [
            _(
                "Service number %(serial)s was already claimed within "
                "%(days)s days (%(lines)s).",
                serial=line.serial,
                days=programme.repeat_days,
                lines=", ".join(repeated),
            )
        ]

    def _check_claim_labour_hours(self, line, data):
        """Hourly labour over its standard time."""
        return [
            _(
                "Labour %(operation)s takes %(hours)s h, over its "
                "standard time of %(standard)s h.",
                operation=labour.operation_id.code,
                hours=labour.hours,
                standard=labour.operation_id.standard_hours,
            )
            for labour in line.labour_ids
            if labour.operation_id.fee_type == "hourly"
            and labour.hours > labour.operation_id.standard_hours
        ]

    def _check_claim_warranty(self, line, data):
        """The case says the unit is not in warranty."""
        if not line.ticket_id or line.ticket_id.warranty_state in COVERED:
            return []
        return [
            _(
                "The unit is not in warranty according to case %(case)s.",
                case=line.ticket_id.number or line.ticket_id.name,
            )
        ]

    def _check_claim_purchase_proof(self, line, data):
        if (
            line.programme_id.require_purchase_proof
            and line.unit_id.id not in data["proofs"]
        ):
            return [_("The proof of purchase of the unit is missing.")]
        return []

    def _check_claim_serial_photo(self, line, data):
        if (
            line.programme_id.require_serial_photo
            and line.id not in data["serial_photos"]
        ):
            return [_("The photo of the service number is missing.")]
        return []

    def _check_claim_failed_part_photo(self, line, data):
        if (
            line.programme_id.require_failed_part_photo
            and line.part_ids
            and line.id not in data["part_photos"]
        ):
            return [_("The photo of the failed part is missing.")]
        return []

    def _check_claim_deadline(self, line, data):
        """Not in a claim yet, and the programme's deadline passed."""
        if line.claim_id or not line.claim_deadline:
            return []
        if line.claim_deadline >= data["today"]:
            return []
        return [
            _(
                "The claim deadline passed on %(date)s.",
                date=fields.Date.to_string(line.claim_deadline),
            )
        ]

    def _check_claim_parts_on_programme(self, line, data):
        """Parts the programme does not reimburse (when it lists its parts)."""
        programme = line.programme_id
        if not programme.part_ids:
            return []
        return [
            _(
                "Part %(part)s is not on programme %(programme)s.",
                part=product.display_name,
                programme=programme.name,
            )
            for product in line.part_ids.product_id - programme.part_ids
        ]

    def _postventa_attached(self, model, field, ids):
        if not ids:
            return set()
        # called by the checks, which read as superuser (see _postventa_run_checks)
        attachments = self.env["ir.attachment"].search_read(
            [
                ("res_model", "=", model),
                ("res_field", "=", field),
                ("res_id", "in", ids),
            ],
            ["res_id"],
        )
        return {a["res_id"] for a in attachments}

    def _postventa_run_checks(self):
        """Ready when every check passes, otherwise to review with the reasons."""
        lines = self.filtered(
            lambda ln: ln.state in ("to_review", "ready") and not ln.override_note
        )
        # the checks read the cases, units and attachments of lines the caller
        # may write (checked by the callers): as superuser, the result as the user
        lines_sudo = lines.sudo()
        reasons = {
            line.id: found
            for line, found in lines_sudo._postventa_check_reasons().items()
        }
        ready = lines.filtered(lambda ln: not reasons[ln.id])
        ready._postventa_action_write({"state": "ready", "review_data": False})
        by_reasons = {}
        for line in lines - ready:
            by_reasons.setdefault(
                json.dumps(reasons[line.id], sort_keys=True), []
            ).append(line.id)
        for data, ids in by_reasons.items():
            self.browse(ids)._postventa_action_write(
                {"state": "to_review", "review_data": json.loads(data)}
            )
        return True

    def action_check(self):
        """Run the checks again (after a proof was added or the hours corrected)."""
        self.check_access("write")
        self._postventa_check_user(CLERK)
        self._postventa_run_checks()
        return True

    def _postventa_check_user(self, group):
        if not self.env.user.has_group(group):
            raise AccessError(
                self.env._("Only claims managers may do this.")
                if group == MANAGER
                else self.env._("Only claims clerks may do this.")
            )

    def action_override(self, note):
        """A manager lets a line that failed its checks go, with a note."""
        self._postventa_check_user(MANAGER)
        self.check_access("write")
        if not (note or "").strip():
            raise UserError(self.env._("Say why the line may be claimed anyway."))
        for line in self:
            if line.state != "to_review":
                raise UserError(
                    self.env._(
                        "Line %(line)s is not waiting for a review.", line=line.name
                    )
                )
        self._postventa_action_write(
            {"state": "ready", "override_note": note, "overridden_by_id": self.env.uid}
        )
        for line in self:
            line.message_post(
                body=Markup("<p>%s</p><p>%s</p>")
                % (self.env._("Claimed despite the checks:"), note)
            )
        return True

    def action_cancel(self):
        self._postventa_check_user(MANAGER)
        self.check_access("write")
        if any(line.state not in ("to_review", "ready") for line in self):
            raise UserError(self.env._("Only lines not yet claimed can be cancelled."))
        self._postventa_action_write({"state": "cancel", "claim_id": False})
        return True

    def action_appeal(self, note):
        """Appeal a rejected line: it is answered again in the next import."""
        self._postventa_check_user(MANAGER)
        self.check_access("write")
        if not (note or "").strip():
            raise UserError(self.env._("Say why the rejection is appealed."))
        for line in self:
            if line.state != "rejected":
                raise UserError(
                    self.env._(
                        "Only rejected lines can be appealed (%(line)s).",
                        line=line.name,
                    )
                )
        self._postventa_action_write({"state": "appealed", "appeal_note": note})
        return True

    def action_open_override(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": "postventa.claim.override",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_line_ids": self.ids,
                "default_mode": self.env.context.get("claim_note_mode", "override"),
            },
        }

    @api.model
    def action_create_claims(self, lines=None):
        """Group the ready lines without a claim into a claim per programme and
        month (into the draft claim of that month when there is one)."""
        lines = lines if lines is not None else self
        self._postventa_check_user(CLERK)
        lines = lines.filtered(lambda ln: ln.state == "ready" and not ln.claim_id)
        if not lines:
            raise UserError(self.env._("No ready line without a claim."))
        lines.check_access("write")
        Claim = self.env["postventa.claim"]
        groups = {}
        for line in lines:
            period = line.work_date.replace(day=1)
            groups.setdefault((line.programme_id, period), []).append(line.id)
        claims = Claim
        for (programme, period), line_ids in groups.items():
            claim = Claim.search(
                [
                    ("programme_id", "=", programme.id),
                    ("period", "=", period),
                    ("state", "=", "draft"),
                ],
                limit=1,
            ) or Claim.create(
                {
                    "programme_id": programme.id,
                    "company_id": programme.company_id.id,
                    "period": period,
                }
            )
            self.browse(line_ids)._postventa_action_write({"claim_id": claim.id})
            claims |= claim
        return {
            "type": "ir.actions.act_window",
            "res_model": "postventa.claim",
            "view_mode": "list,form",
            "domain": [("id", "in", claims.ids)],
            "name": self.env._("Claims"),
        }

    def action_create_claims_from_selection(self):
        return self.env["postventa.claim.line"].action_create_claims(self)
