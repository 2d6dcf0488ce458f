from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class KeyAccountCompetitor(models.Model):
    _name = "key.account.competitor"
    _description = "Competitor on a Deal"
    _order = "lead_id, id"
    _rec_name = "competitor_id"

    lead_id = fields.Many2one("crm.lead", "Deal", required=True, ondelete="cascade", index=True)
    competitor_id = fields.Many2one("res.partner", string="Competitor", required=True)
    company_currency = fields.Many2one(related="lead_id.company_currency")
    offer_amount = fields.Monetary("Their Offer", currency_field="company_currency")
    strengths = fields.Text()
    weaknesses = fields.Text()
    relationship = fields.Selection(
        [("none", "None"), ("weak", "Weak"), ("good", "Good"), ("strong", "Strong")],
        string="Relationship with the Customer",
    )
    outcome = fields.Selection(
        [
            ("pending", "Still competing"),
            ("we_won", "We won"),
            ("they_won", "They won"),
            ("nobody", "Nobody won"),
        ],
        default="pending",
    )
    company_id = fields.Many2one(related="lead_id.company_id", store=True)
    comparison_score_ids = fields.One2many(
        "key.account.comparison.score", "competitor_id", string="Scores on the Criteria"
    )
    weighted_score = fields.Float(
        compute="_compute_weighted_score",
        store=True,
        digits=(5, 1),
        help="Their scores on the customer's criteria, weighted by the customer's weights, "
        "out of 100.",
    )

    @api.depends("comparison_score_ids.score", "comparison_score_ids.weight")
    def _compute_weighted_score(self):
        for competitor in self:
            competitor.weighted_score = (
                sum(line.score * line.weight for line in competitor.comparison_score_ids) / 10
            )

    @api.constrains("lead_id")
    def _check_scores_of_the_deal(self):
        # a competitor moved to another deal keeps its scores on this one's criteria
        self.comparison_score_ids._check_score()

    @api.model_create_multi
    def create(self, vals_list):
        competitors = super().create(vals_list)
        # a competitor named after the comparison started is scored too
        competitors.lead_id.sudo().kam_comparison_ids._add_missing_scores()
        return competitors

    @api.constrains("competitor_id", "lead_id")
    def _check_not_an_influencer(self):
        """The other door of the buying centre's rule: a competitor named on
        a deal whose buying centre has one of its people as an influencer."""
        for competitor in self:
            rival = competitor.competitor_id.commercial_partner_id
            insiders = competitor.lead_id.sudo().buying_role_ids.filtered(
                lambda line, rival=rival: line.role == "external_influencer"
                and line.partner_id.commercial_partner_id == rival
            )
            if insiders:
                raise ValidationError(
                    _(
                        "%(people)s of %(competitor)s are external influencers in the buying "
                        "centre of %(deal)s: remove them there before naming %(competitor)s "
                        "a competitor.",
                        people=", ".join(insiders.partner_id.mapped("name")),
                        competitor=rival.display_name,
                        deal=competitor.lead_id.display_name,
                    )
                )
