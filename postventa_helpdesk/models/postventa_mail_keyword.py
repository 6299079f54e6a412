import re
import unicodedata

from odoo import api, fields, models, tools

from .postventa_priority_rule import LEVELS

LEVEL_RANK = {level: rank for rank, (level, _label) in enumerate(LEVELS)}


def normalize(text):
    """Case- and accent-insensitive form: 'CRÍTICA' and 'critica' are the same word."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


class PostventaMailKeyword(models.Model):
    """A word in the subject of an incoming mail that raises severity or urgency
    (Aserti's procedure)."""

    _name = "postventa.mail.keyword"
    _inherit = ["postventa.cached.config.mixin"]
    _description = "Subject keyword of incoming mail"
    _order = "sequence, id"

    name = fields.Char(string="Keyword", required=True)
    sequence = fields.Integer(default=10)
    severity = fields.Selection(
        LEVELS, help="Severity it sets (the highest keyword wins)."
    )
    urgency = fields.Selection(
        LEVELS, help="Urgency it sets (the highest keyword wins)."
    )
    active = fields.Boolean(default=True)

    @tools.ormcache()
    def _patterns(self):
        return tuple(
            (
                re.compile(rf"\b{re.escape(normalize(k.name))}\b"),
                k.severity,
                k.urgency,
            )
            for k in self.sudo().search([])
        )

    @api.model
    def _levels_for(self, subject):
        """(severity, urgency) the subject asks for; None where no keyword says."""
        text = normalize(subject)
        severity = urgency = None
        for pattern, k_severity, k_urgency in self._patterns():
            if pattern.search(text):
                if k_severity and LEVEL_RANK[k_severity] > LEVEL_RANK.get(severity, -1):
                    severity = k_severity
                if k_urgency and LEVEL_RANK[k_urgency] > LEVEL_RANK.get(urgency, -1):
                    urgency = k_urgency
        return severity, urgency
