from odoo.tests.common import TransactionCase

from odoo.addons.postventa_rma.tests.common import demo_users_to_their_jobs


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
