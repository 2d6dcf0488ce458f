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

    def _approve_one(self, order):
        """The queries of a manager approving the order's second item, the
        flush and the chatter's tracking included."""
        line = order.kam_review_line_ids[1].with_user(self.user_manager)
        self.env.cr.flush()
        before = self.env.cr.sql_log_count
        line._decide("approved", "Agreed")
        self.env.cr.flush()
        queries = self.env.cr.sql_log_count - before
        self.assertEqual(line.state, "approved")
        self.assertEqual(line.order_id.kam_review_state, "to_review")
        return queries

    def test_approve_one_of_20_items_costs_what_one_of_5_costs(self):
        self._approve_one(self._order_with_items(2))  # the registry's caches filled
        five = self._approve_one(self._order_with_items(5))
        twenty = self._approve_one(self._order_with_items(20))
        self.assertLessEqual(twenty, five)
        # at most, as docs/benchmarks.md says
        self.assertLessEqual(five, 31)
