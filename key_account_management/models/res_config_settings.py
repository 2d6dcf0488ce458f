from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    revisit_plan_trigger = fields.Selection(
        related="company_id.revisit_plan_trigger", readonly=False
    )
    revisit_template_id = fields.Many2one(related="company_id.revisit_template_id", readonly=False)
