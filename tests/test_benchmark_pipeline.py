"""The pipeline and mass-edit benchmarks, key accounts against plain Odoo, small."""

from odoo.tests import TransactionCase, tagged

from benchmarks import bench_pipeline, bench_stage_gate
from benchmarks.datagen import generate
from benchmarks.rounds import compare, summary


@tagged("post_install", "-at_install")
class TestBenchmarkPipeline(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.data = generate(
            cls.env,
            accounts=4,
            contacts=24,
            opportunities=60,
            standard_opportunities=60,
            buying_roles=6,
        )
        # what the generator's commit does: it made its records without
        # tracking, a mark that lasts until the transaction's pre-commit
        cls.env.flush_all()
        cls.env.cr.precommit.run()

    def test_generator_makes_the_standard_counterpart(self):
        key, standard = self.data["opportunities"], self.data["standard_opportunities"]
        self.assertEqual(len(standard), len(key))
        self.assertFalse(any(standard.mapped("is_key_account")))
        self.assertEqual(standard.partner_id, key.partner_id)
        self.assertEqual(standard.user_id, key.user_id)
        # as many columns on both pipelines
        self.assertEqual(len(standard.stage_id), len(key.stage_id))
        for lead in key:
            self.assertEqual(len(lead.buying_role_ids), 6)
            self.assertEqual(lead.buying_centre_completeness, 100)

    def test_rounds_and_ratio(self):
        figures = summary([0.3, 0.1, 0.2])
        self.assertEqual(
            (figures["min (s)"], figures["median (s)"], figures["max (s)"]), (0.1, 0.2, 0.3)
        )
        ours, vanilla = iter([0.0, 0.2, 0.4, 0.3]), iter([0.0, 0.1, 0.2, 0.1])
        compared = compare(lambda: next(ours), lambda: next(vanilla), 3, target=1.1)
        # the warm-up rounds are left out
        self.assertEqual(compared["key accounts"]["rounds (s)"], [0.2, 0.4, 0.3])
        self.assertEqual(compared["ratio of medians"], 3.0)
        self.assertFalse(compared["within target"])

    def test_pipeline_reads_what_the_kanban_shows(self):
        Lead = self.env["crm.lead"]
        key_kanban = self.env.ref("key_account_management.crm_lead_view_kanban")
        spec, aggregates, progress_bar = bench_pipeline.kanban_read_plan(Lead, key_kanban.id)
        plain_spec = bench_pipeline.kanban_read_plan(Lead)[0]
        self.assertIn("buying_centre_alert", spec)
        self.assertIn("buying_centre_support:avg", aggregates)
        # the other teams' pipelines read CRM's card alone
        self.assertNotIn("buying_centre_alert", plain_spec)
        self.assertIn("expected_revenue:sum", aggregates)
        self.assertEqual(progress_bar["field"], "activity_state")
        report = bench_pipeline.run(self.env, rounds=1)
        for role in ("rep", "manager"):
            self.assertGreater(report[f"{role}: ours cards read"], 0)
            self.assertGreater(report[f"{role}: vanilla cards read"], 0)
            versus = report[f"{role}: pipeline open"]
            self.assertGreater(versus["ratio of medians"], 0)
            self.assertIn("within target", versus)
            calls = report[f"{role}: function calls per open"]
            # the key-account cards carry more fields: more work, never less
            self.assertGreater(calls["key accounts"], calls["plain Odoo"])
        self.assertEqual(report["rep: ours deals"], report["rep: vanilla deals"])

    def test_mass_edit_runs_the_commit_time_work(self):
        report = bench_stage_gate.run(self.env, rounds=1, count=5)
        # the moves' tracking messages are written at commit time
        self.assertEqual(report["tracking messages"], 5)
        self.assertGreaterEqual(report["stage history rows"], 5)
        versus = report["mass stage change, commit-time work included"]
        self.assertEqual(len(versus["key accounts"]["rounds (s)"]), 1)
        self.assertGreater(versus["ratio of medians"], 0)
        # the standard move through and around the add-on's overrides, measured too
        overrides = versus["standard move, through ÷ around the add-on's write overrides"]
        self.assertEqual(len(overrides["around"]["rounds (s)"]), 1)
        self.assertGreater(overrides["ratio of medians"], 0)
        # every round was rolled back
        first = self.env.ref("key_account_management.crm_stage_key_evaluate")
        self.assertTrue(self.data["opportunities"].filtered(lambda lead: lead.stage_id == first))
