"""Revisit plans: cadence, creation from orders, regeneration, cancellation."""

from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import KeyAccountRevisitCommon

FIRST_SIX = [
    date(2025, 1, 16),
    date(2025, 1, 31),
    date(2025, 2, 15),
    date(2025, 3, 2),
    date(2025, 3, 17),
    date(2025, 4, 1),
]
MONTHLY = [date(2025, month, 1) for month in range(5, 13)] + [date(2026, 1, 1)]


@tagged("post_install", "-at_install")
class TestRevisitPlan(KeyAccountRevisitCommon):
    def _plan(self, **values):
        return self.env["key.account.revisit.plan"].create(
            {
                "partner_id": self.account.id,
                "user_id": self.user_rep.id,
                "opportunity_id": self.deal_rep.id,
                "template_id": self.template.id,
                "start_date": date(2025, 1, 1),
                "state": "active",
                **values,
            }
        )

    def test_cadence(self):
        """Every 15 days for three months, then monthly until month 12."""
        dates = self.template._revisit_dates(date(2025, 1, 1))
        self.assertEqual(dates[:6], FIRST_SIX)
        self.assertEqual(dates[6:], MONTHLY)
        self.assertEqual(self.template.revisit_count, 15)
        # a start at the end of a month keeps 6 half-monthly revisits
        dates = self.template._revisit_dates(date(2025, 1, 31))
        self.assertEqual(dates[5], date(2025, 5, 1))
        self.assertEqual(dates[6:8], [date(2025, 5, 30), date(2025, 6, 30)])

    @freeze_time("2024-12-20")
    def test_plan_meetings_and_reminders(self):
        plan = self._plan()
        revisits = plan.revisit_ids
        self.assertEqual(revisits.mapped("scheduled_date"), FIRST_SIX + MONTHLY)
        self.assertEqual(set(revisits.mapped("state")), {"planned"})
        self.assertFalse(any(revisits.mapped("is_overdue")))
        events = revisits.calendar_event_id
        self.assertEqual(len(events), 15)
        self.assertEqual(events.user_id, self.user_rep)
        self.assertEqual(events.partner_ids, self.user_rep.partner_id)
        self.assertEqual(events.opportunity_id, self.deal_rep)
        self.assertEqual(set(events.mapped("res_model")), {"key.account.revisit"})
        first = revisits[0]
        self.assertEqual(first.calendar_event_id.res_id, first.id)
        self.assertEqual(first.calendar_event_id.start.date(), date(2025, 1, 16))
        activity = first.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.activity_type_id, self.env.ref("mail.mail_activity_data_meeting"))
        self.assertEqual(activity.user_id, self.user_rep)
        self.assertEqual(activity.date_deadline, date(2025, 1, 16))
        self.assertEqual(activity.calendar_event_id, first.calendar_event_id)
        self.assertEqual(plan.revisit_count, 15)
        self.assertEqual(plan.next_revisit_date, date(2025, 1, 16))
        # no invitation mail for the meetings
        self.assertFalse(
            self.env["mail.mail"].search(
                [("model", "=", "calendar.event"), ("res_id", "in", events.ids)]
            )
        )

    def test_generation_queries_per_batch(self):
        """Planning more orders at once costs no more queries: none per meeting."""
        self.company.kam_revisit_plan_trigger = "invoice"
        orders = self.env["sale.order"].concat(
            *(self._order(opportunity=self.deal_rep) for _number in range(9))
        )
        orders.action_confirm()

        def queries(batch):
            self.env.flush_all()
            self.env.cr.flush()
            before = self.cr.sql_log_count
            batch._kam_create_revisit_plans()
            self.env.flush_all()
            self.env.cr.flush()
            return self.cr.sql_log_count - before

        queries(orders[0])  # the caches of the first planning
        few = queries(orders[1:3])
        # three times the orders, plans and meetings (90 against 30)
        self.assertLessEqual(queries(orders[3:]), few)
        revisits = orders[3:].revisit_plan_ids.revisit_ids
        self.assertEqual(len(revisits), 90)
        self.assertEqual(len(revisits.calendar_event_id), 90)
        self.assertEqual(len(revisits.activity_ids), 90)
        self.assertEqual(revisits.activity_ids.calendar_event_id, revisits.calendar_event_id)

    def test_confirmation_creates_one_plan(self):
        order = self._order(opportunity=self.deal_rep)
        order.action_confirm()
        plan = order.revisit_plan_ids
        self.assertEqual(len(plan), 1)
        self.assertEqual(plan.partner_id, self.account)
        self.assertEqual(plan.opportunity_id, self.deal_rep)
        self.assertEqual(plan.user_id, self.user_rep)
        self.assertEqual(plan.state, "active")
        self.assertEqual(plan.template_id, self.template)
        self.assertEqual(len(plan.revisit_ids), 15)
        self.assertEqual(order.revisit_plan_count, 1)
        self.assertEqual(self.account.revisit_plan_count, 1)
        # confirmed again after a cancellation: still one plan
        order._action_cancel()
        order.action_draft()
        order.action_confirm()
        order._kam_create_revisit_plans()
        self.assertEqual(order.revisit_plan_ids, plan)
        self.assertEqual(len(plan.revisit_ids), 15)

    def test_confirmation_of_a_contact_order(self):
        """An order to a person of a key account plans for the company."""
        order = self._order(partner=self.account_contact)
        order.action_confirm()
        self.assertEqual(order.revisit_plan_ids.partner_id, self.account)

    def test_ordinary_order_has_no_plan(self):
        order = self._order(partner=self.customer)
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertFalse(order.revisit_plan_ids)

    def test_batch_confirmation(self):
        orders = (
            self._order() | self._order(partner=self.customer) | self._order(user=self.user_rep2)
        )
        orders.action_confirm()
        self.assertEqual(len(orders[0].revisit_plan_ids), 1)
        self.assertFalse(orders[1].revisit_plan_ids)
        self.assertEqual(orders[2].revisit_plan_ids.user_id, self.user_rep2)

    def test_first_invoice_trigger(self):
        self.company.kam_revisit_plan_trigger = "invoice"
        order = self._order()
        order.action_confirm()
        self.assertFalse(order.revisit_plan_ids)
        order._create_invoices().action_post()
        self.assertEqual(len(order.revisit_plan_ids), 1)
        order.order_line.product_uom_qty = 2
        order._create_invoices().action_post()
        self.assertEqual(len(order.revisit_plan_ids), 1)

    def test_regeneration_keeps_done_revisits(self):
        with freeze_time("2024-12-20"):
            plan = self._plan()
        revisits = plan.revisit_ids
        with freeze_time("2025-02-20"):
            revisits[:2].write({"satisfaction": "4"})
            revisits[:2].action_done()
            done_events = revisits[:2].calendar_event_id
            future_events = revisits[3:].calendar_event_id
            monthly = self.env["key.account.revisit.template"].create(
                {
                    "name": "Monthly",
                    "phase_ids": [
                        Command.create({"interval": 1, "interval_unit": "months", "duration": 12})
                    ],
                }
            )
            plan.template_id = monthly
            plan.invalidate_recordset()
            kept = plan.revisit_ids.filtered(
                lambda revisit: revisit.scheduled_date <= date(2025, 2, 20)
            )
            self.assertEqual(kept, revisits[:3])
            self.assertEqual(kept.mapped("state"), ["done", "done", "planned"])
            # past and not done: kept, and overdue by its date
            self.assertTrue(kept[2].is_overdue)
            self.assertEqual(kept.calendar_event_id, done_events | revisits[2].calendar_event_id)
            self.assertFalse(future_events.exists())
            self.assertFalse(revisits[3:].exists())
            new = plan.revisit_ids - kept
            self.assertEqual(new[0].scheduled_date, date(2025, 3, 1))
            self.assertEqual(new[-1].scheduled_date, date(2026, 1, 1))
            self.assertEqual(len(new), 11)
            self.assertEqual(new.mapped("name")[0], "Revisit 4")
            self.assertEqual(len(new.calendar_event_id), 11)
            # editing the phases of the template plans the future again too
            monthly.write(
                {
                    "phase_ids": [
                        Command.clear(),
                        Command.create({"interval": 2, "interval_unit": "months", "duration": 12}),
                    ]
                }
            )
            plan.invalidate_recordset()
            self.assertEqual(
                (plan.revisit_ids - kept).mapped("scheduled_date"),
                [date(2025, month, 1) for month in (3, 5, 7, 9, 11)] + [date(2026, 1, 1)],
            )
            # a done revisit is never deleted
            with self.assertRaises(UserError):
                revisits[0].unlink()

    def test_new_responsible(self):
        with freeze_time("2024-12-20"):
            plan = self._plan()
        revisits = plan.revisit_ids
        with freeze_time("2025-01-20"):
            revisits[0].action_done()
            plan.user_id = self.user_rep2
        self.assertEqual(revisits[0].user_id, self.user_rep)
        future = plan.revisit_ids - revisits[0]
        self.assertEqual(future.user_id, self.user_rep2)
        self.assertEqual(future.calendar_event_id.user_id, self.user_rep2)
        self.assertEqual(future.activity_ids.user_id, self.user_rep2)
        self.assertEqual(plan.revisit_ids.partner_id, self.account)

    def test_cancel_keeps_done_revisits(self):
        with freeze_time("2024-12-20"):
            plan = self._plan()
        revisits = plan.revisit_ids
        with freeze_time("2025-02-01"):
            revisits[0].action_done()
            planned_events = revisits[1:].calendar_event_id
            plan.action_cancel()
        self.assertEqual(plan.state, "cancel")
        self.assertEqual(revisits[0].state, "done")
        self.assertTrue(revisits[0].calendar_event_id)
        self.assertEqual(set(revisits[1:].mapped("state")), {"cancel"})
        self.assertFalse(planned_events.exists())
        self.assertFalse(revisits[1:].activity_ids)
        self.assertEqual(plan.revisit_count, 1)
        with self.assertRaises(UserError):
            plan.action_cancel()

    def test_outcome_and_follow_up(self):
        with freeze_time("2024-12-20"):
            plan = self._plan()
        revisit = plan.revisit_ids[0]
        with self.assertRaises(UserError) as error:
            revisit.action_raise_follow_up()
        self.assertIn(revisit.name, str(error.exception))
        revisit.write(
            {
                "method": "visit",
                "contact_ids": [Command.set(self.account_contact.ids)],
                "satisfaction": "2",
                "care_activity": "maintenance",
                "problems": "Hydraulic leak on press 3",
                "actions": "Replace the seal",
                "action_user_id": self.user_rep2.id,
            }
        )
        with freeze_time("2025-01-17"):
            revisit.action_done()
            revisit.action_raise_follow_up()
        self.assertEqual(revisit.state, "done")
        self.assertEqual(revisit.done_date, date(2025, 1, 17))
        self.assertFalse(revisit.activity_ids)
        follow_up = plan.activity_ids
        self.assertEqual(follow_up.user_id, self.user_rep2)
        self.assertIn("Hydraulic leak", follow_up.note)
        self.assertEqual(plan.satisfaction_avg, 2.0)
        self.assertEqual(revisit.satisfaction_score, 2)
        with self.assertRaises(UserError):
            revisit.action_done()
