"""Approving one item costs the same whatever the number of items."""

from odoo.tests import tagged

from .common_contract_review import KeyAccountContractReviewCommon


@tagged("post_install", "-at_install")
class TestContractReviewQueries(KeyAccountContractReviewCommon):
    def _order_with_items(self, count):
        Item = self.env["key.account.contract.review.item"]
        Item.search([]).active = False
        Item.create(
            [
                {
                    "name": f"Item {number}",
                    "sequence": number,
                    "reviewer_group_id": self.env.ref(
                        "key_account_management.group_key_account_manager"
                    ).id,
                    "reviewer_id": self.user_manager.id,
                }
                for number in range(count)
            ]
        )
        order = self._new_order()
        self.assertEqual(len(order.kam_review_line_ids), count)
        order.with_user(self.user_rep).action_kam_submit_review()
        self.env.flush_all()
        self.env.invalidate_all()
        return order

    def _approve_one(self, order, queries):
        line = order.kam_review_line_ids[1].with_user(self.user_manager)
        with self.assertQueryCount(queries):
            line._decide("approved", "Agreed")
            self.env.flush_all()
        self.assertEqual(line.state, "approved")
        self.assertEqual(line.order_id.kam_review_state, "to_review")

    def test_approve_one_of_5_items(self):
        self._approve_one(self._order_with_items(5), 32)

    def test_approve_one_of_20_items(self):
        self._approve_one(self._order_with_items(20), 32)
