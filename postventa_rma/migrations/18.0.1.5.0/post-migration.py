from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """The after-sales stock was named in English only: name it in the companies'
    languages (locations) and in every active language (operation types, routes)."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["stock.warehouse"].search([])._postventa_localise_after_sales_names()
