from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common_receivable import KeyAccountReceivableCommon


@tagged("post_install", "-at_install")
class TestReceivableAccess(KeyAccountReceivableCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_auditor = cls._new_user(
            "kam_test_auditor", "Auditor", "account.group_account_readonly"
        )
        cls.user_salesman = cls._new_user(
            "kam_test_salesman", "Salesman", "sales_team.group_sale_salesman_all_leads"
        )
        cls.mine = cls._invoice(1000)
        cls.theirs = cls._invoice(2000, partner=cls.account2, due_in=-10)

    def test_finance_and_managers_read_every_account(self):
        for user in (self.user_finance, self.user_auditor, self.user_manager):
            with self.subTest(user=user.login):
                rows = self.env["key.account.receivable"].with_user(user).search([])
                self.assertTrue(self.mine | self.theirs <= rows.move_id)

    def test_rep_sees_own_accounts_and_own_invoices(self):
        Receivable = self.env["key.account.receivable"].with_user(self.user_rep)
        self.assertEqual(Receivable.search([]).move_id, self.mine)
        # an invoice the rep made for the other rep's account
        sold = self._invoice(300, partner=self.account2, invoice_user_id=self.user_rep.id)
        self.assertEqual(Receivable.search([]).move_id, self.mine | sold)
        groups = Receivable._read_group([], ["partner_id"], ["amount_total:sum"])
        self.assertEqual(
            dict(groups), {self.account: 1000, self.account2: 300}, "sums follow the rule too"
        )

    def test_nobody_changes_receivables(self):
        row = self.env["key.account.receivable"].search([("move_id", "=", self.mine.id)])
        for user in (self.user_rep, self.user_manager, self.user_finance, self.user_auditor):
            with self.subTest(user=user.login):
                mine = row.with_user(user)
                with self.assertRaises(AccessError):
                    mine.write({"amount_residual": 0})
                with self.assertRaises(AccessError):
                    mine.unlink()
                with self.assertRaises(AccessError):
                    mine.create({"amount_total": 1})

    def test_others_see_nothing(self):
        with self.assertRaises(AccessError):
            self.env["key.account.receivable"].with_user(self.user_salesman).search([])

    def test_figures_only_for_whom_may_see_them(self):
        account2 = self.account2.with_user(self.user_rep)
        self.assertFalse(account2.kam_receivable_visible)
        self.assertEqual(account2.kam_outstanding_amount, 0, "another rep's account")
        account = self.account.with_user(self.user_rep)
        self.assertTrue(account.kam_receivable_visible)
        self.assertEqual(account.kam_outstanding_amount, 1000)
        finance = self.account2.with_user(self.user_finance)
        self.assertTrue(finance.kam_receivable_visible)
        self.assertEqual(finance.kam_overdue_amount, 2000)
        # users outside key accounts and finance have no such fields
        with self.assertRaises(AccessError):
            self.account.with_user(self.user_salesman).read(["kam_outstanding_amount"])
        with self.assertRaises(AccessError):
            self.deal_rep.with_user(self.user_salesman).read(["kam_outstanding_amount"])

    def test_forms_still_open_for_every_user(self):
        figures = {"kam_outstanding_amount": {}, "kam_oldest_overdue_move_id": {"fields": {}}}
        for user in (self.user_salesman, self.user_finance, self.user_rep):
            with self.subTest(user=user.login):
                Partner = self.env["res.partner"].with_user(user)
                arch = Partner.get_views([(False, "form")])["views"]["form"]["arch"]
                shown = user != self.user_salesman
                self.assertEqual("kam_outstanding_amount" in arch, shown)
                if shown:
                    (values,) = self.account.with_user(user).web_read(figures)
                    self.assertEqual(values["kam_outstanding_amount"], 1000)
        lead_arch = (
            self.env["crm.lead"]
            .with_user(self.user_salesman)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        self.assertNotIn("kam_outstanding_amount", lead_arch)
        lead_arch = (
            self.env["crm.lead"]
            .with_user(self.user_rep)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        self.assertIn("kam_outstanding_amount", lead_arch)
