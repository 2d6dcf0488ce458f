from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    kam_grade_a_months = fields.Integer(related="company_id.kam_grade_a_months", readonly=False)
    kam_grade_a_probability = fields.Float(
        related="company_id.kam_grade_a_probability", readonly=False
    )
    kam_grade_b_months = fields.Integer(related="company_id.kam_grade_b_months", readonly=False)
    kam_grade_b_probability = fields.Float(
        related="company_id.kam_grade_b_probability", readonly=False
    )
    kam_grade_c_months = fields.Integer(related="company_id.kam_grade_c_months", readonly=False)
    kam_grade_c_probability = fields.Float(
        related="company_id.kam_grade_c_probability", readonly=False
    )
    kam_tier_strategic_amount = fields.Monetary(
        related="company_id.kam_tier_strategic_amount", readonly=False
    )
    kam_tier_key_amount = fields.Monetary(related="company_id.kam_tier_key_amount", readonly=False)
    kam_development_fee_local = fields.Monetary(
        related="company_id.kam_development_fee_local", readonly=False
    )
    kam_development_fee_domestic = fields.Monetary(
        related="company_id.kam_development_fee_domestic", readonly=False
    )
    kam_development_fee_international = fields.Monetary(
        related="company_id.kam_development_fee_international", readonly=False
    )
    kam_maintenance_fee_local = fields.Monetary(
        related="company_id.kam_maintenance_fee_local", readonly=False
    )
    kam_maintenance_fee_domestic = fields.Monetary(
        related="company_id.kam_maintenance_fee_domestic", readonly=False
    )
    kam_maintenance_fee_international = fields.Monetary(
        related="company_id.kam_maintenance_fee_international", readonly=False
    )
    kam_scorecard_id = fields.Many2one(related="company_id.kam_scorecard_id", readonly=False)
    kam_stalled_days = fields.Integer(related="company_id.kam_stalled_days", readonly=False)
    # the follow-up delay is the activity type's own schedule (Odoo's setting)
    kam_visit_follow_up_type_id = fields.Many2one(
        "mail.activity.type",
        default=lambda self: self.env.ref(
            "key_account_management.mail_activity_type_visit_follow_up", raise_if_not_found=False
        ),
    )
    kam_visit_follow_up_days = fields.Integer(
        related="kam_visit_follow_up_type_id.delay_count", readonly=False
    )
    revisit_plan_trigger = fields.Selection(
        related="company_id.revisit_plan_trigger", readonly=False
    )
    revisit_template_id = fields.Many2one(related="company_id.revisit_template_id", readonly=False)
