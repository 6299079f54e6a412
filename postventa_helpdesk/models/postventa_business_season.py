from odoo import api, fields, models
from odoo.exceptions import ValidationError

MONTHS = [
    (str(m), name)
    for m, name in enumerate(
        [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
        start=1,
    )
]


class PostventaBusinessSeason(models.Model):
    """A part of the year (repeating every year) with its own working hours."""

    _name = "postventa.business.season"
    _description = "Season of business hours"
    _order = "calendar_id, sequence, id"

    calendar_id = fields.Many2one(
        "postventa.business.calendar", required=True, ondelete="cascade", index=True
    )
    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    resource_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working hours",
        required=True,
        help="Weekly hours of this season; its global time off (public holidays) "
        "is skipped.",
    )
    from_month = fields.Selection(MONTHS, required=True, default="1")
    from_day = fields.Integer(required=True, default=1)
    to_month = fields.Selection(MONTHS, required=True, default="12")
    to_day = fields.Integer(required=True, default=31)

    @api.constrains("from_month", "from_day", "to_month", "to_day")
    def _check_days(self):
        days_in = {
            1: 31,
            2: 29,
            3: 31,
            4: 30,
            5: 31,
            6: 30,
            7: 31,
            8: 31,
            9: 30,
            10: 31,
            11: 30,
            12: 31,
        }
        for season in self:
            for month, day in (
                (season.from_month, season.from_day),
                (season.to_month, season.to_day),
            ):
                if not 1 <= day <= days_in[int(month)]:
                    raise ValidationError(
                        self.env._(
                            "Season %(season)s: day %(day)s does not exist in that "
                            "month.",
                            season=season.name,
                            day=day,
                        )
                    )

    def _contains(self, day):
        """Whether the date ``day`` falls in this season (which may span New Year)."""
        key = (day.month, day.day)
        start = (int(self.from_month), self.from_day)
        end = (int(self.to_month), self.to_day)
        if start <= end:
            return start <= key <= end
        return key >= start or key <= end
