"""The synthetic data generator: counts, links, and consistent SQL-cloned invoices."""

from datetime import timedelta

from odoo.tests import TransactionCase, tagged

from benchmarks.datagen import generate


@tagged("post_install", "-at_install")
class TestBenchmarkDatagen(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.data = generate(
            cls.env, accounts=6, contacts=18, opportunities=12, invoices=10, orm_invoices=3
        )

    def test_counts_and_links(self):
        data = self.data
        self.assertEqual(len(data["accounts"]), 6)
        self.assertTrue(all(data["accounts"].mapped("is_key_account")))
        self.assertEqual(len(data["contacts"]), 18)
        self.assertEqual(data["contacts"].parent_id, data["accounts"])
        self.assertEqual(len(data["opportunities"]), 12)
        self.assertTrue(all(data["opportunities"].mapped("is_key_account")))
        self.assertEqual(len(data["orders"]), 3)
        self.assertEqual(set(data["orders"].mapped("state")), {"sale"})
        self.assertEqual(data["orders"].opportunity_id, data["opportunities"][:3])
        self.assertEqual(len(data["orm_invoices"]), 3)
        self.assertEqual(data["cloned_invoices"], 7)

    def test_cloned_invoices_are_consistent(self):
        sources = self.data["orm_invoices"]
        clones = self.env["account.move"].search(
            [("name", "=like", "INV/BENCH%"), ("move_type", "=", "out_invoice")]
        )
        self.assertEqual(len(clones), 7)
        self.assertEqual(len(set(clones.mapped("name"))), 7)
        self.assertEqual(set(clones.mapped("state")), {"posted"})
        self.assertEqual(set(clones.mapped("payment_state")), {"not_paid"})
        self.assertLessEqual(clones.partner_id, self.data["accounts"])
        source_totals = set(sources.mapped("amount_total"))
        for clone in clones:
            self.assertIn(clone.amount_total, source_totals)
            self.assertEqual(clone.amount_residual, clone.amount_total)
            self.assertAlmostEqual(sum(clone.line_ids.mapped("balance")), 0.0)
            receivable = clone.line_ids.filtered(
                lambda line: line.account_id.account_type == "asset_receivable"
            )
            self.assertEqual(receivable.partner_id, clone.partner_id)
            self.assertEqual(receivable.amount_residual, clone.amount_total_signed)
            self.assertEqual(clone.line_ids.move_id, clone)
            self.assertEqual(clone.invoice_date_due, clone.invoice_date + timedelta(days=30))
            self.assertFalse(clone.line_ids.sale_line_ids)
        taxed = clones.line_ids.filtered("tax_ids")
        self.assertEqual(bool(taxed), bool(sources.line_ids.filtered("tax_ids")))
        # the ORM reads the clones like any invoice: grouped amounts per partner
        groups = self.env["account.move"]._read_group(
            [("id", "in", clones.ids)], ["partner_id"], ["amount_total:sum"]
        )
        self.assertAlmostEqual(
            sum(total for _partner, total in groups), sum(clones.mapped("amount_total"))
        )
