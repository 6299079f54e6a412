from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestVisitPortal(HttpCase):
    """The customer answers a visit proposal in a real browser, from the mail's link."""

    def setUp(self):
        super().setUp()
        env = self.env
        self.customer = env["res.partner"].create(
            {
                "name": "Marta Ruiz",
                "email": "marta@example.com",
                "tz": "Europe/Madrid",
                "lang": "en_US",
            }
        )
        team = env["helpdesk.ticket.team"].create({"name": "Visits team"})
        self.technician = new_test_user(
            env,
            "pv_portal_tech",
            name="Portal technician",
            groups="helpdesk_mgmt.group_helpdesk_user",
        )
        self.ticket = env["helpdesk.ticket"].create(
            {
                "name": "Printer offline",
                "description": "<p>x</p>",
                "team_id": team.id,
                "partner_id": self.customer.id,
            }
        )
        start = fields.Datetime.now().replace(
            minute=0, second=0, microsecond=0
        ) + timedelta(days=3)
        self.visit = env["postventa.visit"].create(
            {
                "ticket_id": self.ticket.id,
                "technician_id": self.technician.id,
                "start": start,
            }
        )
        self.visit.action_propose()

    def _url(self, visit, token=None):
        return f"/postventa/visit/{visit.id}?access_token={token or visit.access_token}"

    def test_a_wrong_token_sees_nothing(self):
        response = self.url_open(self._url(self.visit, token="not-the-token"))
        self.assertEqual(response.status_code, 404)
        response = self.url_open(f"/postventa/visit/{self.visit.id}")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.visit.state, "proposed")

    def _answer_in_browser(self, fill_js, form_selector, expect_selector):
        """Open the mail's link, fill the form as the customer would, submit it
        from the page (with its CSRF token) and check the page that comes back."""
        self.browser_js(
            self._url(self.visit),
            f"""(async () => {{
                {fill_js}
                const form = document.querySelector("{form_selector}");
                const response = await fetch(
                    form.action, {{method: "POST", body: new FormData(form)}}
                );
                const page = new DOMParser().parseFromString(
                    await response.text(), "text/html"
                );
                if (page.querySelector("{expect_selector}")) {{
                    console.log("test successful");
                }} else {{
                    const shown = page.querySelector(".o_visit_error") || page.body;
                    console.error("unexpected answer page: " + shown.textContent);
                }}
            }})()""",
            ready="!!document.querySelector('form.o_visit_propose_form')",
        )

    def test_customer_accepts_in_the_browser(self):
        self._answer_in_browser(
            "", "form:has(button.o_visit_accept)", ".o_visit_accepted"
        )
        self.assertEqual(self.visit.state, "scheduled")
        self.assertTrue(self.visit.calendar_event_id)
        self.assertEqual(
            self.visit.calendar_event_id.partner_ids,
            self.technician.partner_id | self.customer,
        )
        self.assertFalse(self.ticket.sla_pause_start)

    def test_customer_proposes_another_time_in_the_browser(self):
        self._answer_in_browser(
            """document.querySelector("#visit_when").value = "2031-03-04T10:30";
               document.querySelector("#visit_note").value = "Mornings are better";""",
            "form.o_visit_propose_form",
            ".o_visit_proposed",
        )
        self.assertEqual(self.visit.state, "counter_proposed")
        # 10:30 in Madrid is 9:30 UTC in March
        self.assertEqual(
            fields.Datetime.to_string(self.visit.customer_proposal),
            "2031-03-04 09:30:00",
        )
        self.assertEqual(self.visit.customer_note, "Mornings are better")
        self.assertFalse(self.visit.calendar_event_id, "no event until we agree")

    def test_a_past_time_is_refused_on_the_page(self):
        self._answer_in_browser(
            """document.querySelector("#visit_when").value = "2001-03-04T10:30";""",
            "form.o_visit_propose_form",
            ".o_visit_error",
        )
        self.assertEqual(self.visit.state, "proposed")
        self.assertFalse(self.visit.customer_proposal)

    def test_the_case_portal_page_links_the_proposal(self):
        portal = new_test_user(
            self.env,
            "pv_visit_customer",
            password="pv_visit_customer",
            groups="base.group_portal",
            partner_id=self.customer.id,
        )
        self.ticket.message_subscribe(partner_ids=portal.partner_id.ids)
        self.authenticate("pv_visit_customer", "pv_visit_customer")
        response = self.url_open(f"/my/ticket/{self.ticket.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Answer the proposal", response.text)
        self.assertIn(f"/postventa/visit/{self.visit.id}?access_token=", response.text)
