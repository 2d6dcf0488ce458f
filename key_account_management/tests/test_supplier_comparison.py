"""项目评估 (003): the customer's criteria, weighted, us against each competitor;
stage 3's key node."""

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import KeyAccountCommon


@tagged("post_install", "-at_install")
class TestSupplierComparison(KeyAccountCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.rival_a = Partner.create({"name": "Test Rival A", "is_company": True})
        cls.rival_b = Partner.create({"name": "Test Rival B", "is_company": True})

    def _compare(self, deal, criteria, rivals=()):
        """criteria: (name, weight, our score, {rival partner: score})"""
        deal.kam_competitor_ids = [Command.create({"competitor_id": rival.id}) for rival in rivals]
        deal.kam_comparison_ids = [
            Command.create({"name": name, "weight": weight, "our_score": ours})
            for name, weight, ours, _theirs in criteria
        ]
        for criterion, (_name, _weight, _ours, theirs) in zip(
            deal.kam_comparison_ids, criteria, strict=True
        ):
            for line in criterion.score_ids:
                line.score = theirs[line.competitor_id.competitor_id]
        return deal

    def test_start_from_the_usual_criteria(self):
        deal = self.deal_rep.with_user(self.user_rep)
        deal.action_kam_start_comparison()
        template = self.env.ref("key_account_management.key_account_scorecard_default")
        self.assertEqual(template.usage, "comparison")
        self.assertEqual(
            deal.kam_comparison_ids.mapped("name"),
            template.criterion_ids.mapped("name"),
        )
        self.assertEqual(len(deal.kam_comparison_ids), 8)
        self.assertEqual(deal.kam_comparison_weight, 100)
        self.assertEqual(deal.kam_comparison_state, "incomplete")
        self.assertFalse(deal.kam_node_criteria)
        # a second start keeps the customer's own weights
        deal.kam_comparison_ids[0].weight = 30
        deal.action_kam_start_comparison()
        self.assertEqual(len(deal.kam_comparison_ids), 8)
        self.assertEqual(deal.kam_comparison_ids[0].weight, 30)

    def test_weighted_comparison_drives_stage_3(self):
        deal = self._compare(
            self.deal_rep,
            [
                ("Service", 60, 9, {self.rival_a: 5, self.rival_b: 6}),
                ("Price", 40, 5, {self.rival_a: 9, self.rival_b: 7}),
            ],
            rivals=(self.rival_a, self.rival_b),
        )
        # us 9*6 + 5*4 = 74; A 5*6 + 9*4 = 66; B 6*6 + 7*4 = 64
        self.assertAlmostEqual(deal.kam_our_weighted_score, 74)
        rival_a = deal.kam_competitor_ids.filtered(lambda c: c.competitor_id == self.rival_a)
        self.assertAlmostEqual(rival_a.weighted_score, 66)
        self.assertEqual(deal.kam_best_rival_id, rival_a)
        self.assertEqual(deal.kam_comparison_state, "ahead")
        self.assertTrue(deal.kam_node_criteria)
        service, price = deal.kam_comparison_ids
        self.assertEqual((service.gap, service.influence), (3, "raise"))
        self.assertEqual((price.gap, price.influence), (-4, "lower"))
        # the customer shifts weight to price: we fall behind, the node is lost
        service.weight, price.weight = 30, 70
        # us 9*3 + 5*7 = 62; A 5*3 + 9*7 = 78
        self.assertEqual(deal.kam_comparison_state, "behind")
        self.assertFalse(deal.kam_node_criteria)

    def test_every_competitor_is_scored_whichever_comes_first(self):
        deal = self._compare(self.deal_rep, [("Service", 100, 8, {})])
        self.assertEqual(deal.kam_comparison_state, "ahead", "no competitor named yet")
        # a competitor named afterwards gets a score line, not scored yet
        deal.kam_competitor_ids = [Command.create({"competitor_id": self.rival_a.id})]
        self.assertEqual(deal.kam_comparison_ids.score_ids.competitor_id, deal.kam_competitor_ids)
        self.assertEqual(deal.kam_comparison_state, "incomplete")
        deal.kam_comparison_ids.score_ids.score = 9
        self.assertEqual(deal.kam_comparison_state, "behind")
        # a competitor dropped from the deal leaves the comparison
        deal.kam_competitor_ids.unlink()
        self.assertEqual(deal.kam_comparison_state, "ahead")

    def test_weights_must_add_up(self):
        deal = self._compare(self.deal_rep, [("Service", 60, 8, {}), ("Price", 30, 6, {})])
        self.assertEqual(deal.kam_comparison_weight, 90)
        self.assertEqual(deal.kam_comparison_state, "incomplete")
        self.assertFalse(deal.kam_node_criteria)

    def test_bad_input(self):
        deal = self.deal_rep
        deal.kam_competitor_ids = [Command.create({"competitor_id": self.rival_a.id})]
        Criterion = self.env["key.account.comparison.criterion"]
        with self.assertRaisesRegex(ValidationError, "between 0 and 100"):
            Criterion.create({"lead_id": deal.id, "name": "Brand", "weight": 120})
        with self.assertRaisesRegex(ValidationError, "between 0 and 10"):
            Criterion.create({"lead_id": deal.id, "name": "Brand", "weight": 10, "our_score": 11})
        criterion = Criterion.create({"lead_id": deal.id, "name": "Brand", "weight": 10})
        with self.assertRaisesRegex(ValidationError, "between 0 and 10"):
            criterion.score_ids.score = -1
        other = self.deal_rep2
        other.kam_competitor_ids = [Command.create({"competitor_id": self.rival_b.id})]
        with self.assertRaisesRegex(ValidationError, "not a competitor on"):
            self.env["key.account.comparison.score"].create(
                {"criterion_id": criterion.id, "competitor_id": other.kam_competitor_ids.id}
            )

    def test_only_a_manager_overrides(self):
        deal = self._compare(
            self.deal_rep, [("Price", 100, 4, {self.rival_a: 8})], rivals=(self.rival_a,)
        )
        self.assertEqual(deal.kam_comparison_state, "behind")
        with self.assertRaises(AccessError):
            deal.with_user(self.user_rep).kam_comparison_override_reason = "Price is negotiable"
        # an import of every column writes the unchanged (empty) value: harmless
        deal.with_user(self.user_rep).write({"kam_comparison_override_reason": False})
        deal.with_user(
            self.user_manager
        ).kam_comparison_override_reason = (
            "Their price includes no training; the customer's board knows it"
        )
        self.assertTrue(deal.kam_node_criteria)

    def test_rep_reads_only_own_deals_comparison(self):
        self._compare(self.deal_rep2, [("Service", 100, 8, {})])
        Criterion = self.env["key.account.comparison.criterion"].with_user(self.user_rep)
        self.assertFalse(Criterion.search([("lead_id", "=", self.deal_rep2.id)]))
        with self.assertRaises(AccessError):
            self.deal_rep2.kam_comparison_ids.with_user(self.user_rep).our_score = 10
        with self.assertRaises(AccessError):
            self.env["key.account.comparison.criterion"].with_user(self.user_finance).search([])

    def test_moving_a_scored_competitor_is_refused(self):
        deal = self._compare(
            self.deal_rep, [("Price", 100, 6, {self.rival_a: 7})], rivals=(self.rival_a,)
        )
        with self.assertRaisesRegex(ValidationError, "not a competitor on"):
            deal.kam_competitor_ids.lead_id = self.deal_rep2

    def test_moving_a_scored_criterion_is_refused(self):
        deal = self._compare(
            self.deal_rep, [("Price", 100, 6, {self.rival_a: 7})], rivals=(self.rival_a,)
        )
        with self.assertRaisesRegex(ValidationError, "not a competitor on"):
            deal.kam_comparison_ids.lead_id = self.deal_rep2

    def test_each_scorecard_in_its_place(self):
        company = self.env.company
        go_no_go = self.env.ref("key_account_management.key_account_scorecard_go_no_go")
        template = self.env.ref("key_account_management.key_account_scorecard_default")
        with self.assertRaisesRegex(ValidationError, "must be a go/no-go evaluation"):
            company.kam_scorecard_id = template
        with self.assertRaisesRegex(ValidationError, "must be a go/no-go evaluation"):
            company.kam_comparison_scorecard_id = go_no_go
