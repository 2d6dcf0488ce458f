from odoo import Command
from odoo.tests import tagged

from .common_plan import ALL_MEASURES, KeyAccountPlanCommon


@tagged("post_install", "-at_install")
class TestPlanQueries(KeyAccountPlanCommon):
    """The objectives of a batch of plans are measured with one grouped query
    per measure: ten plans cost what two cost."""

    def _plans(self, count):
        accounts = self.env["res.partner"].create(
            [
                {
                    "name": f"Queries Account {count}-{index}",
                    "is_company": True,
                    "is_key_account": True,
                    "kam_purchase_volume": 10,
                }
                for index in range(count)
            ]
        )
        for account in accounts:
            self._invoice(100, partner=account, invoice_days_ago=3)
        plans = self.env["key.account.plan"].create(
            [
                {
                    "partner_id": account.id,
                    "date_start": self.start,
                    "date_end": self.end,
                    "objective_ids": [
                        Command.create(
                            {
                                "name": measure,
                                "measure": measure,
                                "target": 50,
                                "stage_id": measure == "deals_stage" and self.stages["bid"].id,
                            }
                        )
                        for measure in ALL_MEASURES
                    ],
                }
                for account in accounts
            ]
        )
        plans.action_agree()
        return plans

    def _queries(self, plans):
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        plans._kam_update_values(self.today)
        self.env.flush_all()
        return self.env.cr.sql_log_count - before

    def test_two_plans_cost_what_ten_cost(self):
        two, ten = self._plans(2), self._plans(10)
        # a first run measures what changed since agreement; then steady state
        self._queries(two | ten)
        self.assertEqual(self._queries(two), self._queries(ten))
        revenue = ten.objective_ids.filtered(lambda o: o.measure == "revenue")
        self.assertEqual(set(revenue.mapped("current_value")), {100.0})
