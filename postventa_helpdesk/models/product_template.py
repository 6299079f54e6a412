import functools
import logging
import re

try:
    from re import _parser as sre_parse
except ImportError:  # Python < 3.11
    import sre_parse  # pylint: disable=deprecated-module

from odoo import api, fields, models
from odoo.exceptions import ValidationError

_logger = logging.getLogger(__name__)

# Serials are short: a longer one is refused before any pattern runs on it, and a
# pattern is short too (the portal matches it while the customer types).
MAX_SERIAL_LENGTH = 64
MAX_SERIAL_PATTERN_LENGTH = 200
# variable-width repeats one after the other cost n**k steps on a serial of n
# characters: a few are fine at MAX_SERIAL_LENGTH
MAX_VARIABLE_REPEATS = 3
_REPEATS = (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT)
if hasattr(sre_parse, "POSSESSIVE_REPEAT"):
    _REPEATS += (sre_parse.POSSESSIVE_REPEAT,)


def _serial_regex_risk(parsed, inside_repeat=False):
    """(reason, variable-width repeats) of a parsed pattern: reason is why the
    pattern may backtrack catastrophically (Python's engine backtracks), or None."""
    variable = 0
    for op, arg in parsed:
        if op in _REPEATS:
            low, high, body = arg
            many = high is sre_parse.MAXREPEAT or high > 1
            if many and inside_repeat:
                return "nested", variable
            if low != high:
                variable += 1
            reason, inner = _serial_regex_risk(body, inside_repeat or many)
            variable += inner
            if reason:
                return reason, variable
        elif op is sre_parse.BRANCH:
            if inside_repeat:
                return "nested", variable
            for branch in arg[1]:
                reason, inner = _serial_regex_risk(branch, inside_repeat)
                variable += inner
                if reason:
                    return reason, variable
        elif op is sre_parse.SUBPATTERN:
            reason, inner = _serial_regex_risk(arg[-1], inside_repeat)
            variable += inner
            if reason:
                return reason, variable
        elif op in (sre_parse.GROUPREF, sre_parse.GROUPREF_EXISTS):
            return "backreference", variable
        elif op in (sre_parse.ASSERT, sre_parse.ASSERT_NOT):
            reason, inner = _serial_regex_risk(arg[1], inside_repeat)
            variable += inner
            if reason:
                return reason, variable
    return None, variable


@functools.lru_cache(maxsize=256)
def serial_regex_is_safe(regex):
    """Whether a stored pattern may run on a serial (one saved before the check
    on save existed may not)."""
    try:
        reason, variable = _serial_regex_risk(sre_parse.parse(regex))
    except (re.error, RecursionError, OverflowError):
        return False
    return not reason and variable <= MAX_VARIABLE_REPEATS


def check_serial_regex(env, regex):
    """Refuse a serial pattern that is not a regular expression, or one that
    could take seconds on a short serial (Python's engine backtracks): nested
    quantifiers such as ``([A-Z0-9]+)+Z``, alternatives inside a repeat,
    backreferences, or more than a few variable-width repeats."""
    if not regex:
        return
    if len(regex) > MAX_SERIAL_PATTERN_LENGTH:
        raise ValidationError(
            env._(
                "The serial pattern may be up to %(max)s characters long.",
                max=MAX_SERIAL_PATTERN_LENGTH,
            )
        )
    try:
        parsed = sre_parse.parse(regex)
        re.compile(regex)
    except (re.error, RecursionError, OverflowError) as err:
        raise ValidationError(
            env._(
                "The serial pattern %(regex)s is not a valid regular expression: "
                "%(err)s",
                regex=regex,
                err=err,
            )
        ) from err
    reason, variable = _serial_regex_risk(parsed)
    if reason or variable > MAX_VARIABLE_REPEATS:
        raise ValidationError(
            env._(
                "The serial pattern %(regex)s could make the serial check very slow: "
                "do not repeat a group that holds a repeat or alternatives (as in "
                "(A+)+ or (A|B)+), do not refer back to a group, and use at most "
                "%(max)s repeats of variable length. Fixed counts such as "
                "[A-Z]{2}\\d{8} are fine.",
                regex=regex,
                max=MAX_VARIABLE_REPEATS,
            )
        )


class ProductTemplate(models.Model):
    _inherit = "product.template"

    postventa_serial_regex = fields.Char(
        string="Serial pattern",
        help="Regular expression every serial/service number of this product "
        "must match in full. Empty: the category's pattern applies.",
    )
    postventa_serial_example = fields.Char(
        string="Serial example",
        translate=True,
        help="The expected form in words, shown when a serial is refused, "
        "e.g. 'T or C followed by 6 digits (T123456)'.",
    )

    @api.constrains("postventa_serial_regex")
    def _check_postventa_serial_regex(self):
        for template in self:
            check_serial_regex(template.env, template.postventa_serial_regex)

    def _postventa_serial_rule(self):
        """(regex, example) for this product: its own, else its category's."""
        self.ensure_one()
        if self.postventa_serial_regex:
            return self.postventa_serial_regex, self.postventa_serial_example
        return self.categ_id._postventa_serial_rule()

    def _postventa_check_serial(self, serial):
        """Raise a ValidationError naming the expected form when ``serial`` is
        malformed."""
        self.ensure_one()
        regex, example = self._postventa_serial_rule()
        if len(serial or "") > MAX_SERIAL_LENGTH:
            raise ValidationError(
                self.env._(
                    "A serial number is at most %(max)s characters long.",
                    max=MAX_SERIAL_LENGTH,
                )
            )
        if regex and not serial_regex_is_safe(regex):
            _logger.warning(
                "Serial pattern %r of %s is not checked: it may backtrack "
                "catastrophically; save a safer one.",
                regex,
                self.display_name,
            )
            return
        if regex and not re.fullmatch(regex, serial or ""):
            raise ValidationError(
                self.env._(
                    "The serial number %(serial)s is not valid for %(product)s. "
                    "Expected form: %(example)s.",
                    serial=serial,
                    product=self.display_name,
                    example=example or regex,
                )
            )
