"""合同审核: the rep submits, each department approves its items."""

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common_contract_review import KeyAccountContractReviewCommon


@tagged("post_install", "-at_install")
class TestContractReview(KeyAccountContractReviewCommon):
    def test_items_of_the_handbook_start_unsubmitted(self):
        self.assertEqual(
            self.order.kam_review_line_ids.item_id.mapped("name"),
            [
                "Unit Configuration",
                "Product Price",
                "Payment Method and Terms",
                "Delivery",
                "Lead Time",
                "Service Requirements",
                "Liability for Breach",
                "Retention Money",
            ],
        )
        self.assertEqual(set(self.order.kam_review_line_ids.mapped("state")), {"draft"})
        self.assertEqual(self.order.kam_review_state, "draft")
        # the order's own fields are the values, not copies
        self.assertEqual(self._lines("payment").value_display, self.plan.name)
        self.assertEqual(self._lines("retention").value_display, "10 % after 365 days")
        self.assertIn("1,000.00", self._lines("price").value_display)
        self.assertEqual(self._lines("liability").value_display, "5 %")

    def test_submit_sends_one_activity_per_approver(self):
        self.order.with_user(self.user_rep).action_kam_submit_review()
        lines = self.order.kam_review_line_ids
        self.assertEqual(set(lines.mapped("state")), {"to_review"})
        self.assertEqual(lines.submitted_by_id, self.user_rep)
        self.assertEqual(self._lines("payment", "retention").approver_id, self.user_finance)
        self.assertEqual(self._lines("delivery", "lead_time").approver_id, self.user_delivery)
        self.assertNotIn(self.user_rep, lines.approver_id)
        activities = self.order.activity_ids.filtered(
            lambda activity: activity.activity_type_id
            == self.env.ref("key_account_management.mail_activity_type_contract_review")
        )
        self.assertEqual(sorted(activities.user_id.ids), sorted(lines.approver_id.ids))
        self.assertEqual(len(activities), len(lines.approver_id), "one activity per approver")
        self.assertIn("Contract review submitted", self.order.message_ids[0].body)

    def test_submit_needs_every_value(self):
        self._lines("configuration").with_user(self.user_rep).value_text = " "
        self.order.commitment_date = False
        with self.assertRaises(UserError) as error:
            self.order.with_user(self.user_rep).action_kam_submit_review()
        self.assertIn("Configuration, Lead Time", str(error.exception))
        self.assertEqual(set(self.order.kam_review_line_ids.mapped("state")), {"draft"})

    def test_approve_refuse_and_resubmit(self):
        self.order.with_user(self.user_rep).action_kam_submit_review()
        payment = self._lines("payment", "retention")
        decision = (
            self.env["key.account.contract.review.decision"]
            .with_user(self.user_finance)
            .create({"line_ids": [Command.set(payment.ids)], "comment": "Plan as agreed"})
        )
        decision.action_approve()
        self.assertEqual(set(payment.mapped("state")), {"approved"})
        self.assertEqual(payment.decided_by_id, self.user_finance)
        self.assertEqual(payment.mapped("comment"), ["Plan as agreed"] * 2)
        self.assertTrue(
            self.order.message_ids.filtered(
                lambda message: "Contract review approved by Finance" in message.body
                and "Plan as agreed" in message.body
            )
        )
        self.assertFalse(
            self.order.activity_ids.filtered(
                lambda activity: activity.user_id == self.user_finance
            ),
            "the approver's activity is done once none of their items waits",
        )
        delivery = self._lines("delivery")
        with self.assertRaises(UserError, msg="a refusal needs a reason"):
            delivery.with_user(self.user_delivery)._decide("refused", "")
        delivery.with_user(self.user_delivery)._decide("refused", "Wuxi cannot ship in batches")
        self.assertEqual(self.order.kam_review_state, "refused")
        todo = self.order.activity_ids.filtered(lambda activity: activity.user_id == self.user_rep)
        self.assertIn("Wuxi cannot ship in batches", str(todo.note))
        # the rep changes the value and submits the refused item again
        delivery.with_user(self.user_rep).value_text = "One shipment to Wuxi"
        self.order.with_user(self.user_rep).action_kam_submit_review()
        self.assertEqual(delivery.state, "to_review")
        self.assertEqual(self.order.kam_review_state, "to_review")
        self.assertEqual(set(payment.mapped("state")), {"approved"}, "approved items stay so")

    def test_nobody_approves_their_own_submission(self):
        order = self._new_order(deal=self.deal_rep, user=self.user_manager)
        order.with_user(self.user_manager).action_kam_submit_review()
        price = self._lines("price", order=order)
        self.assertFalse(price.with_user(self.user_manager).can_decide)
        with self.assertRaises(UserError) as error:
            price.with_user(self.user_manager)._decide("approved", "")
        self.assertIn("another person approves it", str(error.exception))
        self.assertNotEqual(price.approver_id, self.user_manager)

    def test_only_the_department_decides(self):
        self.order.with_user(self.user_rep).action_kam_submit_review()
        price = self._lines("price")
        for user in (self.user_finance, self.user_delivery, self.user_rep2):
            with self.assertRaises(AccessError):
                price.with_user(user)._decide("approved", "")
        price.with_user(self.user_manager)._decide("approved", "")
        self.assertEqual(price.state, "approved")

    def test_decisions_only_through_the_buttons(self):
        line = self._lines("price").with_user(self.user_rep)
        with self.assertRaises(AccessError):
            line.write({"state": "approved"})
        with self.assertRaises(AccessError):
            self.env["key.account.contract.review.line"].with_user(self.user_rep).create(
                {
                    "order_id": self.order.id,
                    "item_id": line.item_id.id,
                    "state": "approved",
                }
            )

    def test_a_change_after_approval_goes_back_to_review(self):
        self.order.with_user(self.user_rep).action_kam_submit_review()
        lines = self.order.kam_review_line_ids
        for user in (self.user_manager, self.user_finance, self.user_delivery):
            lines.filtered(lambda line, user=user: line.with_user(user).can_decide).with_user(
                user
            )._decide("approved", "")
        self.assertEqual(self.order.kam_review_state, "approved")
        # the order's amount (a line's price), payment term and delivery date
        self.order.order_line.price_unit = 1200
        self.assertEqual(self._lines("price").state, "to_review")
        self.order.payment_term_id = self.env.ref("account.account_payment_term_30days")
        self.assertEqual(self._lines("payment").state, "to_review")
        self.assertEqual(self._lines("retention").state, "to_review", "no retention any more")
        self.order.commitment_date = fields.Datetime.now().replace(year=2030)
        self.assertEqual(self._lines("lead_time").state, "to_review")
        # a value entered on the review
        self._lines("service").with_user(self.user_rep).value_text = "24/7 hotline"
        self.assertEqual(self._lines("service").state, "to_review")
        self.assertEqual(self._lines("configuration").state, "approved", "unchanged")
        self.assertEqual(self.order.kam_review_state, "to_review")

    def test_contract_node_needs_approval_and_confirmation(self):
        deal = self.deal_rep
        self.order.with_user(self.user_rep).action_kam_submit_review()
        self.order.action_confirm()
        self.assertFalse(deal.kam_node_contract, "confirmed, not approved")
        lines = self.order.kam_review_line_ids
        for user in (self.user_manager, self.user_finance, self.user_delivery):
            lines.filtered(lambda line, user=user: line.with_user(user).can_decide).with_user(
                user
            )._decide("approved", "")
        self.assertTrue(deal.kam_node_contract)
        self.assertTrue(deal.kam_node_contract_date)
        self.order.order_line.price_unit = 900
        self.assertFalse(deal.kam_node_contract, "the new price is not approved")
        self._lines("price").with_user(self.user_manager)._decide("approved", "")
        self.assertTrue(deal.kam_node_contract)
        order = self._new_order()
        order.with_user(self.user_rep).action_kam_submit_review()
        self.assertEqual(order.state, "draft")
        self.assertTrue(deal.kam_node_contract, "another order's review does not undo this one")

    def test_delivery_items_go_to_a_manager_when_nobody_holds_the_role(self):
        self.user_delivery.groups_id -= self.env.ref(
            "key_account_management.group_contract_reviewer_delivery"
        )
        self._lines("delivery").item_id.reviewer_id = False
        self.order.with_user(self.user_rep).action_kam_submit_review()
        approver = self._lines("delivery").approver_id
        self.assertTrue(approver.has_group("key_account_management.group_key_account_manager"))
        self.assertTrue(self._lines("delivery").with_user(self.user_manager).can_decide)

    def test_standard_orders_have_no_review(self):
        partner = self.env["res.partner"].create({"name": "Walk-in"})
        order = self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [Command.create({"product_id": self.product.id})],
            }
        )
        self.assertFalse(order.kam_is_key_account)
        self.assertEqual(order.kam_review_state, "none")
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_copy_starts_a_new_review(self):
        self.order.with_user(self.user_rep).action_kam_submit_review()
        copy = self.order.copy()
        self.assertFalse(copy.kam_review_line_ids)
        self.assertEqual(copy.kam_review_state, "none")
