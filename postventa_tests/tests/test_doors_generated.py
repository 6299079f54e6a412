"""The generated doors suite: every postventa model and every upstream model
postventa extends, every field that postventa declares, × each demo role ×
create / write / onchange / read, against the declared policy:

- action-owned fields (``postventa.action.owned.mixin``) are refused to every
  role at create, write and onchange (and as context defaults);
- fields restricted to groups are unreadable and unwritable by the others
  (read, write and the onchange's result);
- a model a role has no access to (``ir.model.access``) refuses that role's
  read, write, create and unlink;
- a form (onchange) of a model that declares its action-owned fields refuses a
  many2one id its user may not read (another company's unit, case, RMA...).

Nothing here lists a finding: the walk finds what to probe in the registry (see
doors.py). Each probe runs in a savepoint; the counts and the time are printed."""

import logging
import time

from odoo.exceptions import AccessError, UserError

from odoo.addons.postventa_helpdesk.tests.common import company_user

from .common import ScenarioCase
from .doors import (
    DEMO_ROLES,
    owned_fields,
    postventa_models,
    sample_value,
)

_logger = logging.getLogger(__name__)

REFUSED = (AccessError,)
# a model's own checks may refuse before its access rights do (a draft-only
# unlink, say): a clean refusal all the same
ACL_REFUSED = (AccessError, UserError)


def _unlinked(record):
    """Unlink ``record``; a call that deleted nothing (a model whose unlink works
    on what its user sees) is refused all the same."""
    record.unlink()
    if record.sudo().exists():
        raise AccessError(f"{record} not deleted")


