import base64
from datetime import timedelta

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_date, html2plaintext, plaintext2html
from odoo.tools.mimetypes import guess_mimetype

# What customers and stores may upload with a case: proofs of purchase and photos.
# The type is read from the content, not from the file name.
PORTAL_UPLOAD_TYPES = {
    "application/pdf": "PDF",
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "image/webp": "WebP",
}
DEFAULT_UPLOAD_MAX_MB = 5


class HelpdeskTicket(models.Model):
    """What the portal needs from a case: opening it from the customer's (or a
    store's) form, and the page the customer follows it on."""

    _inherit = "helpdesk.ticket"

    # The token opens the case page as its customer (and shows the survey link):
    # read by staff and by the portal's controllers as superuser, never by a
    # portal user over RPC (a store or drop-off centre reads its customers' cases)
    access_token = fields.Char(groups="base.group_user")

    @property
    def _mail_post_access(self):
        """helpdesk_mgmt lets whoever reads a case post on it ("read"). Stores and
        drop-off centres read their customers' cases; they do not write to the
        customer in the case's name: they need write access, which they lack."""
        user = self.env.user
        if user.share and any(
            user.has_group(group) for group in self._postventa_reader_groups()
        ):
            return "write"
        return "read"

    def _postventa_reader_groups(self):
        """Portal groups that read cases of others' customers (other addons add
        theirs)."""
        return ["postventa_helpdesk.group_portal_store"]

    def init(self):
        result = super().init()
        # helpdesk_mgmt's portal rule (the customer's partner, or a follower) can use
        # no plain index: /my/tickets reads the whole table twice per page, and this
        # addon's columns make that table wider. With every column the list filters
        # on (and its default order) in one index, PostgreSQL reads the index alone.
        tools.create_index(
            self.env.cr,
            "helpdesk_ticket_portal_list_index",
            self._table,
            ["partner_id", "id", "active", "company_id", "create_date"],
        )
        return result

    # ------------------------------------------------------------------------
    # Opening a case from the portal
    # ------------------------------------------------------------------------
    @api.model
    def _postventa_portal_products(self, company=None):
        """Products customers of ``company`` (the user's by default) may open a
        case for: products of that company (or shared) that one of its warranty
        policies covers (its own product, or any product of its category and
        subcategories)."""
        company = company or self.env.company
        # the company's catalogue, read as superuser: customers read neither its
        # policies nor, over RPC, its products (only those found come out)
        policies_sudo = (
            self.env["postventa.warranty.policy"]
            .sudo()
            .search([("company_id", "in", [False, company.id])])
        )
        domain = [("product_tmpl_id", "in", policies_sudo.product_tmpl_id.ids)]
        if policies_sudo.categ_id:
            domain = [
                "|",
                ("categ_id", "child_of", policies_sudo.categ_id.ids),
                *domain,
            ]
        domain = [("company_id", "in", [False, company.id]), *domain]
        return policies_sudo.env["product.product"].search(domain, order="name")

    @api.model
    def _postventa_portal_stores(self, company=None):
        """The stores a customer of ``company`` (the user's by default) may name:
        that company's and the shared ones, never another company's. Superuser:
        a customer reads no partners but their own; only the names are shown."""
        company = company or self.env.company
        return (
            self.env["res.partner"]
            .sudo()
            .search(
                [
                    ("is_postventa_store", "=", True),
                    ("company_id", "in", [False, company.id]),
                ],
                order="name",
            )
        )

    @api.model
    def _postventa_portal_upload_max_mb(self):
        param = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("postventa_helpdesk.portal_upload_max_mb")
        )
        try:
            return max(float(param), 0.1) if param else DEFAULT_UPLOAD_MAX_MB
        except ValueError:
            return DEFAULT_UPLOAD_MAX_MB

    @api.model
    def _postventa_portal_company(self, store=None):
        """The company a portal case belongs to: the store's when it has one, else
        the portal user's."""
        return (store.company_id if store else None) or self.env.company

    @api.model
    def _postventa_portal_form_values(self, company=None):
        """What the case forms (customer's and store's) offer and accept."""
        max_mb = self._postventa_portal_upload_max_mb()
        # not inside _(): babel's extractor cannot read f-strings there
        max_text = f"{max_mb:g}"
        return {
            "products": self._postventa_portal_products(company),
            "stores": self._postventa_portal_stores(company),
            "upload_max_mb": max_mb,
            "upload_hint": self.env._(
                "Invoice or receipt: %(types)s, up to %(max)s MB.",
                types=", ".join(PORTAL_UPLOAD_TYPES.values()),
                max=max_text,
            ),
            "today": fields.Date.context_today(self).isoformat(),
        }

    @api.model
    def _postventa_check_portal_upload(self, filename, data):
        """Refuse a file that is too big or not a PDF or an image, by its content."""
        max_mb = self._postventa_portal_upload_max_mb()
        max_text = f"{max_mb:g}"
        if len(data) > max_mb * 1024 * 1024:
            raise UserError(
                self.env._(
                    "%(file)s is %(size).1f MB: files may be up to %(max)s MB.",
                    file=filename,
                    size=len(data) / 1024 / 1024,
                    max=max_text,
                )
            )
        if guess_mimetype(data, default="") not in PORTAL_UPLOAD_TYPES:
            raise UserError(
                self.env._(
                    "%(file)s is not a file we accept: send a %(types)s file.",
                    file=filename,
                    types=", ".join(PORTAL_UPLOAD_TYPES.values()),
                )
            )

    @api.model
    def _postventa_portal_serial_check(self, product, serial):
        """The message the form shows under the serial, or an empty string."""
        if not serial or not serial.strip():
            return ""
        try:
            product.product_tmpl_id._postventa_check_serial(
                self.env["postventa.unit"]._normalize_serial(serial)
            )
        except UserError as error:  # ValidationError is a UserError
            return error.args[0]
        return ""

    @api.model
    def _postventa_portal_needs_unit(self, form):
        """Whether the customer's form must name the unit (product, serial and
        purchase): always without a category or with one that needs a unit
        (``postventa_requires_unit``), and whenever the customer names a product
        or a serial. Otherwise the ticket is helpdesk_mgmt's own."""
        if form.get("product_id") or (form.get("serial") or "").strip():
            return True
        category_id = str(form.get("category") or "")
        category = self.env["helpdesk.ticket.category"]
        if category_id.isdigit():
            category = category.search(
                [("id", "=", int(category_id)), ("show_in_portal", "=", True)]
            )
        return not category or category.postventa_requires_unit

    @api.model
    def _postventa_register_portal_case(
        self, form, partner, proof=None, attachments=(), store=None, defaults=None
    ):
        """Open a case from the portal form for ``partner`` (the customer).

        ``form``: the form's fields (product_id, serial, purchase_date, store_id,
        subject, description, location, phone, team/category of helpdesk_mgmt);
        ``proof`` and ``attachments``: (filename, bytes) pairs; ``store``: the store
        opening it for a walk-in customer (then the unit was bought there);
        ``defaults``: ticket values of helpdesk_mgmt's form (team, category,
        channel...).
        Everything is checked before anything is stored.
        """
        from_store = store is not None
        values = dict(defaults or {})
        company = self.env["res.company"].browse(values.get("company_id")).exists()
        company = company or self._postventa_portal_company(store)
        product, serial, purchase_date = self._get_postventa_portal_declared_unit(
            form, company
        )
        if store is None:
            store = self._get_postventa_portal_store(form, company)
        self._postventa_check_portal_case_form(form, product, proof, attachments)
        unit_sudo = self._get_postventa_portal_unit(product, serial)
        if self._postventa_portal_unit_of_another(unit_sudo, partner, from_store):
            # a store's walk-in form answers the same whoever the serial belongs
            # to (a clerk learns nothing of other customers' serials or e-mails):
            # the case opens without the unit, for an agent to check with the
            # customer
            return self._postventa_register_unlinked_case(
                values,
                form,
                partner,
                product,
                serial,
                purchase_date,
                store,
                proof,
                attachments,
            )
        unit_values, declared = self._postventa_portal_unit_values(
            unit_sudo, purchase_date, store, proof
        )
        values = self._prepare_postventa_portal_register_vals(
            values, form, partner, company, product, serial, store
        )
        values.update(unit_values, **declared)
        return self._postventa_create_portal_case(
            values, partner, declared, attachments
        )

    @api.model
    def _get_postventa_portal_declared_unit(self, form, company):
        """(product, serial, purchase date) the portal form declares, checked: a
        product the form offers (never another company's), a serial of the
        product's form, a purchase date not in the future."""
        _ = self.env._
        product = self._postventa_portal_products(company).filtered(
            lambda p: str(p.id) == str(form.get("product_id") or "")
        )
        if not product:
            raise UserError(_("Choose the product the case is about."))
        serial = (form.get("serial") or "").strip()
        if not serial:
            raise UserError(_("Give the serial number of the unit."))
        message = self._postventa_portal_serial_check(product, serial)
        if message:
            raise UserError(message)
        try:
            purchase_date = fields.Date.to_date(form.get("purchase_date") or None)
        except ValueError:
            purchase_date = None
        if not purchase_date:
            raise UserError(_("Give the purchase date (it decides the warranty)."))
        if purchase_date > fields.Date.context_today(self):
            raise UserError(
                _(
                    "The purchase date %(date)s is in the future.",
                    date=format_date(self.env, purchase_date),
                )
            )
        return product, serial, purchase_date

    @api.model
    def _postventa_portal_unit_of_another(self, unit_sudo, partner, from_store):
        """Whether the registered unit belongs to another customer than
        ``partner``: a store's walk-in form then opens the case without it; a
        customer's form is refused (never touch another customer's unit from
        the portal)."""
        others_unit = bool(
            unit_sudo.owner_id
            and unit_sudo.owner_id.commercial_partner_id
            != partner.commercial_partner_id
        )
        if others_unit and not from_store:
            raise UserError(
                self.env._(
                    "Serial %(serial)s is registered to another customer. Call us so "
                    "that we can "
                    "check it with you.",
                    serial=unit_sudo.serial,
                )
            )
        return others_unit

    @api.model
    def _get_postventa_portal_store(self, form, company):
        """The store the customer's form names, among those it offers (or none)."""
        return self._postventa_portal_stores(company).filtered(
            lambda s: str(s.id) == str(form.get("store_id") or "")
        )

    @api.model
    def _postventa_check_portal_case_form(self, form, product, proof, attachments):
        """Refuse a form without a description, without the proof of purchase
        the product's warranty policy requires, or with a file we do not take."""
        _ = self.env._
        if not html2plaintext(form.get("description") or "").strip():
            raise UserError(_("Describe the failure."))
        # the policy as superuser: customers do not read the warranty policies
        policy_sudo = (
            self.env["postventa.warranty.policy"]
            .sudo()
            ._find_for_product(product, self.env.company)
        )
        if policy_sudo.proof_required and not proof:
            raise UserError(
                _(
                    "%(product)s needs a proof of purchase: attach the invoice or "
                    "receipt.",
                    product=product.display_name,
                )
            )
        for filename, data in ([proof] if proof else []) + list(attachments):
            self._postventa_check_portal_upload(filename, data)

    @api.model
    def _get_postventa_portal_unit(self, product, serial):
        """The registered unit of ``product`` with ``serial``, whoever owns it, as
        superuser (the caller decides what the portal user learns of it)."""
        units_sudo = self.env["postventa.unit"].sudo()
        return units_sudo.search(
            [
                ("product_id", "=", product.id),
                ("serial", "=", units_sudo._normalize_serial(serial)),
            ],
            limit=1,
        )

    @api.model
    def _prepare_postventa_portal_register_vals(
        self, values, form, partner, company, product, serial, store
    ):
        """The values of a case the portal form registers (its unit's values
        apart): helpdesk_mgmt's form ``values``, the routed team when the
        customer chose none, what the case says of itself and its customer, the
        unit's product and serial, and the neighbours' fields."""
        values = dict(values)
        if not values.get("team_id"):
            values.update(self._postventa_portal_team_values(company, product, values))
        values.update(
            self._prepare_postventa_portal_case_vals(form, partner, product, serial),
            product_id=product.id,
            serial=serial,
            location=(form.get("location") or "").strip(),
        )
        values.update(self._postventa_portal_case_values(form, store))
        return values

    @api.model
    def _postventa_create_portal_case(self, values, partner, declared, attachments):
        """Create the checked case: acknowledged like the cases taken by phone or
        mail, whatever the team; as superuser, and without subscribing the
        portal user who opens it (a store's clerk following a walk-in customer's
        case would read all of it: its token, the survey link); its customer is
        subscribed, the form's files attached, a declared discrepancy flagged."""
        cases_sudo = self.sudo().with_context(
            postventa_acknowledge=True, mail_create_nosubscribe=True
        )
        # the declared unit data is this registration's to record
        with cases_sudo._postventa_action_scope(declared):
            ticket_sudo = cases_sudo._postventa_register_case(values)
        if declared:
            ticket_sudo._postventa_flag_discrepancy()
        ticket_sudo.message_subscribe(partner_ids=partner.ids)
        ticket_sudo._postventa_portal_attach(attachments)
        return ticket_sudo

    def _postventa_portal_attach(self, attachments):
        """Attach the form's files (checked by the caller) to this case, which the
        portal user opened and may not write: runs on the case as the portal
        registration holds it (superuser, after its checks)."""
        self.ensure_one()
        if attachments:
            self.env["ir.attachment"].create(
                [
                    {
                        "name": filename,
                        "raw": data,
                        "res_model": self._name,
                        "res_id": self.id,
                    }
                    for filename, data in attachments
                ]
            )

    @api.model
    def _prepare_postventa_portal_case_vals(self, form, partner, product, serial):
        """What a case opened from the portal (a customer's, or a store's for a
        walk-in customer) says of itself and of its customer, from the form: a
        neighbour adds its own fields here."""
        return {
            "name": (form.get("subject") or "").strip()
            or f"{product.display_name} {serial}",
            "description": plaintext2html(form.get("description") or ""),
            "partner_id": partner.id,
            "partner_name": partner.name,
            "partner_email": partner.email,
            "partner_phone": (form.get("phone") or "").strip()
            or partner.phone
            or partner.mobile,
        }

    @api.model
    def _postventa_register_unlinked_case(
        self,
        values,
        form,
        partner,
        product,
        serial,
        purchase_date,
        store,
        proof,
        attachments,
    ):
        """A store's walk-in case for a serial registered to another customer: the
        case opens (the clerk sees what any walk-in case shows, its number) with
        what was declared, without the unit; an agent checks it with the customer
        and links the unit or not."""
        company = self.env["res.company"].browse(values.get("company_id")).exists()
        company = company or self._postventa_portal_company(store)
        if not values.get("team_id"):
            values.update(self._postventa_portal_team_values(company, product, values))
        declared = self._prepare_postventa_declared_vals(purchase_date, store, proof)
        values.update(
            self._prepare_postventa_portal_case_vals(form, partner, product, serial),
            **declared,
        )
        cases_sudo = self.sudo().with_context(
            postventa_acknowledge=True, mail_create_nosubscribe=True
        )
        # the declared unit data is this registration's to record
        with cases_sudo._postventa_action_scope(declared):
            ticket_sudo = cases_sudo.create(values)
        ticket_sudo.message_subscribe(partner_ids=partner.ids)
        ticket_sudo._postventa_flag_unlinked_unit(product, serial)
        ticket_sudo._postventa_portal_attach(attachments)
        return ticket_sudo

    @api.model
    def _prepare_postventa_declared_vals(self, purchase_date, store, proof):
        """What a store declared for a unit it may not link (a serial registered
        to another customer), kept on the case for the agent's review."""
        values = {
            "declared_purchase_date": purchase_date,
            "declared_store_id": store.id if store else False,
            "unit_discrepancy": True,
        }
        if proof:
            values.update(
                declared_proof_of_purchase=base64.b64encode(proof[1]),
                declared_proof_of_purchase_filename=proof[0],
            )
        return values

    def _postventa_flag_unlinked_unit(self, product, serial):
        """A note and an activity for the team: this case was opened for a serial
        registered to another customer, to check with the customer before the
        unit is linked."""
        self.ensure_one()
        text = self.env._(
            "Opened by a store for %(product)s with serial %(serial)s, which is "
            "registered to another customer: check it with the customer before "
            "linking the unit.",
            product=product.display_name,
            serial=self.env["postventa.unit"]._normalize_serial(serial),
        )
        self._postventa_note(text)
        user = (
            self.team_id.user_id
            or self.team_id.user_ids[:1]
            or self.env.ref("base.user_admin")
        )
        self.activity_schedule(
            activity_type_id=self.env.ref(
                "postventa_helpdesk.mail_activity_unit_discrepancy"
            ).id,
            user_id=user.id,
            summary=text,
        )

    @api.model
    def _postventa_portal_team_values(self, company, product, values):
        """Team, stage and assignee of a portal case whose customer chose no team:
        the company's route or default team (see postventa.team.route), assigned
        as the routing assigns; else, unassigned (helpdesk_mgmt's contract), its
        first team that takes portal cases; never another company's team."""
        channel = self.env["helpdesk.ticket.channel"].browse(values.get("channel_id"))
        team, user = self._postventa_route(company, product, channel.exists())
        if not team:
            # the teams the portal user may choose (helpdesk_mgmt's portal rule)
            team = self.env["helpdesk.ticket.team"].search(
                [
                    ("show_in_portal", "=", True),
                    ("company_id", "in", [False, company.id]),
                ],
                order="company_id, sequence, id",
                limit=1,
            )
        result = {
            "team_id": team.id,
            "company_id": team.company_id.id or company.id,
            "stage_id": team._get_applicable_stages()[:1].id,
        }
        if user and not values.get("user_id"):
            result["user_id"] = user.id
        return result

    @api.model
    def _postventa_portal_unit_values(self, unit, purchase_date, store, proof):
        """(unit values, declared case values) of a portal form. A registered
        unit's purchase, store and proof change only through staff: for a known
        unit, what differs is recorded on the case for an agent to review."""
        unit_values = {
            "purchase_date": purchase_date,
            "store_id": store.id if store else False,
        }
        if proof:
            unit_values.update(
                proof_of_purchase=base64.b64encode(proof[1]),
                proof_of_purchase_filename=proof[0],
            )
        if not unit:
            return unit_values, {}
        return {}, self._postventa_declared_values(unit, unit_values)

    @api.model
    def _postventa_portal_case_values(self, form, store):
        """More case values from the portal forms (other addons add their fields)."""
        return {}

    @api.model
    def _postventa_walk_in_partner(self, name, email, phone):
        """The walk-in customer: found by e-mail, or (without one) by name and
        phone; registered otherwise."""
        partners_sudo = self.env["res.partner"].sudo()
        if email:
            partner = partners_sudo._postventa_find_by_email(email)
        else:
            partner = partners_sudo.search(
                [
                    ("name", "=ilike", name),
                    ("phone", "=", phone),
                    ("type", "=", "contact"),
                ],
                limit=1,
            )
        return partner or partners_sudo.create(
            {"name": name, "email": email or False, "phone": phone or False}
        )

    def _postventa_register_store_case(self, store, form, proof=None, attachments=()):
        """A store opens the case of a walk-in customer who bought the unit there (Kodak
        Perú's procedure: the store gives the customer access and the case number is
        generated for them). The customer, found by e-mail or registered, gets the
        acknowledgement mail with the number."""
        _ = self.env._
        name = (form.get("customer_name") or "").strip()
        email = tools.email_normalize(form.get("customer_email") or "")
        phone = (form.get("phone") or "").strip()
        if not name:
            raise UserError(_("Give the customer's name."))
        if (form.get("customer_email") or "").strip() and not email:
            raise UserError(_("The customer's e-mail address is not valid."))
        if not email and not phone:
            raise UserError(
                _(
                    "Give the customer's e-mail address or phone number: the case "
                    "number is mailed to the address, or given by phone."
                )
            )
        partner = self._postventa_walk_in_partner(name, email, phone)
        channel = self.env.ref(
            "postventa_helpdesk.helpdesk_ticket_channel_store", raise_if_not_found=False
        )
        defaults = {
            "channel_id": channel.id if channel else False,
            "user_id": False,
            "company_id": self._postventa_portal_company(store).id,
        }
        return self.with_context(
            postventa_acknowledge=True
        )._postventa_register_portal_case(
            form,
            partner,
            proof=proof,
            attachments=attachments,
            store=store,
            defaults=defaults,
        )

    # ------------------------------------------------------------------------
    # The case page. Its methods run on the case as superuser: the portal's
    # controllers hold it so once they have checked that the user may read it
    # (``_document_check_access`` with the user's rights or the mailed token).
    # Who may change it from the portal (its customer) is checked here, from the
    # partner the controller gives.
    # ------------------------------------------------------------------------
    def _postventa_portal_when(self, value):
        """A moment of this case as its customer reads it (dd/mm/yyyy HH:MM in the
        customer's zone); a store reading it gets the same. Only the zone is read
        as superuser: a store may not read its customers' contacts."""
        ticket_sudo = self.sudo()
        return ticket_sudo.partner_id._postventa_format_datetime(
            value, tz=ticket_sudo._postventa_customer_tz()
        )

    def _postventa_portal_assignee(self):
        """Who the portal names as in charge of the case: a person of the company,
        never OdooBot (the superuser) nor the customer themself; else nobody."""
        self.ensure_one()
        # only who is in charge: the reader may not read the assignee nor the
        # customer (a store reading its customer's case)
        ticket_sudo = self.sudo()
        user = ticket_sudo.user_id
        if (
            not user
            or not self._postventa_can_be_assignee(user)
            or user.partner_id == ticket_sudo.partner_id
        ):
            return self.env["res.users"]
        return user

    def _postventa_portal_timeline(self):
        """The stages the case went through, oldest first: [(datetime, stage name)]."""
        self.ensure_one()
        field = self.env["ir.model.fields"]._get(self._name, "stage_id")
        trackings = self.env["mail.tracking.value"].search(
            [
                ("field_id", "=", field.id),
                ("mail_message_id.model", "=", self._name),
                ("mail_message_id.res_id", "=", self.id),
            ],
            order="id",
        )
        # a tracking keeps the stage's name in the language of whoever moved the
        # case: the reader gets the stage's customer-facing name in their own
        # (the stages as superuser: a reader of the case reads its stages' names)
        ticket_sudo = self.sudo()
        Stage = ticket_sudo.env["helpdesk.ticket.stage"]
        steps = [
            (tracking.mail_message_id.date, Stage.browse(tracking.new_value_integer))
            for tracking in trackings
        ]
        first = (
            Stage.browse(trackings[:1].old_value_integer)
            if trackings
            else ticket_sudo.stage_id
        )
        if first:
            steps.insert(0, (self.opening_date or self.create_date, first))
        return [
            (self._postventa_portal_when(when), stage._postventa_customer_name())
            for when, stage in steps
            if stage.exists()
        ]

    def _postventa_portal_promise(self):
        """The SLA in plain words, for the customer."""
        self.ensure_one()
        _ = self.env._
        if self.closed:
            closed_on = self._postventa_portal_when(
                self.closed_date or self.last_stage_update
            )
            if self.stage_id.postventa_kind == "cancelled":
                return _("Your case was cancelled on %(date)s.", date=closed_on)
            return _("Your case was solved on %(date)s.", date=closed_on)
        if self.sla_pause_start:
            return _(
                "We are waiting for your answer: our response times are on hold until "
                "then."
            )
        promises = []
        if not self.first_response_date and self.sla_response_deadline:
            promises.append(
                _(
                    "We will contact you by %(date)s.",
                    date=self._postventa_portal_when(self.sla_response_deadline),
                )
            )
        # an agreed visit after the SLA's deadline is when the case gets solved:
        # never promise a resolution before it
        visit = (
            self.sudo()
            .visit_ids.filtered(lambda v: v.state == "scheduled")
            .sorted("start")[-1:]
        )
        if visit and (
            not self.sla_resolution_deadline
            or visit.stop > self.sla_resolution_deadline
        ):
            promises.append(
                _(
                    "Our technician solves your case at the visit agreed with you on "
                    "%(date)s.",
                    date=self._postventa_portal_when(visit.start),
                )
            )
        elif self.sla_resolution_deadline:
            promises.append(
                _(
                    "We aim to solve your case by %(date)s.",
                    date=self._postventa_portal_when(self.sla_resolution_deadline),
                )
            )
        return " ".join(promises) or _("We are working on your case.")

    def _postventa_portal_next_step(self):
        """The one thing the customer has to do (or wait for) now, from the case's
        real state: {"key": ..., "text": ...}, or None. Each addon adds its states
        by override and comes first when its step is under way (postventa_courier's
        pickup before postventa_rma's return before the DOA document here)."""
        self.ensure_one()
        if self.closed:
            return None
        doa = self.doa_authorization_ids.filtered(
            lambda d: d.state == "issued" and not d.is_expired
        )[:1]
        if doa:
            store = doa.store_id
            return {
                "key": "doa_document",
                "text": self.env._(
                    "Take the unit, with its box and accessories, and DOA "
                    "authorisation %(number)s (download it below) to %(store)s "
                    "before %(date)s: they exchange it for a new one.",
                    number=doa.name,
                    store=store.name
                    and (
                        f"{store.name} ({store._postventa_address_line()})"
                        if store._postventa_address_line()
                        else store.name
                    )
                    or self.env._("the store where you bought it"),
                    date=self.partner_id._postventa_format_date(doa.valid_until),
                ),
            }
        used = self.doa_authorization_ids.filtered(lambda d: d.state == "used")[:1]
        if used:
            return {
                "key": "doa_exchanged",
                "text": self.env._(
                    "%(store)s exchanged your unit on %(date)s under DOA "
                    "authorisation %(number)s: nothing more to do on your side.",
                    store=used.store_id.name or self.env._("The store"),
                    date=self.partner_id._postventa_format_date(used.used_date),
                    number=used.name,
                ),
            }
        return None

    def _postventa_portal_documents(self):
        """Documents the customer may download from the case page:
        [{key, label, name, record, report}] (postventa_rma adds its own)."""
        self.ensure_one()
        return [
            {
                "key": f"doa-{doa.id}",
                "label": self.env._("DOA authorisation"),
                "name": doa.name,
                "record": doa,
                "report": "postventa_helpdesk.action_report_doa_authorization",
            }
            for doa in self.doa_authorization_ids.filtered(
                lambda d: d.state != "cancelled"
            )
        ]

    def _postventa_portal_reopen_until(self):
        """Until when the customer may still reopen this closed case from the
        portal, or None when they may not (open case, team's limit, too late)."""
        self.ensure_one()
        days = self.team_id.portal_reopen_days
        if not self.closed or not days or not self.closed_date:
            return None
        until = self.closed_date + timedelta(days=days)
        return until if until >= fields.Datetime.now() else None

    def _postventa_portal_is_customer(self, partner):
        """Whether ``partner`` (the portal user's) is this case's customer or works
        for it. Stores, drop-off centres and other followers read a case; only its
        customer closes, cancels or reopens it, or sees its survey link. (Portal
        controllers hold the case as superuser: the user is given, not read from
        the environment.)"""
        self.ensure_one()
        return bool(partner) and (
            partner.commercial_partner_id == self.partner_id.commercial_partner_id
        )

    def _postventa_portal_check_customer(self, partner):
        if not self._postventa_portal_is_customer(partner):
            raise AccessError(
                self.env._(
                    "Only the customer of case %(case)s can change it from the portal.",
                    case=self.number,
                )
            )

    def _postventa_portal_can_close(self):
        """Whether the customer may close this case from the portal at all: an open
        case of a team that lets customers close, or of no team (other addons
        refuse it while the unit is on its way or in our hands)."""
        self.ensure_one()
        return not self.closed and (
            not self.team_id or self.team_id.portal_customer_close
        )

    def _postventa_portal_close_stages(self, partner):
        """The stages the customer may close (or cancel) this case to from the
        portal: those of its team marked so, while the case may be closed."""
        self.ensure_one()
        if not self._postventa_portal_is_customer(partner) or (
            not self._postventa_portal_can_close()
        ):
            return self.env["helpdesk.ticket.stage"]
        return self.team_id._get_applicable_stages().filtered("close_from_portal")

    def _postventa_portal_close(self, stage_id, reason, partner):
        """The customer (``partner``) closes or cancels the case, saying why."""
        self.ensure_one()
        _ = self.env._
        self._postventa_portal_check_customer(partner)
        if not self._postventa_portal_can_close():
            raise UserError(
                _(
                    "Case %(case)s cannot be closed from the portal now: while the "
                    "unit is on its way to us or in our hands, write to us on the "
                    "case instead.",
                    case=self.number,
                )
            )
        stage = self._postventa_portal_close_stages(partner).filtered(
            lambda s: s.id == stage_id
        )
        if not stage:
            raise UserError(
                _(
                    "Case %(case)s cannot be closed that way from the portal.",
                    case=self.number,
                )
            )
        reason = (reason or "").strip() or _("no reason given")
        self.stage_id = stage
        self.message_post(
            body=plaintext2html(
                _(
                    "Closed by the customer (%(stage)s): %(reason)s",
                    stage=stage.name,
                    reason=reason,
                )
            ),
            author_id=partner.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        return self

    def _postventa_portal_reopen(self, reason, partner):
        """The customer is not satisfied with the solution (Aserti's procedure:
        "Reabierta")."""
        self.ensure_one()
        _ = self.env._
        self._postventa_portal_check_customer(partner)
        reason = (reason or "").strip()
        until = self._postventa_portal_reopen_until()
        if not self.closed:
            raise UserError(_("Case %(case)s is still open.", case=self.number))
        if not until:
            raise UserError(
                _(
                    "Case %(case)s can no longer be reopened from the portal: please "
                    "open a new case or call us.",
                    case=self.number,
                )
            )
        if not reason:
            raise UserError(_("Tell us why you reopen the case."))
        self.action_reopen()
        self.message_post(
            body=plaintext2html(
                _("Reopened by the customer: %(reason)s", reason=reason)
            ),
            author_id=partner.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        return self

    def _postventa_portal_survey_url(self, partner):
        """The survey invitation's link while it is unanswered, for the customer
        alone (the link opens the answer without a login)."""
        self.ensure_one()
        if not self._postventa_portal_is_customer(partner):
            return ""
        answer = self.survey_user_input_id
        return self._postventa_survey_url() if answer and answer.state != "done" else ""
