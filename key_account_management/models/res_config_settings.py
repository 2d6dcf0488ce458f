from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    kam_tier_strategic_amount = fields.Monetary(
        related="company_id.kam_tier_strategic_amount", readonly=False
    )
    kam_tier_key_amount = fields.Monetary(related="company_id.kam_tier_key_amount", readonly=False)
    kam_scorecard_id = fields.Many2one(related="company_id.kam_scorecard_id", readonly=False)
    kam_stalled_days = fields.Integer(related="company_id.kam_stalled_days", readonly=False)
    # the follow-up delay is the activity type's own schedule (Odoo's setting)
    kam_visit_follow_up_type_id = fields.Many2one(
        "mail.activity.type",
        string="Visit Follow-up Activity",
        default=lambda self: self.env.ref(
            "key_account_management.mail_activity_type_visit_follow_up", raise_if_not_found=False
        ),
    )
    kam_visit_follow_up_days = fields.Integer(
        "Follow up a visit within (days)",
        related="kam_visit_follow_up_type_id.delay_count",
        readonly=False,
        help="A visit to a key account schedules a follow-up for the visitor, due this many "
        "days later.",
    )
    revisit_plan_trigger = fields.Selection(
        related="company_id.revisit_plan_trigger", readonly=False
    )
    revisit_template_id = fields.Many2one(related="company_id.revisit_template_id", readonly=False)