class TestGeneratedDoors(ScenarioCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(
            context=dict(
                cls.env.context,
                tracking_disable=True,
                mail_notrack=True,
                mail_create_nolog=True,
            )
        )
        Users = cls.env["res.users"].with_context(active_test=False)
        cls.roles = {}
        for role, login in DEMO_ROLES:
            user = Users.search([("login", "=", login)])
            if user:
                cls.roles[role] = user
        # the demo has no helpdesk manager but the administrator: one like the
        # Front Line agent, with the manager's group
        agent = cls.roles["fl_agent"]
        cls.roles["manager"] = company_user(
            cls.env,
            "doors_generated_manager",
            "base.group_user,helpdesk_mgmt.group_helpdesk_manager",
            agent.company_id,
            agent.company_ids,
        )
        cls.models = postventa_models(cls.env)
        cls.samples = {
            name: cls.env[name]
            .sudo()
            .with_context(active_test=False)
            .search([], limit=1, order="id desc")
            for name in cls.models
        }

    # ------------------------------------------------------------------------
    # The probe runner
    # ------------------------------------------------------------------------
    def setUp(self):
        super().setUp()
        self.probes = 0
        self.failures = []
        self.notes = []

    def _probe(self, label, call, *args, accept=REFUSED, crash_ok=False):
        """Run ``call(*args)`` in a savepoint; record a failure unless it is
        refused. ``crash_ok``: another exception (a create without its required
        values) is noted, not failed: nothing was written."""
        self.probes += 1
        error = None
        try:
            with self.env.cr.savepoint():
                call(*args)
        except accept as exc:
            error = exc
        except Exception as exc:  # noqa: BLE001 - any other answer is a finding
            (self.notes if crash_ok else self.failures).append(
                f"{label}: {type(exc).__name__}: {str(exc)[:200]}"
            )
            return
        finally:
            self.env.invalidate_all()
        if error is None:
            self.failures.append(f"{label}: allowed")

    def _report(self, what, started, **counts):
        elapsed = time.time() - started
        summary = ", ".join(f"{key} {value}" for key, value in counts.items())
        message = (
            f"generated doors, {what}: {summary}, roles {len(self.roles)}, "
            f"probes {self.probes}, {elapsed:.1f} s"
        )
        if self.notes:
            message += f" ({len(self.notes)} crashed before any check, nothing written)"
            _logger.info("\n".join(self.notes))
        _logger.info(message)
        print(message)  # noqa: T201  # pylint: disable=print-used
        self.assertFalse(
            self.failures,
            f"{len(self.failures)} of {self.probes} probes broke the policy:\n"
            + "\n".join(self.failures[:60]),
        )

    # ------------------------------------------------------------------------
    # Action-owned fields: refused to every role at every door
    # ------------------------------------------------------------------------
    def test_action_owned_fields_refused_at_every_door(self):
        started = time.time()
        n_models = n_fields = 0
        for name in self.models:
            owned = owned_fields(self.env[name])
            if not owned:
                continue
            n_models += 1
            n_fields += len(owned)
            record = self.samples[name]
            for fname in owned:
                field = self.env[name]._fields[fname]
                value = sample_value(record, field)
                for role, user in self.roles.items():
                    Model = self.env[name].with_user(user)
                    label = f"{role} {name}.{fname}"
                    self._probe(f"{label} create", Model.create, {fname: value})
                    self._probe(
                        f"{label} create default_",
                        Model.with_context(**{f"default_{fname}": value}).create,
                        {},
                    )
                    self._probe(
                        f"{label} onchange",
                        Model.onchange,
                        {fname: value},
                        [fname],
                        {fname: {}},
                    )
                    if record:
                        self._probe(
                            f"{label} write",
                            record.with_user(user).write,
                            {fname: value},
                        )
        self.assertGreater(n_models, 5, "the walk found no action-owned fields")
        self._report("action-owned", started, models=n_models, fields=n_fields)

    # ------------------------------------------------------------------------
    # Fields restricted to groups: nobody else reads or writes them
    # ------------------------------------------------------------------------
    def test_group_fields_closed_to_the_others(self):
        started = time.time()
        n_models, n_fields = set(), 0
        for name, fnames in self.models.items():
            record = self.samples[name]
            Model = self.env[name]
            for fname in fnames:
                field = Model._fields[fname]
                if not field.groups:
                    continue
                n_fields += 1
                n_models.add(name)
                value = sample_value(record, field)
                for role, user in self.roles.items():
                    if field.is_accessible(Model.with_user(user).env):
                        continue
                    as_user = Model.with_user(user)
                    label = f"{role} {name}.{fname}"
                    self._probe(
                        f"{label} onchange-read", as_user.onchange, {}, [], {fname: {}}
                    )
                    if not record:
                        continue
                    rec = record.with_user(user)
                    self._probe(f"{label} read", rec.read, [fname])
                    self._probe(f"{label} write", rec.write, {fname: value})
        self._report("group fields", started, models=len(n_models), fields=n_fields)

    # ------------------------------------------------------------------------
    # Models a role has no access to
    # ------------------------------------------------------------------------
    def test_models_without_access_refuse_the_role(self):
        started = time.time()
        n_fields = 0
        for name, fnames in self.models.items():
            n_fields += len(fnames)
            record = self.samples[name]
            Model = self.env[name]
            # a write that would change nothing, on a plain field of the model
            plain = next(
                (
                    fname
                    for fname in ("name", *fnames)
                    if fname in Model._fields
                    and Model._fields[fname].store
                    and not Model._fields[fname].compute
                    and Model._fields[fname].type in ("char", "text", "boolean")
                    and not Model._fields[fname].groups
                ),
                None,
            )
            for role, user in self.roles.items():
                as_user = Model.with_user(user)
                rec = record.with_user(user)
                label = f"{role} {name}"
                if not as_user.has_access("read"):
                    self._probe(
                        f"{label} search", as_user.search, [], accept=ACL_REFUSED
                    )
                    if record:
                        self._probe(
                            f"{label} read", rec.read, fnames, accept=ACL_REFUSED
                        )
                if record and plain and not as_user.has_access("write"):
                    self._probe(
                        f"{label} write {plain}",
                        rec.write,
                        {plain: record[plain]},
                        accept=ACL_REFUSED,
                    )
                if record and not as_user.has_access("unlink"):
                    self._probe(f"{label} unlink", _unlinked, rec, accept=ACL_REFUSED)
                if not as_user.has_access("create"):
                    self._probe(
                        f"{label} create",
                        as_user.create,
                        {},
                        accept=ACL_REFUSED,
                        crash_ok=True,
                    )
        self._report("model access", started, models=len(self.models), fields=n_fields)

    # ------------------------------------------------------------------------
    # Reads that respect the reader: a form given an id its user may not read
    # ------------------------------------------------------------------------
    def test_onchange_refuses_ids_the_user_may_not_read(self):
        started = time.time()
        n_models, n_fields = set(), 0
        hidden = {}  # (comodel, role): a record the role may not read

        def unreadable(comodel, user):
            key = (comodel, user.id)
            if key not in hidden:
                candidates = (
                    self.env[comodel]
                    .sudo()
                    .with_context(active_test=False)
                    .search([], order="id desc", limit=200)
                )
                visible = candidates.with_user(user)._filtered_access("read")
                hidden[key] = (candidates - visible.sudo())[:1]
            return hidden[key]

        for name in self.models:
            Model = self.env[name]
            if not owned_fields(Model) and "_postventa_check_onchange_reads" not in dir(
                Model
            ):
                continue
            for fname, field in Model._fields.items():
                if (
                    field.type != "many2one"
                    or field.comodel_name not in self.models
                    or "company_id" not in self.env[field.comodel_name]._fields
                ):
                    continue
                n_models.add(name)
                n_fields += 1
                for role, user in self.roles.items():
                    other = unreadable(field.comodel_name, user)
                    if not other:
                        continue
                    self._probe(
                        f"{role} onchange {name}.{fname}={other}",
                        Model.with_user(user).onchange,
                        {fname: other.id},
                        [fname],
                        {fname: {}},
                    )
        self._report("onchange reads", started, models=len(n_models), fields=n_fields)
