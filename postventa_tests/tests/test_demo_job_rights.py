"""The demo's staff hold their jobs' rights and no more (attack report F5).

The other scenarios give the demo's staff their jobs' groups again before they
run (common.demo_users_to_their_jobs); this one reads the demo as `make run`
installs it, where Odoo had given every employee the administrator groups of the
apps the addons install after postventa_helpdesk (sales, inventory,
manufacturing)."""

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tests.common import TransactionCase

from odoo.addons.postventa_rma.tests.common import DEMO_JOBS


@tagged("post_install", "-at_install")
class TestDemoJobRights(TransactionCase):
    def test_the_demo_staff_hold_their_jobs_only(self):
        env = self.env
        for user_xmlid, jobs in DEMO_JOBS.items():
            user = env.ref(user_xmlid, raise_if_not_found=False)
            if not user:
                continue
            own = env["res.groups"].browse(
                group.id
                for group in (
                    env.ref(xmlid, raise_if_not_found=False)
                    for xmlid in ["base.group_user", "base.group_multi_company", *jobs]
                )
                if group
            )
            extra = user.groups_id - own - own.trans_implied_ids
            self.assertFalse(
                extra,
                f"{user.login} holds groups no job of theirs gives: "
                + ", ".join(extra.mapped("full_name")),
            )

    def test_the_front_line_agent_moves_no_stock_and_quotes_nothing(self):
        agent = self.env.ref("postventa_helpdesk.user_front_line")
        if "stock.picking" not in self.env:
            return
        # "Front Line agents are no stock users": parts go out through the case
        with self.assertRaises(AccessError):
            self.env["stock.picking"].with_user(agent).search([], limit=1)
        with self.assertRaises(AccessError):
            self.env["stock.quant"].with_user(agent).check_access("write")
        if "sale.order" in self.env:
            with self.assertRaises(AccessError):
                self.env["sale.order"].with_user(agent).check_access("create")
