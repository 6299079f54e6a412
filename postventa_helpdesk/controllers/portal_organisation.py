from odoo.http import request


def portal_organisation(group_xmlid):
    """The store, drop-off centre... a portal user works for: their commercial
    partner (as in the record rules), when they are in ``group_xmlid``; else None."""
    user = request.env.user
    return user.commercial_partner_id if user.has_group(group_xmlid) else None
