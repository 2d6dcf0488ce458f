"""The account-health benchmark on a small generated data set."""

from odoo import fields
from odoo.tests import TransactionCase, tagged

from benchmarks.bench_health import run
from benchmarks.datagen import generate


@tagged("post_install", "-at_install")
class TestBenchmarkHealth(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.data = generate(
            cls.env,
            accounts=5,
            contacts=10,
            opportunities=5,
            invoices=8,
            orm_invoices=2,
            visits=20,
            revisits=10,
        )

    def test_generated_revisits_are_done_and_rated(self):
        revisits = self.data["revisits"]
        self.assertEqual(len(revisits), 10)
        self.assertEqual(set(revisits.mapped("state")), {"done"})
        self.assertNotIn("0", revisits.mapped("satisfaction"))
        self.assertLessEqual(revisits.partner_id, self.data["accounts"])

    def test_benchmark_measures_every_key_account(self):
        report = run(self.env)
        accounts = self.env["res.partner"].search([("is_key_account", "=", True)])
        self.assertEqual(report["key accounts"], len(accounts))
        today = fields.Date.context_today(accounts)
        self.assertEqual(set(accounts.mapped("kam_health_date")), {today})
        self.assertEqual(sum(report["states"].values()), len(accounts))
        self.assertEqual(
            report["within target"],
            max(
                report["first run of the month, snapshots created (s)"],
                report["daily run, snapshots updated (s)"],
            )
            <= report["target (s)"],
        )
        for view in ("kanban", "list"):
            self.assertGreater(report[view]["ratio of medians"], 0, view)
