"""The registry walk behind the generated doors suite (test_doors_generated).

It finds what postventa declares, model by model and field by field, so that a
model or a field added tomorrow is probed tomorrow without anyone writing a row:

- the models of every postventa addon installed (but postventa_tests, which has
  none) and every upstream model they add fields to;
- the action-owned fields (``postventa.action.owned.mixin``);
- the fields restricted to groups (``groups=``);
- each role's model access (``ir.model.access``);
- the many2one fields of a form (``onchange``) that point to company-bound records.
"""

# installed postventa addons that declare nothing to probe: postventa_tests only
# carries these tests (no models, fields, groups or access rules)
NOT_WALKED = {"postventa_tests"}


def postventa_addons(env):
    """The postventa addons installed in this database (a new addon is walked the
    day it is installed), but the test-only ones."""
    return (
        set(
            env["ir.module.module"]
            .sudo()
            .search([("name", "=like", "postventa\\_%"), ("state", "=", "installed")])
            .mapped("name")
        )
        - NOT_WALKED
    )


# the demo's people, by login, as their job: (role, login)
DEMO_ROLES = (
    ("fl_agent", "fl_agent"),  # Front Line agent
    ("bl_tech", "bl_tech"),  # Back Line technician, lab
    ("qc_tech", "qc_tech"),  # lab and quality control
    ("logistics", "logistics"),
    ("portal_customer", "ana"),
    ("store_clerk", "store_centro"),
    ("drop_off_clerk", "doc_cde"),
    ("portal_other_company", "jorge"),
    ("service_manager", "manager"),
)


def field_modules(field):
    """The modules that define or extend ``field``."""
    return set(getattr(field, "_modules", None) or ()) | {field._module}


def postventa_models(env):
    """{model name: [postventa field names]}: the addons' own models (all their
    fields) and the upstream models they extend (the fields they add)."""
    addons = postventa_addons(env)
    found = {}
    for name in sorted(env.registry):
        model = env[name]
        if model._abstract or model._transient or not model._auto:
            continue
        own = model._original_module in addons
        names = [
            fname
            for fname, field in model._fields.items()
            if own or field_modules(field) & addons
        ]
        if names:
            found[name] = names
    return found


def owned_fields(model):
    """{field: action} the model declares as set only by its actions."""
    if "_postventa_action_owned_fields" not in dir(model):
        return {}
    return model.sudo()._postventa_action_owned_fields()


def sample_value(record, field):
    """A value ``field`` may be written with: the record's own (in write format)."""
    if field.type in ("one2many", "many2many"):
        return []
    if not record:
        return False
    return field.convert_to_write(record[field.name], record)
