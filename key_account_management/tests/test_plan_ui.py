from odoo import Command, fields
from odoo.tests import tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common_tour import KeyAccountTourCommon


@tagged("post_install", "-at_install")
class TestPlanUi(KeyAccountTourCommon):
    """The account plan in the web client: a manager builds it from the
    account's analysis at a desk, a rep records a review on a phone."""

    rep_login = "kam_tour_plan_rep"
    rep_name = "Tour Plan Rep"
    account_name = "Tour Harbour Group"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = mail_new_test_user(
            cls.env,
            login="kam_tour_plan_manager",
            name="Tour Plan Manager",
            groups="base.group_user,key_account_management.group_key_account_manager",
        )
        cls.account.write({"user_id": cls.rep.id, "kam_customer_type": "group"})
        engineer = cls.env["res.partner"].create(
            {"name": "Tour Chief Engineer", "parent_id": cls.account.id}
        )
        cls.engineer_role = cls.env["key.account.buying.role"].create(
            {
                "account_id": cls.account.id,
                "partner_id": engineer.id,
                "role": "technical_buyer",
                "weight": 30,
                "attitude": "neutral",
            }
        )

    def test_manager_builds_the_plan_from_the_analysis(self):
        self.start_tour(
            "/odoo/action-key_account_management.res_partner_action_key_accounts",
            "key_account_plan_build_tour",
            login="kam_tour_plan_manager",
        )
        plan = self.env["key.account.plan"].search([("partner_id", "=", self.account.id)])
        self.assertEqual(plan.state, "agreed")
        self.assertEqual(plan.user_id, self.rep)
        self.assertEqual(
            plan.objective_ids.mapped("measure"), ["revenue", "units", "overdue", "health"]
        )
        revenue = plan.objective_ids.filtered(lambda objective: objective.measure == "revenue")
        self.assertEqual(revenue.target, 800000)
        self.assertEqual(plan.relationship_ids.buying_role_id, self.engineer_role)
        self.assertIn("Automate the second terminal", plan.strategy)

    def test_rep_records_a_review_on_the_phone(self):
        plan = self.env["key.account.plan"].create(
            {
                "partner_id": self.account.id,
                "objective_ids": [
                    Command.create({"name": "Revisits done", "measure": "revisits", "target": 6})
                ],
            }
        )
        plan.action_agree()
        self._start_tour(
            "/odoo/action-key_account_management.key_account_plan_action",
            "key_account_plan_review_tour",
            phone=True,
        )
        review = plan.review_ids
        self.assertEqual(review.decisions, "Pilot the second terminal in May")
        self.assertEqual(review.problems, "Spare parts arrive late")
        self.assertEqual(review.create_uid, self.rep)
        # the objectives as they stood, frozen with the minutes
        self.assertEqual(review.line_ids.objective_id, plan.objective_ids)
        self.assertEqual(plan.last_review_date, fields.Date.context_today(plan))
