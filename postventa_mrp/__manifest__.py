# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Postventa: parts from DOA units",
    "summary": "Parts lists (bills of materials) of the products, disassembly of the "
    "harvested DOA units into traced parts, and repairs that consume them first",
    "version": "18.0.1.2.0",
    "license": "AGPL-3",
    "development_status": "Beta",
    "category": "After-Sales",
    "author": "Postventa contributors",
    "website": "https://github.com/postventa/postventa",
    "maintainers": ["postventa"],
    "depends": ["postventa_rma", "mrp"],
    "data": [
        "security/postventa_mrp_security.xml",
        "security/ir.model.access.csv",
        "wizards/postventa_disassemble_wizard_views.xml",
        "views/postventa_unit_views.xml",
        "views/repair_order_views.xml",
        "views/rma_views.xml",
        "views/stock_quant_views.xml",
        "views/stock_lot_views.xml",
    ],
    "demo": [
        "demo/seed_kodak_peru_parts.xml",
    ],
    "installable": True,
}
