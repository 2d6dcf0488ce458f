"""The key-node invariant through every door a deal can take into a stage."""

from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from .common import DEAL_NEEDS, KeyAccountCommon


@tagged("post_install", "-at_install")
class TestStageGateDoors(KeyAccountCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.generic_stage = cls.env["crm.stage"].search(
            [("team_id", "=", False), ("is_won", "=", False)], order="sequence", limit=1
        )
        cls.Lead = cls.env["crm.lead"]

    def _new_values(self, stage_key, **values):
        return {
            "name": "Press line extension",
            "type": "opportunity",
            "partner_id": self.account.id,
            "team_id": self.key_team.id,
            "stage_id": self.stages[stage_key].id,
            **values,
        }

    def _deals_named(self, name):
        return self.Lead.with_context(active_test=False).search([("name", "=", name)])

    # create ------------------------------------------------------------------
    def test_create_in_a_later_stage_is_refused(self):
        with self.assertRaises(UserError) as error:
            self.Lead.with_user(self.user_rep).create(
                self._new_values("payment", user_id=self.user_rep.id)
            )
        message = str(error.exception)
        self.assertIn("Press line extension", message)
        self.assertIn("Payment & After-Sales", message)
        self.assertIn("Prospect evaluated and graded", message)
        self.assertFalse(self._deals_named("Press line extension"))

    def test_create_in_the_first_stage_is_free(self):
        deal = self.Lead.with_user(self.user_rep).create(
            self._new_values("evaluate", user_id=self.user_rep.id)
        )
        self.assertEqual(deal.stage_id, self.stages["evaluate"])
        self.assertFalse(deal.sudo().kam_stage_log_ids, "a creation is not a move")

    def test_a_reason_sent_to_create_opens_no_gate(self):
        # the override is the managers' button, not a value a caller sends
        for user in (self.user_rep, self.user_manager):
            with self.assertRaises(ValueError):
                self.Lead.with_user(user).create(
                    self._new_values(
                        "bid", user_id=self.user_rep.id, kam_gate_override_reason="go-live"
                    )
                )
        self.assertFalse(self._deals_named("Press line extension"))

    def test_manager_moves_deals_in_flight_from_the_list(self):
        """Go-live: deals imported into the first stage, selected in the list
        and moved on together to where they stand, with one reason."""
        Lead = self.Lead.with_user(self.user_manager)
        deals = Lead.create([self._new_values("evaluate"), self._new_values("evaluate")])
        action = self.env.ref("key_account_management.key_account_gate_override_action")
        self.assertEqual(action.binding_model_id.model, "crm.lead")
        context = safe_eval(action.context, {"active_ids": deals.ids})
        wizard = Form(
            self.env["key.account.gate.override"]
            .with_user(self.user_manager)
            .with_context(**context)
        )
        self.assertEqual(wizard.stage_id, self.stages["roles"])
        wizard.stage_id = self.stages["bid"]
        wizard.reason = "In flight at go-live"
        wizard.save().action_override()
        self.assertEqual(deals.stage_id, self.stages["bid"])
        self.assertEqual(len(deals.kam_stage_log_ids), 2)
        self.assertTrue(all(deals.kam_stage_log_ids.mapped("overridden")))
        # deals of two pipelines, or a standard lead, are refused together
        standard = Lead.create({"name": "Standard lead", "type": "opportunity"})
        with self.assertRaises(ValidationError):
            self.env["key.account.gate.override"].with_user(self.user_manager).create(
                {
                    "lead_ids": [Command.set((deals | standard).ids)],
                    "stage_id": self.stages["contract"].id,
                    "reason": "In flight at go-live",
                }
            )
        self.assertEqual(deals.stage_id, self.stages["bid"])

    def test_manager_moves_a_deal_in_flight(self):
        deal = self.Lead.with_user(self.user_manager).create(self._new_values("evaluate"))
        deal._kam_override_gate(self.stages["bid"], "In flight at go-live")
        self.assertEqual(deal.stage_id, self.stages["bid"])
        log = deal.kam_stage_log_ids
        self.assertEqual(len(log), 1)
        self.assertTrue(log.overridden)
        self.assertEqual(log.stage_from_id, self.stages["evaluate"])
        self.assertEqual(log.stage_to_id, self.stages["bid"])
        self.assertIn("In flight at go-live", deal.message_ids[0].body)

    def test_copy_starts_over(self):
        deal = self.Lead.with_user(self.user_manager).create(self._new_values("evaluate"))
        deal._kam_override_gate(self.stages["contract"], "In flight at go-live")
        copy = deal.with_user(self.user_manager).copy()
        self.assertEqual(copy.stage_id, self.stages["evaluate"])
        with self.assertRaises(UserError):
            deal.with_user(self.user_rep).copy({"stage_id": self.stages["contract"].id})

    # import ------------------------------------------------------------------
    def _load(self, user, rows, reason_column=False):
        header = ["name", "type", "team_id/.id", "stage_id/.id", "partner_id/.id"]
        if reason_column:
            header.append("kam_gate_override_reason")
        return self.Lead.with_user(user).load(header, rows)

    def _row(self, name, stage_key, reason=None):
        row = [
            name,
            "opportunity",
            str(self.key_team.id),
            str(self.stages[stage_key].id),
            str(self.account.id),
        ]
        return [*row, reason] if reason is not None else row

    def test_import_of_a_later_stage_is_refused_whole(self):
        result = self._load(
            self.user_rep,
            [self._row("Imported first", "evaluate"), self._row("Imported later", "contract")],
        )
        self.assertFalse(result["ids"])
        errors = [message for message in result["messages"] if message["type"] == "error"]
        self.assertTrue(errors)
        self.assertIn("Negotiation & Contract", errors[0]["message"])
        self.assertFalse(self._deals_named("Imported first"), "nothing of the file is saved")

    def test_import_with_reasons_is_refused_whole(self):
        # no column opens the gate, not even a manager's: the deal has none
        for user in (self.user_rep, self.user_manager):
            with self.assertRaises(ValueError):
                self._load(
                    user,
                    [
                        self._row("Go-live A", "evaluate", "Signed before the switch"),
                        self._row("Go-live B", "bid", "Tender submitted in March"),
                    ],
                    reason_column=True,
                )
            self.assertFalse(self._deals_named("Go-live A") | self._deals_named("Go-live B"))

    # entering the pipeline ---------------------------------------------------
    def test_entering_the_pipeline_in_a_later_stage_is_refused(self):
        lead = self.Lead.create(
            {"name": "Retail turned big", "type": "opportunity", "team_id": self.standard_team.id}
        )
        with self.assertRaises(UserError) as error:
            lead.with_user(self.user_manager).write(
                {"team_id": self.key_team.id, "stage_id": self.stages["contract"].id}
            )
        self.assertIn("Negotiation & Contract", str(error.exception))

    def test_entering_the_pipeline_starts_at_its_first_stage(self):
        lead = self.Lead.create(
            {
                "name": "Retail turned big",
                "type": "opportunity",
                "team_id": self.standard_team.id,
                "stage_id": self.generic_stage.id,
            }
        )
        lead.write({"team_id": self.key_team.id})
        self.assertEqual(lead.stage_id, self.stages["evaluate"])
        with self.assertRaises(UserError):
            lead.write({"stage_id": self.stages["bid"].id})

    def test_a_generic_stage_is_not_a_way_round(self):
        deal = self.deal_rep
        deal.with_user(self.user_rep).write({"stage_id": self.generic_stage.id})
        self.assertEqual(deal.stage_id, self.stages["evaluate"])
        with self.assertRaises(UserError):
            deal.with_user(self.user_rep).write({"stage_id": self.stages["payment"].id})

    def test_conversion_wizard(self):
        lead = self.Lead.create(
            {"name": "Inbound enquiry", "type": "lead", "partner_id": self.account.id}
        )
        wizard = Form(
            self.env["crm.lead2opportunity.partner"].with_context(
                active_model="crm.lead", active_id=lead.id, active_ids=lead.ids
            )
        )
        wizard.name = "convert"
        wizard.user_id = self.user_rep
        wizard.team_id = self.key_team
        wizard.save().action_apply()
        self.assertEqual(lead.type, "opportunity")
        self.assertEqual(lead.team_id, self.key_team)
        self.assertEqual(lead.stage_id, self.stages["evaluate"])

    def test_conversion_of_a_lead_standing_in_a_later_stage(self):
        lead = self.Lead.create(
            {
                "name": "Inbound enquiry",
                "type": "lead",
                "team_id": self.standard_team.id,
                "stage_id": self.generic_stage.id,
            }
        )
        with self.assertRaises(UserError):
            lead.write(
                {
                    "type": "opportunity",
                    "team_id": self.key_team.id,
                    "stage_id": self.stages["criteria"].id,
                }
            )

    def test_merge_keeps_the_invariant(self):
        standard = self.Lead.create(
            {
                "name": "Retail head",
                "type": "opportunity",
                "partner_id": self.account.id,
                "stage_id": self.generic_stage.id,
                "team_id": False,
                "probability": 90,
            }
        )
        merged = (standard | self.deal_rep2)._merge_opportunity(team_id=self.key_team.id)
        self.assertEqual(merged.team_id, self.key_team)
        self.assertEqual(merged.stage_id, self.stages["evaluate"])

    def test_mass_edit_is_gated_whole(self):
        deals = self.deal_rep | self.deal_rep2
        with self.assertRaises(UserError):
            deals.with_user(self.user_manager).write({"stage_id": self.stages["roles"].id})

    def test_moving_several_stages_once_every_node_is_reached(self):
        deal = self.deal_rep
        deal.action_kam_start_evaluation()
        deal.kam_score_ids.write({"score": 8})
        deal.write(
            {
                "date_deadline": fields.Date.today() + timedelta(days=30),
                "probability": 80,
                **DEAL_NEEDS,
            }
        )
        people = self.env["res.partner"].create(
            [{"name": name, "parent_id": self.account.id} for name in ("GM", "CE", "Planner")]
        )
        deal.buying_role_ids = [
            Command.create({"partner_id": person.id, "role": role, "attitude": "supporter"})
            for person, role in zip(
                people, ["economic_buyer", "technical_buyer", "coach"], strict=True
            )
        ]
        with self.assertRaises(UserError) as error:
            deal.with_user(self.user_rep).write({"stage_id": self.stages["bid"].id})
        self.assertIn("Purchase criteria influenced", str(error.exception))
        deal.write(
            {
                "kam_comparison_ids": [
                    Command.create({"name": "Servo", "weight": 100, "our_score": 8})
                ]
            }
        )
        deal.with_user(self.user_rep).write({"stage_id": self.stages["bid"].id})
        self.assertEqual(deal.stage_id, self.stages["bid"])
        log = deal.kam_stage_log_ids
        self.assertEqual(
            (log.stage_from_id, log.direction, log.overridden),
            (self.stages["evaluate"], "forward", False),
        )

    def test_gate_queries_do_not_grow_with_the_deals(self):
        def queries_to_move(count):
            deals = self.Lead.create(
                [
                    {"name": f"Mass {index}", "type": "opportunity", "team_id": self.key_team.id}
                    for index in range(count)
                ]
            )
            deals._kam_override_gate(self.stages["roles"], "go")
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            # back to the first stage: read, write, log and check, all batched
            deals.write({"stage_id": self.stages["evaluate"].id})
            self.env.flush_all()
            return self.env.cr.sql_log_count - before

        queries_to_move(3)
        self.assertLessEqual(queries_to_move(60), queries_to_move(10))

    def test_demo_pipeline_satisfies_the_invariant(self):
        deals = self.env["crm.lead"]
        for name in (
            "huadong_press",
            "huadong_service",
            "jiangnan_pumps",
            "northstar_imaging",
            "pacific_cranes",
        ):
            deals |= (
                self.env.ref(
                    f"key_account_management.crm_lead_{name}_demo", raise_if_not_found=False
                )
                or self.env["crm.lead"]
            )
        if not deals:
            self.skipTest("the demo data is not installed")
        pipeline = self.Lead._kam_pipelines(self.key_team)[self.key_team]
        for deal in deals:
            position = self.Lead._kam_position(pipeline, deal.stage_id)
            self.assertGreater(position, 0, deal.name)
            self.assertIsNone(deal._kam_missing_node(pipeline, position), deal.name)
        self.assertEqual(
            sorted(self.Lead._kam_position(pipeline, deal.stage_id) for deal in deals),
            [1, 2, 3, 4, 5],
            "the demo shows the stages beyond the first",
        )
