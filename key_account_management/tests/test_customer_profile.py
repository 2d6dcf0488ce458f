from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common_analysis import KeyAccountAnalysisCommon


@tagged("post_install", "-at_install")
class TestCustomerProfile(KeyAccountAnalysisCommon):
    """业务指导图: the profile, the focus points of the customer's type and
    who operates the account by its tier (003 客户分类管理)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_rep.kam_operator_kind = "regional_manager"
        cls.user_rep2.kam_operator_kind = "project_manager"
        cls.company.kam_tier_key_volume = 20
        cls.company.kam_tier_strategic_volume = 100

    def _todos(self, account=None):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "=", (account or self.account).id),
                (
                    "activity_type_id",
                    "=",
                    self.env.ref("key_account_management.mail_activity_type_account_operator").id,
                ),
            ]
        )

    def _set_volume(self, volume):
        self.account.with_user(self.user_manager).write(
            {"kam_purchase_volume": volume, "kam_purchase_volume_year": self.today.year}
        )

    def test_focus_points_follow_customer_type(self):
        account = self.account.with_user(self.user_rep)
        self.assertFalse(account.kam_focus_point_ids)
        account.kam_customer_type = "government"
        names = account.kam_focus_point_ids.mapped("name")
        self.assertIn("Public works for the people's livelihood", names)
        self.assertIn("Service policy", names)
        self.assertIn("Reliability in use", names)
        account.kam_customer_type = "group"
        self.assertEqual(
            account.kam_focus_point_ids.mapped("name"),
            [
                "A tool of production",
                "Service capability",
                "Meeting every need",
                "Special support policy",
            ],
        )
        # configurable: a company's own point shows at once
        self.env["key.account.focus.point"].create(
            {"customer_type": "group", "name": "Fleet financing", "sequence": 99}
        )
        account.invalidate_recordset()
        self.assertEqual(account.kam_focus_point_ids[-1:].name, "Fleet financing")

    def test_tier_proposes_the_person_in_charge(self):
        self._set_volume(25)  # key account: a regional manager
        self.assertEqual(self.account.kam_tier, "key")
        self.assertEqual(self.account.kam_operator_kind_proposed, "regional_manager")
        self.assertTrue(self.account.kam_operator_fits)
        self.assertFalse(self._todos())

    def test_tier_change_raises_a_todo_for_managers(self):
        self._set_volume(25)
        self._set_volume(150)  # strategic now: a project manager should run it
        self.assertEqual(self.account.kam_tier, "strategic")
        self.assertFalse(self.account.kam_operator_fits)
        todo = self._todos()
        self.assertEqual(len(todo), 1)
        self.assertTrue(todo.user_id.has_group("key_account_management.group_key_account_manager"))
        self.assertIn("Project Manager", str(todo.note))
        self.assertIn("Regional Manager", str(todo.note))
        # one open at a time
        self._set_volume(25)
        self._set_volume(160)
        self.assertEqual(len(self._todos()), 1)
        # handed over: the next change asks nothing
        todo.action_done()
        self.account.user_id = self.user_rep2
        self._set_volume(170)
        self.assertTrue(self.account.kam_operator_fits)
        self.assertFalse(self._todos())

    def test_general_account_run_by_a_dealer(self):
        dealer = self.env["res.partner"].create({"name": "Test Dealer", "is_company": True})
        self._set_volume(25)
        self.account.write(
            {
                "kam_sales_channel": "dealer",
                "kam_dealer_id": dealer.id,
                "kam_regional_manager_id": self.user_rep.id,
            }
        )
        self.assertEqual(self.account.kam_operator_kind, "dealer")
        self.assertFalse(self.account.kam_operator_fits, "a key account is not a dealer's")
        self.account.with_user(self.user_manager).kam_importance = "normal"
        self._set_volume(0)
        self.assertEqual(self.account.kam_tier, "general")
        self.assertTrue(self.account.kam_operator_fits)

    def test_reps_keep_the_analysis_of_their_accounts(self):
        self.account.with_user(self.user_rep).write(
            {"kam_customer_type": "large", "kam_main_business": "Water"}
        )
        self.assertEqual(self.account.kam_customer_type, "large")
        with self.assertRaisesRegex(AccessError, "Only the salesperson"):
            self.account.with_user(self.user_rep2).write({"kam_main_business": "Gas"})
        self.account.with_user(self.user_manager).write({"kam_main_business": "Gas"})
        self.assertEqual(self.account.kam_main_business, "Gas")
