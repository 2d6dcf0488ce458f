from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

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
