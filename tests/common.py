from odoo import Command
from odoo.tests.common import TransactionCase

# The demo's staff logins and the groups their demo record gives them (their job).
DEMO_JOBS = {
    "postventa_helpdesk.user_front_line": ["postventa_helpdesk.group_front_line"],
    "postventa_helpdesk.user_back_line": [
        "postventa_helpdesk.group_back_line",
        "postventa_rma.group_postventa_lab",
    ],
    "postventa_helpdesk.user_service_manager": [
        "postventa_helpdesk.group_service_manager"
    ],
    "postventa_rma.user_qc": ["postventa_rma.group_postventa_qc"],
    "postventa_rma.user_logistics": ["postventa_rma.group_postventa_logistics"],
}


def demo_users_to_their_jobs(env):
    """Give the demo's staff only their job's groups again. Odoo gives every
    existing employee the groups an app adds to the default user template when the
    app is installed later (``res.users.write`` on ``base.default_user``): the test
    databases install the addons one after the other, `make run` at once."""
    for user_xmlid, groups in DEMO_JOBS.items():
        user = env.ref(user_xmlid, raise_if_not_found=False)
        if not user:
            continue
        base = ["base.group_user", "base.group_multi_company"]
        ids = [
            group.id
            for group in (env.ref(x, raise_if_not_found=False) for x in base + groups)
            if group
        ]
        user.sudo().write({"groups_id": [Command.set(ids)]})


class ScenarioCase(TransactionCase):
    """Base of the cross-addon scenarios. They live outside any addon, so Odoo's
    test metaclass does not tag them: do it here. The demo's staff hold their jobs'
    groups only."""

    test_tags = {"standard", "post_install"}
    test_module = "postventa_scenarios"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        demo_users_to_their_jobs(cls.env)
