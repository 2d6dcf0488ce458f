from datetime import datetime, time, timedelta

from odoo.tests import tagged

from .common_plan import KeyAccountPlanCommon


@tagged("post_install", "-at_install")
class TestPlanMeasures(KeyAccountPlanCommon):
    """Each measure of an objective against figures computed by hand, over
    the plan's period (today - 30 to today + 30)."""

    def test_revenue_nets_credit_notes_within_the_period(self):
        plan = self._account_plan(measures=["revenue"])
        self._invoice(1000, invoice_days_ago=10)
        self._invoice(300, move_type="out_refund", invoice_days_ago=5)
        self._invoice(400, invoice_days_ago=30)  # the period's first day counts
        self._invoice(500, invoice_days_ago=31)  # the day before does not
        self._invoice(800, partner=self.account2, invoice_days_ago=10)
        self._invoice(900, invoice_days_ago=10, post=False)
        self.assertEqual(self._measured(plan, "revenue"), 1000 - 300 + 400)

    def _unit(self, quantity, days_ago, ours=True, account=None):
        brand = self.env["key.account.brand"].create({"name": f"Brand {quantity} {days_ago}"})
        return self.env["key.account.installed.unit"].create(
            {
                "partner_id": (account or self.account).id,
                "is_ours": ours,
                "brand_id": brand.id,
                "model_name": "Crane",
                "quantity": quantity,
                "purchase_date": self.today - timedelta(days=days_ago),
            }
        )

    def test_units_and_share_of_wallet(self):
        self.account.kam_purchase_volume = 12
        plan = self._account_plan(measures=["units", "wallet_share"])
        self._unit(3, 10)
        self._unit(2, 31)  # before the period
        self._unit(4, 10, ours=False)  # a competitor's
        self._unit(5, 10, account=self.account2)
        self.assertEqual(self._measured(plan, "units"), 3)
        self.assertEqual(self._objective(plan, "wallet_share").current_value, 25.0)

    def test_deals_won_in_the_period(self):
        plan = self._account_plan(measures=["deals_won"])
        won = self.env["crm.lead"].search([("stage_id.is_won", "=", True)], limit=1).stage_id
        won = won or self.env["crm.stage"].create({"name": "Won", "is_won": True})
        deals = self.env["crm.lead"].create(
            [
                {
                    "name": name,
                    "type": "opportunity",
                    "partner_id": partner.id,
                    "team_id": self.standard_team.id,
                }
                for name, partner in (
                    ("Won now", self.account_contact),
                    ("Won long ago", self.account),
                    ("Open", self.account),
                    ("Elsewhere", self.account2),
                )
            ]
        )
        deals.filtered(lambda deal: deal.name != "Open").write({"stage_id": won.id})
        deals.filtered(lambda deal: deal.name == "Won now").date_closed = datetime.combine(
            self.today - timedelta(days=2), time(12)
        )
        deals.filtered(lambda deal: deal.name == "Won long ago").date_closed = datetime.combine(
            self.start - timedelta(days=1), time(12)
        )
        self.assertEqual(self._measured(plan, "deals_won"), 1)

    def test_amount_overdue_now(self):
        plan = self._account_plan(measures=["overdue"])
        self._invoice(1000, due_in=-5, invoice_days_ago=40)
        self._invoice(700, due_in=10)
        self._invoice(300, partner=self.account2, due_in=-5)
        self.assertEqual(self._measured(plan, "overdue"), 1000)
        self.assertTrue(self._objective(plan, "overdue").lower_is_better)

    def test_revisits_done_and_satisfaction(self):
        plan = self._account_plan(measures=["revisits", "satisfaction"])
        revisit_plan = self._plan()
        revisits = revisit_plan.revisit_ids.sorted("scheduled_date")[:4]
        for revisit, stars, days_ago in zip(
            revisits, ("4", "2", "0", "5"), (3, 20, 10, 31), strict=True
        ):
            revisit.action_done()
            revisit.write({"satisfaction": stars, "done_date": self.today - timedelta(days_ago)})
        # three done in the period, one before it; the one not rated has no stars
        self.assertEqual(self._measured(plan, "revisits"), 3)
        self.assertEqual(self._objective(plan, "satisfaction").current_value, 3.0)

    def test_health_score_and_manual_value(self):
        plan = self._account_plan(measures=["health", "manual"])
        self._contact(5)
        self._measure()
        self.assertTrue(self.account.kam_health_score)
        self._objective(plan, "manual").manual_value = 42
        self.assertEqual(self._measured(plan, "health"), self.account.kam_health_score)
        self.assertEqual(self._objective(plan, "manual").current_value, 42)
