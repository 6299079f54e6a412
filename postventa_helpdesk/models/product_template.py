import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError


def check_serial_regex(env, regex):
    if not regex:
        return
    try:
        re.compile(regex)
    except re.error as err:
        raise ValidationError(
            env._(
                "The serial pattern %(regex)s is not a valid regular expression: "
                "%(err)s",
                regex=regex,
                err=err,
            )
        ) from err


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
