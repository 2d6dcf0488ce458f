from odoo import fields, models


class CrmTeam(models.Model):
    _inherit = "crm.team"

    is_key_account_team = fields.Boolean(
        string="Key-Account Team",
        help="Opportunities of this team are key-account business: they follow the "
        "six-stage key-account process. Other teams keep the standard CRM flow.",
    )
