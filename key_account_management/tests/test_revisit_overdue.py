"""The daily job marks overdue revisits and reminds their responsible."""

from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import KeyAccountRevisitCommon


@tagged("post_install", "-at_install")
class TestRevisitOverdue(KeyAccountRevisitCommon):
    def test_cron_marks_overdue_and_reminds(self):
        Plan = self.env["key.account.revisit.plan"]
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
        self.assertFalse(any(revisits.mapped("is_overdue")))
        revisits.filtered(lambda revisit: revisit.scheduled_date == date(2025, 1, 16))[
            0
        ].action_done()
        todo = self.env.ref("mail.mail_activity_data_todo")
        with freeze_time("2025-02-01"):
            overdue = self.env["key.account.revisit"]._cron_mark_overdue()
        # 16 and 31 January for three plans, one of them done
        self.assertEqual(len(overdue), 5)
        self.assertTrue(all(overdue.mapped("is_overdue")))
        self.assertEqual(overdue.mapped("state"), ["planned"] * 5)
        self.assertEqual(
            self.env["key.account.revisit"].search([("is_overdue", "=", True)]) & revisits, overdue
        )
        reminders = revisits.activity_ids.filtered(
            lambda activity: activity.activity_type_id == todo
        )
        self.assertEqual(reminders.user_id, self.user_rep | self.user_rep2)
        self.assertEqual(len(reminders), 2)
        rep_reminder = reminders.filtered(lambda activity: activity.user_id == self.user_rep)
        self.assertEqual(rep_reminder.summary, "3 revisits overdue")
        self.assertEqual(plans[0].overdue_count + plans[1].overdue_count, 3)
        # the next run finds nothing new
        with freeze_time("2025-02-02"):
            self.assertFalse(self.env["key.account.revisit"]._cron_mark_overdue())
        self.assertEqual(
            len(revisits.activity_ids.filtered(lambda activity: activity.activity_type_id == todo)),
            2,
        )
        # recording a revisit done clears the flag
        overdue[0].action_done()
        self.assertFalse(overdue[0].is_overdue)
        cron = self.env.ref("key_account_management.key_account_revisit_cron_overdue")
        self.assertEqual(cron.code, "model._cron_mark_overdue()")
