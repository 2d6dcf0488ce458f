from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare

from ..const import MANAGER_GROUP, USER_GROUP

COMPARISON_OVERRIDE_FIELD = "kam_comparison_override_reason"


class CrmLead(models.Model):
    """项目评估 (003): the deal's competitors, the customer's criteria for
    choosing a supplier, their weights, and our weighted score against each
    competitor's. It is stage 3's key node (技术交流 影响标准): we have
    influenced the criteria when our weighted score is not below the best
    competitor's."""

    _inherit = "crm.lead"

    kam_competitor_ids = fields.One2many(
        "key.account.competitor", "lead_id", string="Competitors", copy=False, groups=USER_GROUP
    )
    kam_comparison_ids = fields.One2many(
        "key.account.comparison.criterion",
        "lead_id",
        string="Customer's Criteria",
        copy=False,
        groups=USER_GROUP,
    )
    kam_comparison_weight = fields.Float(
        "Criteria Weights (%)", compute="_compute_kam_comparison", store=True, digits=(5, 1)
    )
    kam_our_weighted_score = fields.Float(
        "Our Weighted Score",
        compute="_compute_kam_comparison",
        store=True,
        digits=(5, 1),
        aggregator="avg",
        help="Our scores on the customer's criteria, weighted by the customer's weights, "
        "out of 100.",
    )
    kam_best_rival_id = fields.Many2one(
        "key.account.competitor",
        "Best Competitor",
        compute="_compute_kam_comparison",
        store=True,
    )
    kam_best_rival_weighted_score = fields.Float(
        "Best Competitor's Weighted Score",
        compute="_compute_kam_comparison",
        store=True,
        digits=(5, 1),
    )
    kam_comparison_state = fields.Selection(
        [
            ("incomplete", "To Complete"),
            ("ahead", "Not Behind"),
            ("behind", "Behind"),
        ],
        string="Supplier Comparison",
        compute="_compute_kam_comparison",
        store=True,
        tracking=True,
        help="To complete: criteria missing, weights not adding up to 100 %, or a score not "
        "given yet. Not behind: our weighted score is at least the best competitor's.",
    )
    kam_comparison_override_reason = fields.Char(
        "Comparison Override",
        tracking=True,
        copy=False,
        help="Key-account managers only: why the criteria count as influenced although the "
        "comparison does not show it.",
    )

    @api.depends(
        "kam_comparison_ids.weight",
        "kam_comparison_ids.our_score",
        "kam_comparison_ids.score_ids.score",
        "kam_competitor_ids",
    )
    def _compute_kam_comparison(self):
        for lead in self:
            criteria = lead.sudo().kam_comparison_ids
            scores = criteria.score_ids
            weight = sum(criteria.mapped("weight"))
            ours = sum(criterion.our_score * criterion.weight for criterion in criteria) / 10
            rivals = {
                rival: sum(
                    line.score * line.weight for line in scores if line.competitor_id == rival
                )
                / 10
                for rival in lead.kam_competitor_ids
            }
            best = max(rivals, key=rivals.get, default=lead.kam_competitor_ids.browse())
            complete = (
                criteria
                and not float_compare(weight, 100.0, precision_digits=1)
                and all(criteria.mapped("our_score"))
                and all(scores.mapped("score"))
                and len(scores) == len(criteria) * len(rivals)
            )
            lead.kam_comparison_weight = weight
            lead.kam_our_weighted_score = ours
            lead.kam_best_rival_id = best
            lead.kam_best_rival_weighted_score = rivals.get(best, 0.0)
            if not complete:
                lead.kam_comparison_state = "incomplete" if criteria else False
            elif float_compare(ours, rivals.get(best, 0.0), precision_digits=1) >= 0:
                lead.kam_comparison_state = "ahead"
            else:
                lead.kam_comparison_state = "behind"

    @api.model_create_multi
    def create(self, vals_list):
        leads = super().create(vals_list)
        # the deals as created, defaults applied: what a manager must decide
        if any(lead[COMPARISON_OVERRIDE_FIELD] for lead in leads):
            self.browse()._kam_check_comparison_override({COMPARISON_OVERRIDE_FIELD: True})
        return leads

    def write(self, vals):
        if COMPARISON_OVERRIDE_FIELD in vals:
            self._kam_check_comparison_override(vals)
        return super().write(vals)

    def _kam_check_comparison_override(self, vals):
        if self.env.su or self.env.user.has_group(MANAGER_GROUP):
            return
        # writing an unchanged value (an import of every column) is harmless;
        # on create (no record yet) any reason is a change
        new = vals[COMPARISON_OVERRIDE_FIELD] or False
        if (not self and new) or any(
            (lead[COMPARISON_OVERRIDE_FIELD] or False) != new for lead in self
        ):
            raise AccessError(
                _("Only key-account managers can override the supplier comparison of a deal.")
            )

    def action_kam_start_comparison(self):
        """Start the comparison from the company's template of the customer's
        criteria (项目评估); the rep then sets this customer's weights."""
        for lead in self:
            if lead.kam_comparison_ids:
                continue
            company = lead.company_id or self.env.company
            template = company.kam_comparison_scorecard_id or self.env[
                "key.account.scorecard"
            ].search(
                [("company_id", "in", [company.id, False]), ("usage", "=", "comparison")],
                order="id",
                limit=1,
            )
            if not template.criterion_ids:
                raise UserError(
                    _(
                        "Choose a supplier comparison template with criteria in the Key "
                        "Accounts settings first."
                    )
                )
            lead.kam_comparison_ids = [
                fields.Command.create(
                    {
                        "sequence": criterion.sequence,
                        "name": criterion.name,
                        "weight": criterion.weight,
                    }
                )
                for criterion in template.criterion_ids
            ]
        return True
