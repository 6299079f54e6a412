from odoo import models


class Base(models.AbstractModel):
    _inherit = "base"

    def onchange(self, values, field_names, fields_spec):
        """The fields of a form's answer are read like any read: a field restricted
        to groups is refused to the others (``web_read`` refuses it, Odoo's
        ``onchange`` does not check), in the form and in its lines. The web client
        asks only for the fields of the view, which the view already stripped of
        the fields its user may not access."""
        self._postventa_check_spec_access(fields_spec)
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
