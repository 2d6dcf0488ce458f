from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import DEAL_NEEDS, KeyAccountCommon


@tagged("post_install", "-at_install")
class TestStageGate(KeyAccountCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.people = cls.env["res.partner"].create(
            [
                {"name": name, "parent_id": cls.account.id}
                for name in ("General Manager", "Chief Engineer", "Planner")
            ]
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Press line", "type": "service", "list_price": 1000, "invoice_policy": "order"}
        )

    def _move(self, deal, key, user=None):
        deal.with_user(user or self.user_rep).write({"stage_id": self.stages[key].id})

    def _reach_evaluated(self, deal):
        deal.action_kam_start_evaluation()
        deal.kam_score_ids.write({"score": 8})
        deal.write(
            {
                "date_deadline": fields.Date.today() + timedelta(days=30),
                "probability": 80,
                **DEAL_NEEDS,
            }
        )
        self.assertTrue(deal.kam_node_evaluated)

    def _reach_roles(self, deal):
        deal.buying_role_ids = [
            Command.create(
                {"partner_id": person.id, "role": role, "attitude": "supporter", "weight": 20}
            )
            for person, role in zip(
                self.people, ["economic_buyer", "technical_buyer", "coach"], strict=True
            )
        ]
        self.assertTrue(deal.kam_node_roles)

    def test_forward_needs_the_key_node(self):
        deal = self.deal_rep
        with self.assertRaises(UserError) as error:
            self._move(deal, "roles")
        self.assertIn("evaluated and graded", str(error.exception))
        self.assertEqual(deal.stage_id, self.stages["evaluate"])
        self._reach_evaluated(deal)
        self._move(deal, "roles")
        self.assertEqual(deal.stage_id, self.stages["roles"])
        self.assertTrue(deal.kam_node_evaluated_date)

    def test_no_skipping_a_node_and_back_is_free(self):
        deal = self.deal_rep
        self._reach_evaluated(deal)
        with self.assertRaises(UserError) as error:
            self._move(deal, "criteria")
        self.assertIn("Insider, key persons and relationship", str(error.exception))
        self._move(deal, "roles")
        self._move(deal, "evaluate")
        self.assertEqual(deal.stage_id, self.stages["evaluate"])
        logs = deal.kam_stage_log_ids
        self.assertEqual(sorted(logs.mapped("direction")), ["back", "forward"])

    def test_roles_node(self):
        deal = self.deal_rep
        self._reach_evaluated(deal)
        self._move(deal, "roles")
        self._reach_roles(deal)
        eb = deal.buying_role_ids.filtered(lambda line: line.role == "economic_buyer")
        eb.attitude = "opponent"
        self.assertFalse(deal.kam_node_roles, "an opposed economic buyer blocks the node")
        with self.assertRaises(UserError):
            self._move(deal, "criteria")
        eb.attitude = "neutral"
        self._move(deal, "criteria")
        self.assertEqual(deal.stage_id, self.stages["criteria"])

    def test_criteria_bid_and_contract_nodes_from_documents(self):
        deal = self.deal_rep
        deal.write(
            {
                "kam_comparison_ids": [
                    Command.create({"name": "Servo drive", "weight": 100, "our_score": 8})
                ],
            }
        )
        self.assertTrue(deal.kam_node_criteria)
        self.assertFalse(deal.kam_node_bid)
        order = self.env["sale.order"].create(
            {
                "partner_id": self.account.id,
                "opportunity_id": deal.id,
                "order_line": [Command.create({"product_id": self.product.id, "price_unit": 500})],
            }
        )
        order.action_quotation_sent()
        self.assertTrue(deal.kam_node_bid, "a sent quotation is a negotiated tender")
        order.action_confirm()
        self.assertFalse(deal.kam_node_contract, "the contract review is not done yet")
        self._approve_contract_review(order)
        self.assertTrue(deal.kam_node_contract)

    def test_won_needs_full_payment(self):
        deal = self.deal_rep
        for key, reach in (("roles", self._reach_evaluated), ("criteria", self._reach_roles)):
            reach(deal)
            self._move(deal, key)
        with self.assertRaises(UserError):
            deal.with_user(self.user_rep).action_set_won()

    def test_manager_overrides_with_a_reason(self):
        deal = self.deal_rep
        wizard = Form(
            self.env["key.account.gate.override"]
            .with_user(self.user_manager)
            .with_context(default_lead_ids=[Command.set(deal.ids)])
        )
        self.assertEqual(wizard.stage_id, self.stages["roles"])
        wizard.reason = "Evaluated in the framework agreement"
        wizard.save().action_override()
        self.assertEqual(deal.stage_id, self.stages["roles"])
        self.assertIn("Evaluated in the framework agreement", deal.message_ids[0].body)
        self.assertTrue(deal.kam_stage_log_ids.overridden)

    def test_rep_cannot_override(self):
        deal = self.deal_rep.with_user(self.user_rep)
        with self.assertRaises(AccessError):
            deal._kam_override_gate(self.stages["roles"], "I say so")
        with self.assertRaises(AccessError):
            self.env["key.account.gate.override"].with_user(self.user_rep).create(
                {
                    "lead_ids": [Command.set(deal.ids)],
                    "stage_id": self.stages["roles"].id,
                    "reason": "I say so",
                }
            )
        # a reason sent with the move is no field of the deal: it opens nothing
        with self.assertRaises(ValueError):
            deal.write({"stage_id": self.stages["roles"].id, "kam_gate_override_reason": "I say"})
        self.assertEqual(self.deal_rep.stage_id, self.stages["evaluate"])
        self.assertFalse(self.deal_rep.kam_stage_log_ids)

    def test_standard_leads_are_not_gated(self):
        lead = self.env["crm.lead"].create(
            {"name": "Retail", "type": "opportunity", "team_id": self.standard_team.id}
        )
        won = self.env["crm.stage"].search([("is_won", "=", True)], limit=1)
        generic = self.env["crm.stage"].search(
            [("team_id", "=", False), ("is_won", "=", False)], order="sequence desc", limit=1
        )
        lead.stage_id = generic
        lead.action_set_won()
        self.assertEqual(lead.stage_id, won)

    def test_stalled_filter(self):
        deal = self.deal_rep
        self.env.cr.execute(
            "UPDATE crm_lead SET date_last_stage_update = now() - interval '40 days' WHERE id = %s",
            [deal.id],
        )
        deal.invalidate_recordset()
        stalled = self.env["crm.lead"].search([("kam_stalled", "=", True)])
        self.assertIn(deal, stalled)
        self.assertNotIn(self.deal_rep2, stalled)
        self.env.company.kam_stalled_days = 60
        self.assertNotIn(deal, self.env["crm.lead"].search([("kam_stalled", "=", True)]))
