"""Money figures of accounts and deals: key-account users and finance only."""

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import KeyAccountCommon

PARTNER_FIGURES = [
    "kam_revenue_12m",
    "kam_development_fee",
    "kam_maintenance_fee",
    "kam_contract_amount",
    "kam_invoiced_amount",
    "kam_paid_amount",
    "kam_outstanding_amount",
    "kam_overdue_amount",
    "kam_dso",
]
DEAL_FIGURES = [
    "kam_contract_amount",
    "kam_invoiced_amount",
    "kam_paid_amount",
    "kam_outstanding_amount",
    "kam_overdue_amount",
]


@tagged("post_install", "-at_install")
class TestFigureAccess(KeyAccountCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.employee = cls._new_user("kam_test_employee", "Employee")

    def test_plain_employee_reads_no_figure(self):
        Partner = self.env["res.partner"].with_user(self.employee)
        self.assertFalse(set(PARTNER_FIGURES) & Partner.fields_get().keys())
        for name in PARTNER_FIGURES:
            with self.subTest(field=name):
                with self.assertRaises(AccessError):
                    Partner.browse(self.account.id).read([name])
                with self.assertRaises(AccessError):
                    Partner.search_read([("id", "=", self.account.id)], [name])

    def test_plain_employee_reads_no_budget(self):
        with self.assertRaises(AccessError):
            self.env["key.account.market.budget"].with_user(self.employee).search_read(
                [], ["development_fee"]
            )
        budgets = self.env["key.account.market.budget"].with_user(self.user_finance)
        self.assertTrue(budgets.search_read([], ["development_fee"]))

    def test_plain_salesman_reads_no_deal_figure(self):
        salesman = self._new_user(
            "kam_test_salesman", "Salesman", "sales_team.group_sale_salesman_all_leads"
        )
        Lead = self.env["crm.lead"].with_user(salesman)
        for name in DEAL_FIGURES:
            with self.subTest(field=name):
                with self.assertRaises(AccessError):
                    Lead.search_read([("id", "=", self.deal_rep.id)], [name])

    def test_rep_and_finance_read_the_figures(self):
        for user in (self.user_rep, self.user_finance, self.user_manager):
            with self.subTest(user=user.login):
                values = (
                    self.env["res.partner"]
                    .with_user(user)
                    .browse(self.account.id)
                    .read(PARTNER_FIGURES)[0]
                )
                self.assertEqual(values["kam_revenue_12m"], 0.0)
