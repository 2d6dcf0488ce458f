"""Account health: each factor, from the records behind it, and the score
over the factors that have data."""

from datetime import timedelta

from odoo.tests import tagged

from ..models.key_account_health_factor import HEALTH_FACTORS
from .common_health import KeyAccountHealthCommon


@tagged("post_install", "-at_install")
class TestHealthFactors(KeyAccountHealthCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.account.write({"kam_importance": "critical"})  # strategic: every 14 days
        cls.company.kam_cadence_strategic_days = 14
        # the deals of the common set-up belong to the momentum test only
        cls.deals = cls.deal_rep | cls.deal_rep2
        cls.deals.partner_id = cls.customer_elsewhere = cls.env["res.partner"].create(
            {"name": "Test Elsewhere", "is_company": True}
        )

    def test_contact_against_the_tier_cadence(self):
        self.assertEqual(self.account.kam_tier, "strategic")
        self._contact(7)
        snapshot = self._measure()
        self.assertEqual(self.account.kam_last_contact_date, self.today - timedelta(days=7))
        self.assertEqual(self.account.kam_next_contact_date, self.today + timedelta(days=7))
        self.assertEqual(self._factor(snapshot, "contact").score, 100)
        self._contact(28)  # an older contact changes nothing
        self.assertEqual(self._factor(self._measure(), "contact").score, 100)

    def test_contact_decays_to_zero_at_three_cadences(self):
        self._contact(28)
        snapshot = self._measure()
        self.assertEqual(self._factor(snapshot, "contact").score, 50)
        self.assertEqual(self.account.kam_contact_overdue_days, 14)
        self.assertIn("28", self._factor(snapshot, "contact").detail)
        # the account's own frequency wins over its tier's
        self.account.kam_contact_cadence_days = 28
        self.assertEqual(self._factor(self._measure(), "contact").score, 100)
        self.account.kam_contact_cadence_days = 7
        self.assertEqual(self._factor(self._measure(), "contact").score, 0)

    def test_done_revisit_and_past_meeting_are_contacts(self):
        plan = self._plan()
        self._rate(plan, 4)
        self.assertEqual(
            self.account.kam_last_contact_date,
            plan.revisit_ids.sorted("scheduled_date")[0].done_date,
        )
        # a meeting of the key-account team
        self.env["calendar.event"].with_user(self.user_rep).create(
            {
                "name": "Lunch",
                "start": self._days_ago(2),
                "stop": self._days_ago(2) + timedelta(hours=1),
                "res_model_id": self.env["ir.model"]._get_id("res.partner"),
                "res_id": self.account.id,
            }
        )
        self._measure()
        self.assertEqual(self.account.kam_last_contact_date, self.today - timedelta(days=2))

    def test_new_account_without_data_has_no_score(self):
        snapshot = self._measure(self.account2)
        self.assertFalse(
            self._factor(snapshot, "contact").detail, "a new account is not neglected yet"
        )
        self.assertFalse(snapshot.state)
        self.assertFalse(self.account2.kam_health_state)

    def test_coverage_of_economic_buyer_and_coach(self):
        self._role(self.economic_buyer, "economic_buyer", met_days_ago=20)
        self._role(self.coach, "coach", met_days_ago=120)
        snapshot = self._measure()
        self.assertEqual(self._factor(snapshot, "coverage").score, 50)
        self.assertIn("Coach not met for 90 days", self._factor(snapshot, "coverage").detail)
        self.assertFalse(
            self._factor(self._measure(self.account2), "coverage").detail,
            "no buying centre: no data",
        )

    def test_satisfaction_mean_and_trend(self):
        plan = self._plan()
        self._rate(plan, 5, 5, 5, 2, 2, 3)
        snapshot = self._measure()
        # last three: 2, 2, 3 -> 2.33 stars -> 33; falling from 5: -10
        self.assertAlmostEqual(self._factor(snapshot, "satisfaction").score, 23.3, places=0)
        self.assertIn("falling", self._factor(snapshot, "satisfaction").detail)

    def test_money_overdue_share_and_age(self):
        self._invoice(1000, due_in=-60, invoice_days_ago=90)
        self._invoice(3000, due_in=20)
        snapshot = self._measure()
        # 25 % overdue, oldest 60 days: 100 - 15 - 20
        self.assertAlmostEqual(self._factor(snapshot, "money").score, 65, places=0)
        self.assertEqual(snapshot.next_action_factor, "money")
        paid = self._invoice(500, partner=self.account2, due_in=-10, invoice_days_ago=40)
        self._pay(paid, 500)
        self.assertEqual(self._factor(self._measure(self.account2), "money").score, 100)

    def test_purchases_fall_and_order_rhythm(self):
        self._invoice(10000, invoice_days_ago=500, due_in=-400)
        self._invoice(4500, invoice_days_ago=100, due_in=-60)
        for days in (400, 300, 200):
            self._order(days)
        snapshot = self._measure()
        # -55 % on the year before: ramp from 100 % (100) to 20 % (0) -> 31;
        # no order for 200 days, usually every 100: ramp 1.5 -> 3 -> 67
        self.assertAlmostEqual(self._factor(snapshot, "purchases").score, 31.2, places=0)
        self.assertIn("-55", self._factor(snapshot, "purchases").detail)

    def test_open_problems(self):
        plan = self._plan()
        revisit = self._rate(plan, 4)
        revisit.problems = "Hydraulic leak on press 2"
        revisit.action_raise_follow_up()
        self.assertAlmostEqual(self._factor(self._measure(), "problems").score, 66.7, places=0)
        plan.activity_ids.action_feedback(feedback="Fixed")
        self.assertEqual(self._factor(self._measure(), "problems").score, 100)

    def test_deal_momentum(self):
        self.deals.partner_id = self.account
        self.deals.flush_recordset()
        self.env.cr.execute(
            "UPDATE crm_lead SET date_last_stage_update = %s WHERE id = %s",
            (self._days_ago(60), self.deal_rep.id),
        )
        self.env.invalidate_all()
        snapshot = self._measure()
        self.assertEqual(self._factor(snapshot, "momentum").score, 50)
        self.assertIn("1 of 2", self._factor(snapshot, "momentum").detail)

    def test_score_reweights_the_factors_with_data(self):
        """Contact alone (weight 25) and money alone (15): the score is their
        weighted mean, as if the other factors did not exist."""
        self._contact(28)  # 50
        self._invoice(1000, due_in=20)  # nothing overdue: 100
        snapshot = self._measure()
        self.assertAlmostEqual(snapshot.score, (50 * 25 + 100 * 15) / 40, places=1)
        lines = self.account.kam_health_line_ids
        self.assertEqual(len(lines), len(HEALTH_FACTORS))
        self.assertAlmostEqual(sum(lines.mapped("weight")), 100, places=1)
        self.assertAlmostEqual(sum(lines.mapped("contribution")), snapshot.score, places=1)
        self.assertFalse(lines.filtered(lambda line: line.factor == "coverage").has_data)
        # a rep opens the records behind a factor from the account's table
        contact = self.account.with_user(self.user_rep).kam_health_line_ids.filtered(
            lambda line: line.factor == "contact"
        )
        self.assertEqual(contact.weight, 25 * 100 / 40)
        self.assertEqual(contact.action_open_records()["res_model"], "key.account.visit")

    def test_states_follow_the_thresholds(self):
        self._contact(28)  # contact 50 alone
        self.assertEqual(self._measure().state, "watch")
        self.company.kam_health_watch_score = 55
        self.assertEqual(self._measure().state, "at_risk")
        # the thresholds are checked together: 0 < watch < healthy
        self.company.write({"kam_health_healthy_score": 50, "kam_health_watch_score": 30})
        self.assertEqual(self._measure().state, "healthy")

    def test_each_factor_says_what_to_do(self):
        """The weakest factor's sentence, whichever it is, names what to do
        and, for a meeting, with whom."""
        self.deals.partner_id = self.account
        self._role(self.economic_buyer, "economic_buyer")
        self._role(self.coach, "coach", met_days_ago=200)
        self._role(self.payer, "actual_buyer")
        self._contact(50)
        plan = self._plan()
        revisit = self._rate(plan, 2)
        revisit.problems = "Leak"
        revisit.action_raise_follow_up()
        self._invoice(1000, due_in=-60, invoice_days_ago=90)
        self._invoice(10000, invoice_days_ago=500, due_in=-400)
        self.env.cr.execute(
            "UPDATE crm_lead SET date_last_stage_update = %s WHERE id IN %s",
            (self._days_ago(60), tuple(self.deals.ids)),
        )
        self.env.invalidate_all()
        measures, _people = self.env["key.account.health.measure"]._measure_all(
            self.account, self.today
        )
        expected = {
            "contact": "not contacted for 50 days",
            "coverage": "Economic Buyer not met",
            "satisfaction": "plan a revisit",
            "money": "call the payer",
            "purchases": "review with the coach",
            "problems": "see that their follow-ups are done",
            "momentum": "2 of 2 open deals stalled",
        }
        Measure = self.env["key.account.health.measure"]
        for factor, words in expected.items():
            figures = measures[factor][self.account.id].action
            text = Measure._action_text(factor, figures, self.company, "Test Person")
            self.assertIn(words, text, factor)
