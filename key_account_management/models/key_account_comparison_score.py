from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .key_account_comparison_criterion import MAX_SCORE


class KeyAccountComparisonScore(models.Model):
    """How the customer rates one competitor on one of its criteria."""

    _name = "key.account.comparison.score"
    _description = "Competitor's Score on a Customer's Criterion"
    _order = "criterion_id, competitor_id"

    criterion_id = fields.Many2one(
        "key.account.comparison.criterion", required=True, ondelete="cascade", index=True
    )
    competitor_id = fields.Many2one(
        "key.account.competitor", required=True, ondelete="cascade", index=True
    )
    lead_id = fields.Many2one(related="criterion_id.lead_id", store=True)
    weight = fields.Float(related="criterion_id.weight")
    score = fields.Integer(
        help="How the customer rates this competitor: 1 (poor) to 10 (excellent); 0 = not "
        "scored yet."
    )
    company_id = fields.Many2one(related="criterion_id.company_id", store=True)

    _sql_constraints = [  # noqa: RUF012
        (
            "competitor_unique",
            "UNIQUE(criterion_id, competitor_id)",
            "This competitor is already scored on this criterion.",
        ),
    ]

    @api.constrains("score", "competitor_id", "criterion_id")
    def _check_score(self):
        for line in self:
            if line.competitor_id.lead_id != line.criterion_id.lead_id:
                raise ValidationError(
                    _(
                        "%(competitor)s is not a competitor on %(deal)s.",
                        competitor=line.competitor_id.competitor_id.display_name,
                        deal=line.criterion_id.lead_id.display_name,
                    )
                )
            if not 0 <= line.score <= MAX_SCORE:
                raise ValidationError(
                    _(
                        "%(deal)s: the score of %(competitor)s on %(criterion)s must be "
                        "between 0 and 10.",
                        deal=line.criterion_id.lead_id.display_name,
                        competitor=line.competitor_id.competitor_id.display_name,
                        criterion=line.criterion_id.name,
                    )
                )
