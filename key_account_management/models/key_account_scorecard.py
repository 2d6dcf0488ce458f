from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare

from ..trust import trusted
from .key_account_scorecard_criterion import SCORECARD_WRITE


class KeyAccountScorecard(models.Model):
    _name = "key.account.scorecard"
    _description = "Evaluation Scorecard"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    usage = fields.Selection(
        [
            ("evaluation", "Go/No-Go Evaluation (stage 1)"),
            ("comparison", "Supplier Comparison (stage 3)"),
        ],
        required=True,
        default="evaluation",
        help="Go/no-go evaluation: is the prospect worth pursuing? Supplier comparison: the "
        "customer's usual criteria for choosing a supplier, the template of a deal's "
        "comparison with its competitors.",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)
    criterion_ids = fields.One2many(
        "key.account.scorecard.criterion", "scorecard_id", string="Criteria", copy=True
    )
    pass_score = fields.Float(
        "Pursue from",
        default=60,
        help="A deal scoring at least this (out of 100) is worth pursuing.",
    )
    lower_score = fields.Float(
        "Lower the contact level from",
        default=40,
        help="Between this score and the pursue score, keep the deal at a lower contact "
        "level; below it, drop the deal.",
    )
    total_weight = fields.Float(compute="_compute_total_weight")

    @api.depends("criterion_ids.weight")
    def _compute_total_weight(self):
        for scorecard in self:
            scorecard.total_weight = sum(scorecard.criterion_ids.mapped("weight"))

    @api.constrains("criterion_ids")
    def _check_weights(self):
        # a scorecard without criteria is not set up yet: it cannot be used
        for scorecard in self.filtered("criterion_ids"):
            if float_compare(scorecard.total_weight, 100.0, precision_digits=2):
                raise ValidationError(
                    _(
                        "The weights of the criteria of scorecard %(scorecard)s add up to "
                        "%(total)s %%; they must add up to 100 %%.",
                        scorecard=scorecard.name,
                        total=round(scorecard.total_weight, 2),
                    )
                )

    # Lines saved together with their scorecard are checked once, on the
    # scorecard, when all of them are written; a line written alone is
    # checked at once (see the criterion).
    @api.model_create_multi
    def create(self, vals_list):
        return super(KeyAccountScorecard, trusted(self, SCORECARD_WRITE)).create(vals_list)

    def write(self, vals):
        return super(KeyAccountScorecard, trusted(self, SCORECARD_WRITE)).write(vals)

    @api.constrains("pass_score", "lower_score")
    def _check_thresholds(self):
        for scorecard in self:
            if not 0 <= scorecard.lower_score <= scorecard.pass_score <= 100:
                raise ValidationError(
                    _(
                        "Scorecard %(scorecard)s: the scores must satisfy 0 ≤ lower the "
                        "contact level ≤ pursue ≤ 100.",
                        scorecard=scorecard.name,
                    )
                )
