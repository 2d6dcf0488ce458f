from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    # Deal grade A/B/C/D: closing within N months with at least P % probability
    kam_grade_a_months = fields.Integer("Grade A: closes within (months)", default=3)
    kam_grade_a_probability = fields.Float("Grade A: probability at least (%)", default=70)
    kam_grade_b_months = fields.Integer("Grade B: closes within (months)", default=6)
    kam_grade_b_probability = fields.Float("Grade B: probability at least (%)", default=40)
    kam_grade_c_months = fields.Integer("Grade C: closes within (months)", default=12)
    kam_grade_c_probability = fields.Float("Grade C: probability at least (%)", default=20)
    # Account tier and sales class from the trailing twelve months' revenue
    kam_tier_strategic_amount = fields.Monetary(
        "Strategic account from (12-month revenue)", default=1_000_000
    )
    kam_tier_key_amount = fields.Monetary("Key account from (12-month revenue)", default=200_000)
    # Development and maintenance fee per account and market (客户开发/维护费)
    kam_development_fee_local = fields.Monetary("Development fee, local market", default=50_000)
    kam_development_fee_domestic = fields.Monetary(
        "Development fee, domestic market", default=100_000
    )
    kam_development_fee_international = fields.Monetary(
        "Development fee, international market", default=200_000
    )
    kam_maintenance_fee_local = fields.Monetary("Maintenance fee, local market", default=30_000)
    kam_maintenance_fee_domestic = fields.Monetary(
        "Maintenance fee, domestic market", default=70_000
    )
    kam_maintenance_fee_international = fields.Monetary(
        "Maintenance fee, international market", default=150_000
    )
    kam_stalled_days = fields.Integer(
        "Stalled after (days)",
        default=30,
        help="A key-account deal without a stage change for this many days is stalled.",
    )
    revisit_plan_trigger = fields.Selection(
        [("confirm", "Order Confirmation"), ("invoice", "First Posted Invoice")],
        string="Start Revisits At",
        default="confirm",
        help="When a key-account sales order gets its after-sales revisit plan "
        "(at confirmation when empty).",
    )
    revisit_template_id = fields.Many2one(
        "key.account.revisit.template",
        string="Default Revisit Template",
        check_company=True,
    )
    kam_scorecard_id = fields.Many2one(
        "key.account.scorecard",
        string="Evaluation Scorecard",
        help="The scorecard new key-account deals are evaluated with.",
    )
