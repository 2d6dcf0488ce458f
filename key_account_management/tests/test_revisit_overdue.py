"""The daily job marks overdue revisits and reminds their responsible."""

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import KeyAccountRevisitCommon


@tagged("post_install", "-at_install")
class TestRevisitOverdue(KeyAccountRevisitCommon):
    def test_overdue_by_date_and_reminded_once(self):
        Plan = self.env["key.account.revisit.plan"]
        Revisit = self.env["key.account.revisit"]
        with freeze_time("2024-12-20"):
            plans = Plan.create(
                [
                    {
                        "partner_id": self.account.id,
                        "user_id": user.id,
                        "template_id": self.template.id,
                        "start_date": date(2025, 1, 1),
                        "state": "active",
                    }
                    for user in (self.user_rep, self.user_rep, self.user_rep2)
                ]
            )
            self.env.flush_all()
        revisits = plans.revisit_ids
        with freeze_time("2025-01-10"):
            revisits.invalidate_recordset(["is_overdue"])
            self.assertFalse(any(revisits.mapped("is_overdue")))
        with freeze_time("2025-01-20"):
            revisits.filtered(lambda revisit: revisit.scheduled_date == date(2025, 1, 16))[
                0
            ].action_done()
        todo = self.env.ref("mail.mail_activity_data_todo")
        with freeze_time("2025-02-01"):
            # overdue the day after its date, before any job ran
            revisits.invalidate_recordset(["is_overdue"])
            overdue = revisits.filtered("is_overdue")
            # 16 and 31 January for three plans, one of them done
            self.assertEqual(len(overdue), 5)
            self.assertEqual(overdue.mapped("state"), ["planned"] * 5)
            self.assertEqual(Revisit.search([("is_overdue", "=", True)]) & revisits, overdue)
            self.assertEqual(
                Revisit.search([("is_overdue", "=", False)]) & revisits, revisits - overdue
            )
            plans.invalidate_recordset()
            self.assertEqual(plans[0].overdue_count + plans[1].overdue_count, 3)
            # the daily job reminds the responsible, once each
            self.assertEqual(Revisit._cron_mark_overdue(), overdue)
        reminders = revisits.activity_ids.filtered(
            lambda activity: activity.activity_type_id == todo
        )
        self.assertEqual(reminders.user_id, self.user_rep | self.user_rep2)
        self.assertEqual(len(reminders), 2)
        rep_reminder = reminders.filtered(lambda activity: activity.user_id == self.user_rep)
        self.assertEqual(rep_reminder.summary, "3 revisits overdue")
        # the next run finds nothing new
        with freeze_time("2025-02-02"):
            self.assertFalse(Revisit._cron_mark_overdue())
        self.assertEqual(
            len(revisits.activity_ids.filtered(lambda activity: activity.activity_type_id == todo)),
            2,
        )
        # recording a revisit done: no longer overdue
        with freeze_time("2025-02-03"):
            overdue[0].action_done()
            self.assertFalse(overdue[0].is_overdue)
        # a plan started in the past: its past revisits are no news to remind of
        with freeze_time("2025-02-03"):
            late = Plan.create(
                {
                    "partner_id": self.account.id,
                    "user_id": self.user_rep.id,
                    "template_id": self.template.id,
                    "start_date": date(2025, 1, 1),
                    "state": "active",
                }
            )
            self.assertTrue(late.revisit_ids.filtered("is_overdue"))
            self.assertFalse(Revisit._cron_mark_overdue())
        # nobody else writes the reminder's mark
        with self.assertRaises(AccessError):
            late.revisit_ids[-1:].with_user(self.user_rep).write({"overdue_reminded": True})
        cron = self.env.ref("key_account_management.key_account_revisit_cron_overdue")
        self.assertEqual(cron.code, "model._cron_mark_overdue()")
