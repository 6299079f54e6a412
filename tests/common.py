from odoo.tests.common import TransactionCase


class ScenarioCase(TransactionCase):
    """Base of the cross-addon scenarios. They live outside any addon, so Odoo's
    test metaclass does not tag them: do it here."""

    test_tags = {"standard", "post_install"}
    test_module = "postventa_scenarios"
