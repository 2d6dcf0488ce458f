import importlib.util
from pathlib import Path

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common_analysis import KeyAccountAnalysisCommon

NEEDS = {
    "kam_unit_use": "Pumping stations of the city network",
    "kam_unit_requirements": "Remote monitoring, parts within 24 hours",
    "kam_needs_quantity": 6,
    "kam_budget": 600000,
    "kam_purchase_schedule": "Tender in April, delivery in June",
}


@tagged("post_install", "-at_install")
class TestNeedsAnalysis(KeyAccountAnalysisCommon):
    """需求分析 on the deal: stage 1's key node asks for it, as the stage says."""

    def _reach_evaluation(self, deal):
        deal.action_kam_start_evaluation()
        deal.kam_score_ids.write({"score": 8})
        deal.write({"date_deadline": self.today, "probability": 80})
        self.assertTrue(deal.kam_evaluation_passed and deal.kam_grade)

    def _move(self, deal, key):
        deal.with_user(self.user_rep).write({"stage_id": self.stages[key].id})

    def test_needs_filled(self):
        deal = self.deal_rep
        self.assertFalse(deal.kam_needs_filled)
        empty = {"kam_needs_quantity": 0, "kam_budget": 0}
        for field in NEEDS:
            deal.write({**NEEDS, field: empty.get(field, False)})
            self.assertFalse(deal.kam_needs_filled, f"{field} missing")
            deal.write({field: NEEDS[field]})
            self.assertTrue(deal.kam_needs_filled)
        deal.write({"kam_unit_use": "   "})
        self.assertFalse(deal.kam_needs_filled, "blank text is not an answer")

    def test_stage_one_node_needs_the_analysis(self):
        deal = self.deal_rep
        self._reach_evaluation(deal)
        self.assertFalse(deal.kam_node_evaluated)
        with self.assertRaisesRegex(UserError, "Fill the needs analysis"):
            self._move(deal, "roles")
        deal.write(NEEDS)
        self.assertTrue(deal.kam_node_evaluated)
        self._move(deal, "roles")
        self.assertEqual(deal.stage_id, self.stages["roles"])

    def test_stage_decides_whether_needs_are_required(self):
        deal = self.deal_rep
        self._reach_evaluation(deal)
        self.assertFalse(deal.kam_node_evaluated)
        self.stages["evaluate"].kam_needs_required = False
        self.assertTrue(deal.kam_node_evaluated, "the stage's setting reaches its deals")
        self._move(deal, "roles")
        self.assertEqual(deal.stage_id, self.stages["roles"])

    def test_deal_starts_from_account_needs(self):
        self.account.write(
            {
                "kam_unit_use": "City water",
                "kam_use_environment": "Underground, damp",
                "kam_unit_requirements": "Stainless steel",
                "kam_priority_item_ids": [
                    (6, 0, self.env.ref("key_account_management.priority_item_service").ids)
                ],
            }
        )
        deal = self.env["crm.lead"].create(
            {
                "name": "New station",
                "type": "opportunity",
                "partner_id": self.account_contact.id,
                "team_id": self.key_team.id,
                "kam_unit_requirements": "Cast iron is fine",
            }
        )
        self.assertEqual(deal.kam_unit_use, "City water")
        self.assertEqual(deal.kam_use_environment, "Underground, damp")
        self.assertEqual(deal.kam_unit_requirements, "Cast iron is fine", "the deal's own first")
        self.assertEqual(deal.kam_priority_item_ids.name, "Service network")
        standard = self.env["crm.lead"].create(
            {"name": "Walk-in", "partner_id": self.account.id, "team_id": self.standard_team.id}
        )
        self.assertFalse(standard.kam_unit_use, "standard leads stay untouched")

    def test_needs_node_not_decided_by_the_caller(self):
        with self.assertRaises(AccessError):
            self.deal_rep.with_user(self.user_rep).write({"kam_needs_filled": True})

    def test_upgrade_keeps_deals_past_stage_one(self):
        """The migration turns the requirement on for the shipped first stage
        and leaves the deals standing past it where they are, as overrides."""
        self.stages["evaluate"].kam_needs_required = False
        deal = self.deal_rep
        self._reach_evaluation(deal)
        self._move(deal, "roles")
        path = (
            Path(__file__).parent.parent / "migrations" / "18.0.1.6.0" / "post-customer-analysis.py"
        )
        spec = importlib.util.spec_from_file_location("kam_post_customer_analysis", path)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        migration.migrate(self.env.cr, "18.0.1.5.0")
        self.env.invalidate_all()
        self.assertTrue(self.stages["evaluate"].kam_needs_required)
        self.assertEqual(deal.stage_id, self.stages["roles"])
        self.assertFalse(deal.kam_node_evaluated)
        log = deal.kam_stage_log_ids.filtered("overridden")
        self.assertEqual(log.stage_to_id, self.stages["roles"])
        self.assertIn("It keeps its stage as an override", deal.message_ids[0].body)
