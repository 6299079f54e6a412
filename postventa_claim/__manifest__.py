# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Postventa: warranty claims to manufacturers",
    "summary": "The service provider gets paid: warranty claims to each manufacturer "
    "made by the work itself, checked, exported, answered, invoiced, and the "
    "defective parts shipped back",
    "version": "18.0.1.1.0",
    "license": "AGPL-3",
    "development_status": "Alpha",
    "category": "After-Sales",
    "author": "Postventa contributors",
    "website": "https://github.com/postventa/postventa",
    "maintainers": ["postventa"],
    "depends": ["postventa_rma", "account"],
    "external_dependencies": {"python": ["xlsxwriter", "openpyxl"]},
    "data": [
        "security/postventa_claim_security.xml",
        "security/ir.model.access.csv",
        "data/ir_sequence_data.xml",
        "report/claim_return_tags.xml",
        "wizards/postventa_claim_answer_import_views.xml",
        "wizards/postventa_claim_override_views.xml",
        "views/postventa_claim_programme_views.xml",
        "views/postventa_claim_reason_views.xml",
        "views/postventa_claim_line_views.xml",
        "views/postventa_claim_views.xml",
        "views/postventa_claim_report_views.xml",
        "views/menus.xml",
    ],
    "demo": ["demo/claim_users_demo.xml", "demo/claim_demo.xml"],
    "assets": {
        "web.assets_tests": ["postventa_claim/static/tests/tours/*.js"],
    },
    "installable": True,
}
