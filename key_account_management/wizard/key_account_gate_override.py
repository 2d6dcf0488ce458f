from odoo import api, fields, models


class KeyAccountGateOverride(models.TransientModel):
    _name = "key.account.gate.override"
    _description = "Override a Stage Gate"

    lead_id = fields.Many2one("crm.lead", "Deal", required=True, readonly=True)
    team_id = fields.Many2one(related="lead_id.team_id")
    stage_id = fields.Many2one(
        "crm.stage",
        string="Move to",
        required=True,
        domain="[('team_id', '=', team_id)]",
    )
    reason = fields.Text(required=True, help="Kept in the deal's chatter.")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        lead = self.env["crm.lead"].browse(values.get("lead_id"))
        if lead and "stage_id" in fields_list:
            following = self.env["crm.stage"].search(
                [("team_id", "=", lead.team_id.id), ("sequence", ">", lead.stage_id.sequence)],
                order="sequence, id",
                limit=1,
            )
            values["stage_id"] = following.id
        return values

    def action_override(self):
        self.ensure_one()
        # the deal checks the manager's right and keeps the reason
        self.lead_id._kam_override_gate(self.stage_id, self.reason)
        return {"type": "ir.actions.act_window_close"}
