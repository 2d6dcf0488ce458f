from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, format_date

from ..const import MANAGER_GROUP
from ..cron_batch import HELD_ROWS_DELAY, run_cron_batch, running_cron
from ..trust import trusted
from .base import DECIDED_WRITE

# agreed with the account team: "In Force" (another "Agreed" of the add-on names
# the values a contract review agreed on, translated so)
PLAN_STATES = [("draft", "Draft"), ("agreed", "In Force"), ("closed", "Closed")]
REVIEW_DUE_TYPE = "key_account_management.mail_activity_type_plan_review_due"
# each part of the plan's completeness, out of 100
COMPLETENESS_PART = 20
# the people of the buying centre a new plan proposes to win over, at most
PROPOSED_GOALS = 5


class KeyAccountPlan(models.Model):
    """The account development plan (项目开发计划书) of a key account for a
    period: what the customer analysis, the competition analysis and the
    solution design end in. Its objectives are measured from the account's
    documents, its actions are the plan's activities, its relationship goals
    name the people of the buying centre to win over, and its reviews (业务
    沟通会, 中高层互访) freeze where the objectives stood."""

    _name = "key.account.plan"
    _inherit = ["mail.thread", "mail.activity.mixin"]  # noqa: RUF012
    _description = "Account Development Plan"
    _order = "date_start desc, id desc"
    _check_company_auto = True
    _rec_names_search = ["partner_id.name"]  # noqa: RUF012

    partner_id = fields.Many2one(
        "res.partner",
        string="Key Account",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        domain=[("is_key_account", "=", True)],
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        compute="_compute_user_id",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
        domain=[("share", "=", False)],
        help="Who answers for the plan: the account's salesperson unless chosen otherwise.",
    )
    # the owner's team: the dashboard's sales-team filter reads it
    team_id = fields.Many2one(
        related="user_id.sale_team_id",
        store=True,
        index=True,
        string="Sales Team",
        help="The sales team of the plan's owner.",
    )
    member_ids = fields.Many2many(
        "res.users",
        string="Team Members",
        domain=[("share", "=", False)],
        help="Colleagues who work the account with the owner: service, technical, management.",
    )
    date_start = fields.Date(
        "Start", required=True, tracking=True, default=lambda self: self._default_date_start()
    )
    date_end = fields.Date(
        "End", required=True, tracking=True, default=lambda self: self._default_date_end()
    )
    state = fields.Selection(
        PLAN_STATES,
        string="Status",
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
    )
    strategy = fields.Html(
        "Solution",
        help="How we will win and grow the account: the solution that answers its needs and "
        "focus points, against the competitors seen there.",
    )
    # the account's situation, read from its customer analysis (never copied)
    kam_tier = fields.Selection(related="partner_id.kam_tier", store=True, string="Account Tier")
    customer_type = fields.Selection(related="partner_id.kam_customer_type")
    focus_point_ids = fields.Many2many(related="partner_id.kam_focus_point_ids")
    main_brands = fields.Char(related="partner_id.kam_main_brands")
    wallet_share = fields.Float(related="partner_id.kam_wallet_share")
    purchase_volume = fields.Integer(related="partner_id.kam_purchase_volume")
    health_score = fields.Float(related="partner_id.kam_health_score")
    health_state = fields.Selection(related="partner_id.kam_health_state")
    predicted_need_count = fields.Integer(
        "Predicted Needs", compute="_compute_predicted_need_count"
    )
    objective_ids = fields.One2many("key.account.plan.objective", "plan_id", string="Objectives")
    relationship_ids = fields.One2many(
        "key.account.plan.relationship", "plan_id", string="Relationship Goals"
    )
    review_ids = fields.One2many("key.account.plan.review", "plan_id", string="Reviews")
    objective_off_track_count = fields.Integer(
        "Objectives Off Track", compute="_compute_objective_off_track_count", store=True
    )
    done_action_count = fields.Integer("Done Actions", compute="_compute_action_counts")
    open_action_count = fields.Integer("Open Actions", compute="_compute_action_counts")
    overdue_action_count = fields.Integer("Overdue Actions", compute="_compute_action_counts")
    meeting_count = fields.Integer("Meetings", compute="_compute_meeting_count")
    last_review_date = fields.Date(compute="_compute_review_dates", store=True)
    next_review_date = fields.Date(
        compute="_compute_review_dates",
        store=True,
        index="btree_not_null",
        help="The last review (or the start of the plan) and the review frequency of the "
        "account's tier, from the key-account settings.",
    )
    completeness = fields.Integer(
        compute="_compute_completeness",
        store=True,
        aggregator="avg",
        help="20 points each: the account's analysis (customer type and needs), objectives "
        "with targets, actions with owners, relationship goals, a review within the tier's "
        "review frequency.",
    )
    measured_date = fields.Date(
        "Measured On", readonly=True, copy=False, help="When the objectives were last measured."
    )

    @api.model
    def _default_date_start(self):
        return fields.Date.context_today(self).replace(month=1, day=1)

    @api.model
    def _default_date_end(self):
        return fields.Date.context_today(self).replace(month=12, day=31)

    @api.depends("partner_id")
    def _compute_user_id(self):
        for plan in self:
            plan.user_id = plan.partner_id.user_id or plan.user_id or self.env.user

    def _compute_predicted_need_count(self):
        counts = dict(
            self.env["key.account.predicted.need"]._read_group(
                [("partner_id", "in", self.partner_id.ids)], ["partner_id"], ["__count"]
            )
        )
        for plan in self:
            plan.predicted_need_count = counts.get(plan.partner_id, 0)

    @api.depends("objective_ids.status")
    def _compute_objective_off_track_count(self):
        for plan in self:
            plan.objective_off_track_count = len(
                plan.objective_ids.filtered(lambda objective: objective.status == "off_track")
            )

    def _compute_action_counts(self):
        """Done, open and overdue activities of these plans: one grouped
        query each for the open and the done ones."""
        today = fields.Date.context_today(self)
        open_counts, overdue_counts = {}, {}
        for res_id, deadline, count in (
            self.env["mail.activity"]
            .sudo()
            ._read_group(
                [("res_model", "=", self._name), ("res_id", "in", self.ids)],
                ["res_id", "date_deadline:day"],
                ["__count"],
            )
        ):
            open_counts[res_id] = open_counts.get(res_id, 0) + count
            if deadline and deadline < today:
                overdue_counts[res_id] = overdue_counts.get(res_id, 0) + count
        # an activity done leaves its message in the chatter, with its type
        done_counts = dict(
            self.env["mail.message"]
            .sudo()
            ._read_group(
                [
                    ("model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("mail_activity_type_id", "!=", False),
                ],
                ["res_id"],
                ["__count"],
            )
        )
        for plan in self:
            plan.done_action_count = done_counts.get(plan.id, 0)
            plan.open_action_count = open_counts.get(plan.id, 0)
            plan.overdue_action_count = overdue_counts.get(plan.id, 0)

    def _compute_meeting_count(self):
        counts = dict(
            self.env["calendar.event"]._read_group(
                [("res_model", "=", self._name), ("res_id", "in", self.ids)],
                ["res_id"],
                ["__count"],
            )
        )
        for plan in self:
            plan.meeting_count = counts.get(plan.id, 0)

    @api.depends(
        "review_ids.date",
        "date_start",
        "kam_tier",
        "company_id.kam_plan_review_strategic_months",
        "company_id.kam_plan_review_key_months",
        "company_id.kam_plan_review_general_months",
    )
    def _compute_review_dates(self):
        for plan in self:
            last = max(plan.review_ids.mapped("date"), default=False)
            plan.last_review_date = last
            start = last or plan.date_start
            plan.next_review_date = start and start + relativedelta(
                months=plan._kam_review_months()
            )

    @api.depends(
        "partner_id.kam_customer_type",
        "partner_id.kam_unit_use",
        "partner_id.kam_unit_requirements",
        "objective_ids.target",
        "objective_ids.measure",
        "activity_ids.user_id",
        "relationship_ids",
        "last_review_date",
        "next_review_date",
    )
    def _compute_completeness(self):
        today = fields.Date.context_today(self)
        for plan in self:
            # the parts are the add-on's reading of the plan, whoever reads it
            plan_su = plan.sudo()
            account = plan_su.partner_id
            objectives = plan_su.objective_ids
            activities = plan_su.activity_ids
            parts = (
                bool(account.kam_customer_type)
                and bool(account.kam_unit_use or account.kam_unit_requirements),
                bool(objectives) and all(o._kam_has_target() for o in objectives),
                bool(activities) and all(activities.mapped("user_id")),
                bool(plan_su.relationship_ids),
                bool(plan.last_review_date)
                and bool(plan.next_review_date)
                and plan.next_review_date >= today,
            )
            plan.completeness = COMPLETENESS_PART * sum(parts)

    @api.depends("partner_id", "date_start", "date_end")
    def _compute_display_name(self):
        for plan in self:
            start, end = plan.date_start, plan.date_end
            if not (start and end):
                period = ""
            elif (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and (
                start.year == end.year
            ):
                period = str(start.year)
            else:
                period = f"{format_date(self.env, start)} – {format_date(self.env, end)}"
            plan.display_name = " ".join(filter(None, [plan.partner_id.name, period]))

    @api.onchange("partner_id")
    def _onchange_partner_id_propose(self):
        """A new plan starts from the account's analysis: objectives measured
        from its documents and goals for the people still to win over. The
        manager sets the targets and keeps what fits."""
        if self._origin or not self.partner_id or self.objective_ids or self.relationship_ids:
            return
        objectives, goals = self._kam_proposal_from_analysis()
        self.objective_ids = [fields.Command.create(values) for values in objectives]
        self.relationship_ids = [fields.Command.create(values) for values in goals]

    @api.constrains("date_start", "date_end")
    def _check_period(self):
        for plan in self:
            if plan.date_end < plan.date_start:
                raise ValidationError(
                    _(
                        "The plan of %(account)s ends before it starts: choose an end after "
                        "%(start)s.",
                        account=plan.partner_id.display_name,
                        start=format_date(self.env, plan.date_start),
                    )
                )

    @api.constrains("partner_id")
    def _check_key_account(self):
        for plan in self.sudo():
            if not plan.partner_id.is_key_account:
                raise ValidationError(
                    _(
                        "%(partner)s is not a key account: only key accounts have an account "
                        "development plan.",
                        partner=plan.partner_id.display_name,
                    )
                )

    @api.constrains("partner_id", "date_start", "date_end", "state")
    def _check_one_open_plan(self):
        for plan in self.filtered(lambda plan: plan.state != "closed"):
            # every plan counts, those this user cannot read too
            other = self.sudo().search(
                [
                    ("id", "!=", plan.id),
                    ("partner_id", "=", plan.partner_id.id),
                    ("state", "!=", "closed"),
                    ("date_start", "<=", plan.date_end),
                    ("date_end", ">=", plan.date_start),
                ],
                limit=1,
            )
            if other:
                raise ValidationError(
                    _(
                        "%(account)s already has an open plan for this period (%(other)s): "
                        "close it, or choose a period that does not overlap it.",
                        account=plan.partner_id.display_name,
                        other=other.display_name,
                    )
                )

    # actions ------------------------------------------------------------------
    def action_agree(self):
        """Agreed with the account team: the objectives' baselines are
        measured today."""
        for plan in self:
            if plan.state != "draft":
                raise UserError(
                    _("%(plan)s is not a draft: it is agreed already.", plan=plan.display_name)
                )
            if not any(objective._kam_has_target() for objective in plan.sudo().objective_ids):
                raise UserError(
                    _(
                        "Give %(plan)s at least one objective with a target before agreeing it.",
                        plan=plan.display_name,
                    )
                )
        self._kam_agree(fields.Date.context_today(self))
        return True

    def _kam_agree(self, day):
        """In force from ``day``: the objectives' baselines are their
        measures that day, and so their values until measured again (the
        demo's plan was agreed before its year began)."""
        day = fields.Date.to_date(day)
        objectives = self.objective_ids
        values = objectives._kam_measure(day)
        Objective = trusted(objectives.sudo(), DECIDED_WRITE)
        for objective in Objective:
            value = values.get(objective.id, 0.0)
            objective.write({"baseline": value, "current_value": value})
        trusted(self, DECIDED_WRITE).write({"state": "agreed", "measured_date": day})

    def action_close(self):
        trusted(self, DECIDED_WRITE).write({"state": "closed"})
        return True

    def action_reset_to_draft(self):
        trusted(self.filtered(lambda plan: plan.state == "agreed"), DECIDED_WRITE).write(
            {"state": "draft"}
        )
        return True

    def action_update_now(self):
        self._kam_update_values(fields.Date.context_today(self))
        return True

    def action_copy_to_next_period(self):
        """The plan of the next period: the same owner, team, solution,
        objectives (targets kept, baselines taken anew when it is agreed)
        and relationship goals, dated after this one."""
        self.ensure_one()
        start, end = self._kam_next_period()
        plan = self.copy(
            {
                "date_start": start,
                "date_end": end,
                "objective_ids": [
                    fields.Command.create(values)
                    for values in self.objective_ids._kam_copy_values()
                ],
                "relationship_ids": [
                    fields.Command.create(values)
                    for values in self.relationship_ids._kam_copy_values()
                ],
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": plan.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    def action_plan_review(self):
        """A meeting to review the plan (业务沟通会, 中高层互访), linked to
        it and planned as one of its actions; the review is recorded after."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        day = max(self.next_review_date or today, today + timedelta(days=1))
        start = datetime.combine(day, time(9))
        attendees = (self.user_id | self.member_ids | self.env.user).partner_id
        event = (
            self.env["calendar.event"]
            .with_context(default_res_model=self._name, default_res_id=self.id)
            .create(
                {
                    "name": _("Plan review: %(account)s", account=self.partner_id.name),
                    "start": start,
                    "stop": start + timedelta(hours=2),
                    "partner_ids": [fields.Command.set(attendees.ids)],
                    "res_model_id": self.env["ir.model"]._get_id(self._name),
                    "res_id": self.id,
                }
            )
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "calendar.event",
            "res_id": event.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    @api.readonly
    def action_view_meetings(self):
        self.ensure_one()
        return self._kam_xml_action(
            "calendar.action_calendar_event",
            [("res_model", "=", self._name), ("res_id", "=", self.id)],
            {"default_res_model": self._name, "default_res_id": self.id},
            view_mode="list,calendar,form",
            views=[(False, "list"), (False, "calendar"), (False, "form")],
        )

    # business helpers ---------------------------------------------------------
    def _kam_proposal_from_analysis(self):
        """(objective values, relationship goal values) proposed for this new
        plan from its account's analysis: revenue against the same period a
        year before, the units due for replacement in the period (ours and
        the competitors'), nothing overdue, a healthy account; and the
        members of the standing buying centre not yet strong supporters,
        the heaviest first."""
        self.ensure_one()
        # the account's figures and people are read as the add-on: only for
        # whom the plan may be for (a manager, the account's salesperson or
        # one of its deals' owners), nothing for anyone else
        user = self.env.user
        account = self.partner_id.sudo()
        if not (
            user.has_group(MANAGER_GROUP)
            or user in account.user_id | account.opportunity_ids.user_id
        ):
            return [], []
        company = self.company_id or self.env.company
        start, end = self.date_start, self.date_end
        revenue = 0.0
        units = 0
        if start and end:
            year_before = relativedelta(years=1)
            revenue = (
                account.with_company(company)
                ._kam_revenue(start - year_before - timedelta(days=1), end - year_before)
                .get(account.id, 0.0)
            )
            [(units,)] = (
                self.env["key.account.installed.unit"]
                .sudo()
                ._read_group(
                    [
                        ("partner_id", "=", account.id),
                        ("company_id", "=", company.id),
                        ("replacement_date", ">=", start),
                        ("replacement_date", "<=", end),
                    ],
                    aggregates=["quantity:sum"],
                )
            )
        objectives = [
            {"sequence": 1, "name": _("Revenue invoiced"), "measure": "revenue", "target": revenue},
            {"sequence": 2, "name": _("Replacements won"), "measure": "units", "target": units},
            {"sequence": 3, "name": _("Nothing overdue"), "measure": "overdue", "target": 0},
            {
                "sequence": 4,
                "name": _("A healthy account"),
                "measure": "health",
                "target": company.kam_health_healthy_score,
            },
        ]
        to_win = account.buying_role_ids.filtered(
            lambda line: line.attitude != "supporter" or line.relationship_strength != "strong"
        ).sorted("weight", reverse=True)[:PROPOSED_GOALS]
        goals = [
            {
                "sequence": sequence,
                "buying_role_id": line.id,
                "target_attitude": "supporter",
                "target_strength": "strong",
                "user_id": (line.relationship_user_id or self.user_id or self.env.user).id,
            }
            for sequence, line in enumerate(to_win, start=1)
        ]
        return objectives, goals

    def _kam_review_progress(self):
        """The objectives' progress frozen at each review of this plan, for
        the printed plan: (the reviews, oldest first; a list of (objective,
        [its progress at each review, None where it was not there yet]))."""
        self.ensure_one()
        reviews = self.review_ids.sorted(lambda review: (review.date, review.id))
        progress = {
            (line.review_id.id, line.objective_id.id): line.progress for line in reviews.line_ids
        }
        rows = [
            (objective, [progress.get((review.id, objective.id)) for review in reviews])
            for objective in self.objective_ids
        ]
        return reviews, rows

    def _kam_review_months(self):
        """Months between two reviews of this plan, by its account's tier."""
        self.ensure_one()
        company = self.company_id or self.env.company
        tier = self.sudo().kam_tier or "general"
        return company[f"kam_plan_review_{tier}_months"] or 12

    def _kam_elapsed_share(self, today):
        """The share (0 to 1) of the plan's period elapsed at the end of ``today``."""
        self.ensure_one()
        start, end = self.date_start, self.date_end
        if not (start and end) or today < start:
            return 0.0
        if today >= end:
            return 1.0
        return ((today - start).days + 1) / ((end - start).days + 1)

    def _kam_next_period(self):
        """(start, end) of the period after this plan's, as long: whole
        months stay whole months (a calendar year gives the next one)."""
        self.ensure_one()
        start = self.date_end + timedelta(days=1)
        if self.date_start.day == 1 and start.day == 1:
            delta = relativedelta(start, self.date_start)
            return start, start + delta - timedelta(days=1)
        return start, start + (self.date_end - self.date_start)

    def _kam_update_values(self, today):
        """Measure the objectives of these plans today: one grouped query per
        measure for them all, their progress and status, the plans'
        completeness and review dates as time passed."""
        plans = self.filtered(lambda plan: plan.state != "closed")
        objectives = plans.objective_ids
        values = objectives._kam_measure(today)
        Objective = trusted(objectives.sudo(), DECIDED_WRITE)
        # one write per value: most objectives of a batch share few values
        by_value = {}
        for objective in Objective:
            value = values.get(objective.id, 0.0)
            if objective.current_value != value:
                by_value.setdefault(value, []).append(objective.id)
        for value, ids in by_value.items():
            Objective.browse(ids).write({"current_value": value})
        # time passed: the share of the period elapsed, the review due
        for name in ("progress", "status"):
            self.env.add_to_compute(objectives._fields[name], objectives)
        for name in ("completeness", "objective_off_track_count"):
            self.env.add_to_compute(self._fields[name], plans)
        trusted(plans.sudo(), DECIDED_WRITE).write({"measured_date": today})

    def _kam_sync_review_activities(self, today):
        """A "Plan review due" activity for the owner of each agreed plan whose
        next review has come, one open at a time."""
        due = self.filtered(
            lambda plan: plan.state == "agreed"
            and plan.next_review_date
            and plan.next_review_date <= today
        )
        if not due:
            return
        activity_type = self.env.ref(REVIEW_DUE_TYPE)
        # the activity shows in the owner's activities; no mail about it
        Activity = self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True)
        pending = set(
            Activity.search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", due.ids),
                    ("activity_type_id", "=", activity_type.id),
                ]
            ).mapped("res_id")
        )
        vals_list = []
        for plan in due.filtered(lambda plan: plan.id not in pending):
            user = plan.user_id or self.env.user
            # written once, in the language of whom it is for
            plan_env = plan.with_context(lang=user.lang).env
            vals_list.append(
                {
                    "res_model_id": self.env["ir.model"]._get_id(self._name),
                    "res_id": plan.id,
                    "activity_type_id": activity_type.id,
                    "summary": plan_env._("Review the account plan"),
                    "note": Markup("<p>%s</p>")
                    % plan_env._(
                        "The plan was last reviewed on %(date)s: meet the account's team to "
                        "review its objectives and actions.",
                        date=format_date(plan_env, plan.last_review_date or plan.date_start),
                    ),
                    "user_id": user.id,
                    "date_deadline": plan.next_review_date,
                }
            )
        Activity.create(vals_list)

    def _kam_close_review_activities(self):
        activity_type = self.env.ref(REVIEW_DUE_TYPE)
        activities = (
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )
        )
        for activity in activities:
            # in the language of whom the reminder was for, like the reminder
            activity = activity.with_context(lang=activity.user_id.lang)
            activity.action_feedback(feedback=activity.env._("Reviewed."))

    def _kam_run_daily(self, today):
        self._kam_update_values(today)
        self._kam_sync_review_activities(today)

    @api.model
    def _kam_lock_batch(self, domain, limit, order):
        """The first ``limit`` plans of ``domain`` that no one else is
        writing, locked for this transaction. A plan whose row or one of
        whose objectives another transaction holds (a rep saving it) is
        skipped and left for a later batch: the batch neither waits for the
        rep nor fails to serialize when the rep's save commits."""
        query = self._search(domain, limit=limit, order=order)
        rows = self.env.execute_query(SQL("%s FOR NO KEY UPDATE SKIP LOCKED", query.select()))
        plans = self.browse(plan_id for (plan_id,) in rows)
        if not plans:
            return plans
        rows = self.env.execute_query(
            SQL(
                """
                WITH free AS (
                    SELECT id FROM key_account_plan_objective
                     WHERE plan_id IN %(plans)s
                       FOR NO KEY UPDATE SKIP LOCKED
                )
                SELECT DISTINCT plan_id FROM key_account_plan_objective
                 WHERE plan_id IN %(plans)s AND id NOT IN (SELECT id FROM free)
                """,
                plans=tuple(plans.ids),
            )
        )
        held = {plan_id for (plan_id,) in rows}
        return plans.filtered(lambda plan: plan.id not in held)

    @api.model
    def _cron_kam_update_plans(self, batch_size=200):
        """Daily: the objectives of every agreed plan not measured today, in
        batches (one grouped query per measure per batch), and the review
        reminders. Under the cron, one batch per run, committed, the rest
        reported as remaining so that Odoo runs the job again at once; a
        plan a rep is saving meanwhile is left to a later run. When every
        plan left is being saved, the run did nothing, which ends Odoo's
        loop for the day: a run a little later takes them."""
        today = fields.Date.context_today(self)
        domain = [
            ("state", "=", "agreed"),
            "|",
            ("measured_date", "=", False),
            ("measured_date", "<", today),
        ]
        # the plans of one period together: their measures share the queries
        order = "date_start, date_end, id"
        if self.env.context.get("ir_cron_progress_id"):

            def batch():
                plans = self._kam_lock_batch(domain, batch_size, order)
                plans._kam_run_daily(today)
                self.env.flush_all()
                remaining = self.search_count(domain)
                self.env["ir.cron"]._notify_progress(done=len(plans), remaining=remaining)
                if remaining and not plans:
                    running_cron(self.env)._trigger(fields.Datetime.now() + HELD_ROWS_DELAY)

            run_cron_batch(self.env, batch)
            return
        while plans := self.search(domain, limit=batch_size, order=order):
            plans._kam_run_daily(today)
            self.env.flush_all()
