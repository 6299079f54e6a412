# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Postventa: courier",
    "summary": "The unit on the road: drop-off centres and courier carriers for after-sales",
    "version": "18.0.1.0.0",
    "license": "AGPL-3",
    "category": "After-Sales",
    "author": "Postventa contributors",
    "website": "https://github.com/postventa/postventa",
    "maintainers": ["postventa"],
    "depends": ["postventa_rma", "stock_delivery"],
    "data": [
        "views/res_partner_views.xml",
    ],
    "installable": True,
}
