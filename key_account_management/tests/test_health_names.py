import json

from odoo.tests import tagged
from odoo.tools import file_open

from .common_health import KeyAccountHealthCommon


@tagged("post_install", "-at_install")
class TestHealthNames(KeyAccountHealthCommon):
    """One meaning per name: "At Risk" counts the accounts in that health
    state wherever it appears; the wider list (at risk or on watch) has a
    name of its own."""

    def test_at_risk_is_one_state_everywhere(self):
        dashboard = json.loads(
            file_open("key_account_management/data/files/key_account_dashboard.json").read()
        )
        pivots = {pivot["name"]: pivot for pivot in dashboard["pivots"].values()}
        self.assertEqual(
            pivots["Key accounts at risk"]["domain"],
            [["is_key_account", "=", True], ["kam_health_state", "=", "at_risk"]],
        )
        titles = [
            figure["data"]["title"]["text"]
            for sheet in dashboard["sheets"]
            for figure in sheet["figures"]
        ]
        self.assertIn("Accounts at Risk", titles)
        at_risk = self.env["res.partner"].search_count(
            [("is_key_account", "=", True), ("kam_health_state", "=", "at_risk")]
        )
        # the tile's figure: its pivot, read with the manager's rights
        [(tile,)] = (
            self.env["res.partner"]
            .with_user(self.user_manager)
            ._read_group(pivots["Key accounts at risk"]["domain"], [], ["__count"])
        )
        self.assertEqual(tile, at_risk)

    def test_the_wider_list_has_its_own_name(self):
        action = self.env.ref("key_account_management.res_partner_action_key_at_risk")
        menu = self.env.ref("key_account_management.res_partner_menu_key_at_risk")
        self.assertEqual((action.name, menu.name), ("Early Warning", "Early Warning"))
        self.assertIn("watch", action.domain)
        names = self.env["ir.actions.act_window"].search(
            [("name", "=", "Accounts at Risk"), ("res_model", "=", "res.partner")]
        )
        self.assertFalse(names, "no list named At Risk shows the accounts on watch too")

    def test_health_states_in_health_colours(self):
        dashboard = json.loads(
            file_open("key_account_management/data/files/key_account_dashboard.json").read()
        )
        figures = [figure["data"] for sheet in dashboard["sheets"] for figure in sheet["figures"]]
        # a chart colours its series in its own order: no chart splits by health
        for data in figures:
            group_by = data.get("metaData", {}).get("groupBy", [])
            self.assertNotIn("kam_health_state", group_by, data["title"]["text"])
        tiles = {data["title"]["text"]: data["background"] for data in figures}
        self.assertEqual(
            [tiles["Healthy Accounts"], tiles["Accounts to Watch"], tiles["Accounts at Risk"]],
            ["#D1FADF", "#FEF0C7", "#FEE4E2"],
            "green, amber, red: the badges' success, warning and danger",
        )
