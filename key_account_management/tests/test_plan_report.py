from datetime import timedelta

from odoo import Command, http
from odoo.tests import HttpCase, tagged

from .common_plan import KeyAccountPlanCommon
from .common_report import PdfTextMixin

# the plan's models, and the predicted needs its situation counts
PLAN_MODELS = (
    "key.account.plan",
    "key.account.plan.objective",
    "key.account.plan.relationship",
    "key.account.plan.review",
    "key.account.plan.review.line",
    "key.account.predicted.need",
)


@tagged("post_install", "-at_install")
class TestPlanReport(PdfTextMixin, HttpCase, KeyAccountPlanCommon):
    """The printed account development plan (项目开发计划书), read back from
    the PDF.

    An HttpCase: wkhtmltopdf fetches the report's style sheets from the
    running test server.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # see test_visit_report: load the static paths once, before wkhtmltopdf
        cls.static_paths = http.root.statics
        cls.account.write(
            {
                "kam_customer_type": "large",
                "kam_unit_use": "Container handling on two terminals",
                "kam_unit_requirements": "Remote diagnosis, spare parts on site",
            }
        )
        rival = cls.env["key.account.brand"].create({"name": "Test Rival Cranes"})
        Unit = cls.env["key.account.installed.unit"]
        Unit.create(
            {"partner_id": cls.account.id, "is_ours": True, "model_name": "QC-1", "quantity": 3}
        )
        Unit.create(
            {"partner_id": cls.account.id, "brand_id": rival.id, "model_name": "RC", "quantity": 5}
        )
        role = cls._role(cls.economic_buyer, "economic_buyer")
        cls.plan = cls._account_plan(
            member_ids=[Command.link(cls.user_manager.id)],
            strategy="<p>Automate the second terminal with our crane control system.</p>",
            objective_ids=[
                Command.create(
                    {
                        "name": "Invoice the crane control system",
                        "measure": "revenue",
                        "target": 3000000,
                    }
                ),
                Command.create(
                    {"name": "Executive exchange visits held", "measure": "manual", "target": 4}
                ),
                Command.create(
                    {"name": "Service contracts signed", "measure": "manual", "target": 2}
                ),
            ],
            relationship_ids=[
                Command.create(
                    {
                        "buying_role_id": role.id,
                        "target_attitude": "supporter",
                        "target_strength": "strong",
                        "user_id": cls.user_rep.id,
                    }
                )
            ],
        )
        revenue, visits, contracts = cls.plan.objective_ids
        cls.plan.action_agree()
        Review = cls.env["key.account.plan.review"]
        visits.manual_value = 1
        Review.create(
            {
                "plan_id": cls.plan.id,
                "date": cls.today - timedelta(days=20),
                "decisions": "Pilot the system on two cranes",
            }
        )
        visits.manual_value = 3
        contracts.manual_value = 3
        Review.create(
            {
                "plan_id": cls.plan.id,
                "kind": "executive",
                "date": cls.today - timedelta(days=2),
                "decisions": "Extend the system to the whole terminal next year",
                "problems": "One invoice paid late",
                "follow_up_user_id": cls.user_manager.id,
            }
        )
        Activity = cls.env["mail.activity"]
        for summary, days in (("Send the service contract proposal", -5), ("Plan the pilot", 10)):
            Activity.create(
                {
                    "res_model_id": cls.env["ir.model"]._get_id("key.account.plan"),
                    "res_id": cls.plan.id,
                    "summary": summary,
                    "user_id": cls.user_rep.id,
                    "date_deadline": cls.today + timedelta(days=days),
                }
            )

    def _plan_text(self, lang="en_US", user=None):
        return self._pdf_text(
            "key_account_management.action_report_account_plan",
            self.plan,
            lang,
            user or self.user_rep,
        )

    def test_print_binding(self):
        report = self.env.ref("key_account_management.action_report_account_plan")
        self.assertEqual(report.binding_model_id.model, "key.account.plan")
        self.assertEqual(report.binding_type, "report")

    def test_pdf_in_english(self):
        text = self._plan_text()
        for label in (
            "Account Development Plan",
            "Situation",
            "Solution",
            "Objectives",
            "Relationship Goals",
            "Last Review",
        ):
            self.assertIn(label, text)
        # the account and its team
        self.assertIn("Test Heavy Industries", text)
        self.assertIn("Rep One", text)
        self.assertIn("Key-Account Manager", text)
        self.assertIn("In Force", text)
        # its situation, from the customer analysis
        self.assertIn("Large Enterprise", text)
        self.assertIn("Container handling on two terminals", text)
        self.assertIn("Our Units 3", text)
        self.assertIn("Competitors' Units 5", text)
        self.assertIn("Test Rival Cranes (5)", text)
        self.assertIn("Automate the second terminal", text)
        # objectives: the true progress beyond 100 %, the status
        self.assertIn("Executive exchange visits held", text)
        self.assertIn("75.0", text)
        self.assertIn("150.0", text)
        self.assertIn("On Track", text)
        self.assertIn("Off Track", text)
        # actions, the overdue one marked
        self.assertIn("Send the service contract proposal", text)
        self.assertIn("Open Actions 2 Overdue Actions 1", text)
        self.assertEqual(text.count("Overdue"), 2, "the counts' label and the overdue action")
        # relationship goals
        self.assertIn("Test Economic Buyer", text)
        self.assertIn("→ Supporter", text)
        self.assertIn("→ Strong", text)
        # the last review's minutes, and the progress review by review
        self.assertIn("Executive Exchange Visit", text)
        self.assertIn("Extend the system to the whole terminal next year", text)
        self.assertIn("One invoice paid late", text)
        self.assertNotIn("Pilot the system on two cranes", text, "only the last review's minutes")
        self.assertIn("Objective Progress at Each Review", text)
        self.assertIn("25.0", text)

    def test_pdf_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"].search(
            [("name", "in", ("base", "web", "key_account_management"))]
        )._update_translations(["zh_CN"])
        text = self._plan_text("zh_CN")
        for label in ("项目开发计划书", "解决方案", "关系维护与服务计划", "执行中", "中高层互访"):
            self.assertIn(label, text)
        self.assertNotIn("Account Development Plan", text)
        self.assertIn("Executive exchange visits held", text)
        self.assertIn("75.0", text)
        self.assertIn("Send the service contract proposal", text)
        self.assertIn("Test Economic Buyer", text)
        self.assertIn("Extend the system to the whole terminal next year", text)

    def test_money_figures_for_their_readers_only(self):
        # no group of the add-on reads plans without the figures today: a
        # reader of the plans outside them stands for one
        readers = self.env["res.groups"].create(
            {
                "name": "Test Plan Readers",
                "model_access": [
                    Command.create(
                        {
                            "name": f"test plan readers {model}",
                            "model_id": self.env["ir.model"]._get_id(model),
                            "perm_read": True,
                        }
                    )
                    for model in PLAN_MODELS
                ],
            }
        )
        reader = self._new_user("kam_test_plan_reader", "Plan Reader")
        reader.groups_id = [Command.link(readers.id)]
        text = self._plan_text(user=reader)
        self.assertNotIn("3,000,000.00", text)
        self.assertNotIn("Baseline", text)
        self.assertNotIn("Large Enterprise", text, "nor the customer analysis")
        # the progress and status still print
        self.assertIn("Executive exchange visits held", text)
        self.assertIn("75.0", text)
        self.assertIn("On Track", text)
        self.assertIn("Extend the system to the whole terminal next year", text)

        text = self._plan_text(user=self.user_manager)
        self.assertIn("3,000,000.00", text)
        self.assertIn("Baseline", text)
        # finance reads the figures, not the customer analysis (key-account users')
        text = self._plan_text(user=self.user_finance)
        self.assertIn("3,000,000.00", text)
        self.assertNotIn("Large Enterprise", text)
        self.assertIn("Executive exchange visits held", text)
