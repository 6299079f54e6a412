from odoo import fields, models

SURVEY_CHANNELS = [("mail", "By mail"), ("phone", "By phone")]


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    postventa_ticket_id = fields.Many2one(
        "helpdesk.ticket",
        string="Helpdesk case",
        index="btree_not_null",
        ondelete="set null",
    )
    postventa_channel = fields.Selection(
        SURVEY_CHANNELS,
        string="Survey taken",
        readonly=True,
        copy=False,
        help="By mail: the customer answers the invitation. By phone: an agent of "
        "the contact centre answers with the customer during a call.",
    )
    postventa_phone_agent_id = fields.Many2one(
        "res.users",
        string="Taken by phone by",
        readonly=True,
        copy=False,
    )

    def _postventa_answered_by_its_customer(self, user):
        """Whether ``user`` answers this case's survey for its customer: the
        customer's own login, or a contact of the customer's company, on an answer
        to a case invitation by mail."""
        self.ensure_one()
        partner = self.partner_id
        return bool(
            self.postventa_ticket_id
            and self.postventa_channel != "phone"
            and partner
            and user.partner_id.commercial_partner_id == partner.commercial_partner_id
        )

    def _postventa_taken_by_phone_by(self, user):
        """Whether ``user`` is the agent taking this answer by phone (the survey
        form then opens for them although the answer is the customer's)."""
        self.ensure_one()
        return (
            self.postventa_channel == "phone"
            and self.postventa_phone_agent_id == user
            and user._is_internal()
        )
