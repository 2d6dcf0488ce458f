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
        self.assertLessEqual(every_account["median (s)"], every_account["worst (s)"])
        self.assertGreater(every_account["worst (s)"], 0)
        worst = max(
            section["worst (s)"] for section in report.values() if isinstance(section, dict)
        )
        self.assertEqual(report["within target"], worst <= report["target (s)"])
