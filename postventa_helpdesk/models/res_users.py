from odoo import Command, api, models

# The demo's staff and the groups of their jobs (each addon adds its own: the lab
# to the Back Line technician; quality control and logistics are postventa_rma's)
DEMO_JOBS = {
    "postventa_helpdesk.user_front_line": ["postventa_helpdesk.group_front_line"],
    "postventa_helpdesk.user_back_line": [
        "postventa_helpdesk.group_back_line",
        "postventa_rma.group_postventa_lab",
    ],
    "postventa_helpdesk.user_service_manager": [
        "postventa_helpdesk.group_service_manager"
    ],
    "postventa_rma.user_qc": ["postventa_rma.group_postventa_qc"],
    "postventa_rma.user_logistics": ["postventa_rma.group_postventa_logistics"],
}


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model
    def _postventa_demo_keep_job_rights(self):
        """Demo data: the demo's staff hold their jobs' groups only.

        Odoo gives every existing employee the groups a module installed later
        adds to the template user (``base.default_user``): sales, inventory and
        manufacturing administrator, when postventa_rma, postventa_mrp and
        postventa_claim install their dependencies after postventa_helpdesk
        created the Front Line agent (attack report F5). Called at the end of
        those addons' demo data (tests/common.py does the same for the tests)."""
        for user_xmlid, jobs in DEMO_JOBS.items():
            user = self.env.ref(user_xmlid, raise_if_not_found=False)
            if not user:
                continue
            groups = [
                self.env.ref(xmlid, raise_if_not_found=False)
                for xmlid in ["base.group_user", "base.group_multi_company", *jobs]
            ]
            user.write({"groups_id": [Command.set([g.id for g in groups if g])]})
