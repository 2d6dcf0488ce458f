from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .key_account_buying_role import STRENGTHS


class KeyAccountInfluence(models.Model):
    """关系网: one person of a deal's buying centre sways another."""

    _name = "key.account.influence"
    _description = "Influence in a Buying Centre"
    _order = "lead_id, id"

    lead_id = fields.Many2one("crm.lead", "Deal", required=True, ondelete="cascade", index=True)
    influencer_id = fields.Many2one("res.partner", "Who Influences", required=True)
    influenced_id = fields.Many2one("res.partner", "Whom", required=True)
    strength = fields.Selection(STRENGTHS, required=True, default="medium")
    note = fields.Char("How")
    company_id = fields.Many2one(related="lead_id.company_id", store=True)

    _sql_constraints = [  # noqa: RUF012
        (
            "pair_unique",
            "UNIQUE(lead_id, influencer_id, influenced_id)",
            "This influence is already recorded on the deal.",
        ),
    ]

    @api.constrains("influencer_id", "influenced_id", "lead_id")
    def _check_people(self):
        for link in self:
            if link.influencer_id == link.influenced_id:
                raise ValidationError(
                    _(
                        "%(person)s cannot influence themselves: choose two different people.",
                        person=link.influencer_id.display_name,
                    )
                )
            members = link.lead_id.sudo().buying_role_ids.partner_id
            outsiders = (link.influencer_id | link.influenced_id) - members
            if outsiders:
                raise ValidationError(
                    _(
                        "%(people)s are not in the buying centre of %(deal)s: add them there "
                        "first.",
                        people=", ".join(outsiders.mapped("display_name")),
                        deal=link.lead_id.display_name,
                    )
                )
