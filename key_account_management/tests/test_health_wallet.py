"""The share of wallet in account health, and the replacements due as its
next best action."""

from odoo.tests import tagged

from .common_analysis import KeyAccountAnalysisCommon


@tagged("post_install", "-at_install")
class TestHealthWallet(KeyAccountAnalysisCommon):
    def _wallet(self):
        snapshot = self.account.kam_health_snapshot_id
        return snapshot.line_ids.filtered(lambda line: line.factor == "wallet")

    def _measure(self):
        self.account._kam_refresh_health()
        return self._wallet().with_context(lang="en_US")

    def test_no_volume_no_units_no_data(self):
        self.assertFalse(self._measure().has_data)

    def test_share_of_wallet_scores(self):
        self.account.write({"kam_purchase_volume": 40, "kam_purchase_volume_year": self.today.year})
        self._sell(quantity=10)
        line = self._measure()
        # 25 % of their purchases: half of the 50 % that scores 100
        self.assertEqual(line.score, 50.0)
        self.assertEqual(line.detail, "Share of wallet 25 % (10 of 40 units a year)")
        self._sell(quantity=10)
        self.assertEqual(self._measure().score, 100.0)

    def test_replacement_due_is_the_next_best_action(self):
        units = self._rival_units(quantity=12, years_ago=7, months_ago=10)
        line = self._measure()
        self.assertTrue(line.has_data)
        self.assertEqual(line.score, 50.0, "a replacement without a deal caps the score")
        self.assertEqual(line.detail, "12 units due for replacement without a deal")
        # the only factor with data (a new account, no buying centre): the next action
        snapshot = self.account.kam_health_snapshot_id.with_context(lang="en_US")
        self.assertEqual(snapshot.next_action_factor, "wallet")
        self.assertRegex(
            snapshot.next_action,
            r"^12 units of Test Rival Pumps RP-900 due for replacement from .+: open a deal$",
        )
        action = self.account.action_kam_next_action()
        self.assertEqual(action["res_model"], "key.account.predicted.need")
        need = self.env["key.account.predicted.need"].search(action["domain"])
        need.action_open_deal()
        self.assertTrue(units.replacement_lead_id)
        self.assertNotEqual(self._measure().score, 50.0, "the deal is open: nothing pending")

    def test_new_weights_add_up_to_100(self):
        weights = self.env["key.account.health.factor"].search(
            [("company_id", "=", self.company.id)]
        )
        self.assertEqual(sum(weights.mapped("weight")), 100)
        self.assertEqual(weights.filtered(lambda factor: factor.factor == "wallet").weight, 5)

    def test_chinese_reader(self):
        self._rival_units(quantity=12, years_ago=7, months_ago=10)
        self._measure()
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"].search(
            [("name", "=", "key_account_management")]
        )._update_translations(["zh_CN"])
        detail = self._wallet().with_context(lang="zh_CN").detail
        self.assertIn("12", detail)
        self.assertNotIn("units due", detail)
