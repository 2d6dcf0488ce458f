from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common_analysis import KeyAccountAnalysisCommon


@tagged("post_install", "-at_install")
class TestCustomerAnalysisAccess(KeyAccountAnalysisCommon):
    """Reps read and keep the analysis of the accounts they sell to,
    managers all; finance reads; prices paid are money figures; companies
    keep their own."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.account2 = cls.env["res.partner"].create(
            {
                "name": "Test River Utilities",
                "is_company": True,
                "is_key_account": True,
                "user_id": cls.user_rep2.id,
            }
        )
        cls.units = cls._rival_units(quantity=10, years_ago=7, months_ago=9)
        cls.units2 = cls._rival_units(quantity=4, years_ago=7, months_ago=9, account=cls.account2)
        cls.user_employee = cls._new_user("kam_test_employee", "Employee")

    def _visible(self, model, user):
        return (
            self.env[model]
            .with_user(user)
            .search([("partner_id", "in", (self.account | self.account2).ids)])
        )

    def test_rep_sees_own_accounts_only(self):
        for model in (
            "key.account.installed.unit",
            "key.account.predicted.need",
            "key.account.whitespace",
        ):
            visible = self._visible(model, self.user_rep)
            self.assertEqual(visible.partner_id, self.account, model)
            self.assertEqual(
                self._visible(model, self.user_manager).partner_id, self.account | self.account2
            )
            self.assertEqual(
                self._visible(model, self.user_finance).partner_id, self.account | self.account2
            )

    def test_rep_sees_accounts_of_their_deals(self):
        self.deal_rep.partner_id = self.account2
        self.assertIn(
            self.account2, self._visible("key.account.installed.unit", self.user_rep).partner_id
        )

    def test_rep_cannot_change_another_reps_units(self):
        with self.assertRaises(AccessError):
            self.units2.with_user(self.user_rep).write({"quantity": 1})
        with self.assertRaises(AccessError):
            self.env["key.account.installed.unit"].with_user(self.user_rep).create(
                {
                    "partner_id": self.account2.id,
                    "brand_id": self.rival.id,
                    "quantity": 1,
                }
            )
        self.units.with_user(self.user_rep).write({"quantity": 12})
        self.assertEqual(self.units.quantity, 12)
        self.units2.with_user(self.user_manager).write({"quantity": 5})
        self.assertEqual(self.units2.quantity, 5)

    def test_finance_reads_but_does_not_write(self):
        self.assertEqual(self.units.with_user(self.user_finance).price_unit, 80000)
        with self.assertRaises(AccessError):
            self.units.with_user(self.user_finance).write({"notes": "x"})

    def test_employees_see_nothing(self):
        with self.assertRaises(AccessError):
            self.env["key.account.installed.unit"].with_user(self.user_employee).search([])
        with self.assertRaises(AccessError):
            self.account.with_user(self.user_employee).read(["kam_customer_type"])
        with self.assertRaises(AccessError):
            self.account.with_user(self.user_employee).read(["kam_wallet_share"])

    def test_other_company_keeps_its_installed_base(self):
        other = self.env["res.company"].create({"name": "Test Other Company"})
        self.user_manager.company_ids |= other
        foreign = self.env["key.account.installed.unit"].create(
            {
                "partner_id": self.account.id,
                "brand_id": self.rival.id,
                "quantity": 7,
                "company_id": other.id,
            }
        )
        units = self.env["key.account.installed.unit"].with_user(self.user_rep)
        self.assertNotIn(foreign, units.search([]))
        manager = self.env["key.account.installed.unit"].with_user(self.user_manager)
        self.assertNotIn(
            foreign, manager.with_context(allowed_company_ids=[self.company.id]).search([])
        )
        self.assertIn(foreign, manager.with_context(allowed_company_ids=[other.id]).search([]))
