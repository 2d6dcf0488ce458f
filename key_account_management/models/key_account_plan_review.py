from odoo import _, api, fields, models

from ..trust import trusted
from .base import DECIDED_WRITE

REVIEW_KINDS = [
    ("business", "Business Review Meeting"),
    ("executive", "Executive Exchange Visit"),
]


class KeyAccountPlanReview(models.Model):
    """A review of an account plan (业务沟通会, 组织双方中高层定期会面互访):
    its minutes, and each objective's value frozen on the day it was
    recorded, so that the plan's history shows progress review by review."""

    _name = "key.account.plan.review"
    _inherit = ["mail.thread"]  # noqa: RUF012
    _description = "Account Plan Review"
    _order = "date desc, id desc"

    plan_id = fields.Many2one(
        "key.account.plan", string="Account Plan", required=True, index=True, ondelete="cascade"
    )
    partner_id = fields.Many2one(related="plan_id.partner_id", store=True, index=True)
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
    kind = fields.Selection(REVIEW_KINDS, required=True, default="business")
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    calendar_event_id = fields.Many2one(
        "calendar.event",
        string="Meeting",
        index="btree_not_null",
        ondelete="set null",
        domain="[('res_model', '=', 'key.account.plan'), ('res_id', '=', plan_id)]",
    )
    decisions = fields.Text()
    problems = fields.Text("Problems Raised")
    follow_up_user_id = fields.Many2one(
        "res.users",
        string="Follow-up Owner",
        domain=[("share", "=", False)],
        help="Who follows up on the decisions and problems.",
    )
    line_ids = fields.One2many(
        "key.account.plan.review.line", "review_id", string="Objectives at the Review"
    )

    @api.depends("plan_id", "date", "kind")
    def _compute_display_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for review in self:
            review.display_name = _(
                "%(kind)s, %(date)s",
                kind=kinds.get(review.kind, ""),
                date=review.date and fields.Date.to_string(review.date) or "",
            )

    @api.onchange("calendar_event_id")
    def _onchange_calendar_event_id(self):
        if self.calendar_event_id.start:
            self.date = self.calendar_event_id.start.date()

    @api.model_create_multi
    def create(self, vals_list):
        reviews = super().create(vals_list)
        reviews._kam_freeze_objectives()
        reviews.plan_id._kam_close_review_activities()
        return reviews

    def _kam_freeze_objectives(self):
        """Each objective of the plan measured now, its value frozen."""
        today = fields.Date.context_today(self)
        self.plan_id._kam_update_values(today)
        lines = []
        for review in self:
            for objective in review.plan_id.objective_ids.sudo():
                lines.append(
                    {
                        "review_id": review.id,
                        "objective_id": objective.id,
                        "value": objective.current_value,
                        "target": objective.target,
                        "progress": objective.progress,
                        "status": objective.status,
                    }
                )
        trusted(self.env["key.account.plan.review.line"].sudo(), DECIDED_WRITE).create(lines)
