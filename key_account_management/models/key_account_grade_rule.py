from odoo import api, fields, models

from ..const import GRADES


class KeyAccountGradeRule(models.Model):
    """When a deal is graded A, B or C (项目分级): it closes within so many
    months with at least this probability. A deal no rule grades is D."""

    _name = "key.account.grade.rule"
    _description = "Deal Grade Rule"
    _order = "company_id, grade"

    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        ondelete="cascade",
        default=lambda self: self.env.company,
    )
    grade = fields.Selection(GRADES[:-1], required=True)
    months = fields.Integer("Closes Within (months)", required=True)
    probability = fields.Float("Probability at Least (%)", required=True)

    _sql_constraints = [  # noqa: RUF012
        ("grade_unique", "unique(company_id, grade)", "A grade has one rule per company."),
        ("months_positive", "CHECK(months > 0)", "A grade's closing horizon is at least a month."),
        (
            "probability_range",
            "CHECK(probability >= 0 AND probability <= 100)",
            "A grade's probability is between 0 and 100 %.",
        ),
    ]

    @api.model
    def _default_values(self):
        """The add-on's default grades: A within 3 months at 70 %, B within 6
        at 40 %, C within 12 at 20 %. 000 grades by expected closing time and
        likelihood without numbers: these are ours, for each company to change."""
        return [
            {"grade": "A", "months": 3, "probability": 70},
            {"grade": "B", "months": 6, "probability": 40},
            {"grade": "C", "months": 12, "probability": 20},
        ]
