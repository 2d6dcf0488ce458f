from odoo import Command, fields
from odoo.tests import tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common_tour import KeyAccountTourCommon

REVIEWS_URL = "/odoo/action-key_account_management.key_account_contract_review_line_action"


@tagged("post_install", "-at_install")
class TestContractReviewUi(KeyAccountTourCommon):
    rep_login = "kam_tour_review_rep"
    rep_name = "Tour Review Rep"
    account_name = "Tour Press Works"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.finance = mail_new_test_user(
            cls.env,
            login="kam_tour_review_finance",
            name="Tour Finance",
            groups="base.group_user,account.group_account_invoice",
        )
        for xmlid in ("payment", "retention"):
            item = cls.env.ref(f"key_account_management.contract_review_item_{xmlid}")
            item.reviewer_id = cls.finance
        product = cls.env["product.product"].create(
            {"name": "Tour press line", "type": "service", "list_price": 80000}
        )
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": cls.account.id,
                "opportunity_id": cls._deal("Tour press line").id,
                "user_id": cls.rep.id,
                "payment_term_id": cls.env.ref(
                    "key_account_management.payment_term_advance_retention"
                ).id,
                "commitment_date": fields.Datetime.now(),
                "order_line": [Command.create({"product_id": product.id})],
            }
        )

    def test_rep_submits_and_finance_approves_desktop(self):
        self._start_tour(
            f"/odoo/action-sale.action_quotations/{self.order.id}",
            "key_account_contract_review_tour",
        )
        lines = self.order.kam_review_line_ids
        self.assertEqual(len(lines), 8)
        self.assertEqual(set(lines.mapped("state")), {"to_review"})
        self.assertEqual(lines.submitted_by_id, self.rep)
        configuration = lines.filtered(lambda line: line.item_id.name == "Unit Configuration")
        self.assertEqual(configuration.value_text, "Two press lines, servo drives")
        self.start_tour(
            REVIEWS_URL, "key_account_contract_review_finance_tour", login=self.finance.login
        )
        payment = lines.filtered(lambda line: line.item_id.reviewer_id == self.finance)
        self.assertEqual(len(payment), 2)
        self.assertEqual(set(payment.mapped("state")), {"approved"})
        self.assertEqual(payment.decided_by_id, self.finance)
        self.assertEqual(
            set(payment.mapped("comment")), {"Checked against the customer's credit line"}
        )
        self.assertEqual(set((lines - payment).mapped("state")), {"to_review"})
        self.assertEqual(self.order.kam_review_state, "to_review")
