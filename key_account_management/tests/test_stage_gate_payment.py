"""Stage 6 follows the invoices both ways: paid wins the deal, unpaid reopens it."""

from datetime import timedelta

from odoo import Command, fields
from odoo.tests import tagged

from .common import DEAL_NEEDS
from .common_receivable import KeyAccountReceivableCommon


@tagged("post_install", "-at_install")
class TestStageGatePayment(KeyAccountReceivableCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls.env["product.product"].create(
            {"name": "Press line", "type": "service", "list_price": 1000, "invoice_policy": "order"}
        )
        people = cls.env["res.partner"].create(
            [{"name": name, "parent_id": cls.account.id} for name in ("GM", "CE", "Planner")]
        )
        cls.deal = cls.deal_rep
        cls.deal.action_kam_start_evaluation()
        cls.deal.kam_score_ids.write({"score": 8})
        cls.deal.write(
            {
                "date_deadline": fields.Date.today() + timedelta(days=30),
                "probability": 80,
                **DEAL_NEEDS,
                "kam_comparison_ids": [
                    Command.create({"name": "Servo drive", "weight": 100, "our_score": 8})
                ],
                "buying_role_ids": [
                    Command.create({"partner_id": person.id, "role": role, "attitude": "supporter"})
                    for person, role in zip(
                        people, ["economic_buyer", "technical_buyer", "coach"], strict=True
                    )
                ],
            }
        )
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": cls.account.id,
                "opportunity_id": cls.deal.id,
                "order_line": [
                    Command.create(
                        {"product_id": cls.product.id, "price_unit": 1000, "tax_id": False}
                    )
                ],
            }
        )
        cls.order.action_confirm()
        cls._approve_contract_review(cls.order)
        cls.deal.with_user(cls.user_rep).write({"stage_id": cls.stages["payment"].id})
        cls.invoice = cls.order._create_invoices()
        cls.invoice.action_post()

    def test_full_payment_wins_as_a_forward_move(self):
        self._pay(self.invoice, 400)
        self.assertEqual(self.invoice.payment_state, "partial")
        self.assertFalse(self.deal.kam_node_paid, "a partial payment is not enough")
        self.assertLess(self.deal.probability, 100)
        self._pay(self.invoice, 600)
        self.assertTrue(self.deal.kam_node_paid)
        self.assertTrue(self.deal.kam_node_paid_date)
        self.assertEqual(self.deal.probability, 100)
        self.assertTrue(self.deal.stage_id.is_won)
        win = self.deal.kam_stage_log_ids.filtered(lambda log: log.stage_to_id.is_won)
        self.assertEqual((win.direction, win.overridden), ("forward", False))
        self.assertFalse(
            self.deal.message_ids.filtered(lambda message: "overridden" in (message.body or "")),
            "a paid win is no override",
        )

    def test_cancelled_payment_reopens_the_deal(self):
        payment = self._pay(self.invoice, 1000)
        self.assertTrue(self.deal.stage_id.is_won)
        payment.action_draft()
        payment.action_cancel()
        self.assertEqual(self.invoice.payment_state, "not_paid")
        self.assertFalse(self.deal.kam_node_paid)
        self.assertFalse(self.deal.kam_node_paid_date)
        self.assertEqual(self.deal.stage_id, self.stages["payment"])
        self.assertLess(self.deal.probability, 100)
        self.assertIn("no longer fully paid", self.deal.message_ids[0].body)
        activity = self.deal.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.user_rep)
        back = self.deal.kam_stage_log_ids.filtered(lambda log: log.direction == "back")
        self.assertEqual(back.stage_to_id, self.stages["payment"])
        # paid again: won again
        self._pay(self.invoice, 1000)
        self.assertTrue(self.deal.kam_node_paid)
        self.assertTrue(self.deal.stage_id.is_won)

    def test_undone_reconciliation_reopens_the_deal(self):
        self._pay(self.invoice, 1000)
        self.assertTrue(self.deal.stage_id.is_won)
        self.invoice.line_ids.remove_move_reconcile()
        self.assertFalse(self.deal.kam_node_paid)
        self.assertFalse(self.deal.stage_id.is_won)

    def test_new_invoice_on_the_order_reopens_the_deal(self):
        self._pay(self.invoice, 1000)
        self.assertTrue(self.deal.stage_id.is_won)
        self.order.order_line.product_uom_qty = 2
        self.order._create_invoices().action_post()
        self.assertFalse(self.deal.kam_node_paid)
        self.assertEqual(self.deal.stage_id, self.stages["payment"])

    def test_cancelled_order_reopens_the_deal(self):
        self._pay(self.invoice, 1000)
        self.assertTrue(self.deal.stage_id.is_won)
        self.order._action_cancel()
        self.assertFalse(self.deal.kam_node_paid, "its invoices no longer count")
        self.assertEqual(self.deal.stage_id, self.stages["payment"])
        self.order.action_draft()
        self.order.action_confirm()
        self.assertTrue(self.deal.kam_node_paid, "confirmed again: paid again")
        self.assertTrue(self.deal.stage_id.is_won)

    def test_paid_with_nodes_missing_is_not_won(self):
        deal = self.deal_rep2
        order = self.env["sale.order"].create(
            {
                "partner_id": self.account.id,
                "opportunity_id": deal.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.product.id, "price_unit": 500, "tax_id": False}
                    )
                ],
            }
        )
        order.action_confirm()
        invoice = order._create_invoices()
        invoice.action_post()
        self._pay(invoice, 500)
        self.assertTrue(deal.kam_node_paid, "the node follows the invoices")
        self.assertEqual(deal.stage_id, self.stages["evaluate"], "the earlier nodes are missing")

    def test_stage_6_waits_for_the_retention(self):
        # the order's payment plan holds 10 % back for a year (质保金)
        self.assertEqual(
            self.invoice.invoice_payment_term_id,
            self.env.ref("key_account_management.payment_term_advance_retention"),
        )
        retention = self.invoice.line_ids.filtered("kam_retention")
        self.assertEqual(retention.balance, 100)
        self._pay(self.invoice, 900)
        self.assertEqual(retention.amount_residual, 100, "payments settle the earliest first")
        self.assertFalse(self.deal.kam_node_paid, "the retention is still outstanding")
        self.assertFalse(self.deal.stage_id.is_won)
        self.assertEqual(self.deal.kam_retention_amount, 100)
        self.assertEqual(self.deal.kam_retention_date, retention.date_maturity)
        self._pay(self.invoice, 100)
        self.assertTrue(self.deal.kam_node_paid)
        self.assertTrue(self.deal.stage_id.is_won)
        self.deal.invalidate_recordset()
        self.assertEqual(self.deal.kam_retention_amount, 0)
