from datetime import datetime

from freezegun import freeze_time

from .common import PostventaCase

RAW = """From: Ana Benitez <ana@example.com>
To: soporte@example.com
Subject: {subject}
Message-ID: <{msgid}@example.com>
Date: Tue, 21 Oct 2025 10:00:00 +0000
Content-Type: text/plain; charset="utf-8"

El sistema no responde.
"""


class TestMail(PostventaCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.hours = cls._create_aserti_hours()
        cls.on_call = cls.manager
        cls.front_line.write(
            {"business_calendar_id": cls.hours.id, "on_call_user_id": cls.on_call.id}
        )

    def _mail(self, subject, msgid):
        thread_id = self.env["mail.thread"].message_process(
            "helpdesk.ticket",
            RAW.format(subject=subject, msgid=msgid),
            custom_values={"team_id": self.front_line.id},
        )
        return self.env["helpdesk.ticket"].browse(thread_id)

    def test_subject_keywords_with_and_without_accents(self):
        cases = {
            "URGENTE: el ERP no arranca": ("medium", "critical"),
            "Incidencia grave en facturación": ("high", "medium"),
            "Falla CRITICA en el servidor": ("critical", "medium"),
            "Falla crítica y urgente": ("critical", "critical"),
            "Consulta sobre insurgentes": (
                "medium",
                "medium",
            ),  # a word, not a substring
            "Consulta de uso": ("medium", "medium"),
        }
        for n, (subject, (severity, urgency)) in enumerate(cases.items()):
            with self.subTest(subject=subject):
                ticket = self._mail(subject, f"kw{n}")
                self.assertEqual((ticket.severity, ticket.urgency), (severity, urgency))
                self.assertEqual(ticket.team_id, self.front_line)

    def test_keywords_are_configurable(self):
        self.env["postventa.mail.keyword"].create(
            {"name": "Caído", "severity": "critical"}
        )
        ticket = self._mail("Servidor caido desde anoche", "cfg1")
        self.assertEqual(ticket.severity, "critical")

    def _on_call_activities(self, ticket):
        return ticket.activity_ids.filtered(lambda a: a.user_id == self.on_call)

    def test_urgent_mail_out_of_hours_alerts_on_call(self):
        with freeze_time("2025-10-25 20:00:00"):  # Saturday evening in Madrid
            urgent = self._mail("URGENTE: caída total", "oc1")
            plain = self._mail("Consulta de uso", "oc2")
        self.assertEqual(len(self._on_call_activities(urgent)), 1)
        self.assertIn(urgent.number, self._on_call_activities(urgent).summary)
        self.assertFalse(self._on_call_activities(plain))
        with freeze_time("2025-10-21 08:00:00"):  # Tuesday 10:00 in Madrid: open
            in_hours = self._mail("URGENTE: caída total", "oc3")
        self.assertFalse(self._on_call_activities(in_hours))

    def test_acknowledgement_with_number_and_local_opening_time(self):
        self.customer.tz = "America/Asuncion"
        self.front_line.acknowledge_new_cases = True
        ticket = self._ticket(opened=datetime(2025, 10, 21, 13, 5))
        ack = ticket.message_ids.filtered(lambda m: "registered" in (m.subject or ""))
        self.assertEqual(len(ack), 1)
        self.assertIn(ticket.number, ack.body)
        self.assertIn("21/10/2025 10:05", ack.body, "13:05 UTC is 10:05 in Asunción")
        self.assertNotIn("America/Asuncion", ack.body, "no zone database names")
        self.assertNotIn("10:05:00", ack.body, "no seconds")
        self.assertIn(self.customer, ack.partner_ids)
        # the company writes it, not the customer nor whoever registered the case
        self.assertEqual(ack.author_id, ticket.company_id.partner_id)

    def test_acknowledgement_to_a_customer_in_an_inactive_language(self):
        """A customer whose language is not active (deactivated, or a database
        made by an earlier release, upgraded) gets the acknowledgement in the
        closest active language: Odoo refuses to render in an inactive one, which
        stopped the case's creation (and an upgrade loading the demo's cases)."""
        self.env["res.lang"]._activate_lang("es_419")
        Lang = self.env["res.lang"].with_context(active_test=False)
        self.assertFalse(Lang.search([("code", "=", "es_PY")]).active)
        # written as an earlier release left it: the selection refuses it today
        self.env.cr.execute(
            "UPDATE res_partner SET lang = 'es_PY' WHERE id = %s", [self.customer.id]
        )
        self.customer.invalidate_recordset(["lang"])
        self.front_line.acknowledge_new_cases = True
        ticket = self._ticket(opened=datetime(2025, 10, 21, 13, 5))
        ack = ticket.message_ids.filtered(lambda m: ticket.number in (m.subject or ""))
        self.assertEqual(len(ack), 1)
        template = self.env.ref("postventa_helpdesk.mail_template_case_acknowledgement")
        self.assertEqual(template._render_lang(ticket.ids)[ticket.id], "es_419")

    def test_closure_mail_shows_attention_and_resolution_times(self):
        ticket = self._ticket(opened=datetime(2025, 10, 21, 7, 0))  # Tue 9:00 Madrid
        self.env.flush_all()
        self.env.cr.precommit.run()  # the case was created in an earlier transaction
        with freeze_time("2025-10-21 08:30:00"):
            ticket.with_user(self.agent).message_post(
                body="Le llamamos",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        with freeze_time("2025-10-22 08:00:00"):  # Wed 10:00 Madrid
            # a plain user context (no test flags): the stage change is tracked
            ticket.with_env(ticket.env(context={})).stage_id = self.stage_done
            self.env.flush_all()
            # tracking, hence the stage's mail, is sent at commit
            self.env.cr.precommit.run()
        self.assertAlmostEqual(ticket.attention_business_hours, 1.5)
        self.assertAlmostEqual(ticket.resolution_business_hours, 9.5)
        self.assertAlmostEqual(ticket.resolution_calendar_hours, 25.0)
        # helpdesk_mgmt mails the stage's template (mass mail, no chatter copy)
        closed = self.env["mail.mail"].search(
            [
                ("model", "=", "helpdesk.ticket"),
                ("res_id", "=", ticket.id),
                ("subject", "ilike", "closed"),
            ]
        )
        self.assertEqual(len(closed), 1)
        self.assertIn(self.customer, closed.recipient_ids)
        for expected in ("1 h 30 min", "9 h 30 min", "1 d 1 h"):
            self.assertIn(expected, closed.body_html)
