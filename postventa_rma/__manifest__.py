# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Postventa: RMA and lab",
    "summary": "The customer's unit in our hands: RMAs created from helpdesk cases",
    "version": "18.0.1.0.0",
    "license": "AGPL-3",
    "category": "After-Sales",
    "author": "Postventa contributors",
    "website": "https://github.com/postventa/postventa",
    "maintainers": ["postventa"],
    "depends": ["postventa_helpdesk", "rma", "repair"],
    "data": [
        "views/rma_views.xml",
        "views/helpdesk_ticket_views.xml",
    ],
    "installable": True,
}
