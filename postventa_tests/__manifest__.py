# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Postventa: cross-addon tests",
    "summary": "Test-only addon, not for production: it only carries the tests that "
    "cross the five postventa addons (scenarios, company access, the doors suites, "
    "role tours, Spanish)",
    "version": "18.0.1.0.0",
    "license": "AGPL-3",
    "development_status": "Beta",
    "category": "Hidden/Tests",
    "author": "Postventa contributors",
    "website": "https://github.com/postventa/postventa",
    "maintainers": ["postventa"],
    "depends": [
        "postventa_helpdesk",
        "postventa_rma",
        "postventa_courier",
        "postventa_mrp",
        "postventa_claim",
    ],
    "data": [],
    "installable": True,
}
