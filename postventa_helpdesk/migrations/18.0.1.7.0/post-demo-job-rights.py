"""The demo's staff hold their jobs' groups only (attack report F5): a database
with the demo loaded before 18.0.1.7.0 had given them the sales, inventory and
manufacturing administrator groups of the apps installed after them (the demo is
noupdate). Real users keep their groups: only the demo's records are touched."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["res.users"]._postventa_demo_keep_job_rights()
