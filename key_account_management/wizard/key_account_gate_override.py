from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class KeyAccountGateOverride(models.TransientModel):
    """A key-account manager moves deals past their stage gate, with a
    reason: one deal from its form, or several from the pipeline's list
    (such as the deals already under way when the add-on goes live, imported
    into the first stage and moved on to where they stand)."""

    _name = "key.account.gate.override"
    _description = "Override a Stage Gate"

    lead_ids = fields.Many2many("crm.lead", string="Deals", required=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", compute="_compute_team_id")
    stage_id = fields.Many2one(
        "crm.stage",
        string="Move to",
        required=True,
        domain="[('team_id', '=', team_id)]",
    )
    reason = fields.Text(required=True, help="Kept in each deal's chatter.")

    @api.depends("lead_ids")
    def _compute_team_id(self):
        for wizard in self:
            teams = wizard.lead_ids.team_id
            wizard.team_id = teams if len(teams) == 1 else False

    @api.constrains("lead_ids", "stage_id")
    def _check_one_pipeline(self):
        for wizard in self:
            if not all(wizard.lead_ids.mapped("is_key_account")) or (
                wizard.lead_ids.team_id != wizard.stage_id.team_id
            ):
                raise ValidationError(
                    _(
                        "Choose key-account deals of one pipeline, and a stage of that "
                        "pipeline to move them to."
                    )
                )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        leads = self.env["crm.lead"]
        for command in values.get("lead_ids") or []:
            leads |= leads.browse(command[2] if command[0] == 6 else command[1])
        if len(leads.team_id) == 1 and "stage_id" in fields_list:
            # the stage after the one the deals have reached first
            following = self.env["crm.stage"].search(
                [
                    ("team_id", "=", leads.team_id.id),
                    ("sequence", ">", min(leads.stage_id.mapped("sequence"))),
                ],
                order="sequence, id",
                limit=1,
            )
            values["stage_id"] = following.id
        return values

    def action_override(self):
        self.ensure_one()
        # the deals check the manager's right and keep the reason
        self.lead_ids._kam_override_gate(self.stage_id, self.reason)
        return {"type": "ir.actions.act_window_close"}
