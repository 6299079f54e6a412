from odoo import models

MODULE = "postventa_helpdesk"


class Base(models.AbstractModel):
    _inherit = "base"

    def onchange(self, values, field_names, fields_spec):
        """The fields of a form's answer are read like any read: a field restricted
        to groups is refused to the others (``web_read`` refuses it, Odoo's
        ``onchange`` does not check), in the form and in its lines. The web client
        asks only for the fields of the view, which the view already stripped of
        the fields its user may not access.

        On the models this addon defines or extends (:meth:`_postventa_reads_checked`),
        the ids of the form's many2one values are read like any read too
        (:meth:`_postventa_check_form_reads`)."""
        self._postventa_check_spec_access(fields_spec)
        if self._postventa_reads_checked():
            self._postventa_check_form_reads(values)
        return super().onchange(values, field_names, fields_spec)

    def _postventa_check_spec_access(self, fields_spec):
        if self.env.su or not isinstance(fields_spec, dict):
            return
        self.check_field_access_rights("read", list(fields_spec))
        for name, spec in fields_spec.items():
            field = self._fields.get(name)
            if field and field.relational and isinstance(spec, dict):
                sub = spec.get("fields")
                if sub:
                    self.env[field.comodel_name]._postventa_check_spec_access(sub)

    def _postventa_reads_checked(self):
        """Whether the form of this model checks the ids it is given: the models
        this addon (or an addon building on it, by override) defines or extends
        by name, not those it reaches only through an abstract model it extends
        (``base``, ``mail.thread``)."""
        return any(
            getattr(cls, "_module", None) == MODULE
            and (cls._name or cls._inherit) in (self._name, [self._name])
            for cls in type(self).__mro__
        )

    def _postventa_check_form_reads(self, values):
        """Every many2one id in ``values`` is readable by the user, except the
        value the record already holds (the form of a record shows its links),
        and the record itself; before any related or computed field of the form
        is evaluated with it."""
        if self.env.su or not isinstance(values, dict):
            return
        record = self.browse()
        if values.get("id"):
            record = self.browse(values["id"])
            record.check_access("read")
        for name, value in values.items():
            field = self._fields.get(name)
            if field is None or field.type != "many2one":
                continue
            if isinstance(value, dict):  # {"id": ..., "display_name": ...}
                value = value.get("id")
            if not value or not isinstance(value, int):
                continue
            if record and record.sudo()[name].id == value:
                continue
            self.env[field.comodel_name].browse(value).check_access("read")
