from odoo import api, fields, models, tools


class HelpdeskTicket(models.Model):
    """Cases by mail and their acknowledgement: subject keywords, on-call alert."""

    _inherit = "helpdesk.ticket"

    @api.model
    def message_new(self, msg, custom_values=None):
        """Subject keywords (URGENTE, GRAVE, CRÍTICA...) set severity and urgency;
        urgent mail out of business hours alerts the team's on-call user."""
        custom_values = dict(custom_values or {})
        if not custom_values.get("team_id"):
            custom_values = self._postventa_general_address_values(msg, custom_values)
        severity, urgency = self.env["postventa.mail.keyword"]._levels_for(
            msg.get("subject")
        )
        if severity:
            custom_values.setdefault("severity", severity)
        if urgency:
            custom_values.setdefault("urgency", urgency)
        ticket = super().message_new(msg, custom_values=custom_values)
        if severity or urgency:
            ticket._postventa_alert_on_call()
        return ticket

    @api.model
    def _postventa_general_address_values(self, msg, custom_values):
        """A mail to a company's general address (no team's alias) is a case of
        the E-mail channel of the company it was sent to: the company's routes
        for that channel choose the team (HP: e-mail cases go to Back Line) and
        the person (a member of the team); never the gateway's own user."""
        channel = self.env.ref(
            "helpdesk_mgmt.helpdesk_ticket_channel_email", raise_if_not_found=False
        )
        if channel:
            custom_values.setdefault("channel_id", channel.id)
        if not custom_values.get("company_id"):
            addresses = tools.email_normalize_all(
                ",".join(filter(None, (msg.get("to"), msg.get("cc"))))
            )
            company = (
                self.env["res.company"]
                .sudo()
                .search([("partner_id.email_normalized", "in", addresses)], limit=1)
                if addresses
                else self.env["res.company"]
            )
            if company:
                custom_values["company_id"] = company.id
        return custom_values

    def _postventa_alert_on_call(self):
        now = fields.Datetime.now()
        for ticket in self:
            team = ticket.team_id
            if not team.on_call_user_id or not team.business_calendar_id:
                continue
            if team.business_calendar_id._is_open(now):
                continue
            ticket.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=team.on_call_user_id.id,
                summary=self.env._(
                    "Urgent case out of hours: %(case)s", case=ticket.number
                ),
                note=ticket.name,
            )

    @api.model
    def default_get(self, fields_list):
        """helpdesk_mgmt's auto-assignment gives the case to whoever creates it:
        not to OdooBot (a mail, a cron, the demo) nor to a portal user (the
        customer, a store): the case waits for a person of the team instead."""
        defaults = super().default_get(fields_list)
        if defaults.get("user_id"):
            user = self.env["res.users"].browse(defaults["user_id"])
            if not self._postventa_can_be_assignee(user):
                defaults["user_id"] = False
        return defaults

    @api.model
    def _postventa_can_be_assignee(self, user):
        """Whether ``user`` may be named in charge of a case: a person of the
        company (an internal user), never OdooBot nor a portal user."""
        return bool(user) and not user._is_superuser() and user._is_internal()

    @api.model_create_multi
    def create(self, vals_list):
        """Side effect: acknowledges the new cases whose team asks for it (or a
        store's walk-in case, ``postventa_acknowledge``) with a mail carrying the
        case number, authored by the company."""
        tickets = super().create(vals_list)
        # e.g. a store's walk-in case
        forced = self.env.context.get("postventa_acknowledge")
        to_acknowledge = tickets.filtered(
            lambda t: (forced or t.team_id.acknowledge_new_cases) and t.partner_id.email
        )
        if to_acknowledge:
            template = self.env.ref(
                "postventa_helpdesk.mail_template_case_acknowledgement"
            )
            for ticket in to_acknowledge:
                ticket.message_post_with_source(
                    template,
                    message_type="comment",
                    subtype_xmlid="mail.mt_comment",
                    partner_ids=ticket.partner_id.ids,
                    # queued: the mail queue's cron sends it, not the agent's
                    # request
                    force_send=False,
                    **ticket._postventa_company_author(),
                )
        return tickets

    def _track_template(self, tracking):
        """The stage's mail to the customer is the company's, whoever moved the
        case (an agent, or the customer cancelling it from the portal)."""
        res = super()._track_template(tracking)
        if "stage_id" in res:
            template, values = res["stage_id"]
            author = self[0]._postventa_company_author()
            res["stage_id"] = (template, dict(values, **author))
        return res

    def _get_model_description(self, model_name):
        """A case, in the mails' "View …" button and heading: helpdesk_mgmt's
        model name reads "Ticket Helpdesk" in Spanish."""
        if model_name == self._name:
            return self.env._("case")
        return super()._get_model_description(model_name)
