"""Account health: the early warning, the monthly snapshots and the next
best action."""

from datetime import timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import tagged

from .common_health import KeyAccountHealthCommon


@tagged("post_install", "-at_install")
class TestHealthAlerts(KeyAccountHealthCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.kam_cadence_key_days = 30
        cls.account.kam_importance = "important"  # key: every 30 days
        (cls.deal_rep | cls.deal_rep2).active = False
        cls._role(cls.economic_buyer, "economic_buyer", met_days_ago=100)
        cls._role(cls.payer, "actual_buyer", met_days_ago=100)

    def _neglect(self):
        """Not contacted for 100 days and 90+ days overdue: at risk."""
        self._contact(100)
        self._invoice(5000, due_in=-100, invoice_days_ago=130)

    def test_at_risk_raises_one_activity_and_a_note(self):
        self._neglect()
        snapshot = self._measure()
        self.assertEqual(snapshot.state, "at_risk")
        alert = self._alerts()
        self.assertEqual(len(alert), 1)
        self.assertEqual(alert.user_id, self.user_rep)
        self.assertEqual(alert.date_deadline, self.today)
        # the two weakest factors, with the data behind them
        self.assertIn("Contact Frequency", alert.note)
        self.assertIn("Key People Met", alert.note)
        self.assertIn("Account at risk", self.account.message_ids[0].body)
        # the next day: still at risk, no second activity
        self._measure()
        self.assertEqual(len(self._alerts()), 1)

    def test_no_new_alert_while_it_stays_at_risk(self):
        self._neglect()
        self._measure()
        self._alerts().action_feedback(feedback="Called them")
        self._measure()
        self.assertFalse(self._alerts(), "the rep has seen it: no new alert until it recovers")

    def test_recovery_closes_the_alert(self):
        self._neglect()
        self._measure()
        self._contact(1)
        for role in self.account.buying_role_ids:
            role.last_contact_date = self.today
        self._pay(self.env["account.move"].search([("partner_id", "=", self.account.id)]), 5000)
        snapshot = self._measure()
        self.assertEqual(snapshot.state, "healthy")
        self.assertFalse(self._alerts())
        done = self.env["mail.message"].search(
            [
                ("model", "=", "res.partner"),
                ("res_id", "=", self.account.id),
                ("mail_activity_type_id", "=", self.alert_type.id),
            ]
        )
        self.assertIn("Recovered", done[0].body)

    def test_watch_alerts_only_strategic_accounts(self):
        self._contact(50)  # key cadence 30: 67 -> watch
        self.assertEqual(self._measure().state, "watch")
        self.assertFalse(self._alerts())
        self.account.kam_importance = "critical"
        self.account.kam_contact_cadence_days = 30
        self.assertEqual(self._measure().state, "watch")
        self.assertEqual(len(self._alerts()), 1)

    def test_one_snapshot_per_month(self):
        self._contact(10)
        with freeze_time(self.today - timedelta(days=40)):
            first = self._measure()
        second = self._measure()
        self.assertNotEqual(first, second)
        self.assertEqual(self.account.kam_health_snapshot_id, second)
        again = self._measure()
        self.assertEqual(again, second, "the same month's snapshot is kept up to date")
        self.assertEqual(len(self.account.kam_health_snapshot_ids), 2)

    def test_daily_job_measures_each_account_once_a_day(self):
        self._contact(10)
        self._contact(10, account=self.account2)
        self.env["res.partner"]._cron_kam_compute_health(batch_size=1)
        self.assertEqual(self.account.kam_health_date, self.today)
        self.assertEqual(self.account2.kam_health_date, self.today)
        # run again the same day under the cron: nothing done, nothing left
        cron = self.env.ref("key_account_management.ir_cron_kam_compute_health")
        progress = self.env["ir.cron.progress"].create({"cron_id": cron.id})
        Partner = self.env["res.partner"].with_context(ir_cron_progress_id=progress.id)
        Partner._cron_kam_compute_health()
        self.assertEqual((progress.done, progress.remaining), (0, 0))

    def test_daily_job_commits_a_batch_at_a_time_under_the_cron(self):
        Partner = self.env["res.partner"]
        Partner._cron_kam_compute_health()  # every key account measured today
        accounts = self.account | self.account2
        self.env.cr.execute(
            "UPDATE res_partner SET kam_health_date = kam_health_date - 1 WHERE id IN %s",
            [tuple(accounts.ids)],
        )
        self.env.invalidate_all()
        cron = self.env.ref("key_account_management.ir_cron_kam_compute_health")
        progress = self.env["ir.cron.progress"].create({"cron_id": cron.id})
        batches = []
        refresh = type(Partner)._kam_refresh_health

        def spy(partners):
            batches.append(partners.ids)
            return refresh(partners)

        self.startPatcher(
            patch.object(type(Partner), "_kam_refresh_health", autospec=True, side_effect=spy)
        )
        Partner.with_context(ir_cron_progress_id=progress.id)._cron_kam_compute_health(batch_size=1)
        # each batch a transaction of its own under the cron, committed with
        # the job's progress (a savepoint in tests, which cannot commit)
        self.assertEqual(batches, [[account.id] for account in accounts.sorted("id")])
        self.assertEqual((progress.done, progress.remaining), (2, 0))
        self.assertEqual(set(accounts.mapped("kam_health_date")), {self.today})

    def test_daily_job_mends_an_account_whose_snapshot_was_left_behind(self):
        snapshot = self._measure()
        # the month's snapshot written, the account's pointer and date not
        self.env.cr.execute(
            "UPDATE res_partner SET kam_health_snapshot_id = NULL, kam_health_date = NULL "
            "WHERE id = %s",
            [self.account.id],
        )
        self.env.invalidate_all()
        self.env["res.partner"]._cron_kam_compute_health()
        self.assertEqual(self.account.kam_health_snapshot_id, snapshot)
        self.assertEqual(self.account.kam_health_date, self.today)

    def test_next_action_plans_a_meeting_with_the_right_person(self):
        self._contact(100)
        snapshot = self._measure()
        self.assertEqual(snapshot.next_action_factor, "contact")
        self.assertIn("not contacted for 100 days", snapshot.next_action)
        self.assertIn("Test Economic Buyer", snapshot.next_action)
        action = self.account.with_user(self.user_rep).action_kam_next_action()
        self.assertEqual(action["res_model"], "calendar.event")
        meeting = (
            self.env["calendar.event"]
            .with_user(self.user_rep)
            .with_context(**action["context"])
            .create({})
        )
        self.assertIn(self.economic_buyer, meeting.partner_ids)
        self.assertEqual(meeting.kam_account_id, self.account)
        # the meeting held is the next contact
        meeting.write({"start": self._days_ago(1), "stop": self._days_ago(1) + timedelta(hours=1)})
        self._measure()
        self.assertEqual(self.account.kam_last_contact_date, self.today - timedelta(days=1))

    def test_next_action_of_each_factor(self):
        self._contact(1)
        self.account.buying_role_ids.last_contact_date = self.today
        self._invoice(5000, due_in=-100, invoice_days_ago=130)
        snapshot = self._measure()
        self.assertEqual(snapshot.next_action_factor, "money")
        self.assertIn("call the payer, Test Payer", snapshot.next_action)
        self.assertEqual(snapshot.next_action_person_id, self.payer)
        for factor, model in (
            ("contact", "key.account.visit"),
            ("coverage", "key.account.buying.role"),
            ("satisfaction", "key.account.revisit"),
            ("money", "key.account.receivable"),
            ("purchases", "account.move"),
            ("problems", "key.account.revisit.plan"),
            ("momentum", "crm.lead"),
        ):
            action = self.account._kam_health_records_action(factor)
            self.assertEqual(action["res_model"], model, factor)
            self.env[model].search(action["domain"])  # a valid domain
        # the deal shows its account's next action
        deal = self.deal_rep
        deal.active = True
        self.assertEqual(deal.kam_account_next_action, snapshot.next_action)
        self.assertEqual(deal.kam_account_health_state, snapshot.state)
