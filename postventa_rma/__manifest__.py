# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Postventa: RMA and lab",
    "summary": "The customer's unit in our hands: RMAs from helpdesk cases, exchange "
    "stock per warehouse and every stock move with its serial",
    "version": "18.0.1.1.0",
    "license": "AGPL-3",
    "category": "After-Sales",
    "author": "Postventa contributors",
    "website": "https://github.com/postventa/postventa",
    "maintainers": ["postventa"],
    "depends": ["postventa_helpdesk", "rma", "repair"],
    "data": [
        "data/stock_warehouse_data.xml",
        "data/postventa_service_type_data.xml",
        "views/stock_warehouse_views.xml",
        "views/postventa_service_type_views.xml",
        "views/rma_views.xml",
        "views/helpdesk_ticket_views.xml",
    ],
    "demo": ["demo/postventa_rma_demo.xml"],
    "installable": True,
}
