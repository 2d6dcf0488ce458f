"""The receivables benchmark on a small generated data set."""

from odoo.tests import TransactionCase, tagged

from benchmarks.bench_receivables import run
from benchmarks.datagen import generate


@tagged("post_install", "-at_install")
class TestBenchmarkReceivables(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.data = generate(
            cls.env, accounts=5, contacts=5, opportunities=5, invoices=12, orm_invoices=3
        )

    def test_benchmark_reads_every_generated_invoice(self):
        report = run(self.env)
        accounts = self.data["accounts"]
        Receivable = self.env["key.account.receivable"]
        generated = Receivable.search_count([("partner_id", "in", accounts.ids)])
        self.assertEqual(generated, 12, "one instalment per generated invoice")
        self.assertGreaterEqual(report["receivable rows"], generated)
        every_account = report["every account at once, finance"]
        # the generated accounts, plus the demo's key accounts when installed
        self.assertGreaterEqual(every_account["groups"], len(accounts))
        self.assertEqual(len(every_account["rounds (s)"]), 5)
        self.assertLessEqual(every_account["min (s)"], every_account["median (s)"])
        self.assertLessEqual(every_account["median (s)"], every_account["max (s)"])
        self.assertGreater(every_account["max (s)"], 0)
        slowest = max(
            section["max (s)"]
            for label, section in report.items()
            if label.startswith(("list grouped", "every account", "pivot"))
        )
        self.assertEqual(report["within target"], slowest <= report["target (s)"])
        # plain Odoo's counterpart read in the same run, as a ratio of medians
        versus = report["finance: receivables by account vs invoices by customer"]
        self.assertEqual(len(versus["plain Odoo"]["rounds (s)"]), 5)
        self.assertEqual(len(versus["key accounts"]["rounds (s)"]), 5)
        self.assertGreater(versus["ratio of medians"], 0)
