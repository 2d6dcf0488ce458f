from odoo.tests import tagged

from .common import KeyAccountCommon

KEY_STAGES = [
    "key_account_management.crm_stage_key_evaluate",
    "key_account_management.crm_stage_key_roles",
    "key_account_management.crm_stage_key_criteria",
    "key_account_management.crm_stage_key_bid",
    "key_account_management.crm_stage_key_contract",
    "key_account_management.crm_stage_key_payment",
]


@tagged("post_install", "-at_install")
class TestKeyAccountPipeline(KeyAccountCommon):
    def test_new_deal_starts_in_first_key_stage(self):
        self.assertEqual(
            self.deal_rep.stage_id, self.env.ref("key_account_management.crm_stage_key_evaluate")
        )

    def test_standard_deal_keeps_standard_stages(self):
        lead = self.env["crm.lead"].create(
            {"name": "Retail deal", "type": "opportunity", "team_id": self.standard_team.id}
        )
        key_stages = self.env["crm.stage"].search([("team_id", "=", self.key_team.id)])
        self.assertTrue(lead.stage_id)
        self.assertNotIn(lead.stage_id, key_stages)

    def test_pipeline_columns_are_the_six_stages(self):
        Lead = self.env["crm.lead"].with_context(default_team_id=self.key_team.id)
        groups = Lead.read_group(
            [("id", "in", (self.deal_rep | self.deal_rep2).ids)], ["stage_id"], ["stage_id"]
        )
        columns = [group["stage_id"][0] for group in groups]
        self.assertEqual(columns, [self.env.ref(xmlid).id for xmlid in KEY_STAGES])

    def test_won_deal_leaves_for_the_won_stage(self):
        # a key-account deal is won once fully paid; a manager may force it
        won = self.env["crm.stage"].search([("is_won", "=", True)], limit=1)
        self.deal_rep._kam_override_gate(won, "won elsewhere")
        self.assertTrue(self.deal_rep.stage_id.is_won)
        Lead = self.env["crm.lead"].with_context(default_team_id=self.key_team.id)
        groups = Lead.read_group(
            [("id", "in", (self.deal_rep | self.deal_rep2).ids)], ["stage_id"], ["stage_id"]
        )
        self.assertIn(self.deal_rep.stage_id.id, [group["stage_id"][0] for group in groups])

    def test_only_the_key_pipeline_cards_carry_the_buying_centre(self):
        """The key-account pipeline opens its own kanban; CRM's pipelines of
        the other teams keep Odoo's card and read none of its fields."""
        action = self.env.ref("key_account_management.crm_lead_action_key_pipeline")
        kanban = dict((mode, view) for view, mode in action.views)["kanban"]
        Lead = self.env["crm.lead"].with_user(self.user_rep)
        key_card = Lead.get_views([(kanban, "kanban")])["views"]["kanban"]["arch"]
        crm_card = Lead.get_views([(False, "kanban")])["views"]["kanban"]["arch"]
        for name in ("buying_centre_alert", "buying_centre_support", "kam_current_node_reached"):
            self.assertIn(name, key_card)
        # the completeness figure is the form's, the list's and the pivot's
        self.assertNotIn("buying_centre_completeness", key_card)
        for name in ("buying_centre_alert", "kam_current_node_reached", "kam_grade"):
            self.assertNotIn(name, crm_card)
