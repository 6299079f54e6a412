import base64
import csv
import io

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_round

from .postventa_claim_line import ANSWERED, CLERK, MANAGER

DECISIONS = {
    "approved": "approved",
    "aprobado": "approved",
    "a": "approved",
    "partial": "partial",
    "parcial": "partial",
    "p": "partial",
    "rejected": "rejected",
    "rechazado": "rejected",
    "r": "rejected",
}


class PostventaClaim(models.Model):
    """The lines of one manufacturer's programme and period, sent and answered as
    one file and invoiced to the manufacturer."""

    _name = "postventa.claim"
    _description = "Warranty claim"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "postventa.action.owned.mixin",
    ]
    _order = "period desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Number", required=True, readonly=True, copy=False, default="/"
    )
    programme_id = fields.Many2one(
        "postventa.claim.programme",
        required=True,
        readonly=True,
        check_company=True,
        index=True,
    )
    manufacturer_id = fields.Many2one(
        related="programme_id.manufacturer_id", store=True, index=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True
    )
    currency_id = fields.Many2one(related="programme_id.currency_id", store=True)
    period = fields.Date(
        required=True, readonly=True, help="The first day of the month claimed."
    )
    line_ids = fields.One2many("postventa.claim.line", "claim_id", string="Lines")
    line_count = fields.Integer(compute="_compute_amounts", store=True)
    amount_claimed = fields.Monetary(compute="_compute_amounts", store=True)
    amount_approved = fields.Monetary(compute="_compute_amounts", store=True)
    submit_date = fields.Date(readonly=True, copy=False, tracking=True)
    answer_date = fields.Date(readonly=True, copy=False, tracking=True)
    cancelled = fields.Boolean(readonly=True, copy=False)
    # invoicing is the claims manager's (with the invoicing rights): clerks
    # read the claims without the invoices
    invoice_ids = fields.One2many(
        "account.move", "postventa_claim_id", string="Invoices", groups=MANAGER
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("submitted", "Submitted"),
            ("answered", "Answered"),
            ("invoiced", "Invoiced"),
            ("paid", "Paid"),
            ("cancel", "Cancelled"),
        ],
        compute="_compute_state",
        store=True,
        tracking=True,
        index=True,
    )
    invoice_date = fields.Date(compute="_compute_state", store=True)
    paid_date = fields.Date(compute="_compute_state", store=True)
    days_to_payment = fields.Integer(
        compute="_compute_state",
        store=True,
        aggregator="avg",
        help="Days from the invoice to its payment.",
    )
    days_owed = fields.Integer(
        compute="_compute_days_owed",
        help="Days since the unpaid invoice.",
        groups=MANAGER,
    )
    amount_owed = fields.Monetary(compute="_compute_days_owed", groups=MANAGER)
    export_file = fields.Binary(attachment=True, readonly=True, copy=False)
    export_filename = fields.Char(readonly=True, copy=False)
    return_move_ids = fields.Many2many("stock.move", compute="_compute_return_pickings")
    return_picking_ids = fields.Many2many(
        "stock.picking", compute="_compute_return_pickings", string="Parts returned"
    )

    @api.depends("line_ids.amount", "line_ids.approved_amount")
    def _compute_amounts(self):
        data = {
            claim.id: (count, claimed, approved)
            for claim, count, claimed, approved in self.env[
                "postventa.claim.line"
            ]._read_group(
                [("claim_id", "in", self.ids)],
                ["claim_id"],
                ["__count", "amount:sum", "approved_amount:sum"],
            )
        }
        for claim in self:
            count, claimed, approved = data.get(claim.id, (0, 0.0, 0.0))
            claim.line_count = count
            claim.amount_claimed = claimed
            claim.amount_approved = approved

    @api.depends(
        "submit_date",
        "cancelled",
        "line_ids.state",
        "invoice_ids.state",
        "invoice_ids.payment_state",
        "invoice_ids.invoice_date",
        "invoice_ids.line_ids.matched_credit_ids.max_date",
    )
    def _compute_state(self):
        """Submitted until every line is answered; invoiced, then paid when every
        invoice to the manufacturer is paid (an appealed line answered later is
        invoiced again)."""
        for claim in self:
            invoices = claim.invoice_ids.filtered(lambda m: m.state == "posted")
            claim.invoice_date = min(invoices.mapped("invoice_date"), default=False)
            paid = bool(invoices) and all(
                m.payment_state in ("paid", "in_payment") for m in invoices
            )
            claim.paid_date = False
            claim.days_to_payment = 0
            if paid:
                dates = invoices.line_ids.matched_credit_ids.mapped("max_date")
                claim.paid_date = max(
                    dates, default=False
                ) or fields.Date.context_today(claim)
                claim.days_to_payment = (claim.paid_date - claim.invoice_date).days
            pending = any(
                s in ("claimed", "appealed") for s in claim.line_ids.mapped("state")
            )
            if claim.cancelled:
                claim.state = "cancel"
            elif not claim.submit_date:
                claim.state = "draft"
            elif paid:
                claim.state = "paid"
            elif invoices:
                claim.state = "invoiced"
            elif pending:
                claim.state = "submitted"
            else:
                claim.state = "answered"

    @api.depends("invoice_ids.amount_residual", "invoice_ids.payment_state")
    @api.depends_context("date")
    def _compute_days_owed(self):
        today = fields.Date.context_today(self)
        for claim in self:
            unpaid = claim.invoice_ids.filtered(
                lambda m: m.state == "posted"
                and m.payment_state not in ("paid", "in_payment", "reversed")
            )
            claim.amount_owed = sum(unpaid.mapped("amount_residual"))
            claim.days_owed = (
                (today - min(unpaid.mapped("invoice_date"))).days if unpaid else 0
            )

    def _compute_return_pickings(self):
        for claim in self:
            moves = claim.line_ids.part_ids.return_move_id
            claim.return_move_ids = moves
            claim.return_picking_ids = moves.picking_id

    @api.model_create_multi
    def create(self, vals_list):
        self._postventa_check_action_owned(vals_list, defaults=True)
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    self.env["ir.sequence"].next_by_code("postventa.claim") or "/"
                )
        # the number is the sequence's, given here
        with self._postventa_action_scope({"name"}):
            return super().create(vals_list)

    def _postventa_action_owned_fields(self):
        """A claim's lines, dates, file and invoices move only through its
        actions."""
        _ = self.env._
        submit, cancel = _("Submit"), _("Cancel")
        return super()._postventa_action_owned_fields() | {
            "name": _("its sequence"),
            "line_ids": f"{_('Create claims')}, {cancel}",
            "submit_date": submit,
            "export_file": submit,
            "export_filename": submit,
            "answer_date": _("Import answer"),
            "cancelled": cancel,
            "invoice_ids": _("Invoice the manufacturer"),
        }

    # ------------------------------------------------------------------
    # submit: export in the manufacturer's format
    # ------------------------------------------------------------------
    def action_submit(self):
        """Send the claim: every line ready, the file made in the programme's
        format and kept on the claim."""
        self.env["postventa.claim.line"]._postventa_check_user(MANAGER)
        self.check_access("write")
        for claim in self:
            if claim.state != "draft":
                raise UserError(
                    self.env._(
                        "Claim %(claim)s was already submitted.", claim=claim.name
                    )
                )
            if not claim.line_ids:
                raise UserError(
                    self.env._("Claim %(claim)s has no lines.", claim=claim.name)
                )
            waiting = claim.line_ids.filtered(lambda ln: ln.state != "ready")
            if waiting:
                raise UserError(
                    self.env._(
                        "These lines of %(claim)s are not ready: %(lines)s",
                        claim=claim.name,
                        lines=", ".join(waiting.mapped("name")),
                    )
                )
            content, filename = claim._postventa_export()
            claim.line_ids._postventa_action_write({"state": "claimed"})
            claim._postventa_action_write(
                {
                    "submit_date": fields.Date.context_today(self),
                    "export_file": base64.b64encode(content),
                    "export_filename": filename,
                }
            )
        return True

    def _postventa_export_rows(self):
        """The file's header and one row per line, in the programme's mapping;
        the lines' data read in batch (constant queries per line)."""
        self.ensure_one()
        columns = self.programme_id._postventa_columns()
        lines = self.line_ids.sorted("id")
        self._postventa_export_prefetch(lines)
        getters = self._get_export_getters(lines)
        header = [h for _k, h in columns]
        rows = [
            [getters.get(key, lambda line: "")(line) for key, _h in columns]
            for line in lines
        ]
        return header, rows

    def _postventa_export_prefetch(self, lines):
        """One query per related model for the whole claim."""
        lines.fetch(
            [
                "name",
                "serial",
                "work_date",
                "source",
                "labour_amount",
                "parts_amount",
                "allowance_amount",
                "amount",
                "approved_amount",
                "state",
                "product_id",
                "ticket_number",
                "reason_id",
            ]
        )
        lines.labour_ids.fetch(["hours", "operation_id"])
        lines.labour_ids.operation_id.fetch(["code"])
        lines.part_ids.fetch(["product_id", "qty"])
        (lines.product_id | lines.part_ids.product_id).fetch(["default_code", "name"])
        lines.reason_id.fetch(["code"])

    def _get_export_getters(self, lines):
        """{column key: line -> the cell}; a neighbour adds the columns of its
        own keys (``postventa.claim.column.field_key``)."""
        sources = dict(lines._fields["source"]._description_selection(self.env))
        currency = self.currency_id.name

        def parts(line):
            return " ".join(
                f"{p.product_id.default_code or p.product_id.name}x{p.qty:g}"
                for p in line.part_ids
            )

        def answered(value):
            return lambda line: value(line) if line.state in ANSWERED else ""

        return {
            "line": lambda line: line.name,
            "claim": lambda line: self.name,
            "serial": lambda line: line.serial,
            "product": lambda line: line.product_id.default_code
            or line.product_id.name
            or "",
            "work_date": lambda line: fields.Date.to_string(line.work_date),
            "source": lambda line: sources.get(line.source, ""),
            "case": lambda line: line.ticket_number or "",
            "operations": lambda line: " ".join(
                line.labour_ids.operation_id.mapped("code")
            ),
            "hours": lambda line: float_round(sum(line.labour_ids.mapped("hours")), 2),
            "labour_amount": lambda line: line.labour_amount,
            "parts": parts,
            "parts_amount": lambda line: line.parts_amount,
            "allowance_amount": lambda line: line.allowance_amount,
            "amount": lambda line: line.amount,
            "currency": lambda line: currency,
            "decision": answered(lambda line: line.state),
            "approved_amount": answered(lambda line: line.approved_amount),
            "reason_code": lambda line: line.reason_id.code or "",
        }

    def _postventa_export(self, file_format=None):
        """(bytes, file name) of the claim in the manufacturer's format."""
        self.ensure_one()
        file_format = file_format or self.programme_id.file_format
        header, rows = self._postventa_export_rows()
        name = f"{self.name.replace('/', '-')}.{file_format}"
        if file_format == "csv":
            out = io.StringIO()
            writer = csv.writer(out, delimiter=";")
            writer.writerow(header)
            writer.writerows(rows)
            return out.getvalue().encode("utf-8-sig"), name
        import xlsxwriter

        out = io.BytesIO()
        book = xlsxwriter.Workbook(out, {"in_memory": True})
        sheet = book.add_worksheet(self.name.replace("/", "-")[:31])
        bold = book.add_format({"bold": True})
        sheet.write_row(0, 0, header, bold)
        for index, row in enumerate(rows, start=1):
            sheet.write_row(index, 0, row)
        book.close()
        return out.getvalue(), name

    def action_download(self):
        self.ensure_one()
        if not self.export_file:
            raise UserError(self.env._("Submit the claim to make its file."))
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/postventa.claim/{self.id}/export_file/"
            f"{self.export_filename}?download=true",
            "target": "self",
        }

    # ------------------------------------------------------------------
    # the manufacturer's answer
    # ------------------------------------------------------------------
    @api.model
    def _postventa_read_file(self, content, file_format):
        """Rows (lists of strings) of an answer file."""
        if file_format == "csv":
            text = content.decode("utf-8-sig")
            dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=";,\t")
            return [row for row in csv.reader(io.StringIO(text), dialect) if row]
        import openpyxl

        try:
            book = openpyxl.load_workbook(
                io.BytesIO(content), read_only=True, data_only=True
            )
        except Exception as error:
            raise UserError(self.env._("The file is not an Excel workbook.")) from error
        sheet = book.worksheets[0]
        return [
            ["" if cell is None else cell for cell in row]
            for row in sheet.iter_rows(values_only=True)
            if any(cell not in (None, "") for cell in row)
        ]

    def _postventa_import_answer(self, content, file_format=None):
        """Record the manufacturer's decision on each line of the file: approved,
        partly approved with the amount, or rejected with a reason code."""
        self.ensure_one()
        self.env["postventa.claim.line"]._postventa_check_user(MANAGER)
        self.check_access("write")
        if self.state in ("draft", "cancel"):
            raise UserError(self.env._("Only a submitted claim can be answered."))
        if isinstance(content, str):
            content = content.encode()
        rows = self._postventa_read_file(
            content, file_format or self.programme_id.file_format
        )
        if not rows:
            raise UserError(self.env._("The file is empty."))
        index = self._get_answer_columns(rows[0])
        updates, errors = self._postventa_answer_updates(rows[1:], index)
        if errors:
            raise ValidationError("\n".join(errors))
        for line, vals in updates.items():
            line._postventa_action_write(vals)
        if not self.answer_date and not self.line_ids.filtered(
            lambda ln: ln.state in ("claimed", "appealed")
        ):
            self._postventa_action_write(
                {"answer_date": fields.Date.context_today(self)}
            )
        return len(updates)

    def _get_answer_columns(self, header):
        """{column key: its index in the file}, by the programme's headers; the
        line number (or the service number, when the manufacturer answers by
        unit) and the decision are needed."""
        headers = {str(h).strip().lower(): i for i, h in enumerate(header)}
        index = {}
        for key, name in self.programme_id._postventa_columns():
            if name.strip().lower() in headers:
                index[key] = headers[name.strip().lower()]
        for needed in ("line" if "serial" not in index else "serial", "decision"):
            if needed not in index:
                raise UserError(
                    self.env._(
                        "The file has no column for %(column)s.",
                        column=dict(
                            self.env["postventa.claim.column"]
                            ._fields["field_key"]
                            ._description_selection(self.env)
                        )[needed],
                    )
                )
        return index

    def _get_answer_reasons(self):
        """{code: rejection reason} of the manufacturer (and the common ones)."""
        return {
            r.code.strip().lower(): r
            for r in self.env["postventa.claim.reason"].search(
                [
                    ("company_id", "=", self.company_id.id),
                    ("manufacturer_id", "in", [self.manufacturer_id.id, False]),
                ]
            )
        }

    def _postventa_answer_updates(self, rows, index):
        """({line: values}, [errors]) of the answer's rows (the file's second row
        on); lines answered before keep their decision."""
        key = "line" if "line" in index else "serial"
        lines = {
            line.name if key == "line" else line.serial: line
            for line in self.line_ids.sorted("id")
            if key == "line" or line.state in ("claimed", "appealed")
        }
        serials = set(self.line_ids.mapped("serial"))
        reasons = self._get_answer_reasons()
        errors = []
        updates = {}
        for number, row in enumerate(rows, start=2):
            cells = {
                name: str(row[column]).strip() if column < len(row) else ""
                for name, column in index.items()
            }
            line = lines.get(cells.get(key, ""))
            if not line:
                if key == "serial" and cells["serial"] in serials:
                    continue  # answered before
                errors.append(
                    self.env._(
                        "Row %(row)s: line %(line)s is not in this claim.",
                        row=number,
                        line=cells.get(key, ""),
                    )
                )
                continue
            if line.state not in ("claimed", "appealed"):
                continue  # answered before: its decision stands
            vals, error = self._postventa_answer_vals(line, cells, number, reasons)
            if error:
                errors.append(error)
            else:
                updates[line] = vals
        return updates, errors

    def _postventa_answer_vals(self, line, cells, number, reasons):
        """(values, None) for one answered line, or (None, the row's error)."""
        _ = self.env._
        decision = DECISIONS.get(cells.get("decision", "").lower())
        if not decision:
            return None, _(
                "Row %(row)s: unknown decision %(decision)s.",
                row=number,
                decision=cells.get("decision", ""),
            )
        vals = {"state": decision, "reason_id": False, "approved_amount": 0.0}
        if decision == "approved":
            vals["approved_amount"] = line.amount
        elif decision == "partial":
            try:
                amount = float(cells.get("approved_amount", "").replace(",", "."))
            except ValueError:
                return None, _(
                    "Row %(row)s: a partial approval needs its amount.", row=number
                )
            if amount < 0 or amount > line.amount:
                return None, _(
                    "Row %(row)s: the approved amount is not between 0 and the "
                    "amount claimed.",
                    row=number,
                )
            vals["approved_amount"] = amount
        code = cells.get("reason_code", "")
        if decision != "approved" and code:
            reason = reasons.get(code.lower())
            if not reason:
                # a code the manufacturer uses for the first time
                reason = reasons[code.lower()] = self.env[
                    "postventa.claim.reason"
                ].create(
                    {
                        "code": code,
                        "name": code,
                        "manufacturer_id": self.manufacturer_id.id,
                        "company_id": self.company_id.id,
                    }
                )
            vals["reason_id"] = reason.id
        elif decision == "rejected":
            return None, _(
                "Row %(row)s: a rejection needs its reason code.", row=number
            )
        return vals, None

    def action_open_import(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": "postventa.claim.answer.import",
            "view_mode": "form",
            "target": "new",
            "context": {"default_claim_id": self.id},
        }

    # ------------------------------------------------------------------
    # invoice to the manufacturer
    # ------------------------------------------------------------------
    def action_invoice(self):
        """An invoice to the manufacturer for what it approved and was not invoiced."""
        self.env["postventa.claim.line"]._postventa_check_user(MANAGER)
        self.check_access("write")
        moves = self.env["account.move"]
        for claim in self:
            if claim.state in ("draft", "cancel"):
                raise UserError(
                    self.env._("Claim %(claim)s was not submitted.", claim=claim.name)
                )
            lines = claim._get_lines_to_invoice()
            if not lines:
                raise UserError(
                    self.env._(
                        "Claim %(claim)s has nothing approved to invoice.",
                        claim=claim.name,
                    )
                )
            move = (
                self.env["account.move"]
                .with_company(claim.company_id)
                .create(claim._prepare_invoice_vals(lines))
            )
            move.action_post()
            lines._postventa_action_write({"invoiced": True})
            moves |= move
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "view_mode": "list,form",
            "domain": [("id", "in", moves.ids)],
        }

    def _get_lines_to_invoice(self):
        """The lines approved (wholly or partly) and not invoiced yet."""
        return self.line_ids.filtered(
            lambda ln: ln.state in ("approved", "partial")
            and not ln.invoiced
            and ln.approved_amount
        )

    def _get_invoice_journal(self):
        """The programme's journal, or the company's first sales journal."""
        journal = self.programme_id.invoice_journal_id or self.env[
            "account.journal"
        ].search(
            [("type", "=", "sale"), ("company_id", "=", self.company_id.id)],
            limit=1,
        )
        if not journal:
            raise UserError(self.env._("The company has no sales journal."))
        return journal

    def _prepare_invoice_vals(self, lines):
        """The invoice to the manufacturer for ``lines`` of this claim."""
        self.ensure_one()
        return {
            "move_type": "out_invoice",
            "partner_id": self.manufacturer_id.id,
            "journal_id": self._get_invoice_journal().id,
            "currency_id": self.currency_id.id,
            "company_id": self.company_id.id,
            "invoice_origin": self.name,
            "ref": self.name,
            "postventa_claim_id": self.id,
            "invoice_line_ids": [
                fields.Command.create(self._prepare_invoice_line_vals(lines))
            ],
        }

    def _prepare_invoice_line_vals(self, lines):
        """One invoice line for the amount approved on ``lines``, without taxes."""
        return {
            "name": self.env._(
                "Warranty work %(claim)s: %(count)s lines approved",
                claim=self.name,
                count=len(lines),
            ),
            "quantity": 1,
            "price_unit": sum(lines.mapped("approved_amount")),
            "tax_ids": [fields.Command.clear()],
        }

    def action_cancel(self):
        self.env["postventa.claim.line"]._postventa_check_user(MANAGER)
        self.check_access("write")
        for claim in self:
            if claim.state != "draft":
                raise UserError(self.env._("Only a draft claim can be cancelled."))
        self.line_ids._postventa_action_write({"claim_id": False})
        self._postventa_action_write({"cancelled": True})
        return True

    # ------------------------------------------------------------------
    # defective parts back to the manufacturer
    # ------------------------------------------------------------------
    def action_return_parts(self):
        """A transfer from the lab to the manufacturer with the claim's parts that
        ship back (their lots), one per claim."""
        self.env["postventa.claim.line"]._postventa_check_user(CLERK)
        self.check_access("write")
        pickings = self.env["stock.picking"]
        for claim in self:
            parts = claim.line_ids.part_ids.filtered(
                lambda p: p.return_required
                and not p.return_move_id
                and p.line_id.state not in ("cancel",)
            )
            if not parts:
                raise UserError(
                    self.env._(
                        "Claim %(claim)s has no part to ship back.", claim=claim.name
                    )
                )
            pickings |= claim._postventa_return_picking(parts)
        return {
            "type": "ir.actions.act_window",
            "res_model": "stock.picking",
            "view_mode": "list,form",
            "domain": [("id", "in", pickings.ids)],
        }

    def _postventa_return_picking(self, parts):
        self.ensure_one()
        warehouse = self._get_return_warehouse(parts)
        source = warehouse.postventa_lab_loc_id or warehouse.lot_stock_id
        destination = self.manufacturer_id.with_company(
            self.company_id
        ).property_stock_supplier
        picking = self.env["stock.picking"].create(
            self._prepare_return_picking_vals(parts, warehouse, source, destination)
        )
        picking.action_confirm()
        for move in picking.move_ids:
            lot = move.postventa_claim_part_id.lot_id
            if lot:
                # the very failed part: its lot, not whatever is reserved first
                move.move_line_ids.unlink()
                move.write(
                    {
                        "move_line_ids": [
                            fields.Command.create(
                                self._prepare_return_move_line_vals(move, lot)
                            )
                        ]
                    }
                )
            else:
                move._action_assign()
            move.postventa_claim_part_id._postventa_action_write(
                {"return_move_id": move.id}
            )
        self.message_post(
            body=self.env._("Parts shipped back in %(picking)s.", picking=picking.name)
        )
        return picking

    def _get_return_warehouse(self, parts):
        """The warehouse of the parts' RMA (whose lab keeps them), or the
        company's first."""
        return parts.line_id.rma_warehouse_id[:1] or self.env["stock.warehouse"].search(
            [("company_id", "=", self.company_id.id)], limit=1
        )

    def _prepare_return_picking_vals(self, parts, warehouse, source, destination):
        """The transfer from the lab to the manufacturer, a move per part."""
        return {
            "picking_type_id": warehouse.out_type_id.id,
            "partner_id": self.manufacturer_id.id,
            "location_id": source.id,
            "location_dest_id": destination.id,
            "origin": self.name,
            "company_id": self.company_id.id,
            "postventa_claim_id": self.id,
            "move_ids": [
                fields.Command.create(
                    self._prepare_return_move_vals(part, source, destination)
                )
                for part in parts
            ],
        }

    def _prepare_return_move_vals(self, part, source, destination):
        return {
            "name": f"{self.name} {part.line_id.name}",
            "product_id": part.product_id.id,
            "product_uom_qty": part.qty,
            "product_uom": part.product_id.uom_id.id,
            "location_id": source.id,
            "location_dest_id": destination.id,
            "company_id": self.company_id.id,
            "postventa_claim_part_id": part.id,
        }

    def _prepare_return_move_line_vals(self, move, lot):
        """The failed part's own lot on its return move."""
        return {
            "product_id": move.product_id.id,
            "lot_id": lot.id,
            "quantity": move.product_uom_qty,
            "product_uom_id": move.product_uom.id,
            "location_id": move.location_id.id,
            "location_dest_id": move.location_dest_id.id,
            "picking_id": move.picking_id.id,
        }

    def action_print_return_tags(self):
        return self.env.ref(
            "postventa_claim.action_report_claim_return_tags"
        ).report_action(self)
