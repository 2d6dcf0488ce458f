from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class KeyAccountEvaluationScore(models.Model):
    _name = "key.account.evaluation.score"
    _description = "Deal Evaluation Score"
    _order = "lead_id, sequence, id"

    lead_id = fields.Many2one("crm.lead", "Deal", required=True, ondelete="cascade", index=True)
    criterion_id = fields.Many2one(
        "key.account.scorecard.criterion", required=True, ondelete="restrict"
    )
    sequence = fields.Integer(related="criterion_id.sequence", store=True)
    weight = fields.Float(related="criterion_id.weight")
    score = fields.Integer(help="From 0 (very weak for us) to 10 (very strong for us).")
    note = fields.Char()
    company_id = fields.Many2one(related="lead_id.company_id", store=True)

    _sql_constraints = [  # noqa: RUF012 (Odoo reads this class attribute)
        (
            "criterion_unique",
            "unique(lead_id, criterion_id)",
            "A deal scores each criterion once.",
        ),
    ]

    @api.constrains("score")
    def _check_score(self):
        for line in self:
            if not 0 <= line.score <= 10:
                raise ValidationError(
                    _(
                        "%(deal)s: the score of %(criterion)s must be between 0 and 10.",
                        deal=line.lead_id.name,
                        criterion=line.criterion_id.name,
                    )
                )
