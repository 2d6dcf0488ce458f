from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import KeyAccountCommon
from .common_tour import KeyAccountTourCommon


@tagged("post_install", "-at_install")
class TestEvaluation(KeyAccountCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.scorecard = cls.env.ref("key_account_management.key_account_scorecard_go_no_go")

    def test_default_scorecard_is_the_go_no_go_model(self):
        """000 评估模型: the customer's factors, then the competition's."""
        self.assertEqual(
            self.scorecard.with_context(lang="en_US").criterion_ids.mapped("name"),
            [
                "Customer level",
                "Financial position",
                "Technical requirements",
                "Customer rapport",
                "Credit standing",
                "Competition: product",
                "Competition: price",
                "Competition: technical solution",
                "Competition: after-sales service",
            ],
        )
        self.assertEqual(self.scorecard.usage, "evaluation")
        self.assertEqual(self.scorecard.total_weight, 100)
        self.assertEqual(self.deal_rep._kam_default_scorecard(), self.scorecard)

    def test_weights_must_add_up_to_100(self):
        first, second = self.scorecard.criterion_ids[:2]
        with self.assertRaises(ValidationError) as error:
            first.weight += 5
        self.assertIn("add up to 105", str(error.exception))
        self.assertEqual(self.scorecard.total_weight, 100)
        # moving weight between criteria in one save is fine
        self.scorecard.write(
            {
                "criterion_ids": [
                    (1, first.id, {"weight": first.weight + 5}),
                    (1, second.id, {"weight": second.weight - 5}),
                ]
            }
        )
        self.assertEqual(self.scorecard.total_weight, 100)

    def test_new_scorecard_with_bad_weights_is_refused(self):
        with self.assertRaises(ValidationError):
            self.env["key.account.scorecard"].create(
                {
                    "name": "Lopsided",
                    "criterion_ids": [
                        (0, 0, {"name": "Price", "weight": 70}),
                        (0, 0, {"name": "Brand", "weight": 20}),
                    ],
                }
            )
        self.assertFalse(self.env["key.account.scorecard"].search([("name", "=", "Lopsided")]))

    def _score(self, deal, scores):
        deal.action_kam_start_evaluation()
        for line in deal.kam_score_ids:
            line.score = scores
        return deal

    def test_weighted_total_and_outcome(self):
        deal = self.deal_rep.with_user(self.user_rep)
        deal.action_kam_start_evaluation()
        self.assertEqual(len(deal.kam_score_ids), 9)
        self.assertFalse(deal.kam_evaluation_outcome)
        deal.kam_score_ids.write({"score": 6})
        self.assertAlmostEqual(deal.kam_evaluation_score, 60.0)
        self.assertEqual(deal.kam_evaluation_outcome, "pursue")
        self.assertTrue(deal.kam_evaluation_passed)
        # the customer level weighs 15 %: from 6 to 1 costs 7.5 points
        deal.kam_score_ids[0].score = 1
        self.assertAlmostEqual(deal.kam_evaluation_score, 52.5)
        self.assertEqual(deal.kam_evaluation_outcome, "lower")
        deal.kam_score_ids.write({"score": 2})
        self.assertEqual(deal.kam_evaluation_outcome, "drop")
        self.assertFalse(deal.kam_evaluation_passed)

    def test_score_out_of_range(self):
        self.deal_rep.action_kam_start_evaluation()
        with self.assertRaises(ValidationError) as error:
            self.deal_rep.kam_score_ids[0].score = 11
        self.assertIn("between 0 and 10", str(error.exception))

    def test_start_evaluation_twice_adds_nothing(self):
        self.deal_rep.action_kam_start_evaluation()
        self.deal_rep.action_kam_start_evaluation()
        self.assertEqual(len(self.deal_rep.kam_score_ids), 9)

    def test_competitors_of_a_deal(self):
        rival = self.env["res.partner"].create({"name": "Rival Machines", "is_company": True})
        deal = self.deal_rep.with_user(self.user_rep)
        deal.kam_competitor_ids = [
            (0, 0, {"competitor_id": rival.id, "offer_amount": 900_000, "strengths": "Price"})
        ]
        self.assertEqual(deal.kam_competitor_ids.outcome, "pending")
        deal.kam_competitor_ids.outcome = "we_won"
        self.assertEqual(deal.kam_competitor_ids.outcome, "we_won")


@tagged("post_install", "-at_install")
class TestEvaluationPhoneUi(KeyAccountTourCommon):
    rep_login = "kam_tour_evaluation_rep"
    account_name = "Tour Evaluation Works"

    def test_evaluation_on_a_phone(self):
        deal = self._deal("Tour evaluated deal")
        deal.action_kam_start_evaluation()
        self._start_tour(
            f"/odoo/crm.lead/{deal.id}", "key_account_evaluation_phone_tour", phone=True
        )
