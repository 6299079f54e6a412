from datetime import date, datetime

from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestBackendUi(HttpCase):
    """The case form and the phone intake render in a real browser without errors."""

    def test_case_form_and_intake_render(self):
        product = self.env["product.product"].create({"name": "UI printer"})
        self.env["postventa.warranty.policy"].create(
            {
                "name": "UI policy",
                "product_tmpl_id": product.product_tmpl_id.id,
                "doa_days": 15,
                "warranty_months": 12,
            }
        )
        unit = self.env["postventa.unit"].create(
            {
                "product_id": product.id,
                "serial": "UI-1",
                "purchase_date": date(2025, 3, 1),
            }
        )
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "UI case",
                "description": "<p>x</p>",
                "unit_id": unit.id,
                "opening_date": datetime(2025, 3, 5, 12, 0),
            }
        )
        self.assertEqual(ticket.warranty_state, "doa")
        # the form shows the DOA ribbon and the button to issue the authorisation
        self.browser_js(
            f"/odoo/action-helpdesk_mgmt.helpdesk_ticket_action/{ticket.id}",
            "console.log('test successful')",
            ready="!!(document.querySelector(\"button[name='action_issue_doa']\")"
            " && document.querySelector('.o_widget_web_ribbon'))",
            login="admin",
        )
        # the phone intake opens as a dialog from the Tickets menu
        self.browser_js(
            "/odoo/action-helpdesk_mgmt.helpdesk_ticket_action",
            """(async () => {
                const { env } = odoo.__WOWL_DEBUG__.root;
                await env.services.action.doAction(
                    "postventa_helpdesk.postventa_intake_wizard_action"
                );
                for (let i = 0; i < 100; i++) {
                    const modal = ".modal";
                    if (document.querySelector(`${modal} div[name='serial'] input`)
                        && document.querySelector(
                            `${modal} button[name='action_register']`
                        )) {
                        console.log("test successful");
                        return;
                    }
                    await new Promise((resolve) => setTimeout(resolve, 100));
                }
                console.error("the phone intake dialog did not open");
            })()""",
            ready="!!odoo.__WOWL_DEBUG__ && !!document.querySelector('.o_list_view')",
            login="admin",
        )
