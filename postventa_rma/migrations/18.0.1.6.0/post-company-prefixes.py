from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """RMA and repair numbers were alike across companies (RMA0002 of two
    companies): each company gets a document prefix (its warehouse's code, else
    its name's) and its RMA and repair sequences take it. Existing documents keep
    their numbers."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["res.company"].with_context(active_test=False).search([])._postventa_set_codes()
