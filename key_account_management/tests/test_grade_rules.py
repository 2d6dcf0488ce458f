"""Grade rules and budgets per market: small tables of each company."""

from psycopg2 import IntegrityError

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import KeyAccountCommon


@tagged("post_install", "-at_install")
class TestGradeRules(KeyAccountCommon):
    def test_a_new_company_starts_with_the_default_tables(self):
        # the grades are the add-on's defaults (000 gives no numbers), the
        # budgets 003's fees per market
        company = self.env["res.company"].create({"name": "Second Works"})
        rules = company.kam_grade_rule_ids
        self.assertEqual(
            [(rule.grade, rule.months, rule.probability) for rule in rules.sorted("grade")],
            [("A", 3, 70), ("B", 6, 40), ("C", 12, 20)],
        )
        self.assertEqual(
            {
                budget.market: (budget.development_fee, budget.maintenance_fee)
                for budget in company.kam_market_budget_ids
            },
            {
                "local": (50_000, 30_000),
                "domestic": (100_000, 70_000),
                "international": (200_000, 150_000),
            },
        )

    def test_one_rule_per_grade_and_company(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.env["key.account.grade.rule"].create(
                {"company_id": self.company.id, "grade": "A", "months": 2, "probability": 90}
            )

    def test_bad_values_are_refused(self):
        rule = self.company.kam_grade_rule_ids.filtered(lambda rule: rule.grade == "B")
        for values in ({"months": 0}, {"probability": 120}):
            with self.subTest(values=values), mute_logger("odoo.sql_db"):
                with self.assertRaises(IntegrityError), self.env.cr.savepoint():
                    rule.write(values)
                    rule.flush_recordset()

    def test_managers_edit_the_tables_reps_read_them(self):
        rule = self.company.kam_grade_rule_ids.filtered(lambda rule: rule.grade == "C")
        self.assertEqual(rule.with_user(self.user_rep).probability, 20)
        with self.assertRaises(AccessError):
            rule.with_user(self.user_rep).write({"probability": 10})
        rule.with_user(self.user_manager).write({"probability": 10})
        self.assertEqual(rule.probability, 10)
