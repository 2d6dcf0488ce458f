from contextlib import contextmanager
from datetime import date, timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import KeyAccountRevisitCommon


@tagged("post_install", "-at_install")
class TestTrustNoCaller(KeyAccountRevisitCommon):
    """Nothing a caller sends decides a rule: context keys, ``default_*``
    keys and the fields that documents and jobs decide, tried as a rep."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Lead = cls.env["crm.lead"].with_user(cls.user_rep)
        cls.account.user_id = cls.user_rep

    @contextmanager
    def _refused(self, exception, message):
        """Refused with ``exception`` saying ``message``; nothing kept."""
        with self.assertRaises(exception) as refusal:
            yield
        self.assertIn(message, str(refusal.exception))

    def _deal_values(self, stage, **values):
        return {
            "name": "Shortcut",
            "type": "opportunity",
            "partner_id": self.account.id,
            "team_id": self.key_team.id,
            "stage_id": self.stages[stage].id,
            "user_id": self.user_rep.id,
            **values,
        }

    # 1. the gate's own flag -------------------------------------------------
    def test_gate_ignores_its_flag_from_a_caller(self):
        deal = self.deal_rep.with_user(self.user_rep).with_context(kam_gate_entering=True)
        with self._refused(UserError, "cannot move"):
            deal.write({"stage_id": self.stages["payment"].id})
        self.assertEqual(self.deal_rep.stage_id, self.stages["evaluate"])
        with self._refused(UserError, "cannot move"):
            self.Lead.with_context(kam_gate_entering=True).create(self._deal_values("contract"))

    def test_gate_reason_only_through_the_override(self):
        deal = self.deal_rep.with_user(self.user_manager)
        # a reason in the context, even the override's own key, is not read
        with self._refused(UserError, "cannot move"):
            deal.with_context(kam_gate_override="I say so").write(
                {"stage_id": self.stages["roles"].id}
            )
        # nor is one among the values: the deal has no such field
        with self._refused(ValueError, "kam_gate_override_reason"):
            deal.write({"stage_id": self.stages["roles"].id, "kam_gate_override_reason": "I say"})
        with self._refused(ValueError, "kam_gate_override_reason"):
            self.Lead.with_user(self.user_manager).create(
                self._deal_values("roles", kam_gate_override_reason="I say so")
            )
        self.assertEqual(self.deal_rep.stage_id, self.stages["evaluate"])

    # 2. fields the documents decide ----------------------------------------
    def test_review_state_is_the_review_lines(self):
        order = self._order(opportunity=self.deal_rep)
        order.with_user(self.user_rep).action_kam_start_review()
        with self.assertRaises(AccessError):
            order.with_user(self.user_rep).write({"kam_review_state": "approved"})
        self.assertEqual(order.kam_review_state, "draft")

    def test_deal_cannot_leave_the_pipeline_by_its_flag(self):
        won = self.env["crm.stage"].search([("is_won", "=", True)], limit=1)
        with self.assertRaises(AccessError):
            self.deal_rep.with_user(self.user_rep).write(
                {"is_key_account": False, "stage_id": won.id}
            )
        self.assertTrue(self.deal_rep.is_key_account)
        self.assertFalse(self.deal_rep.stage_id.is_won)

    def test_nodes_grades_tiers_are_not_typed(self):
        deal = self.deal_rep.with_user(self.user_rep)
        for values in (
            {"kam_node_paid": True},
            {"kam_node_evaluated": True},
            {"kam_grade": "A"},
            {"kam_current_node_reached": True},
            {
                "buying_centre_alert": "incomplete"
                if deal.buying_centre_alert != "incomplete"
                else "empty"
            },
        ):
            with self.subTest(values=values), self.assertRaises(AccessError):
                deal.write(values)
        account = self.account.with_user(self.user_rep)
        for values in ({"kam_tier": "strategic"}, {"kam_sales_class": "A"}):
            with self.subTest(values=values), self.assertRaises(AccessError):
                account.write(values)

    def test_unchanged_value_passes(self):
        # an import of every exported column writes what is there
        self.deal_rep.with_user(self.user_rep).write({"is_key_account": True, "name": "Renamed"})
        self.assertEqual(self.deal_rep.name, "Renamed")

    def test_the_add_on_still_writes_them(self):
        self.account.kam_importance = "critical"
        self.account.with_user(self.user_rep).action_kam_compute_tier()
        self.assertEqual(self.account.kam_tier, "strategic")

    # 3. defaults are the records as created ---------------------------------
    def test_default_keys_do_not_pass_the_managers_checks(self):
        Partner = self.env["res.partner"].with_user(self.user_rep)
        with self._refused(AccessError, "Only key-account managers"):
            Partner.with_context(default_is_key_account=True).create(
                {"name": "Default Key", "is_company": True}
            )
        with self._refused(AccessError, "Only key-account managers"):
            Partner.with_context(default_kam_importance="critical").create(
                {"name": "Default Critical", "is_company": True}
            )
        with self._refused(AccessError, "grade"):
            self.Lead.with_context(
                default_kam_grade_override="A", default_kam_grade_override_reason="mine"
            ).create(self._deal_values("evaluate"))
        with self._refused(AccessError, "supplier comparison"):
            self.Lead.with_context(default_kam_comparison_override_reason="mine").create(
                self._deal_values("evaluate")
            )

    def test_default_keys_of_decided_fields_are_ignored(self):
        deal = self.Lead.with_context(
            default_kam_node_paid=True, default_kam_node_evaluated=True
        ).create(self._deal_values("evaluate"))
        self.assertFalse(deal.kam_node_paid)
        self.assertFalse(deal.kam_node_evaluated)
        with self.assertRaises(AccessError):
            self.Lead.create(self._deal_values("evaluate", kam_node_paid=True))

    def test_managers_still_decide(self):
        partner = (
            self.env["res.partner"]
            .with_user(self.user_manager)
            .with_context(default_is_key_account=True)
            .create({"name": "Manager's Key", "is_company": True})
        )
        self.assertTrue(partner.is_key_account)

    # 4. a visit changes only what its recorder may change -------------------
    def test_visit_leaves_a_colleagues_deal_alone(self):
        person = self.account_contact
        self.deal_rep2.buying_role_ids = [
            Command.create(
                {"partner_id": person.id, "role": "economic_buyer", "attitude": "supporter"}
            )
        ]
        self.env["key.account.visit"].with_user(self.user_rep).create(
            {
                "name": "Drop-in",
                "account_id": self.account.id,
                "visit_datetime": fields.Datetime.now(),
                "attendee_ids": [
                    Command.create({"partner_id": person.id, "observed_attitude": "opponent"})
                ],
            }
        )
        line = self.deal_rep2.buying_role_ids
        self.assertEqual(line.attitude, "supporter", "the colleague's judgement stands")
        self.assertTrue(line.last_contact_date, "the person was met: a fact on every line")

    # 5. settings of one's own companies only -------------------------------
    def test_settings_of_another_company_are_refused(self):
        other = self.env["res.company"].create({"name": "Other Branch"})
        self.user_manager.company_ids = self.company
        stalled = other.kam_stalled_days
        # refused when the form is saved, without naming the other company
        with self._refused(AccessError, "you do not work for it"):
            self.env["key.account.settings"].with_user(self.user_manager).create(
                {"company_id": other.id, "kam_stalled_days": stalled + 30}
            )
        self.assertEqual(other.kam_stalled_days, stalled)
        settings = self.env["key.account.settings"].create({"company_id": other.id})
        with self._refused(AccessError, "you do not work for it"):
            settings.with_user(self.user_manager).execute()

    # 7. bounds on generated records ----------------------------------------
    def test_revisit_plan_bounds(self):
        Plan = self.env["key.account.revisit.plan"].with_user(self.user_rep)
        values = {"partner_id": self.account.id, "template_id": self.template.id}
        with self._refused(ValidationError, "starts between"):
            Plan.create({**values, "start_date": date(1000, 1, 1), "state": "active"})
        self.assertFalse(Plan.search([("partner_id", "=", self.account.id)]))
        portal = self._new_user("kam_portal_owner", "Portal Owner")
        portal.groups_id = self.env.ref("base.group_portal")
        with self._refused(ValidationError, "cannot be responsible"):
            Plan.create({**values, "user_id": portal.id})

    def test_rep_plans_only_own_accounts(self):
        other_account = self.env["res.partner"].create(
            {"name": "Rep Two's Account", "is_company": True, "user_id": self.user_rep2.id}
        )
        with self._refused(AccessError, "only for your own"):
            self.env["key.account.revisit.plan"].with_user(self.user_rep).create(
                {"partner_id": other_account.id, "template_id": self.template.id}
            )
        plan = self.env["key.account.revisit.plan"].create(
            {"partner_id": self.account.id, "template_id": self.template.id, "state": "active"}
        )
        with self.assertRaises(AccessError):
            plan.with_user(self.user_rep).write({"partner_id": other_account.id})
        done = plan.revisit_ids[:1]
        with self.assertRaises(AccessError):
            done.with_user(self.user_rep).write({"partner_id": other_account.id})

    # 8. the rep's text in other users' activities is text ------------------
    def test_revisit_problems_reach_the_activity_as_text(self):
        plan = self.env["key.account.revisit.plan"].create(
            {
                "partner_id": self.account.id,
                "template_id": self.template.id,
                "state": "active",
                "user_id": self.user_rep.id,
            }
        )
        revisit = plan.revisit_ids[:1].with_user(self.user_rep)
        revisit.problems = '<img src="https://tracker.example/p.gif">Leak'
        revisit.action_raise_follow_up()
        note = plan.activity_ids.note
        self.assertNotIn("<img", note)
        self.assertIn("&lt;img", note)

    # 9. revenue shown to whom may see it -----------------------------------
    def test_revenue_hidden_from_other_reps(self):
        move = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.account.id,
                "invoice_date": fields.Date.today(),
                "invoice_line_ids": [Command.create({"name": "Press", "price_unit": 500})],
            }
        )
        move.action_post()
        self.assertEqual(self.account.with_user(self.user_rep).kam_revenue_12m, 500)
        self.assertEqual(self.account.with_user(self.user_rep2).kam_revenue_12m, 0)
        self.assertEqual(self.account.with_user(self.user_manager).kam_revenue_12m, 500)

    # 10. a contact is the key-account team's meeting -----------------------
    def test_any_employees_meeting_is_no_contact(self):
        employee = self._new_user("kam_plain_employee", "Plain Employee")
        start = fields.Datetime.now() - timedelta(days=1)
        values = {
            "name": "Coffee",
            "start": start,
            "stop": start + timedelta(hours=1),
            "res_model_id": self.env["ir.model"]._get_id("res.partner"),
            "res_id": self.account.id,
        }
        self.env["calendar.event"].with_user(employee).create(values)
        self.assertNotIn(self.account.id, self.account._kam_last_contacts())
        self.env["calendar.event"].with_user(self.user_rep).create(values)
        self.assertEqual(self.account._kam_last_contacts()[self.account.id], start.date())

    # 11. context keys that skipped constraints -----------------------------
    def test_weights_and_scorecards_ignore_their_flags(self):
        factor = self.env["key.account.health.factor"].search(
            [("company_id", "=", self.company.id)], limit=1
        )
        with self._refused(ValidationError, "add up to"):
            factor.with_user(self.user_manager).with_context(
                kam_health_weights_write=True
            ).weight = factor.weight + 65
        criterion = self.env.ref("key_account_management.key_account_scorecard_criterion_finances")
        with self.assertRaises(ValidationError):
            criterion.with_user(self.user_manager).with_context(
                kam_scorecard_write=True
            ).weight = 90
