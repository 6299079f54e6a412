"""Fields only an action sets, declared once per model, refused at every other door.

A model joins by inheriting ``postventa.action.owned.mixin`` and declaring
:meth:`_postventa_action_owned_fields`. ``create``, ``write`` and ``onchange``
(and context defaults ``default_<field>``) then refuse those fields from any
caller except the owning action, which writes through
:meth:`_postventa_action_write` / :meth:`_postventa_action_create` or inside
:meth:`_postventa_action_scope`.

Why not a context key or ``sudo()``: a JSON-RPC client sets any context key and
reaches ``sudo()``'d code paths with values of its own (a portal form, a
controller); the bypass is a private method (a name starting with ``_`` is never
callable over RPC) that marks the running action in a context variable of this
thread, which no request can set. It also passes while the registry loads
(installation, update, demo data: no request is served then), and for values a
computed field writes itself (the ORM protects the field while it computes).
``self.env.su`` is *not* a bypass: a superuser write of an action-owned field
goes through the action's method like any other.

Reads that respect the reader: :meth:`onchange` refuses the ids of many2one
values the user may not read (another company's unit, say), so that related and
computed fields of the form never show that record's data.
"""

import contextvars
from contextlib import contextmanager

from odoo import api, models
from odoo.exceptions import AccessError

# (model name, field name) pairs the running action may set, in this thread
_ACTION_SCOPE = contextvars.ContextVar("postventa_action_scope", default=frozenset())


class PostventaActionOwnedMixin(models.AbstractModel):
    _name = "postventa.action.owned.mixin"
    _description = "Fields only the model's actions set"

    # ------------------------------------------------------------------------
    # The declaration
    # ------------------------------------------------------------------------
    def _postventa_action_owned_fields(self):
        """{field name: the action that sets it, as the user knows it}. Each
        concern of a model adds its own (``super() | {...}``). A stored computed
        field postventa declares without an inverse (an SLA deadline, a measured
        time) is set by its computation alone: it is declared here for every
        model (the ORM stores a computed value without ``write``)."""
        computation = self.env._("its computation, from the record's data")
        return dict.fromkeys(self._postventa_computed_only_fields(), computation)

    def _postventa_computed_only_fields(self):
        """The stored, read-only computed fields without an inverse that a
        postventa addon declares on this model (related fields excepted: their
        value is the linked record's)."""
        return [
            name
            for name, field in self._fields.items()
            if field.store
            and field.compute
            and field.readonly
            and not field.inverse
            and not field.related
            and any(
                module.startswith("postventa_")
                for module in {field._module, *(getattr(field, "_modules", None) or ())}
                if module
            )
        ]

    def _postventa_action_owned_touched(self, vals):
        """The action-owned fields ``vals`` would set on these records:
        {field name: action label}. A model overrides it for a field owned only
        for some values or records (a repair's state ``done`` while quality
        control is pending)."""
        owned = self._postventa_action_owned_fields()
        return {name: owned[name] for name in vals if name in owned}

    # ------------------------------------------------------------------------
    # The only ways in
    # ------------------------------------------------------------------------
    @contextmanager
    def _postventa_action_scope(self, names):
        """While the block runs, fields ``names`` of this model may be set (by the
        action that opened the block, after it checked who may)."""
        token = _ACTION_SCOPE.set(
            _ACTION_SCOPE.get() | {(self._name, name) for name in names}
        )
        try:
            yield
        finally:
            _ACTION_SCOPE.reset(token)

    def _postventa_action_write(self, vals):
        """The owning action's write (it has checked who may)."""
        with self._postventa_action_scope(vals):
            return self.write(vals)

    @api.model
    def _postventa_action_create(self, vals_list):
        """The owning action's create (it has checked who may)."""
        if isinstance(vals_list, dict):
            vals_list = [vals_list]
        names = {name for vals in vals_list for name in vals}
        with self._postventa_action_scope(names):
            return self.create(vals_list)

    def _postventa_action_owned_bypassed(self):
        # the registry loads (install, update, demo data): no request is served
        return not self.pool.ready

    def _postventa_check_action_owned(self, vals_list, defaults=False):
        """Refuse the action-owned fields of ``vals_list`` (and, for a create or a
        new record, of the context's ``default_<field>``) outside their action."""
        if self._postventa_action_owned_bypassed():
            return
        allowed = _ACTION_SCOPE.get()
        touched = {}
        for vals in vals_list:
            touched.update(self._postventa_action_owned_touched(vals))
        if defaults:
            owned = self._postventa_action_owned_fields()
            touched.update(
                {
                    key[8:]: owned[key[8:]]
                    for key in self.env.context
                    if isinstance(key, str)
                    and key.startswith("default_")
                    and key[8:] in owned
                }
            )
        touched = {
            name: label
            for name, label in touched.items()
            if (self._name, name) not in allowed
        }
        if touched:
            raise AccessError(
                self.env._(
                    "%(fields)s (%(model)s) change only through its actions: "
                    "%(actions)s.",
                    fields=", ".join(
                        sorted(
                            self._fields[name].get_description(self.env)["string"]
                            for name in touched
                        )
                    ),
                    model=self.env["ir.model"]._get(self._name).name,
                    actions=", ".join(sorted(set(map(str, touched.values())))),
                )
            )

    # ------------------------------------------------------------------------
    # The doors
    # ------------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        """Refuses the action-owned fields outside their action; no other
        effect."""
        self._postventa_check_action_owned(vals_list, defaults=True)
        return super().create(vals_list)

    def write(self, vals):
        """Refuses the action-owned fields outside their action; no other
        effect."""
        self._postventa_check_action_owned([vals])
        return super().write(vals)

    def onchange(self, values, field_names, fields_spec):
        """Refuses a change of an action-owned field (the ids of records the user
        may not read are refused by ``base``'s onchange, as on every model this
        addon defines or extends)."""
        if not self._postventa_action_owned_bypassed():
            if field_names:
                self._postventa_check_action_owned([dict.fromkeys(field_names)])
            else:  # a new record: what the client sends, and the defaults
                self._postventa_check_action_owned(
                    [{name: value for name, value in values.items() if value}],
                    defaults=True,
                )
        return super().onchange(values, field_names, fields_spec)

    def _postventa_reads_checked(self):
        return True

    def _postventa_check_onchange_reads(self, values):
        """The mixin's name for :meth:`_postventa_check_form_reads` (the generated
        doors suite probes the forms of the models that have it)."""
        return self._postventa_check_form_reads(values)
