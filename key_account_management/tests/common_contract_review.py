from odoo import Command, fields

from .common import KeyAccountCommon


class KeyAccountContractReviewCommon(KeyAccountCommon):
    """An order of the rep's key-account deal with its review started, a
    delivery reviewer and a second company's finance user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_delivery = cls._new_user(
            "kam_test_delivery",
            "Delivery Planner",
            "key_account_management.group_contract_reviewer_delivery",
        )
        # the company names its approvers (the default is the first user of
        # the department, here the administrator)
        for xmlid, user in (
            ("configuration", cls.user_manager),
            ("price", cls.user_manager),
            ("payment", cls.user_finance),
            ("delivery", cls.user_delivery),
            ("lead_time", cls.user_delivery),
            ("service", cls.user_manager),
            ("liability", cls.user_manager),
            ("retention", cls.user_finance),
        ):
            cls.env.ref(f"key_account_management.contract_review_item_{xmlid}").reviewer_id = user
        cls.plan = cls.env.ref("key_account_management.payment_term_advance_retention")
        cls.product = cls.env["product.product"].create(
            {"name": "Press line", "type": "service", "list_price": 1000, "invoice_policy": "order"}
        )
        cls.order = cls._new_order()

    @classmethod
    def _new_order(cls, deal=None, user=None):
        order = cls.env["sale.order"].create(
            {
                "partner_id": cls.account.id,
                "opportunity_id": (deal or cls.deal_rep).id,
                "user_id": (user or cls.user_rep).id,
                "payment_term_id": cls.plan.id,
                "commitment_date": fields.Datetime.now(),
                "order_line": [
                    Command.create(
                        {"product_id": cls.product.id, "price_unit": 1000, "tax_id": False}
                    )
                ],
            }
        )
        as_rep = order.with_user(user or cls.user_rep)
        as_rep.action_kam_start_review()
        values = {
            "text": {"value_text": "Two batches, Wuxi plant"},
            "amount": {"value_amount": 1000},
            "percentage": {"value_percent": 5},
            "date": {"value_date": fields.Date.today()},
        }
        for line in as_rep.kam_review_line_ids:
            if line.value_source == "manual":
                line.write(values[line.value_type])
        return order

    def _lines(self, *xmlids, order=None):
        items = self.env["key.account.contract.review.item"]
        for xmlid in xmlids:
            items |= self.env.ref(f"key_account_management.contract_review_item_{xmlid}")
        return (order or self.order).kam_review_line_ids.filtered(
            lambda line: line.item_id in items
        )
