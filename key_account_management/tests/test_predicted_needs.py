from dateutil.relativedelta import relativedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common_analysis import KeyAccountAnalysisCommon


@tagged("post_install", "-at_install")
class TestPredictedNeeds(KeyAccountAnalysisCommon):
    """更换周期 → 车辆采购需求: units due for replacement within the horizon
    are the account's predicted needs, and one click opens their deal."""

    def _needs(self, user=None):
        Need = self.env["key.account.predicted.need"]
        if user:
            Need = Need.with_user(user)
        return Need.search([("partner_id", "=", self.account.id)])

    def test_units_due_within_horizon(self):
        # due in about 3 months (bought 7 years 9 months ago, 8-year cycle)
        due_soon = self._rival_units(quantity=10, years_ago=7, months_ago=9)
        # due in 3 years: not a need yet
        self._rival_units(quantity=5, years_ago=5)
        # overdue: still a need until a deal is opened
        overdue = self._rival_units(quantity=2, years_ago=9, model_name="RP-600")
        needs = self._needs()
        self.assertEqual(sorted(needs.mapped("quantity")), [2, 10])
        soon = needs.filtered(lambda need: need.quantity == 10)
        self.assertEqual(
            soon.period_start,
            due_soon.replacement_date.replace(
                month=(due_soon.replacement_date.month - 1) // 3 * 3 + 1, day=1
            ),
        )
        self.assertFalse(soon.is_overdue)
        self.assertTrue(needs.filtered(lambda need: need.quantity == 2).is_overdue)
        self.assertEqual(overdue.replacement_date, overdue.purchase_date + relativedelta(years=8))
        # no product: what they paid
        self.assertEqual(soon.expected_revenue, 10 * 80000)

    def test_units_of_one_quarter_are_one_need(self):
        first = self._rival_units(quantity=4, years_ago=7, months_ago=9)
        self._rival_units(quantity=3, purchase_date=first.purchase_date)
        self.assertEqual(self._needs().quantity, 7)

    def test_horizon_setting(self):
        self._rival_units(quantity=10, years_ago=7, months_ago=6)  # due in about 6 months
        self.assertTrue(self._needs())
        self.company.kam_replacement_horizon_months = 3
        self.env.flush_all()
        self.assertFalse(self._needs())

    def test_open_deal_from_need(self):
        units = self._rival_units(quantity=10, years_ago=7, months_ago=9, product_id=self.pump.id)
        need = self._needs(self.user_rep)
        self.assertEqual(need.expected_revenue, 10 * 100000, "our product's price")
        action = need.action_open_deal()
        deal = self.env["crm.lead"].browse(action["res_id"])
        self.assertTrue(deal.is_key_account)
        self.assertEqual(deal.stage_id, self.stages["evaluate"])
        self.assertEqual(deal.partner_id, self.account)
        self.assertEqual(deal.user_id, self.user_rep)
        self.assertEqual(deal.expected_revenue, 1000000)
        self.assertEqual(deal.kam_needs_quantity, 10)
        self.assertEqual(units.replacement_lead_id, deal)
        self.assertEqual(deal.kam_replaced_unit_ids, units)
        self.assertIn("Test Rival Pumps", deal.name)
        self.assertFalse(self._needs(), "the need leaves the list once its deal is open")
        with self.assertRaises(UserError):
            need.action_open_deal()

    def test_rep_cannot_set_the_replacement_deal(self):
        units = self._rival_units(years_ago=7, months_ago=9)
        with self.assertRaises(AccessError):
            units.with_user(self.user_rep).replacement_lead_id = self.deal_rep
        self.assertFalse(units.replacement_lead_id)
