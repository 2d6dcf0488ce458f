from odoo import api, fields, models

from ..const import FIGURE_GROUPS


class ResPartner(models.Model):
    """The account development plan of a key account, from its form."""

    _inherit = "res.partner"

    kam_plan_id = fields.Many2one(
        "key.account.plan",
        string="Account Plan",
        compute="_compute_kam_plan_id",
        groups=FIGURE_GROUPS,
        help="The plan of the current period (or the latest one not closed).",
    )
    kam_plan_completeness = fields.Integer(
        "Plan Completeness", compute="_compute_kam_plan_id", groups=FIGURE_GROUPS
    )

    @api.depends_context("uid")
    def _compute_kam_plan_id(self):
        # the plans this user may read
        plans = self.env["key.account.plan"].search(
            [("partner_id", "in", self.ids), ("state", "!=", "closed")],
            order="date_start desc, id desc",
        )
        today = fields.Date.context_today(self)
        current = {}
        for plan in plans:
            best = current.get(plan.partner_id.id)
            running = plan.date_start <= today <= plan.date_end
            if not best or (running and not best.date_start <= today <= best.date_end):
                current[plan.partner_id.id] = plan
        for partner in self:
            plan = current.get(partner.id, plans.browse())
            partner.kam_plan_id = plan
            partner.kam_plan_completeness = plan.completeness

    @api.readonly
    def action_kam_view_plans(self):
        self.ensure_one()
        action = self._kam_xml_action(
            "key_account_management.key_account_plan_action",
            [("partner_id", "=", self.id)],
            {"default_partner_id": self.id},
        )
        if self.kam_plan_id:
            action["views"] = [(False, "form")]
            action["view_mode"] = "form"
            action["res_id"] = self.kam_plan_id.id
        return action
