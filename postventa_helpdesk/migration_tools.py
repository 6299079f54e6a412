"""Helpers for the postventa addons' migration scripts (Odoo runs each addon's own
``migrations/<version>/`` scripts, so the scripts of several addons share these
instead of repeating them)."""

from odoo.tools import SQL


def reload_noupdate_data(cr, module, *names):
    """Let this upgrade load the records ``module.name`` of a noupdate data file
    again (a template whose text changed): the data file makes them noupdate
    again once loaded. Run it from a pre-migration script."""
    cr.execute(
        SQL(
            "UPDATE ir_model_data SET noupdate = false"
            " WHERE module = %s AND name IN %s",
            module,
            tuple(names),
        )
    )
