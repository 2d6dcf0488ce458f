import json

from odoo import Command
from odoo.tests import HttpCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user


@tagged("post_install", "-at_install")
class TestDashboardUi(HttpCase):
    """The managers' dashboard opens and its charts lead to the records."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = mail_new_test_user(
            cls.env,
            login="kam_tour_dashboard_manager",
            name="Tour Dashboard Manager",
            groups="base.group_user,key_account_management.group_key_account_manager",
        )
        account = cls.env["res.partner"].create(
            {"name": "Tour Dashboard Plant", "is_company": True, "is_key_account": True}
        )
        team = cls.env.ref("key_account_management.crm_team_key_accounts")
        cls.env["key.account.plan"].create(
            {
                "partner_id": account.id,
                "objective_ids": [
                    Command.create({"name": "Tour objective", "measure": "manual", "target": 5})
                ],
            }
        ).action_agree()
        cls.env["crm.lead"].create(
            [
                {
                    "name": f"Tour dashboard deal {number}",
                    "type": "opportunity",
                    "partner_id": account.id,
                    "team_id": team.id,
                    "expected_revenue": 100_000 * number,
                }
                for number in (1, 2)
            ]
        )

    def test_dashboard_is_the_managers(self):
        dashboard = self.env.ref("key_account_management.spreadsheet_dashboard_key_accounts")
        self.assertIn(
            self.env.ref("key_account_management.group_key_account_manager"), dashboard.group_ids
        )
        rep = mail_new_test_user(
            self.env,
            login="kam_dashboard_rep",
            groups="base.group_user,key_account_management.group_key_account_user",
        )
        visible = self.env["spreadsheet.dashboard"].with_user(rep).search([])
        self.assertNotIn(dashboard, visible)
        self.assertIn(
            dashboard, self.env["spreadsheet.dashboard"].with_user(self.manager).search([])
        )

    def test_dashboard_shows_account_health(self):
        dashboard = self.env.ref("key_account_management.spreadsheet_dashboard_key_accounts")
        data = json.loads(dashboard.spreadsheet_data)
        pivots = [pivot["domain"] for pivot in data["pivots"].values()]
        self.assertIn([["is_key_account", "=", True], ["kam_health_state", "=", "at_risk"]], pivots)
        # the accounts by health state, each in its tile
        for state in ("healthy", "watch"):
            self.assertIn([["is_key_account", "=", True], ["kam_health_state", "=", state]], pivots)

    def test_dashboard_shows_account_plans(self):
        dashboard = self.env.ref("key_account_management.spreadsheet_dashboard_key_accounts")
        data = json.loads(dashboard.spreadsheet_data)
        plan_pivots = [
            pivot["domain"]
            for pivot in data["pivots"].values()
            if pivot["model"] == "key.account.plan"
        ]
        self.assertIn([["state", "=", "agreed"]], plan_pivots)
        self.assertIn(
            [["state", "=", "agreed"], ["objective_off_track_count", ">", 0]], plan_pivots
        )
        # the plans' tiles open the plans
        links = data["chartOdooMenusReferences"]
        titles = {
            figure["id"]: figure["data"]["title"]["text"]
            for sheet in data["sheets"]
            for figure in sheet["figures"]
        }
        plan_action = self.env.ref("key_account_management.key_account_plan_action")
        plan_tiles = [
            tile for tile, menu in links.items() if self.env.ref(menu).action == plan_action
        ]
        self.assertEqual(
            sorted(titles[tile] for tile in plan_tiles),
            ["Plan Completeness", "Plans Off Track", "Plans in Force"],
        )

    def test_dashboard_tour(self):
        self.start_tour(
            "/odoo/action-key_account_management.key_account_dashboard_action",
            "key_account_dashboard_tour",
            login="kam_tour_dashboard_manager",
        )
