from odoo.tests import tagged
from odoo.tests.common import TransactionCase

from odoo.addons.postventa_rma.tests.common import demo_users_to_their_jobs


@tagged("post_install", "-at_install")
class ScenarioCase(TransactionCase):
    """Base of the cross-addon scenarios, run once every addon is installed. The
    demo's staff hold their jobs' groups only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        demo_users_to_their_jobs(cls.env)
