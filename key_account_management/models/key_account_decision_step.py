from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

# the decision chain (决策链) of 003's purchase decision chart, in its order
STEPS = [
    ("propose", "Proposes"),
    ("evaluate", "Evaluates"),
    ("approve", "Approves"),
    ("sign", "Signs"),
]
STEP_RANK = {key: rank for rank, (key, _label) in enumerate(STEPS)}


class KeyAccountDecisionStep(models.Model):
    """One step of a deal's decision chain: who proposes the purchase, who
    evaluates the offers, who approves and who signs, each step done by
    members of the deal's buying centre."""

    _name = "key.account.decision.step"
    _description = "Decision Chain Step"
    _order = "lead_id, sequence, id"

    lead_id = fields.Many2one("crm.lead", "Deal", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    step = fields.Selection(STEPS, required=True, default="propose")
    name = fields.Char(
        "Who and How", help="e.g. the evaluation panel scores the bids, the board approves."
    )
    member_ids = fields.Many2many(
        "key.account.buying.role",
        string="Buying-Centre Members",
        domain="[('lead_id', '=', lead_id)]",
    )
    company_id = fields.Many2one(related="lead_id.company_id", store=True)

    @api.constrains("member_ids", "lead_id")
    def _check_members(self):
        for step in self:
            strangers = step.member_ids - step.lead_id.buying_role_ids
            if strangers:
                raise ValidationError(
                    _(
                        "%(people)s are not in the buying centre of %(deal)s: add them there "
                        "first.",
                        people=", ".join(strangers.partner_id.mapped("name")),
                        deal=step.lead_id.name,
                    )
                )

    @api.constrains("step", "sequence", "lead_id")
    def _check_order(self):
        for lead in self.lead_id:
            steps = lead.kam_decision_step_ids.sorted(lambda step: (step.sequence, step.id))
            for before, after in zip(steps, steps[1:], strict=False):
                if STEP_RANK[after.step] < STEP_RANK[before.step]:
                    labels = dict(self._fields["step"]._description_selection(self.env))
                    raise ValidationError(
                        _(
                            "The decision chain of %(deal)s goes from who proposes to who "
                            'evaluates, approves and signs: "%(later)s" cannot come after '
                            '"%(earlier)s".',
                            deal=lead.name,
                            later=labels[after.step],
                            earlier=labels[before.step],
                        )
                    )
