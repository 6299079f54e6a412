from odoo.tests import HttpCase, tagged
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


class RoleTourCase(ScenarioCase, HttpCase):
    """A working day in the browser (the role tours), as the demo's own logins."""

    def _user(self, login):
        return self.env["res.users"].search([("login", "=", login)])

    def start_tour(self, url_path, tour_name, step_delay=None, **kwargs):
        """Load the page once first, without the browser's short navigation
        timeout: the web client's asset bundles may still be built (a busy test
        machine takes longer than Chromium waits)."""
        login = kwargs.get("login")
        if login:
            self.authenticate(login, login)
        self.url_open(url_path, timeout=180)
        # a working day is longer than a click: the DOA's PDF, several forms
        kwargs.setdefault("timeout", 300)
        return super().start_tour(url_path, tour_name, step_delay, **kwargs)
