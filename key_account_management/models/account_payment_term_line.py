from odoo import fields, models


class AccountPaymentTermLine(models.Model):
    _inherit = "account.payment.term.line"

    # 质保金: the part of the price the customer holds back until the
    # warranty period ends; its instalments are followed apart
    kam_retention = fields.Boolean(
        "Retention",
        help="This instalment is the retention money the customer holds back until the end "
        "of the warranty period. Receivables show it apart; the deal is done only once it "
        "is paid too.",
    )
