from odoo import fields, models


class KeyAccountStageLog(models.Model):
    _name = "key.account.stage.log"
    _description = "Key-Account Stage Change"
    _order = "date desc, id desc"

    lead_id = fields.Many2one("crm.lead", "Deal", required=True, ondelete="cascade", index=True)
    user_id = fields.Many2one(related="lead_id.user_id", store=True, string="Salesperson")
    company_id = fields.Many2one(related="lead_id.company_id", store=True)
    stage_from_id = fields.Many2one("crm.stage", string="From Stage", ondelete="set null")
    stage_to_id = fields.Many2one("crm.stage", string="To Stage", ondelete="set null")
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    days_in_stage = fields.Float("Days in Previous Stage", aggregator="avg", digits=(16, 1))
    direction = fields.Selection(
        [("forward", "Forward"), ("back", "Back")], required=True, default="forward"
    )
    overridden = fields.Boolean("Gate Overridden")
