from odoo import fields, models

from .key_account_customer_type import OPERATOR_KINDS


class ResUsers(models.Model):
    _inherit = "res.users"

    # 003 客户分类管理: strategic accounts are run by project managers, key
    # accounts by regional managers, general ones by dealers they lead
    kam_operator_kind = fields.Selection(
        [kind for kind in OPERATOR_KINDS if kind[0] != "dealer"],
        string="Operates Accounts As",
        help="Project managers run strategic accounts, regional managers key accounts and "
        "the dealers of general accounts.",
    )
