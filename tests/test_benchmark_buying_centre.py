"""The buying-centre option of the generator and the kanban benchmark, small."""

import re

from odoo.tests import TransactionCase, tagged

from benchmarks.bench_buying_centre import kanban_specification, run
from benchmarks.datagen import generate


@tagged("post_install", "-at_install")
class TestBenchmarkBuyingCentre(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.data = generate(cls.env, accounts=4, contacts=24, opportunities=8, buying_roles=6)

    def test_six_members_per_opportunity(self):
        leads = self.data["opportunities"]
        self.assertEqual(len(self.data["buying_roles"]), 48)
        for lead in leads:
            self.assertEqual(len(lead.buying_role_ids), 6)
            self.assertEqual(lead.buying_centre_completeness, 100)
            self.assertEqual(
                lead.buying_role_ids.partner_id.commercial_partner_id,
                lead.partner_id,
            )

    def test_benchmark_runs(self):
        spec = kanban_specification(self.env)
        self.assertIn("buying_centre_completeness", spec)
        self.assertIn("name", spec)
        report = run(self.env, rounds=1)
        # the generated opportunities (and the demo's, when installed) with
        # their buying-centre members, and a measured ratio
        counts = re.search(r"(\d+) key-account opportunities, (\d+) buying-centre members", report)
        self.assertTrue(counts, report)
        self.assertGreaterEqual(int(counts[1]), 8)
        self.assertGreaterEqual(int(counts[2]), 48)
        ratio = re.search(r"ratio (\d+\.\d+)", report)
        self.assertTrue(ratio, report)
        self.assertGreater(float(ratio[1]), 0)
