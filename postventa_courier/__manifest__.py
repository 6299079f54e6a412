# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Postventa: courier",
    "summary": "The unit on the road: courier pickups and deliveries by zone with any "
    "carrier (a REST API connector with signed tracking webhooks included), "
    "re-coordination and drop-off centres",
    "version": "18.0.1.7.0",
    "license": "AGPL-3",
    "development_status": "Beta",
    "category": "After-Sales",
    "author": "Postventa contributors",
    "website": "https://github.com/postventa/postventa",
    "maintainers": ["postventa"],
    "depends": ["postventa_rma", "stock_delivery", "portal"],
    "external_dependencies": {"python": ["requests"]},
    "data": [
        "security/postventa_courier_security.xml",
        "security/ir.model.access.csv",
        "data/ir_sequence_data.xml",
        "data/ir_cron_data.xml",
        "data/mail_template_data.xml",
        "wizards/postventa_courier_recoordinate_wizard_views.xml",
        "views/postventa_courier_order_views.xml",
        "views/delivery_carrier_views.xml",
        "views/postventa_zone_views.xml",
        "views/helpdesk_ticket_views.xml",
        "views/helpdesk_ticket_team_views.xml",
        "views/rma_views.xml",
        "views/res_partner_views.xml",
        "views/portal_templates.xml",
        "views/portal_ticket_templates.xml",
    ],
    "demo": ["demo/postventa_courier_demo.xml", "demo/seed_hp_paraguay.xml"],
    "assets": {
        "web.assets_tests": ["postventa_courier/static/tests/tours/*.js"],
    },
    "installable": True,
}
