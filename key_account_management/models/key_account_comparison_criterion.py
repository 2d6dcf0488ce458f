from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

# "not scored yet" is 0; a score is 1 (poor) to 10 (excellent)
MAX_SCORE = 10


class KeyAccountComparisonCriterion(models.Model):
    """项目评估 (003): one of the customer's criteria for choosing a supplier,
    with the weight the customer gives it, and how we score on it against
    each competitor of the deal."""

    _name = "key.account.comparison.criterion"
    _description = "Customer's Supplier Criterion"
    _order = "lead_id, sequence, id"

    lead_id = fields.Many2one("crm.lead", "Deal", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char("Criterion", required=True)
    weight = fields.Float(
        "Customer's Weight (%)",
        digits=(5, 1),
        help="The share of the customer's decision this criterion carries; the weights of "
        "a deal add up to 100 %.",
    )
    our_score = fields.Integer(
        help="How the customer rates us on it: 1 (poor) to 10 (excellent); 0 = not scored yet.",
    )
    score_ids = fields.One2many(
        "key.account.comparison.score", "criterion_id", string="Competitors' Scores"
    )
    best_rival_score = fields.Integer(
        "Best Competitor's Score", compute="_compute_best_rival_score", store=True
    )
    gap = fields.Integer(
        compute="_compute_best_rival_score",
        store=True,
        help="Our score minus the best competitor's score on this criterion.",
    )
    influence = fields.Selection(
        [
            ("raise", "Raise its weight"),
            ("lower", "Lower its weight or improve"),
            ("even", "Even"),
        ],
        string="Where to Influence",
        compute="_compute_best_rival_score",
        store=True,
        help="Where we lead, argue for more weight; where we trail, argue for less weight "
        "or improve our offer.",
    )
    note = fields.Char()
    company_id = fields.Many2one(related="lead_id.company_id", store=True)

    @api.depends("our_score", "score_ids.score")
    def _compute_best_rival_score(self):
        for criterion in self:
            best = max(criterion.score_ids.mapped("score"), default=0)
            criterion.best_rival_score = best
            criterion.gap = criterion.our_score - best
            if not criterion.score_ids or criterion.gap == 0:
                criterion.influence = "even" if criterion.score_ids else False
            else:
                criterion.influence = "raise" if criterion.gap > 0 else "lower"

    @api.constrains("weight", "our_score")
    def _check_ranges(self):
        for criterion in self:
            if not 0 <= criterion.weight <= 100:
                raise ValidationError(
                    _(
                        "%(deal)s: the weight of %(criterion)s must be between 0 and 100 %%.",
                        deal=criterion.lead_id.display_name,
                        criterion=criterion.name,
                    )
                )
            if not 0 <= criterion.our_score <= MAX_SCORE:
                raise ValidationError(
                    _(
                        "%(deal)s: our score on %(criterion)s must be between 0 and 10.",
                        deal=criterion.lead_id.display_name,
                        criterion=criterion.name,
                    )
                )

    @api.constrains("lead_id")
    def _check_scores_of_the_deal(self):
        # a criterion moved to another deal takes its competitors' scores along
        self.score_ids._check_score()

    @api.model_create_multi
    def create(self, vals_list):
        criteria = super().create(vals_list)
        # every competitor of the deal is scored on every criterion
        criteria._add_missing_scores()
        return criteria

    def _add_missing_scores(self):
        missing = [
            {"criterion_id": criterion.id, "competitor_id": rival.id}
            for criterion in self
            for rival in criterion.lead_id.kam_competitor_ids - criterion.score_ids.competitor_id
        ]
        if missing:
            self.env["key.account.comparison.score"].create(missing)
