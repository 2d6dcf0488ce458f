from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import KeyAccountCommon


@tagged("post_install", "-at_install")
class TestGradingAccess(KeyAccountCommon):
    def test_rep_scores_own_deals_only(self):
        self.deal_rep.action_kam_start_evaluation()
        self.deal_rep2.action_kam_start_evaluation()
        Score = self.env["key.account.evaluation.score"].with_user(self.user_rep)
        visible = Score.search([])
        self.assertEqual(visible.lead_id, self.deal_rep)
        with self.assertRaises(AccessError):
            self.deal_rep2.kam_score_ids[0].with_user(self.user_rep).score = 9

    def test_only_managers_change_scorecards(self):
        scorecard = self.env.ref("key_account_management.key_account_scorecard_default")
        self.assertTrue(scorecard.with_user(self.user_rep).name)
        with self.assertRaises(AccessError):
            scorecard.with_user(self.user_rep).pass_score = 10
        scorecard.with_user(self.user_manager).pass_score = 65
        self.assertEqual(scorecard.pass_score, 65)

    def test_finance_sees_no_evaluation(self):
        self.deal_rep.action_kam_start_evaluation()
        with self.assertRaises(AccessError):
            self.env["key.account.evaluation.score"].with_user(self.user_finance).search([])

    def test_rep_competitors_own_deals_only(self):
        rival = self.env["res.partner"].create({"name": "Rival", "is_company": True})
        self.deal_rep2.kam_competitor_ids = [(0, 0, {"competitor_id": rival.id})]
        Competitor = self.env["key.account.competitor"].with_user(self.user_rep)
        self.assertFalse(Competitor.search([("lead_id", "=", self.deal_rep2.id)]))
