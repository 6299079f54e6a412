"""The demo's people hold their job's group (group_front_line, group_back_line,
group_service_manager) instead of helpdesk_mgmt's user group: a database with
the demo loaded before 18.0.1.6.0 gets the same (the demo is noupdate). Real users
keep their groups: which job each does is the administrator's decision."""

from odoo import SUPERUSER_ID, api

DEMO_JOBS = {
    "postventa_helpdesk.user_front_line": "postventa_helpdesk.group_front_line",
    "postventa_helpdesk.user_back_line": "postventa_helpdesk.group_back_line",
}


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    helpdesk_user = env.ref("helpdesk_mgmt.group_helpdesk_user")
    for user_xmlid, group_xmlid in DEMO_JOBS.items():
        user = env.ref(user_xmlid, raise_if_not_found=False)
        if user:
            user.groups_id = [(3, helpdesk_user.id), (4, env.ref(group_xmlid).id)]
