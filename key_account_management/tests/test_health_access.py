"""Account health: who sees it, per company, and its cost per batch."""

from math import ceil

from odoo.exceptions import AccessError
from odoo.models import INSERT_BATCH_SIZE
from odoo.tests import tagged

from ..models.key_account_health_factor import HEALTH_FACTORS
from .common_health import KeyAccountHealthCommon


@tagged("post_install", "-at_install")
class TestHealthAccess(KeyAccountHealthCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._contact(100)
        cls._contact(100, account=cls.account2)
        cls._invoice(5000, partner=cls.account2, due_in=-100, invoice_days_ago=130)
        (cls.account | cls.account2)._kam_refresh_health()
        cls.employee = cls._new_user("kam_test_employee", "Plain Employee")

    def test_rep_sees_the_health_of_their_accounts_only(self):
        Snapshot = self.env["key.account.health.snapshot"].with_user(self.user_rep)
        self.assertEqual(Snapshot.search([]).partner_id, self.account)
        theirs = self.account2.with_user(self.user_rep)
        self.assertFalse(theirs.kam_next_action, "another rep's account: no next action")
        self.assertFalse(theirs.kam_health_line_ids)
        mine = self.account.with_user(self.user_rep)
        self.assertTrue(mine.kam_next_action)
        self.assertEqual(len(mine.kam_health_line_ids), len(HEALTH_FACTORS))
        with self.assertRaises(AccessError):
            Snapshot.browse(self.account2.kam_health_snapshot_id.id).read(["next_action"])
        Line = self.env["key.account.health.line"].with_user(self.user_rep)
        self.assertEqual(Line.search([]).partner_id, self.account)
        with self.assertRaises(AccessError):
            Line.browse(self.account2.kam_health_snapshot_id.line_ids[:1].id).read(["detail"])
        with self.assertRaises(AccessError):
            Snapshot.browse(self.account.kam_health_snapshot_id.id).write({"score": 100})

    def test_managers_and_finance_see_all(self):
        for user in (self.user_manager, self.user_finance):
            snapshots = self.env["key.account.health.snapshot"].with_user(user).search([])
            self.assertIn(self.account2, snapshots.partner_id, user.name)
        self.assertIn(
            "overdue",
            self._factor(
                self.account2.kam_health_snapshot_id.with_user(self.user_finance), "money"
            ).detail,
        )

    def test_plain_employee_sees_no_health(self):
        with self.assertRaises(AccessError):
            self.env["key.account.health.snapshot"].with_user(self.employee).search([])
        with self.assertRaises(AccessError):
            self.account.with_user(self.employee).read(["kam_next_action"])

    def test_other_company(self):
        other = self.env["res.company"].create({"name": "Test Other Company"})
        self.assertEqual(sum(other.kam_health_factor_ids.mapped("weight")), 100)
        account = self.env["res.partner"].create(
            {
                "name": "Test Far Away",
                "is_company": True,
                "is_key_account": True,
                "company_id": other.id,
            }
        )
        self._contact(100, account=account)
        account._kam_refresh_health()
        self.assertEqual(account.kam_health_snapshot_id.company_id, other)
        snapshots = self.env["key.account.health.snapshot"].with_user(self.user_manager).search([])
        self.assertNotIn(account, snapshots.partner_id)

    def test_queries_do_not_grow_with_the_batch(self):
        def accounts(count, prefix):
            Partner = self.env["res.partner"]
            created = Partner.create(
                [
                    {
                        "name": f"{prefix} {index}",
                        "is_company": True,
                        "is_key_account": True,
                        "user_id": self.user_rep.id,
                    }
                    for index in range(count)
                ]
            )
            for account in created:
                self._contact(100, account=account)
                self._invoice(1000, partner=account, due_in=-100, invoice_days_ago=130)
            self.env.flush_all()
            return created

        warm, small, large = accounts(1, "Warm"), accounts(5, "Small"), accounts(20, "Large")

        def queries(batch):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            batch._kam_refresh_health()
            self.env.flush_all()
            return self.env.cr.sql_log_count - before

        # the first measure of the month creates the snapshots, the next
        # ones update them: neither costs a query per account. The lines (7
        # an account) are created in one call, which the ORM inserts in
        # chunks of INSERT_BATCH_SIZE rows: that, and nothing else, may grow
        # (a measure of the same day rewrites none of them).
        lines = len(HEALTH_FACTORS)
        chunks = ceil(len(large) * lines / INSERT_BATCH_SIZE) - ceil(
            len(small) * lines / INSERT_BATCH_SIZE
        )
        queries(warm)  # what is read once per process
        for _measure in ("created", "updated"):
            self.assertLessEqual(queries(large) - queries(small), chunks, _measure)
