"""The daily jobs under load: batches on the rows no one else holds, a run
that stops is resumed by the next one without redoing its work, and reading
what the jobs write never writes."""

import threading
from contextlib import contextmanager
from datetime import timedelta
from types import SimpleNamespace
from unittest.mock import patch

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time
from psycopg2 import errorcodes, errors

from odoo import fields
from odoo.tests import tagged
from odoo.tools import SQL, config

from odoo.addons.base.models.ir_cron import ir_cron as OdooCron

from .. import cron_batch
from .common import read_only_transaction
from .common_health import KeyAccountHealthCommon

GRADES_JOB = "key_account_management.ir_cron_kam_recompute_grades"
TIERS_JOB = "key_account_management.ir_cron_kam_compute_tiers"
HEALTH_JOB = "key_account_management.ir_cron_kam_compute_health"


class Collision(errors.SerializationFailure):
    """What PostgreSQL raises when a rep wrote a row the batch updates."""

    pgcode = errorcodes.SERIALIZATION_FAILURE


class BatchFailed(Exception):
    """A batch that fails for a reason of its own."""


@tagged("post_install", "-at_install")
class TestDailyJobs(KeyAccountHealthCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.deals = cls.env["crm.lead"].create(
            [
                {
                    "name": f"Regraded deal {index}",
                    "type": "opportunity",
                    "partner_id": cls.account.id,
                    "team_id": cls.key_team.id,
                    "user_id": cls.user_rep.id,
                    "date_deadline": cls.today + relativedelta(months=5),
                    "probability": 80,
                }
                for index in range(5)
            ]
        )
        cls.later = cls.today + relativedelta(months=3)

    def setUp(self):
        super().setUp()
        # a lock this test waits for fails the test instead of hanging it
        self.env.cr.execute("SET LOCAL lock_timeout = '5s'")

    # helpers ---------------------------------------------------------------
    def _cron(self, model, xmlid):
        """``model`` as the cron calls it: with a progress record of the job
        in the context, and nothing else of the job."""
        cron = self.env.ref(xmlid)
        progress = self.env["ir.cron.progress"].create({"cron_id": cron.id})
        records = self.env[model].with_context(ir_cron_progress_id=progress.id)
        return records, progress

    def _spy(self, model, method, fail=None):
        """Patch ``method`` of ``model``: record the ids of each call; the
        calls numbered in ``fail`` (1 first) raise what ``fail`` maps them to."""
        calls = []
        original = getattr(type(self.env[model]), method)

        def spy(records, *args):
            calls.append(records.ids)
            error = (fail or {}).get(len(calls))
            if error:
                raise error
            return original(records, *args)

        self.startPatcher(
            patch.object(type(self.env[model]), method, autospec=True, side_effect=spy)
        )
        return calls

    def _regraded_later(self):
        """At ``self.later`` every deal of the database up to date but our
        five, which go from B to A."""
        self.env["crm.lead"]._cron_kam_recompute_grades()
        self.deals.write({"kam_grade_computed": "B"})
        self.env.flush_all()

    @contextmanager
    def _held(self, model, ids):
        """One of these rows, committed, held by another transaction the way
        a rep's request holds a row it writes, until the block ends: yields it."""
        Model = self.env[model]
        with self.registry.cursor() as cr:
            cr.execute(
                SQL(
                    "SELECT id FROM %s WHERE id = ANY(%s) ORDER BY id LIMIT 1 "
                    "FOR UPDATE SKIP LOCKED",
                    SQL.identifier(Model._table),
                    list(ids),
                )
            )
            row = cr.fetchone()
            self.assertTrue(row, f"a committed {model} to hold among {ids}")
            try:
                yield Model.browse(row[0])
            finally:
                cr.rollback()

    def _later_runs(self, xmlid):
        """The runs of the job triggered for later."""
        return self.env["ir.cron.trigger"].search(
            [("cron_id", "=", self.env.ref(xmlid).id), ("call_at", ">", fields.Datetime.now())]
        )

    def test_a_failed_batch_is_done_by_the_next_run_alone(self):
        with freeze_time(self.later):
            self._regraded_later()
            Lead, progress = self._cron("crm.lead", GRADES_JOB)
            calls = self._spy("crm.lead", "_kam_regrade", fail={2: BatchFailed("disk full")})
            # not assertRaises, which rolls back what the run kept
            error = None
            try:
                Lead._cron_kam_recompute_grades(batch_size=2)
            except BatchFailed as caught:
                error = caught
            self.assertIsInstance(error, BatchFailed, "the run raises the batch's error at its end")
            first, failed, third = self.deals[:2], self.deals[2:4], self.deals[4:]
            self.assertEqual(calls, [first.ids, failed.ids, third.ids])
            # the other batches are kept, the failed one is rolled back alone;
            # Odoo sees committed progress with work left: it runs the job again
            self.assertEqual((progress.done, progress.remaining), (3, 2))
            self.assertEqual(set((first | third).mapped("kam_grade")), {"A"})
            self.assertEqual(set(failed.mapped("kam_grade")), {"B"})
            calls.clear()
            Lead, progress = self._cron("crm.lead", GRADES_JOB)
            Lead._cron_kam_recompute_grades(batch_size=2)
            self.assertEqual(calls, [failed.ids], "the next run does only what is left")
            self.assertEqual((progress.done, progress.remaining), (2, 0))
            self.assertEqual(set(self.deals.mapped("kam_grade")), {"A"})

    def test_a_run_out_of_time_is_resumed_where_it_stopped(self):
        with freeze_time(self.later):
            self._regraded_later()
            calls = self._spy("crm.lead", "_kam_regrade")
            Lead, progress = self._cron("crm.lead", GRADES_JOB)
            with patch.object(cron_batch._Budget, "spent", return_value=True):
                Lead._cron_kam_recompute_grades(batch_size=2)
            # one batch, then the cycle's time is up: the rest is reported,
            # and the job is triggered for now, which wakes the worker for a
            # new cycle as soon as this one ends
            self.assertEqual(calls, [self.deals[:2].ids])
            self.assertEqual((progress.done, progress.remaining), (2, 3))
            self.assertTrue(
                self.env["ir.cron.trigger"].search(
                    [
                        ("cron_id", "=", self.env.ref(GRADES_JOB).id),
                        ("call_at", "<=", fields.Datetime.now()),
                    ]
                )
            )
            Lead, progress = self._cron("crm.lead", GRADES_JOB)
            Lead._cron_kam_recompute_grades(batch_size=2)
            self.assertEqual(calls[1:], [self.deals[2:4].ids, self.deals[4:].ids])
            self.assertEqual((progress.done, progress.remaining), (3, 0))
            self.assertEqual(set(self.deals.mapped("kam_grade")), {"A"})

    def test_a_run_out_of_time_that_did_nothing_is_triggered_for_later(self):
        # its one batch collided: Odoo takes a run with nothing done for a
        # finished one and drops the job's triggers already due
        with freeze_time(self.later):
            self._regraded_later()
            collision = Collision("could not serialize access due to concurrent update")
            self._spy("crm.lead", "_kam_regrade", fail={1: collision})
            Lead, progress = self._cron("crm.lead", GRADES_JOB)
            with patch.object(cron_batch._Budget, "spent", return_value=True):
                Lead._cron_kam_recompute_grades(batch_size=2)
            self.assertEqual((progress.done, progress.remaining), (0, 5))
            self.assertEqual(
                self._later_runs(GRADES_JOB).call_at,
                fields.Datetime.now() + cron_batch.HELD_ROWS_DELAY,
            )

    def test_the_runs_after_the_cycle_is_spent_take_what_was_left(self):
        """Odoo runs a job up to ten times a cycle: once the cycle's time is
        spent, each of those runs takes one batch of what the first run
        left, without finding the work again (a query over every deal)."""
        thread = threading.current_thread()
        self.addCleanup(lambda: thread.__dict__.pop("kam_cron_cycle", None))
        with freeze_time(self.later):
            self._regraded_later()
            calls = self._spy("crm.lead", "_kam_regrade")
            finds = self._spy("crm.lead", "_kam_grades_due")
            cron_batch.start_cycle(SimpleNamespace(closed=False))
            with patch.object(cron_batch._Budget, "spent", return_value=True):
                Lead, progress = self._cron("crm.lead", GRADES_JOB)
                Lead._cron_kam_recompute_grades(batch_size=2)
                Lead, progress = self._cron("crm.lead", GRADES_JOB)
                Lead._cron_kam_recompute_grades(batch_size=2)
            self.assertEqual(len(finds), 1, "the second run did not look for the work again")
            self.assertEqual(calls, [self.deals[:2].ids, self.deals[2:4].ids])
            self.assertEqual((progress.done, progress.remaining), (2, 1))
            # the next cycle finds the work again
            cron_batch.start_cycle(SimpleNamespace(closed=False))
            Lead, progress = self._cron("crm.lead", GRADES_JOB)
            Lead._cron_kam_recompute_grades(batch_size=2)
            self.assertEqual(len(finds), 2)
            self.assertEqual(calls[2:], [self.deals[4:].ids])
            self.assertEqual((progress.done, progress.remaining), (1, 0))
            self.assertEqual(set(self.deals.mapped("kam_grade")), {"A"})

    def test_a_committed_batch_leaves_nothing_in_memory(self):
        """Under the cron each batch is committed, and what it read leaves
        the cache: a cache that kept every batch would grow with the run
        (20,000 accounts' figures at the end of the health job), and each of
        Python's garbage collections with it."""
        deals = self.deals
        cached = []

        def regrade(batch):
            # what the batches before this one read is no longer in memory
            cached.append(
                any(self.env.cache.contains(deal, deal._fields["name"]) for deal in deals)
            )
            batch.mapped("name")

        Lead, progress = self._cron("crm.lead", GRADES_JOB)
        thread = threading.current_thread()
        with (
            patch.object(thread, "testing", False),
            patch.object(self.env.cr, "commit") as commit,
        ):
            cron_batch.run_cron_batches(Lead, lambda: deals, regrade, 2)
        self.assertEqual(commit.call_count, 1 + 3 + 1, "before the batches, each batch, the end")
        self.assertEqual(cached, [False, False, False])
        self.assertEqual((progress.done, progress.remaining), (5, 0))

    def test_a_run_counts_its_time_from_the_start_of_the_cron_cycle(self):
        """A cron worker's watchdog and CPU limit are set before it sleeps
        and then runs every ready job: a job run late in the cycle has less
        than the whole limit left."""
        thread = threading.current_thread()
        self.addCleanup(lambda: thread.__dict__.pop("kam_cron_cycle", None))
        clock, cpu = [1000.0], [50.0]
        limits = {
            "workers": 2,
            "limit_time_real": 600,
            "limit_time_real_cron": -1,
            "limit_time_cpu": 300,
        }
        self.startPatcher(patch.dict(config.options, limits))
        self.startPatcher(
            patch.object(cron_batch, "time", SimpleNamespace(monotonic=lambda: clock[0]))
        )
        self.startPatcher(patch.object(cron_batch, "_cpu_time", lambda: cpu[0]))
        cycle_cr = SimpleNamespace(closed=False)
        # Odoo starts the cycle's first job; ours runs 200 s later
        with patch.object(OdooCron, "_process_job", classmethod(lambda cls, *args: None)):
            self.env["ir.cron"]._process_job(None, cycle_cr, {})
        clock[0] += 200
        budget = cron_batch._Budget()
        self.assertFalse(budget.spent())
        # half of 600 s less the worker's sleep, from the cycle's start
        clock[0] = 1000 + (600 - cron_batch.WORKER_SLEEP) / 2 + 1
        self.assertTrue(budget.spent())
        # a second job of the same cycle starts with it spent
        with patch.object(OdooCron, "_process_job", classmethod(lambda cls, *args: None)):
            self.env["ir.cron"]._process_job(None, cycle_cr, {})
        self.assertTrue(cron_batch._Budget().spent())
        # half of the CPU limit, spent since the cycle started
        clock[0] = 1000
        cpu[0] = 50 + 151
        self.assertTrue(budget.spent())
        # outside a cycle ("Run Manually"): from the run's start, no sleep
        cycle_cr.closed = True
        cpu[0] = 0
        budget = cron_batch._Budget()
        clock[0] += 299
        self.assertFalse(budget.spent())
        clock[0] += 2
        self.assertTrue(budget.spent())

    def test_a_batch_that_collides_with_a_rep_goes_round_again(self):
        with freeze_time(self.later):
            self._regraded_later()
            collision = Collision("could not serialize access due to concurrent update")
            calls = self._spy("crm.lead", "_kam_regrade", fail={1: collision})
            Lead, progress = self._cron("crm.lead", GRADES_JOB)
            Lead._cron_kam_recompute_grades(batch_size=2)
            # rolled back alone, it goes round again at the end of the run
            self.assertEqual(
                calls,
                [self.deals[:2].ids, self.deals[2:4].ids, self.deals[4:].ids, self.deals[:2].ids],
            )
            self.assertEqual((progress.done, progress.remaining), (5, 0))
            self.assertEqual(set(self.deals.mapped("kam_grade")), {"A"})

    # rows a rep holds -------------------------------------------------------
    def test_grades_leave_a_held_deal_to_a_later_run(self):
        # every deal with a closing date is an A now: the committed ones
        # (the demo's) are due without this transaction writing them
        self.env.cr.execute(
            "UPDATE key_account_grade_rule SET months = 1200, probability = 0 WHERE grade = 'A'"
        )
        self.env.invalidate_all()
        today = fields.Date.context_today(self.env["crm.lead"])
        Lead, progress = self._cron("crm.lead", GRADES_JOB)
        due = Lead._kam_grades_due(today)
        with self._held("crm.lead", due.ids) as held:
            grade = held.kam_grade_computed
            Lead._cron_kam_recompute_grades(batch_size=1000)
            self.assertEqual(set((due - held).mapped("kam_grade_computed")), {"A"})
            self.assertEqual(held.kam_grade_computed, grade, "skipped, not waited for")
            self.assertEqual((progress.done, progress.remaining), (len(due) - 1, 1))
            self.assertTrue(self._later_runs(GRADES_JOB))
        Lead, progress = self._cron("crm.lead", GRADES_JOB)
        Lead._cron_kam_recompute_grades(batch_size=1000)
        self.assertEqual(held.kam_grade_computed, "A")
        self.assertEqual((progress.done, progress.remaining), (1, 0))

    def test_tiers_leave_a_held_account_to_a_later_run(self):
        # any revenue, even none, makes a strategic account: the committed
        # accounts (the demo's) are due without this transaction writing them
        # (thresholds the settings refuse, hence written in SQL)
        self.env.cr.execute(
            "UPDATE res_company SET kam_tier_strategic_amount = 0, kam_tier_key_amount = 0 "
            "WHERE id = %s",
            [self.company.id],
        )
        self.company.invalidate_recordset()
        Partner, progress = self._cron("res.partner", TIERS_JOB)
        due = Partner._kam_tiers_due()
        with self._held("res.partner", due.ids) as held:
            tier = held.kam_tier
            Partner._cron_kam_compute_tiers(batch_size=1000)
            self.assertFalse(Partner._kam_tiers_due() - held)
            self.assertEqual(held.kam_tier, tier, "skipped, not waited for")
            self.assertEqual((progress.done, progress.remaining), (len(due) - 1, 1))
            self.assertTrue(self._later_runs(TIERS_JOB))
        Partner, progress = self._cron("res.partner", TIERS_JOB)
        Partner._cron_kam_compute_tiers(batch_size=1000)
        self.assertFalse(Partner._kam_tiers_due())
        self.assertEqual((progress.done, progress.remaining), (1, 0))

    def test_health_leaves_a_held_account_to_a_later_run(self):
        # two days on: the committed accounts may have been measured on the
        # day after ``self.today`` already, in a time zone ahead of UTC
        with freeze_time(self.today + timedelta(days=2)):
            Partner, progress = self._cron("res.partner", HEALTH_JOB)
            day = fields.Date.context_today(Partner)
            # every key account, the committed ones (the demo's) with them
            due = Partner.search([("is_key_account", "=", True)])
            with self._held("res.partner", due.ids) as held:
                Partner._cron_kam_compute_health(batch_size=1000)
                self.assertEqual(set((due - held).mapped("kam_health_date")), {day})
                self.assertNotEqual(held.kam_health_date, day, "skipped, not waited for")
                self.assertEqual((progress.done, progress.remaining), (len(due) - 1, 1))
                trigger = self._later_runs(HEALTH_JOB)
                self.assertEqual(
                    trigger.call_at, fields.Datetime.now() + cron_batch.HELD_ROWS_DELAY
                )
            Partner, progress = self._cron("res.partner", HEALTH_JOB)
            Partner._cron_kam_compute_health(batch_size=1000)
            self.assertEqual(held.kam_health_date, day)
            self.assertEqual((progress.done, progress.remaining), (1, 0))

    # reading ----------------------------------------------------------------
    def test_reading_what_the_jobs_write_writes_nothing(self):
        Lead, Partner = self.env["crm.lead"], self.env["res.partner"]
        Lead._cron_kam_recompute_grades()
        Partner._cron_kam_compute_tiers()
        Partner._cron_kam_compute_health()
        today = fields.Date.context_today(Lead)
        with read_only_transaction(self):
            # what the jobs look for
            self.assertFalse(Lead._kam_grades_due(today))
            self.assertFalse(Partner._kam_tiers_due())
            # what a rep reads of it: the deal's grade, the account's tier,
            # the health tab
            self.deal_rep.with_user(self.user_rep).read(["kam_grade", "kam_grade_computed"])
            self.account.with_user(self.user_rep).read(
                [
                    "kam_tier",
                    "kam_sales_class",
                    "kam_contact_overdue_days",
                    "kam_health_score",
                    "kam_health_state",
                    "kam_health_line_ids",
                    "kam_next_action",
                ]
            )
            self.account.kam_health_line_ids.with_user(self.user_rep).read(["detail", "score"])
