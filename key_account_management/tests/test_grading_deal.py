from datetime import date
from unittest.mock import patch

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import KeyAccountCommon

CRON_RETRY = "odoo.addons.key_account_management.cron_batch.retrying"

TODAY = date(2026, 3, 2)


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestDealGrade(KeyAccountCommon):
    def _deal(self, months=None, probability=50.0, **values):
        deadline = TODAY + relativedelta(months=months) if months is not None else False
        return self.env["crm.lead"].create(
            {
                "name": "Graded deal",
                "type": "opportunity",
                "partner_id": self.account.id,
                "team_id": self.key_team.id,
                "user_id": self.user_rep.id,
                "date_deadline": deadline,
                "probability": probability,
                **values,
            }
        )

    def test_grade_boundaries(self):
        cases = [
            (3, 70, "A"),  # exactly on both A thresholds
            (3, 69.9, "B"),
            (2, 95, "A"),
            (6, 40, "B"),
            (6, 39, "C"),
            (7, 80, "C"),
            (12, 20, "C"),
            (12, 19.9, "D"),
            (13, 99, "D"),  # beyond a year
            (None, 90, "D"),  # no expected closing date
        ]
        for months, probability, grade in cases:
            with self.subTest(months=months, probability=probability):
                self.assertEqual(self._deal(months, probability).kam_grade, grade)

    def test_grade_follows_inputs(self):
        deal = self._deal(2, 80)
        self.assertEqual(deal.kam_grade, "A")
        deal.probability = 30
        self.assertEqual(deal.kam_grade, "C")
        deal.date_deadline = TODAY + relativedelta(years=2)
        self.assertEqual(deal.kam_grade, "D")

    def test_company_thresholds(self):
        self.env.company.kam_grade_rule_ids.filtered(lambda rule: rule.grade == "A").months = 1
        self.assertEqual(self._deal(2, 80).kam_grade, "B")

    def test_standard_leads_are_not_graded(self):
        lead = self._deal(2, 80, team_id=self.standard_team.id)
        self.assertFalse(lead.kam_grade)

    def test_daily_job_regrades_as_time_passes(self):
        deal = self._deal(5, 80)
        self.assertEqual(deal.kam_grade, "B")
        with freeze_time(TODAY + relativedelta(months=3)):
            self.env["crm.lead"]._cron_kam_recompute_grades()
            self.assertEqual(deal.kam_grade, "A")

    def test_daily_job_writes_a_batch_per_cron_run(self):
        # under the cron each run writes one batch, which Odoo commits, and
        # reports the rest, so that Odoo runs the job again at once
        deals = self.env["crm.lead"].union(*(self._deal(5, 80) for _index in range(5)))
        cron = self.env.ref("key_account_management.ir_cron_kam_recompute_grades")
        progress = self.env["ir.cron.progress"].create({"cron_id": cron.id})
        Lead = self.env["crm.lead"].with_context(ir_cron_progress_id=progress.id)
        # the batch's own transaction and retry are Odoo's (tests cannot commit)
        self.startPatcher(patch(CRON_RETRY, lambda batch, _env: batch()))
        with freeze_time(TODAY + relativedelta(months=3)):
            # every other deal of the database up to date, ours five behind
            self.env["crm.lead"]._cron_kam_recompute_grades()
            deals.write({"kam_grade_computed": "B"})
            Lead._cron_kam_recompute_grades(batch_size=2)
            self.assertEqual((progress.done, progress.remaining), (2, 3))
            self.assertEqual(deals.mapped("kam_grade").count("A"), 2)
            Lead._cron_kam_recompute_grades(batch_size=2)
            Lead._cron_kam_recompute_grades(batch_size=2)
            self.assertEqual((progress.done, progress.remaining), (1, 0))
            self.assertEqual(set(deals.mapped("kam_grade")), {"A"})

    def _regrade_queries(self, count):
        deals = self.env["crm.lead"].create(
            [
                {
                    "name": f"Deal {index}",
                    "type": "opportunity",
                    "team_id": self.key_team.id,
                    "date_deadline": TODAY + relativedelta(months=5),
                    "probability": 80,
                }
                for index in range(count)
            ]
        )
        self.assertEqual(set(deals.mapped("kam_grade")), {"B"})
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        with freeze_time(TODAY + relativedelta(months=3)):
            self.env["crm.lead"]._cron_kam_recompute_grades()
        queries = self.env.cr.sql_log_count - before
        self.assertEqual(set(deals.mapped("kam_grade")), {"A"})
        deals.unlink()
        return queries

    def test_daily_job_is_batched(self):
        # regrading 80 deals costs no more queries than regrading 20: the
        # job reads, groups and writes in batches, never one query per deal
        self._regrade_queries(5)  # warm the caches (thresholds, field metadata)
        few = self._regrade_queries(20)
        many = self._regrade_queries(80)
        self.assertLessEqual(many, few)

    def test_manager_overrides_with_reason(self):
        deal = self._deal(13, 10)
        self.assertEqual(deal.kam_grade, "D")
        self.env.flush_all()
        self.env.cr.precommit.run()  # tracking starts after the creation's commit
        deal.with_user(self.user_manager).write(
            {"kam_grade_override": "A", "kam_grade_override_reason": "CEO's personal project"}
        )
        self.assertEqual(deal.kam_grade, "A")
        self.assertEqual(deal.kam_grade_computed, "D")
        self.env.flush_all()
        self.env.cr.precommit.run()
        tracked = deal.message_ids.tracking_value_ids.field_id.mapped("name")
        self.assertIn("kam_grade_override_reason", tracked)

    def test_override_needs_a_reason(self):
        deal = self._deal(13, 10)
        with self.assertRaises(ValidationError) as error:
            deal.with_user(self.user_manager).kam_grade_override = "A"
        self.assertIn("give the reason", str(error.exception))
        self.assertFalse(deal.kam_grade_override)

    def test_rep_cannot_override(self):
        deal = self._deal(13, 10)
        with self.assertRaises(AccessError):
            deal.with_user(self.user_rep).write(
                {"kam_grade_override": "A", "kam_grade_override_reason": "I like it"}
            )
        self.assertEqual(deal.kam_grade, "D")
