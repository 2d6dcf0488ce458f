from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common_plan import KeyAccountPlanCommon


@tagged("post_install", "-at_install")
class TestPlanAccess(KeyAccountPlanCommon):
    """Reps keep the plans of the accounts they sell to; managers all;
    finance reads; each company its own."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan = cls._account_plan(measures=["revenue", "manual"])
        cls.plan2 = cls._account_plan(account=cls.account2, measures=["revenue"])

    def test_rep_keeps_the_plans_of_their_accounts(self):
        Plan = self.env["key.account.plan"].with_user(self.user_rep)
        self.assertEqual(Plan.search([]), self.plan)
        self.plan.with_user(self.user_rep).write({"strategy": "<p>Sell the service</p>"})
        self.plan.objective_ids.with_user(self.user_rep).write({"target": 5})
        # another rep's account: not even read
        with self.assertRaises(AccessError):
            self.plan2.with_user(self.user_rep).read(["partner_id"])
        with self.assertRaises(AccessError):
            self.plan2.objective_ids.with_user(self.user_rep).read(["name"])

    def test_rep_with_a_deal_and_plan_owner(self):
        # rep two owns a deal of the first account: they sell to it
        self.assertIn(self.plan, self.env["key.account.plan"].with_user(self.user_rep2).search([]))
        rep3 = self._new_user(
            "kam_test_rep3", "Rep Three", "key_account_management.group_key_account_user"
        )
        self.assertFalse(self.plan2.with_user(rep3).search([]))
        self.plan2.user_id = rep3
        self.assertEqual(self.env["key.account.plan"].with_user(rep3).search([]), self.plan2)

    def test_rep_cannot_write_what_the_add_on_decides(self):
        as_rep = self.plan.with_user(self.user_rep)
        with self.assertRaises(AccessError):
            as_rep.write({"state": "agreed"})
        with self.assertRaises(AccessError):
            as_rep.objective_ids.write({"current_value": 99})
        as_rep.objective_ids.filtered(lambda o: o.measure == "revenue").target = 100
        as_rep.action_agree()
        self.assertEqual(self.plan.state, "agreed")

    def test_manager_all_finance_reads(self):
        plans = self.plan | self.plan2
        self.assertEqual(
            self.env["key.account.plan"].with_user(self.user_manager).search([]) & plans, plans
        )
        as_finance = self.env["key.account.plan"].with_user(self.user_finance)
        self.assertEqual(as_finance.search([]) & plans, plans)
        as_finance.browse(self.plan.ids).objective_ids.read(["target", "current_value"])
        with self.assertRaises(AccessError):
            as_finance.browse(self.plan.ids).write({"strategy": "<p>No</p>"})

    def test_others_have_no_access(self):
        employee = self._new_user("kam_test_employee", "Employee")
        with self.assertRaises(AccessError):
            self.env["key.account.plan"].with_user(employee).search([])

    def test_multi_company(self):
        other = self.env["res.company"].create({"name": "Other Company"})
        self.user_rep.company_ids = [Command.link(other.id)]
        account = self.env["res.partner"].create(
            {
                "name": "Other Harbour",
                "is_company": True,
                "is_key_account": True,
                "user_id": self.user_rep.id,
            }
        )
        theirs = self._account_plan(account=account, company_id=other.id)
        Plan = self.env["key.account.plan"].with_user(self.user_rep)
        self.assertNotIn(
            theirs, Plan.with_context(allowed_company_ids=[self.company.id]).search([])
        )
        self.assertIn(
            theirs, Plan.with_context(allowed_company_ids=[other.id, self.company.id]).search([])
        )
        # measured in its own company: this company's invoices do not count
        theirs.objective_ids = [Command.create({"name": "Revenue", "measure": "revenue"})]
        self._invoice(1000, partner=account, invoice_days_ago=5)
        theirs._kam_update_values(self.today)
        self.assertEqual(theirs.objective_ids.current_value, 0.0)
