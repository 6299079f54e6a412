"""The claims office's day as the demo's own logins (ATSAC, Kodak Perú), in
Chromium and in Spanish: the clerk reviews the lines the work made and adds the
missing photo, the manager claims a line anyway, the clerk groups the ready
lines into a claim, the manager submits it, downloads its file and imports
Kodak's answer. The tours (static/tests/tours/claim_tours.js) assert what the
person reads, these tests what was recorded."""

import base64
from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged
from odoo.tools.misc import file_open

CLERK = "postventa_claim.group_postventa_claim_clerk"
MANAGER = "postventa_claim.group_postventa_claim_manager"


@tagged("post_install", "-at_install")
class TestClaimTours(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.kodak = env.ref("postventa_helpdesk.company_kodak_peru")
        cls.programme = env.ref("postventa_claim.programme_kodak")
        # Kodak now wants a photo of the service number on every line
        cls.programme.require_serial_photo = True
        with file_open("postventa_helpdesk/demo/proof_of_purchase.pdf", "rb") as pdf:
            proof = base64.b64encode(pdf.read())
        today = fields.Date.today()
        unit = env["postventa.unit"].create(
            {
                "company_id": cls.kodak.id,
                "serial": "T510299",
                "product_id": env.ref("postventa_helpdesk.product_kodak_esp3").id,
                "owner_id": env.ref("postventa_claim.customer_claim_k1").id,
                "purchase_date": today - timedelta(days=120),
                "proof_of_purchase": proof,
                "proof_of_purchase_filename": "boleta.pdf",
            }
        )
        # the line a warranty repair done today makes: a new print head
        Line = env["postventa.claim.line"]
        # made from the main company: the part's cost is Kodak Perú's (S/ 85)
        head = env.ref("postventa_claim.product_kodak_head")
        cls.line = Line._postventa_create_checked(
            [
                Line._postventa_line_vals(
                    cls.programme,
                    "repair",
                    unit.serial,
                    cls.kodak,
                    today,
                    [{"product_id": head, "qty": 1.0, "lot_id": False}],
                    0.0,
                    unit=unit,
                    product=unit.product_id,
                )
            ]
        )
        # Ana's line (no proof of purchase) checked again with the new rule
        cls.ana_line = Line.search(
            [("serial", "=", "T510205"), ("programme_id", "=", cls.programme.id)]
        )
        cls.ana_line._postventa_run_checks()

    def _user(self, login):
        return self.env["res.users"].search([("login", "=", login)])

    def start_tour(self, url_path, tour_name, step_delay=None, **kwargs):
        """Load the page once first, without the browser's short navigation
        timeout (the asset bundles may still be built on a busy machine)."""
        login = kwargs.get("login")
        if login:
            self.authenticate(login, login)
        self.url_open(url_path, timeout=180)
        kwargs.setdefault("timeout", 300)
        return super().start_tour(url_path, tour_name, step_delay, **kwargs)

    def test_the_demo_claims_office_holds_its_jobs(self):
        clerk, manager = self._user("claims_clerk"), self._user("claims_manager")
        self.assertTrue(clerk.has_group(CLERK))
        self.assertFalse(clerk.has_group(MANAGER))
        self.assertTrue(manager.has_group(MANAGER))
        for user in clerk | manager:
            self.assertEqual(user.company_ids, self.kodak)
            self.assertEqual(user.lang, "es_419")
            self.assertFalse(user.has_group("base.group_system"))
            self.assertFalse(user.has_group("stock.group_stock_manager"))
            self.assertFalse(user.has_group("postventa_rma.group_postventa_lab"))

    def test_a_day_at_the_claims_office(self):
        line, ana_line = self.line, self.ana_line
        self.assertEqual((line.state, ana_line.state), ("to_review", "to_review"))
        self.assertAlmostEqual(line.amount, 152.5)
        self.assertAlmostEqual(ana_line.amount, 34.5)
        lines_url = "/odoo/action-postventa_claim.action_postventa_claim_line"

        self.start_tour(
            lines_url, "postventa_claim_clerk_reviews", login="claims_clerk"
        )
        self.assertEqual(line.state, "ready")
        self.assertTrue(line.serial_photo)

        self.start_tour(
            f"{lines_url}/{ana_line.id}",
            "postventa_claim_manager_claims_anyway",
            login="claims_manager",
        )
        self.assertEqual(ana_line.state, "ready")
        self.assertEqual(ana_line.overridden_by_id, self._user("claims_manager"))

        self.start_tour(lines_url, "postventa_claim_clerk_groups", login="claims_clerk")
        claim = (line | ana_line).claim_id
        self.assertEqual(len(claim), 1)
        self.assertEqual((claim.state, claim.line_count), ("draft", 2))
        self.assertEqual(claim.create_uid, self._user("claims_clerk"))

        self.start_tour(
            f"/odoo/action-postventa_claim.action_postventa_claim/{claim.id}",
            "postventa_claim_manager_submits",
            login="claims_manager",
        )
        self.assertEqual(claim.state, "answered")
        content = base64.b64decode(claim.export_file).decode("utf-8-sig")
        self.assertIn("T510299", content)
        self.assertIn("T510205", content)
        self.assertEqual((line.state, line.approved_amount), ("approved", 152.5))
        self.assertEqual((ana_line.state, ana_line.reason_id.code), ("rejected", "R03"))
        self.assertEqual(claim.amount_approved, 152.5)
