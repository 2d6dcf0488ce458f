"""质保金: retention instalments of the payment plan, apart in the receivables."""

import json
from datetime import timedelta

from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common_receivable import KeyAccountReceivableCommon


@tagged("post_install", "-at_install")
class TestContractReviewRetention(KeyAccountReceivableCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan = cls.env.ref("key_account_management.payment_term_advance_retention")

    def _plan_invoice(self, amount, days_ago):
        return self._invoice(
            amount,
            invoice_days_ago=days_ago,
            invoice_payment_term_id=self.plan.id,
            invoice_date_due=False,
        )

    def test_the_plan_shipped_as_data(self):
        lines = self.plan.line_ids.sorted("nb_days")
        self.assertEqual(lines.mapped("value_amount"), [30, 60, 10])
        self.assertEqual(lines.mapped("nb_days"), [0, 30, 365])
        self.assertEqual(lines.mapped("kam_retention"), [False, False, True])

    def test_retention_rows_apart_not_due_and_overdue(self):
        recent = self._plan_invoice(10000, days_ago=10)
        old = self._plan_invoice(5000, days_ago=400)
        self._pay(old, 4500)
        rows = self._rows()
        retention = rows.filtered("is_retention")
        self.assertEqual(len(rows), 6, "three instalments per invoice")
        self.assertEqual(retention.move_id, recent | old)
        by_move = {row.move_id: row for row in retention}
        self.assertEqual(by_move[recent].retention_state, "not_due")
        self.assertEqual(by_move[recent].amount_retention, 1000)
        self.assertEqual(by_move[recent].date_maturity, self.today + timedelta(days=355))
        self.assertEqual(by_move[old].retention_state, "overdue")
        self.assertEqual(by_move[old].amount_retention, 500)
        self.assertFalse(any((rows - retention).mapped("retention_state")))
        self.assertEqual(sum((rows - retention).mapped("amount_retention")), 0)
        # the account shows the retention outstanding and the first due date
        self.account.invalidate_recordset()
        self.assertEqual(self.account.kam_retention_amount, 1500)
        self.assertEqual(self.account.kam_retention_date, by_move[old].date_maturity)
        # paid: the row says so and leaves the figure
        self._pay(old, 500)
        self.env.invalidate_all()
        self.assertEqual(
            self._rows().filtered("is_retention").mapped("retention_state").count("paid"), 1
        )
        self.account.invalidate_recordset()
        self.assertEqual(self.account.kam_retention_amount, 1000)

    def test_retention_by_month_due_for_finance_and_the_dashboard(self):
        dashboard = self.env.ref("key_account_management.spreadsheet_dashboard_key_accounts")
        pivot = next(
            pivot
            for pivot in json.loads(dashboard.spreadsheet_data)["pivots"].values()
            if pivot["name"] == "Retention money outstanding"
        )
        Tile = self.env["key.account.receivable"].with_user(self.user_manager)
        # the demo's figures, if installed, come on top
        [(before,)] = Tile._read_group(pivot["domain"], [], ["amount_retention:sum"])
        self._plan_invoice(10000, days_ago=10)
        self._plan_invoice(5000, days_ago=400)
        action = self.env.ref("key_account_management.key_account_receivable_action_retention")
        Receivable = self.env["key.account.receivable"].with_user(self.user_finance)
        months = Receivable._read_group(
            [
                *safe_eval(action.domain),
                ("amount_residual", "!=", 0),
                ("partner_id", "=", self.account.id),
            ],
            ["date_maturity:month"],
            ["amount_retention:sum"],
        )
        self.assertEqual(sorted(amount for _month, amount in months), [500, 1000])
        [(after,)] = Tile._read_group(pivot["domain"], [], ["amount_retention:sum"])
        self.assertEqual(after - before, 1500)

    def test_a_retention_flag_set_later_marks_posted_instalments(self):
        term = self.env["account.payment.term"].create(
            {
                "name": "Half now, half in a year",
                "line_ids": [
                    (0, 0, {"value": "percent", "value_amount": 50, "nb_days": 0}),
                    (0, 0, {"value": "percent", "value_amount": 50, "nb_days": 365}),
                ],
            }
        )
        invoice = self._invoice(
            2000, invoice_payment_term_id=term.id, invoice_date_due=False, invoice_days_ago=0
        )
        self.assertFalse(self._rows().filtered("is_retention"))
        term.line_ids.filtered(lambda line: line.nb_days == 365).kam_retention = True
        self.env.invalidate_all()  # the view's rows are read again
        retention = self._rows().filtered("is_retention")
        self.assertEqual(retention.move_id, invoice)
        self.assertEqual(retention.amount_retention, 1000)
