"""Links to a case, a unit or an RMA (issue 22, one access model).

A record that points at a case (a courier order, a quotation, a transfer, an RMA,
a lab intake...) makes things happen to that case: a delivered courier order
closes it, a sent quotation moves it to Change management. So whoever creates
such a record, or points an existing one at another case, must be someone who may
change that case themselves. The company of both is checked by the fields'
``check_company``; this checks the user.

A model declares its links by calling :func:`check_link_access` from its
``create`` and ``write``; actions that checked the user first and then create as
superuser pass, as the superuser does.
"""


def check_link_access(model, vals_list, field_names):
    """Refuse (AccessError) when the current user may not write a record that
    ``vals_list`` links to through one of ``field_names`` (Many2one fields of
    ``model``)."""
    env = model.env
    if env.su:
        return
    for field_name in field_names:
        ids = {vals[field_name] for vals in vals_list if vals.get(field_name)}
        if not ids:
            continue
        comodel = model._fields[field_name].comodel_name
        # exists(): a missing id is the ORM's own error on create, not ours
        env[comodel].browse(ids).exists().check_access("write")
