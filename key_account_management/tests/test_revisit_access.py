"""Who sees and changes revisit plans and revisits."""

from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import tagged, users

from .common import KeyAccountRevisitCommon


@tagged("post_install", "-at_install")
class TestRevisitAccess(KeyAccountRevisitCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_account = cls.env["res.partner"].create(
            {"name": "Other Group", "is_company": True, "is_key_account": True}
        )
        values = {"template_id": cls.template.id, "start_date": date(2025, 1, 1), "state": "active"}
        cls.plan_rep = cls.env["key.account.revisit.plan"].create(
            {**values, "partner_id": cls.account.id, "user_id": cls.user_rep.id}
        )
        cls.plan_rep2 = cls.env["key.account.revisit.plan"].create(
            {**values, "partner_id": cls.other_account.id, "user_id": cls.user_rep2.id}
        )

    @users("kam_test_rep")
    def test_rep_sees_own_plans(self):
        Plan = self.env["key.account.revisit.plan"]
        self.assertEqual(Plan.search([]), self.plan_rep)
        self.assertEqual(self.env["key.account.revisit"].search([]), self.plan_rep.revisit_ids)
        revisit = self.plan_rep.revisit_ids[0].with_env(self.env)
        revisit.write({"satisfaction": "5", "problems": "None"})
        revisit.action_done()
        self.assertEqual(revisit.state, "done")
        with self.assertRaises(AccessError):
            self.plan_rep2.with_env(self.env).revisit_ids[0].read(["satisfaction"])
        with self.assertRaises(AccessError):
            self.plan_rep2.with_env(self.env).read(["name"])
        with self.assertRaises(AccessError):
            self.plan_rep.with_env(self.env).unlink()
        with self.assertRaises(AccessError):
            self.template.with_env(self.env).write({"name": "Mine"})

    @users("kam_test_rep2")
    def test_salesperson_of_the_account_sees_its_plans(self):
        self.account.user_id = self.user_rep2
        plans = self.env["key.account.revisit.plan"].search([])
        self.assertEqual(plans, self.plan_rep | self.plan_rep2)

    @users("kam_test_manager")
    def test_manager_sees_all(self):
        plans = self.env["key.account.revisit.plan"].search([])
        self.assertLessEqual(self.plan_rep | self.plan_rep2, plans)
        self.plan_rep2.with_env(self.env).action_cancel()
        self.assertEqual(self.plan_rep2.state, "cancel")

    @users("kam_test_finance")
    def test_finance_reads_only(self):
        plans = self.env["key.account.revisit.plan"].search([])
        self.assertLessEqual(self.plan_rep | self.plan_rep2, plans)
        with self.assertRaises(AccessError):
            self.plan_rep.with_env(self.env).write({"training_done": True})
        with self.assertRaises(AccessError):
            self.plan_rep.revisit_ids[0].with_env(self.env).write({"satisfaction": "1"})
