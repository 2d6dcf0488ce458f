from odoo import api, fields, models

from .key_account_buying_role import STRENGTHS


class KeyAccountColleagueLink(models.Model):
    """关系网: one of our colleagues knows a person of a buying centre.

    The relationship owner of the line is accountable for the person; these
    are the other colleagues who know them (a director who met them at a
    fair, the engineer who installed their last machine...).
    """

    _name = "key.account.colleague.link"
    _description = "Colleague Who Knows a Buying-Centre Member"
    _order = "buying_role_id, strength desc, id"

    buying_role_id = fields.Many2one(
        "key.account.buying.role",
        "Buying-Centre Member",
        required=True,
        ondelete="cascade",
        index=True,
    )
    partner_id = fields.Many2one(related="buying_role_id.partner_id", string="Person")
    user_id = fields.Many2one(
        "res.users",
        "Colleague",
        required=True,
        domain=[("share", "=", False)],
    )
    strength = fields.Selection(STRENGTHS, required=True, default="medium")
    note = fields.Char("How They Know Them")
    company_id = fields.Many2one(related="buying_role_id.company_id", store=True)

    _sql_constraints = [  # noqa: RUF012
        (
            "colleague_unique",
            "UNIQUE(buying_role_id, user_id)",
            "This colleague is already listed for this person.",
        ),
    ]

    @api.depends("user_id", "partner_id")
    def _compute_display_name(self):
        for link in self:
            link.display_name = f"{link.user_id.name or ''} → {link.partner_id.name or ''}"
