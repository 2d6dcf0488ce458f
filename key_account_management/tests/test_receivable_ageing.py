from odoo.tests import tagged

from .common_receivable import KeyAccountReceivableCommon

# days past due -> ageing bucket and the column its outstanding amount lands in
BOUNDARIES = [
    (-5, "0_not_due", "amount_not_due"),
    (0, "0_not_due", "amount_not_due"),
    (1, "1_30", "amount_1_30"),
    (30, "1_30", "amount_1_30"),
    (31, "31_60", "amount_31_60"),
    (60, "31_60", "amount_31_60"),
    (61, "61_90", "amount_61_90"),
    (90, "61_90", "amount_61_90"),
    (91, "91_plus", "amount_over_90"),
    (400, "91_plus", "amount_over_90"),
]
BUCKET_COLUMNS = [
    "amount_not_due",
    "amount_1_30",
    "amount_31_60",
    "amount_61_90",
    "amount_over_90",
]


@tagged("post_install", "-at_install")
class TestReceivableAgeing(KeyAccountReceivableCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # one invoice per boundary, each of its own amount
        cls.invoices = {
            days: cls._invoice(100 + index, due_in=-days, invoice_days_ago=max(days, 0) + 1)
            for index, (days, _bucket, _column) in enumerate(BOUNDARIES)
        }
        cls.paid = cls._invoice(50, due_in=-100, invoice_days_ago=120)
        cls._pay(cls.paid, 50)

    def test_bucket_boundaries(self):
        rows = {row.move_id: row for row in self._rows()}
        for index, (days, bucket, column) in enumerate(BOUNDARIES):
            row = rows[self.invoices[days]]
            with self.subTest(days_past_due=days):
                self.assertEqual(row.ageing, bucket)
                self.assertEqual(row.days_overdue, max(days, 0))
                self.assertEqual(row.is_overdue, days > 0)
                for other in BUCKET_COLUMNS:
                    self.assertEqual(row[other], 100 + index if other == column else 0)
        paid = rows[self.paid]
        self.assertEqual(paid.ageing, "paid")
        self.assertFalse(paid.is_overdue)
        self.assertEqual(paid.days_overdue, 0, "nothing is owed on a paid invoice")
        self.assertEqual(sum(paid[column] for column in BUCKET_COLUMNS), 0)

    def test_grouped_by_bucket_and_account(self):
        Receivable = self.env["key.account.receivable"]
        by_bucket = dict(
            Receivable._read_group(
                [("partner_id", "=", self.account.id)], ["ageing"], ["amount_residual:sum"]
            )
        )
        expected = {}
        for index, (_days, bucket, _column) in enumerate(BOUNDARIES):
            expected[bucket] = expected.get(bucket, 0) + 100 + index
        expected["paid"] = 0
        self.assertEqual(by_bucket, expected)
        # the list grouped by account: the aged balance of the account
        (group,) = Receivable.web_read_group(
            [("partner_id", "=", self.account.id)],
            [f"{column}:sum" for column in BUCKET_COLUMNS] + ["amount_overdue:sum"],
            ["partner_id"],
        )["groups"]
        for column in BUCKET_COLUMNS:
            self.assertEqual(
                group[column],
                sum(100 + i for i, (_d, _b, c) in enumerate(BOUNDARIES) if c == column),
            )
        overdue = sum(100 + i for i, (days, _b, _c) in enumerate(BOUNDARIES) if days > 0)
        self.assertEqual(group["amount_overdue"], overdue)
        self.account.invalidate_recordset()
        self.assertEqual(self.account.kam_overdue_amount, overdue)
        self.assertEqual(self.account.kam_oldest_overdue_move_id, self.invoices[400])
        self.assertEqual(self.account.kam_oldest_overdue_days, 400)
