from odoo import fields, models

from ..const import FIGURE_GROUPS
from .key_account_plan_objective import STATUSES


class KeyAccountPlanReviewLine(models.Model):
    """Where one objective stood at a review: written when the review is
    recorded, never changed."""

    _name = "key.account.plan.review.line"
    _description = "Account Plan Review Line"
    _order = "review_id, objective_id, id"

    review_id = fields.Many2one(
        "key.account.plan.review",
        string="Review",
        required=True,
        index=True,
        readonly=True,
        ondelete="cascade",
    )
    plan_id = fields.Many2one(related="review_id.plan_id", store=True, index=True)
    partner_id = fields.Many2one(related="review_id.partner_id")
    company_id = fields.Many2one(related="review_id.company_id", store=True, index=True)
    date = fields.Date(related="review_id.date", store=True)
    objective_id = fields.Many2one(
        "key.account.plan.objective",
        string="Objective",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    measure = fields.Selection(related="objective_id.measure")
    value = fields.Float(digits=(16, 2), readonly=True, groups=FIGURE_GROUPS)
    target = fields.Float(digits=(16, 2), readonly=True, groups=FIGURE_GROUPS)
    progress = fields.Float("Progress (%)", digits=(5, 1), readonly=True, aggregator="avg")
    status = fields.Selection(STATUSES, readonly=True)
