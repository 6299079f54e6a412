from odoo.tests.common import TransactionCase

# The demo's staff logins and the groups their demo record gives them (their job).
from odoo.addons.postventa_helpdesk.models.res_users import DEMO_JOBS  # noqa: F401


def demo_users_to_their_jobs(env):
    """Give the demo's staff only their job's groups again. Odoo gives every
    existing employee the groups an app adds to the default user template when the
    app is installed later (``res.users.write`` on ``base.default_user``): the
    demo data does it at the end of each addon that installs such apps, and a
    test database copied from an older one may not have it."""
    env["res.users"].sudo()._postventa_demo_keep_job_rights()


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
