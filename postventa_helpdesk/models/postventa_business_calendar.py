from bisect import bisect_left, bisect_right
from datetime import datetime, time, timedelta

import pytz

from odoo import fields, models
from odoo.exceptions import UserError


class BusinessTimeline:
    """Business intervals (naive UTC) with cumulative hours, for O(log n) planning."""

    def __init__(self, intervals, start, end):
        self.start, self.end = start, end
        self.starts = [s for s, _e in intervals]
        self.ends = [e for _s, e in intervals]
        self.cum = []  # business hours before each interval
        self.cum_end = []  # business hours at the end of each interval
        total = 0.0
        for s, e in intervals:
            self.cum.append(total)
            total += (e - s).total_seconds() / 3600
            self.cum_end.append(total)
        self.total = total

    def position(self, moment):
        """Business hours from the timeline's start up to ``moment``."""
        i = bisect_right(self.starts, moment) - 1
        if i < 0:
            return 0.0
        return (
            self.cum[i]
            + (min(moment, self.ends[i]) - self.starts[i]).total_seconds() / 3600
        )

    def hours_between(self, begin, end):
        return max(self.position(end) - self.position(begin), 0.0)

    def plan(self, start, hours):
        """The moment ``hours`` business hours after ``start``, or None past the end."""
        target = self.position(start) + hours
        if target > self.total + 1e-9 or not self.starts:
            return None
        # first interval whose end position reaches the target
        j = bisect_left(self.cum_end, target - 1e-9)
        return self.starts[j] + timedelta(hours=target - self.cum[j])


class PostventaBusinessCalendar(models.Model):
    """Business hours that change with the season and repeat every year (Aserti's
    procedure: regular and summer hours), which resource.calendar alone cannot
    express."""

    _name = "postventa.business.calendar"
    _description = "Seasonal business hours"

    name = fields.Char(required=True, translate=True)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)
    season_ids = fields.One2many(
        "postventa.business.season", "calendar_id", string="Seasons"
    )
    tz = fields.Selection(
        related="season_ids.resource_calendar_id.tz", string="Time zone", readonly=True
    )
    active = fields.Boolean(default=True)

    def _tz(self):
        return pytz.timezone(self.season_ids[:1].resource_calendar_id.tz or "UTC")

    def _season_for(self, day):
        return self.season_ids.filtered(lambda s: s._contains(day))[:1]

    def _work_intervals(self, start, end):
        """Business intervals between naive-UTC ``start`` and ``end``, season by season,
        public holidays (global time off) excluded; as sorted naive-UTC pairs."""
        self.ensure_one()
        if not self.season_ids:
            raise UserError(
                self.env._("Business hours %(name)s have no season.", name=self.name)
            )
        tz = self._tz()
        local_day = pytz.utc.localize(start).astimezone(tz).date()
        last_day = pytz.utc.localize(end).astimezone(tz).date()
        intervals = []
        # group consecutive days of one season into one call
        while local_day <= last_day:
            season = self._season_for(local_day)
            run_end = local_day
            while (
                run_end < last_day
                and self._season_for(run_end + timedelta(days=1)) == season
            ):
                run_end += timedelta(days=1)
            if season:
                begin = tz.localize(datetime.combine(local_day, time.min))
                stop = tz.localize(
                    datetime.combine(run_end + timedelta(days=1), time.min)
                )
                found = season.resource_calendar_id._work_intervals_batch(begin, stop)[
                    False
                ]
                for s, e, _rec in found:
                    s = s.astimezone(pytz.utc).replace(tzinfo=None)
                    e = e.astimezone(pytz.utc).replace(tzinfo=None)
                    s, e = max(s, start), min(e, end)
                    if s < e:
                        intervals.append((s, e))
            local_day = run_end + timedelta(days=1)
        intervals.sort()
        return intervals

    def _timeline(self, start, end):
        self.ensure_one()
        return BusinessTimeline(self._work_intervals(start, end), start, end)

    def _plan_hours(self, start, hours, timeline=None):
        """Deadline ``hours`` business hours after naive-UTC ``start``."""
        self.ensure_one()
        if timeline and timeline.start <= start:
            deadline = timeline.plan(start, hours)
            if deadline:
                return deadline
        horizon = timedelta(days=max(14, int(hours) * 2))
        for _attempt in range(6):
            deadline = self._timeline(start, start + horizon).plan(start, hours)
            if deadline:
                return deadline
            horizon *= 4
        raise UserError(
            self.env._(
                "Business hours %(name)s have no working time to plan %(hours)s hours.",
                name=self.name,
                hours=hours,
            )
        )

    def _is_open(self, moment):
        """Whether naive-UTC ``moment`` falls within business hours."""
        self.ensure_one()
        margin = timedelta(minutes=1)
        return self._business_hours(moment - margin, moment + margin) > 0

    def _business_hours(self, start, end):
        self.ensure_one()
        if not start or not end or end <= start:
            return 0.0
        return self._timeline(start, end).hours_between(start, end)
