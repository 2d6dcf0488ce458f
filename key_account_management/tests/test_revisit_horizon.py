"""003 交车后: revisits from the delivery, monthly with no end but the plan's."""

from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import KeyAccountRevisitCommon
from .test_revisit_plan import FIRST_SIX


@tagged("post_install", "-at_install")
class TestRevisitHorizon(KeyAccountRevisitCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.shipped = cls.env.ref("key_account_management.key_account_revisit_template_default")
        cls.company.kam_revisit_horizon_months = 6

    def _plan(self, template, start):
        return self.env["key.account.revisit.plan"].create(
            {
                "partner_id": self.account.id,
                "user_id": self.user_rep.id,
                "template_id": template.id,
                "start_date": start,
                "state": "active",
            }
        )

    def test_the_shipped_cadence_has_no_end(self):
        monthly = self.shipped.phase_ids.sorted("sequence")[-1]
        self.assertEqual((monthly.interval, monthly.interval_unit), (1, "months"))
        self.assertTrue(monthly.open_ended)

    def test_monthly_revisits_roll_ahead_until_the_plan_is_closed(self):
        with freeze_time("2025-01-01"):
            plan = self._plan(self.shipped, date(2025, 1, 1))
            ahead = [date(2025, 5, 1), date(2025, 6, 1), date(2025, 7, 1)]
            self.assertEqual(plan.revisit_ids.mapped("scheduled_date"), FIRST_SIX + ahead)
        with freeze_time("2025-03-10"):
            self.env["key.account.revisit.plan"]._cron_plan_ahead()
            self.env["key.account.revisit.plan"]._cron_plan_ahead()
            dates = plan.revisit_ids.sorted("scheduled_date").mapped("scheduled_date")
            self.assertEqual(dates[-3:], [date(2025, 7, 1), date(2025, 8, 1), date(2025, 9, 1)])
            self.assertEqual(len(dates), 11, "planned once, however often the job runs")
            self.assertEqual(plan.revisit_ids.sorted("scheduled_date")[-1].name, "Revisit 11")
        plan.action_close()
        with freeze_time("2025-06-10"):
            self.env["key.account.revisit.plan"]._cron_plan_ahead()
        self.assertEqual(len(plan.revisit_ids), 11, "a closed plan is not extended")

    def test_only_the_last_phase_has_no_end(self):
        with self.assertRaisesRegex(ValidationError, "Only the last phase"):
            self.env["key.account.revisit.template"].create(
                {
                    "name": "Wrong",
                    "phase_ids": [
                        Command.create({"sequence": 1, "interval": 15, "open_ended": True}),
                        Command.create({"sequence": 2, "interval": 1, "interval_unit": "months"}),
                    ],
                }
            )

    def test_plans_start_at_delivery(self):
        self.company.kam_revisit_plan_trigger = "delivery"
        order = self._order(opportunity=self.deal_rep)
        order.action_confirm()
        self.assertFalse(order.revisit_plan_ids, "confirmed, not delivered yet")
        order.kam_delivered_on = date(2026, 11, 2)
        plan = order.revisit_plan_ids
        self.assertEqual(len(plan), 1)
        self.assertEqual(plan.start_date, date(2026, 11, 2))
        self.assertEqual(
            plan.revisit_ids.sorted("scheduled_date")[0].scheduled_date, date(2026, 11, 17)
        )

    def test_the_daily_job_plans_delivered_orders(self):
        # a delivery date written without the ORM's write (Inventory's own
        # delivery date comes this way): the daily job finds the order
        self.company.kam_revisit_plan_trigger = "delivery"
        order = self._order()
        order.action_confirm()
        self.env.cr.execute(
            "UPDATE sale_order SET kam_delivered_on = '2026-10-01' WHERE id = %s", [order.id]
        )
        order.invalidate_recordset()
        self.env["key.account.revisit.plan"]._cron_plan_ahead()
        self.assertEqual(order.revisit_plan_ids.start_date, date(2026, 10, 1))
