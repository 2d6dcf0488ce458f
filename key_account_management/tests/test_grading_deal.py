from datetime import date
from unittest.mock import patch

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import KeyAccountCommon

TODAY = date(2026, 3, 2)
TRACKING_INSERTS = ('INSERT INTO "mail_message"', 'INSERT INTO "mail_tracking_value"')


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

    def test_daily_job_commits_a_batch_at_a_time_under_the_cron(self):
        # under the cron each batch is a transaction of its own, committed
        # with the job's progress (a savepoint in tests, which cannot commit)
        deals = self.env["crm.lead"].union(*(self._deal(5, 80) for _index in range(5)))
        cron = self.env.ref("key_account_management.ir_cron_kam_recompute_grades")
        progress = self.env["ir.cron.progress"].create({"cron_id": cron.id})
        Lead = self.env["crm.lead"].with_context(ir_cron_progress_id=progress.id)
        batches = []
        regrade = type(Lead)._kam_regrade

        def spy(leads, today):
            batches.append(leads.ids)
            return regrade(leads, today)

        self.startPatcher(patch.object(type(Lead), "_kam_regrade", autospec=True, side_effect=spy))
        with freeze_time(TODAY + relativedelta(months=3)):
            # every other deal of the database up to date, ours five behind
            self.env["crm.lead"]._cron_kam_recompute_grades()
            deals.write({"kam_grade_computed": "B"})
            batches.clear()
            Lead._cron_kam_recompute_grades(batch_size=2)
            self.assertEqual(batches, [deals[:2].ids, deals[2:4].ids, deals[4:].ids])
            self.assertEqual((progress.done, progress.remaining), (5, 0))
            self.assertEqual(set(deals.mapped("kam_grade")), {"A"})

    def test_daily_job_finds_the_deals_whose_grade_changes(self):
        # the job looks for the deals to regrade in SQL: exactly those whose
        # grade on the day differs from the one they have, on each side of
        # every rule's horizon and probability, in each company's rules
        other = self.env["res.company"].create({"name": "Second Company"})
        Rule = self.env["key.account.grade.rule"]
        other.kam_grade_rule_ids.unlink()
        Rule.create([{**values, "company_id": other.id} for values in Rule._default_values()])
        other.kam_grade_rule_ids.filtered(lambda rule: rule.grade == "A").write(
            {"months": 1, "probability": 90}
        )
        day = TODAY + relativedelta(months=3)
        deals, theirs, nobodys = self.env["crm.lead"], [], []
        for months, days, probability in [
            (3, 0, 70),  # on both A thresholds
            (3, 1, 70),  # a day past A's horizon
            (3, 0, 69.9),
            (6, 0, 40),
            (6, 1, 40),
            (12, 0, 20),
            (12, 1, 20),
            (12, 0, 19.9),
            (1, 0, 90),
            (1, 0, 0),
        ]:
            deadline = day + relativedelta(months=months, days=days)
            for owner in (None, theirs, nobodys):
                deal = self._deal(date_deadline=deadline, probability=probability)
                deals |= deal
                if owner is not None:
                    owner.append(deal.id)
        deals |= self._deal(None, 90)  # no closing date: D
        # the second company's rules for its deals, the user's company's for
        # a deal of no company
        self.env.cr.execute(
            "UPDATE crm_lead SET company_id = %s WHERE id IN %s", [other.id, tuple(theirs)]
        )
        self.env.cr.execute(
            "UPDATE crm_lead SET company_id = NULL WHERE id IN %s", [tuple(nobodys)]
        )
        self.env.invalidate_all()
        closed = self._deal(1, 100)
        archived = self._deal(1, 90)
        archived.active = False
        standard = self._deal(1, 90, team_id=self.standard_team.id)
        open_deals = self.env["crm.lead"].search(
            [("is_key_account", "=", True), ("probability", "<", 100)]
        )
        changing = open_deals.filtered(
            lambda lead: lead._kam_grade_for(day) != lead.kam_grade_computed
        )
        self.assertGreater(len(changing & deals), 5)
        self.assertLess(len(changing & deals), len(deals))
        due = self.env["crm.lead"]._kam_grades_due(day)
        self.assertEqual(due, changing)
        self.assertFalse(due & (closed | archived | standard))

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
        # the creation's work done, its chatter's included (run at commit)
        self.env.cr.flush()
        self.env.invalidate_all()
        queries = []
        execute = type(self.env.cr).execute

        def counted(cr, query, *args, **kwargs):
            # the chatter's tracking aside: Odoo logs a message per deal
            # whose grade changes, when each batch is committed
            if not getattr(query, "code", query).startswith(TRACKING_INSERTS):
                queries.append(query)
            return execute(cr, query, *args, **kwargs)

        with (
            patch.object(type(self.env.cr), "execute", counted),
            freeze_time(TODAY + relativedelta(months=3)),
        ):
            self.env["crm.lead"]._cron_kam_recompute_grades()
        self.assertEqual(set(deals.mapped("kam_grade")), {"A"})
        deals.unlink()
        return len(queries)

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
