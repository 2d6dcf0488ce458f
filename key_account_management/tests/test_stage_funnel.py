import json

from lxml import etree

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import file_open
from odoo.tools.safe_eval import safe_eval

from .common import STAGES, KeyAccountCommon


@tagged("post_install", "-at_install")
class TestStageFunnel(KeyAccountCommon):
    """The funnel's columns, each computed once, against the stage history."""

    def _move(self, deal, stage):
        deal._kam_override_gate(stage, "history of the test")

    def _funnel(self, user=None):
        Funnel = self.env["key.account.stage.funnel"].with_user(user or self.user_manager)
        rows = Funnel.search(
            [("team_id", "=", self.key_team.id), ("company_id", "=", self.company.id)]
        )
        return {
            row.stage_id: (row.deal_count, row.reached_count, row.converted_count) for row in rows
        }

    def test_reached_and_converted_follow_the_stage_history(self):
        stage = self.stages
        self.env["crm.lead"].search([("team_id", "=", self.key_team.id)]).unlink()
        Lead = self.env["crm.lead"]
        values = {"type": "opportunity", "team_id": self.key_team.id, "partner_id": self.account.id}
        # went to Technical Exchange, then back to Roles: it reached stage 3
        back = Lead.create({**values, "name": "Went back"})
        for key in ("roles", "criteria", "roles"):
            self._move(back, stage[key])
        # lost in the first stage: it reached stage 1 and no further
        Lead.create({**values, "name": "Lost early"}).action_archive()
        # won: it reached every stage, and converted from the last one
        won = Lead.create({**values, "name": "Won"})
        for key in STAGES[1:]:
            self._move(won, stage[key])
        self._move(won, self.env["crm.stage"].search([("is_won", "=", True)], limit=1))
        # moved on to stage 2 by a manager (go-live)
        Lead.create({**values, "name": "Placed"})._kam_override_gate(
            stage["roles"], "in flight at go-live"
        )
        expected = {
            "evaluate": (1, 4, 3),
            "roles": (2, 3, 2),
            "criteria": (0, 2, 1),
            "bid": (0, 1, 1),
            "contract": (0, 1, 1),
            "payment": (0, 1, 1),
        }
        funnel = self._funnel()
        self.assertEqual(
            {key: funnel[stage[key]] for key in STAGES}, expected, "(now, reached, converted)"
        )

    def test_every_stage_has_its_row(self):
        self.assertEqual(set(self._funnel()), set(self.stages.values()))

    def test_reps_do_not_read_the_managers_funnel(self):
        with self.assertRaises(AccessError):
            self._funnel(self.user_rep)

    def test_dashboard_reads_the_funnel(self):
        """The dashboard's funnel table reads this model's three columns, and
        writes the share out (a sheet number format once rounded it to 0 or 1)."""
        dashboard = json.loads(
            file_open("key_account_management/data/files/key_account_dashboard.json").read()
        )
        [funnel] = [p for p in dashboard["pivots"].values() if p["name"] == "Key-account funnel"]
        self.assertEqual(funnel["model"], "key.account.stage.funnel")
        self.assertEqual(
            [m["fieldName"] for m in funnel["measures"]],
            ["deal_count", "reached_count", "converted_count"],
        )
        shares = [
            cell
            for sheet in dashboard["sheets"]
            for cell in sheet["cells"].values()
            if "converted_count" in cell.get("content", "")
        ]
        self.assertEqual(len(shares), 6)
        for cell in shares:
            self.assertIn('ROUND(100*PIVOT.VALUE(5,"converted_count"', cell["content"])
            self.assertNotIn("format", cell)

    def test_key_node_filter_counts_the_paid_node(self):
        """The pipeline's "Key Node Reached" filter is the stored figure the
        cards show: a deal in the last stage, fully paid, is found."""
        deal = self.deal_rep
        deal._kam_override_gate(self.stages["payment"], "in flight")
        deal.sudo().write({"kam_node_paid": True})
        arch = self.env["crm.lead"].get_view(
            self.env.ref("crm.view_crm_case_opportunities_filter").id, "search"
        )["arch"]
        [node] = etree.fromstring(arch).xpath("//filter[@name='kam_node_reached']")
        found = self.env["crm.lead"].search(safe_eval(node.get("domain")))
        self.assertIn(deal, found)
        self.assertNotIn(self.deal_rep2, found)
