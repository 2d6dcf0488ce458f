from werkzeug.exceptions import NotFound

from odoo import fields, http
from odoo.exceptions import MissingError
from odoo.http import request
from odoo.tools import format_date

from odoo.addons.portal.controllers.portal import CustomerPortal

# drafts are the account team's: the customer sees a plan once it is agreed
PORTAL_PLAN_STATES = ("agreed", "closed")
OBJECTIVE_STATUSES = ("on_track", "at_risk", "off_track")


class KeyAccountPlanPortal(CustomerPortal):
    """The account plan as its customer reads it: a mutual plan of the
    objectives and actions the account team shared, which the customer's
    contacts confirm action by action.

    Portal users have no access to the plans or their activities: the plans
    are read as superuser, only those of the user's own company (their
    commercial partner) and of the companies the user belongs to, and the
    templates get plain values, never records, so that nothing else of a
    plan (targets, values, health, relationship goals, the solution, notes)
    can reach a page."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "kam_plan_count" in counters:
            values["kam_plan_count"] = (
                request.env["key.account.plan"].sudo().search_count(self._kam_plan_domain())
            )
        return values

    # routes ----------------------------------------------------------------
    @http.route(["/my/account-plans"], type="http", auth="user", website=True)
    def portal_my_account_plans(self, **kw):
        plans = request.env["key.account.plan"].sudo().search(self._kam_plan_domain())
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "kam_account_plan",
                "kam_plans": [self._kam_plan_values(plan) for plan in plans],
            }
        )
        return request.render("key_account_management.portal_my_account_plans", values)

    @http.route(["/my/account-plans/<int:plan_id>"], type="http", auth="user", website=True)
    def portal_my_account_plan(self, plan_id, **kw):
        try:
            plan = self._kam_plan_check_access(plan_id)
        except MissingError as error:
            raise NotFound() from error
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "kam_account_plan",
                "kam_plan": self._kam_plan_values(plan),
                "kam_objectives": [
                    self._kam_objective_values(objective)
                    for objective in plan.objective_ids.filtered("shared")
                ],
                "kam_actions": [
                    self._kam_action_values(action) for action in self._kam_plan_actions(plan)
                ],
            }
        )
        return request.render("key_account_management.portal_my_account_plan", values)

    @http.route(
        ["/my/account-plans/<int:plan_id>/actions/<int:activity_id>/confirm"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_my_account_plan_confirm(self, plan_id, activity_id, **kw):
        try:
            plan = self._kam_plan_check_access(plan_id)
            action = self._kam_plan_actions(plan).filtered(lambda a: a.id == activity_id)
            if not action or plan.state != "agreed":
                raise MissingError(request.env._("This action does not exist."))
        except MissingError as error:
            raise NotFound() from error
        action._kam_confirm_by_customer(request.env.user.partner_id)
        return request.redirect(f"/my/account-plans/{plan.id}#kam_plan_actions")

    # helpers ---------------------------------------------------------------
    def _kam_plan_domain(self):
        """The plans the portal user may read: their company's, agreed or
        closed, of a company the user belongs to, sharing something."""
        user = request.env.user
        return [
            ("partner_id", "=", user.partner_id.commercial_partner_id.id),
            ("state", "in", PORTAL_PLAN_STATES),
            ("company_id", "in", user.company_ids.ids),
            "|",
            ("objective_ids.shared", "=", True),
            ("activity_ids.kam_plan_shared", "=", True),
        ]

    def _kam_plan_check_access(self, plan_id):
        """The plan, as superuser, when the user may read it; MissingError
        otherwise (a plan of another customer does not exist for them)."""
        plan = (
            request.env["key.account.plan"]
            .sudo()
            .search([("id", "=", plan_id), *self._kam_plan_domain()])
        )
        if not plan:
            raise MissingError(request.env._("This account plan does not exist."))
        return plan

    def _kam_plan_actions(self, plan):
        """The open actions of the plan shared with the customer."""
        return (
            request.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", plan._name),
                    ("res_id", "=", plan.id),
                    ("kam_plan_shared", "=", True),
                ],
                order="date_deadline, id",
            )
        )

    def _kam_plan_values(self, plan):
        env = request.env
        states = dict(plan._fields["state"]._description_selection(env))
        return {
            "id": plan.id,
            "name": plan.display_name,
            "period": f"{format_date(env, plan.date_start)} – {format_date(env, plan.date_end)}",
            "state": states[plan.state],
            "in_force": plan.state == "agreed",
            "url": f"/my/account-plans/{plan.id}",
        }

    def _kam_objective_values(self, objective):
        """Its name, progress and status: never its measure, target or values."""
        progress = max(0, round(objective.progress))
        return {
            "name": objective.name,
            "progress": progress,
            "bar": min(progress, 100),
            "status": objective.status if objective.status in OBJECTIVE_STATUSES else False,
        }

    def _kam_action_values(self, action):
        """Its summary, deadline and owner's name: never its note."""
        env = request.env
        confirmation = False
        if action.kam_confirmed_date:
            day = fields.Datetime.context_timestamp(action, action.kam_confirmed_date).date()
            confirmation = env._(
                "Confirmed by %(partner)s on %(date)s",
                partner=action.kam_confirmed_partner_id.name or "",
                date=format_date(env, day),
            )
        return {
            "id": action.id,
            "summary": action.summary or action.activity_type_id.name,
            "deadline": format_date(env, action.date_deadline),
            "owner": action.user_id.name or "",
            "confirmation": confirmation,
        }
