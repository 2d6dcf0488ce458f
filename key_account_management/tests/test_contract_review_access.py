"""Who reads and decides which contract review items."""

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common_contract_review import KeyAccountContractReviewCommon

Line = "key.account.contract.review.line"


@tagged("post_install", "-at_install")
class TestContractReviewAccess(KeyAccountContractReviewCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order.with_user(cls.user_rep).action_kam_submit_review()
        cls.mine = cls.order.kam_review_line_ids

    def _visible(self, user):
        return self.env[Line].with_user(user).search([("order_id", "=", self.order.id)])

    def test_rep_reads_and_edits_their_own_review_only(self):
        self.assertEqual(self._visible(self.user_rep), self.mine)
        self.assertFalse(self._visible(self.user_rep2))
        with self.assertRaises(AccessError):
            self.mine.with_user(self.user_rep2).read(["value_display"])
        with self.assertRaises(AccessError):
            self._lines("configuration").with_user(self.user_rep2).value_text = "Changed"
        with self.assertRaises(AccessError):
            self.order.with_user(self.user_rep2).action_kam_submit_review()
        with self.assertRaises(AccessError, msg="reps do not delete review items"):
            self._lines("configuration").with_user(self.user_rep).unlink()

    def test_department_sees_and_decides_only_its_items(self):
        delivery = self._lines("delivery", "lead_time")
        self.assertEqual(self._visible(self.user_delivery), delivery)
        # and the order those items belong to, read-only
        self.assertEqual(
            self.order.with_user(self.user_delivery).read(["name"])[0]["name"], self.order.name
        )
        with self.assertRaises(AccessError):
            self.order.with_user(self.user_delivery).write({"note": "Changed"})
        with self.assertRaises(AccessError):
            delivery.with_user(self.user_delivery).write({"value_text": "Changed"})
        self.assertEqual(
            self.env[Line]
            .with_user(self.user_delivery)
            .search([("can_decide", "=", True), ("order_id", "=", self.order.id)]),
            delivery,
        )
        delivery.with_user(self.user_delivery)._decide("approved", "Plant confirmed")
        self.assertEqual(set(delivery.mapped("state")), {"approved"})

    def test_finance_reads_every_review_and_decides_payment_items(self):
        self.assertEqual(self._visible(self.user_finance), self.mine)
        with self.assertRaises(AccessError):
            self._lines("configuration").with_user(self.user_finance).value_text = "Changed"
        with self.assertRaises(AccessError):
            self._lines("configuration").with_user(self.user_finance)._decide("approved", "")
        self.assertEqual(
            self.env[Line]
            .with_user(self.user_finance)
            .search([("can_decide", "=", True), ("order_id", "=", self.order.id)]),
            self._lines("payment", "retention"),
        )
        self._lines("payment", "retention").with_user(self.user_finance)._decide("approved", "")

    def test_manager_reads_and_decides_all(self):
        self.assertEqual(self._visible(self.user_manager), self.mine)
        self.mine.with_user(self.user_manager)._decide("approved", "")
        self.assertEqual(self.order.kam_review_state, "approved")

    def test_other_company_reviews_stay_there(self):
        other = self.env["res.company"].create({"name": "Test Other Works"})
        self.user_manager.company_ids |= other
        order = (
            self.env["sale.order"]
            .with_company(other)
            .create({"partner_id": self.account.id, "company_id": other.id})
        )
        order.action_kam_start_review()
        self.assertTrue(order.kam_review_line_ids)
        self.assertEqual(order.kam_review_line_ids.company_id, other)
        self.user_manager.company_ids -= other
        visible = self.env[Line].with_user(self.user_manager).search([])
        self.assertNotIn(order.kam_review_line_ids[0], visible)
        self.assertIn(self.mine[0], visible)
