from odoo import api, fields, models

from .key_account_buying_role import ATTITUDES, STRENGTHS

ATTITUDE_RANK = {"opponent": 0, "unknown": 1, "neutral": 1, "supporter": 2}
STRENGTH_RANK = {False: 0, "weak": 1, "medium": 2, "strong": 3}


class KeyAccountPlanRelationship(models.Model):
    """A relationship goal of an account plan (关系维护): a person of the
    account's standing buying centre, where we stand with them (read from
    the buying centre, never copied) and where we want to be."""

    _name = "key.account.plan.relationship"
    _description = "Account Plan Relationship Goal"
    _order = "plan_id, sequence, id"

    sequence = fields.Integer(default=10)
    plan_id = fields.Many2one(
        "key.account.plan", string="Account Plan", required=True, index=True, ondelete="cascade"
    )
    plan_partner_id = fields.Many2one(related="plan_id.partner_id", string="Key Account")
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
    buying_role_id = fields.Many2one(
        "key.account.buying.role",
        string="Buying-Centre Member",
        required=True,
        index=True,
        ondelete="cascade",
        domain="[('account_id', '=', plan_partner_id)]",
    )
    partner_id = fields.Many2one(related="buying_role_id.partner_id", string="Person")
    role = fields.Selection(related="buying_role_id.role")
    attitude = fields.Selection(related="buying_role_id.attitude", string="Attitude Now")
    relationship_strength = fields.Selection(
        related="buying_role_id.relationship_strength", string="Relationship Now"
    )
    last_contact_date = fields.Date(related="buying_role_id.last_contact_date")
    target_attitude = fields.Selection(
        [item for item in ATTITUDES if item[0] != "unknown"], default="supporter", required=True
    )
    target_strength = fields.Selection(STRENGTHS, string="Target Relationship", default="strong")
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        default=lambda self: self.env.user,
        domain=[("share", "=", False)],
        help="The colleague who works on this relationship.",
    )
    gap = fields.Boolean(
        compute="_compute_gap",
        store=True,
        help="The attitude or the relationship is still below its target.",
    )

    @api.depends(
        "buying_role_id.attitude",
        "buying_role_id.relationship_strength",
        "target_attitude",
        "target_strength",
    )
    def _compute_gap(self):
        for goal in self:
            line = goal.buying_role_id.sudo()
            goal.gap = (
                ATTITUDE_RANK.get(goal.target_attitude, 0) > ATTITUDE_RANK.get(line.attitude, 0)
            ) or (
                STRENGTH_RANK.get(goal.target_strength or False, 0)
                > STRENGTH_RANK.get(line.relationship_strength or False, 0)
            )

    def _kam_copy_values(self):
        return [
            {
                "sequence": goal.sequence,
                "buying_role_id": goal.buying_role_id.id,
                "target_attitude": goal.target_attitude,
                "target_strength": goal.target_strength,
                "user_id": goal.user_id.id,
            }
            for goal in self
        ]
