from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common_visit import KeyAccountVisitCommon


@tagged("post_install", "-at_install")
class TestVisitAccess(KeyAccountVisitCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_team = cls.env["crm.team"].create(
            {"name": "Key Accounts North", "is_key_account_team": True}
        )
        cls.user_rep_north = cls._new_user(
            "kam_test_rep_north", "Rep North", "key_account_management.group_key_account_user"
        )
        cls.other_team.member_ids = cls.user_rep_north
        cls.visit_rep = cls._visit()
        cls.visit_rep2 = cls._visit(user=cls.user_rep2)
        cls.visit_north = cls._visit(user=cls.user_rep_north)

    def test_rep_reads_own_and_team_records(self):
        Visit = self.env["key.account.visit"].with_user(self.user_rep)
        visible = Visit.search([("account_id", "=", self.account.id)])
        self.assertEqual(visible, self.visit_rep | self.visit_rep2)
        with self.assertRaises(AccessError):
            self.visit_north.with_user(self.user_rep).read(["note"])

    def test_rep_changes_only_own_records(self):
        self.visit_rep.with_user(self.user_rep).note = "Mine"
        self.assertEqual(self.visit_rep.note, "Mine")
        with self.assertRaises(AccessError):
            self.visit_rep2.with_user(self.user_rep).write({"note": "Not mine"})
        with self.assertRaises(AccessError):
            self.visit_rep2.with_user(self.user_rep).unlink()
        with self.assertRaises(AccessError):
            self._visit(user=self.user_rep, user_id=self.user_rep2.id)

    def test_manager_sees_everything(self):
        Visit = self.env["key.account.visit"].with_user(self.user_manager)
        self.assertEqual(
            Visit.search([("account_id", "=", self.account.id)]),
            self.visit_rep | self.visit_rep2 | self.visit_north,
        )
        self.visit_north.with_user(self.user_manager).note = "Reviewed"

    def test_finance_and_plain_users_see_nothing(self):
        with self.assertRaises(AccessError):
            self.env["key.account.visit"].with_user(self.user_finance).search([])
        salesman = self._new_user("kam_test_salesman", "Salesman", "sales_team.group_sale_salesman")
        with self.assertRaises(AccessError):
            self.visit_rep.with_user(salesman).read(["note"])

    def test_other_company_records_hidden(self):
        other_company = self.env["res.company"].create({"name": "Other Company"})
        self.user_manager.company_ids |= other_company
        foreign = self._visit(user=self.user_manager, company_id=other_company.id)
        Visit = self.env["key.account.visit"].with_user(self.user_manager)
        self.assertNotIn(
            foreign,
            Visit.with_context(allowed_company_ids=[self.company.id]).search([]),
            "only the companies selected in the switcher",
        )
        self.assertIn(
            foreign,
            Visit.with_context(allowed_company_ids=[self.company.id, other_company.id]).search([]),
        )
