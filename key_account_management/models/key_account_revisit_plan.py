from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..const import MANAGER_GROUP
from ..trust import trusted
from .base import DECIDED_WRITE

# How far back and ahead a plan may start: its revisits are planned from its
# start to the company's horizon, so a start in the distant past would plan
# (and put in a calendar) a revisit for every month since.
START_YEARS_BACK = 5
START_YEARS_AHEAD = 2
# the fields that decide whose accounts and calendars a plan touches
OWNER_FIELDS = {"partner_id", "order_id", "opportunity_id", "user_id", "company_id"}

# Creating hundreds of meetings and reminders at once: no invitation, no
# chatter message, no tracking, no "activity assigned" mail per record.
QUIET_CONTEXT = {
    "no_mail_to_attendees": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "tracking_disable": True,
    "mail_notrack": True,
    "mail_activity_quick_update": True,
}


class KeyAccountRevisitPlan(models.Model):
    _name = "key.account.revisit.plan"
    _description = "Revisit Plan"
    _inherit = ("mail.thread", "mail.activity.mixin")
    _order = "start_date desc, id desc"
    # an order is planned once, even when two workers confirm or invoice it
    # at the same moment: the database, not only a search, refuses the second
    _sql_constraints = [  # noqa: RUF012
        (
            "order_id_unique",
            "unique(order_id)",
            "This sales order already has a revisit plan.",
        ),
    ]

    name = fields.Char(compute="_compute_name", store=True, readonly=False)
    partner_id = fields.Many2one(
        "res.partner",
        string="Key Account",
        required=True,
        index=True,
        ondelete="cascade",
        tracking=True,
        domain="[('is_company', '=', True)]",
        check_company=True,
    )
    order_id = fields.Many2one(
        "sale.order", string="Sales Order", index=True, copy=False, check_company=True
    )
    opportunity_id = fields.Many2one(
        "crm.lead",
        string="Opportunity",
        index=True,
        domain="[('type', '=', 'opportunity')]",
        check_company=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        required=True,
        index=True,
        tracking=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    service_point_id = fields.Many2one(
        "res.partner",
        string="Service Point",
        tracking=True,
        help="The designated service point that serves this customer.",
    )
    training_done = fields.Boolean(
        string="User Training Done", tracking=True, help="The users and drivers were trained."
    )
    care_plan = fields.Html(
        string="Care Activities Planned",
        help="On-site inspections, free maintenance, training, holiday visits, business reviews.",
    )
    template_id = fields.Many2one(
        "key.account.revisit.template",
        string="Revisit Template",
        required=True,
        tracking=True,
        check_company=True,
        default=lambda self: self.env["key.account.revisit.template"].search(
            [("company_id", "in", [False, self.env.company.id])], limit=1
        ),
    )
    start_date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    state = fields.Selection(
        [("draft", "Draft"), ("active", "Active"), ("done", "Done"), ("cancel", "Cancelled")],
        default="draft",
        required=True,
        index=True,
        tracking=True,
        copy=False,
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        readonly=True,
        index=True,
        default=lambda self: self.env.company,
    )
    revisit_ids = fields.One2many("key.account.revisit", "plan_id", string="Revisits", copy=False)
    revisit_count = fields.Integer(compute="_compute_revisit_stats", string="Number of Revisits")
    revisit_done_count = fields.Integer(compute="_compute_revisit_stats", string="Done")
    overdue_count = fields.Integer(compute="_compute_revisit_stats", string="Overdue")
    satisfaction_avg = fields.Float(
        compute="_compute_revisit_stats", string="Average Satisfaction", digits=(2, 1)
    )
    next_revisit_date = fields.Date(compute="_compute_revisit_stats", string="Next Revisit")

    @api.depends("partner_id.name", "order_id.name")
    def _compute_name(self):
        for plan in self:
            plan.name = " / ".join(filter(None, [plan.partner_id.name, plan.order_id.name]))

    @api.depends(
        "revisit_ids.state",
        "revisit_ids.satisfaction",
        "revisit_ids.scheduled_date",
    )
    def _compute_revisit_stats(self):
        revisit = self.env["key.account.revisit"]
        domain = [("plan_id", "in", self.ids)]
        counts = {
            (plan, state): count
            for plan, state, count in revisit._read_group(domain, ["plan_id", "state"], ["__count"])
        }
        today = fields.Date.context_today(self)
        overdue = dict(
            revisit._read_group(
                [*domain, ("state", "=", "planned"), ("scheduled_date", "<", today)],
                ["plan_id"],
                ["__count"],
            )
        )
        upcoming = dict(
            revisit._read_group(
                [*domain, ("state", "=", "planned"), ("scheduled_date", ">=", today)],
                ["plan_id"],
                ["scheduled_date:min"],
            )
        )
        satisfaction = dict(
            revisit._read_group(
                [*domain, ("state", "=", "done"), ("satisfaction", "!=", "0")],
                ["plan_id"],
                ["satisfaction_score:avg"],
            )
        )
        for plan in self:
            done = counts.get((plan, "done"), 0)
            plan.revisit_done_count = done
            plan.revisit_count = done + counts.get((plan, "planned"), 0)
            plan.overdue_count = overdue.get(plan, 0)
            plan.next_revisit_date = upcoming.get(plan, False)
            plan.satisfaction_avg = satisfaction.get(plan, 0.0)

    @api.constrains("start_date")
    def _check_start_date(self):
        today = fields.Date.context_today(self)
        earliest = today - relativedelta(years=START_YEARS_BACK)
        latest = today + relativedelta(years=START_YEARS_AHEAD)
        for plan in self:
            if not earliest <= plan.start_date <= latest:
                raise ValidationError(
                    _(
                        "The revisit plan %(plan)s starts on %(date)s: a plan starts between "
                        "%(earliest)s and %(latest)s.",
                        plan=plan.display_name,
                        date=plan.start_date,
                        earliest=earliest,
                        latest=latest,
                    )
                )

    @api.constrains("user_id", "company_id")
    def _check_user_id(self):
        for plan in self:
            if plan.user_id.share or plan.company_id not in plan.user_id.company_ids:
                raise ValidationError(
                    _(
                        "%(user)s cannot be responsible for the revisit plan %(plan)s: choose "
                        "an employee of %(company)s.",
                        user=plan.user_id.name,
                        plan=plan.display_name,
                        company=plan.company_id.name,
                    )
                )

    def _check_owner_rights(self):
        """Reps plan revisits for their own accounts, orders and deals only:
        a plan fills its responsible's calendar and counts in the account's
        health."""
        if self.env.su or self.env.user.has_group(MANAGER_GROUP):
            return
        user = self.env.user
        for plan in self.sudo():
            if user not in plan.partner_id.user_id | plan.order_id.user_id | (
                plan.opportunity_id.user_id
            ):
                raise AccessError(
                    _(
                        "You can plan revisits only for your own accounts, orders and deals; "
                        "%(account)s is not yours. Ask its salesperson or a key-account "
                        "manager.",
                        account=plan.partner_id.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        plans = super().create(vals_list)
        plans._check_owner_rights()
        plans.filtered(lambda plan: plan.state == "active")._generate_revisits()
        return plans

    def write(self, vals):
        if OWNER_FIELDS & vals.keys():
            self._check_owner_rights()
        result = super().write(vals)
        if OWNER_FIELDS & vals.keys():
            self._check_owner_rights()
        # a revisit's account, company and responsible are its plan's
        revisits = trusted(self.revisit_ids, DECIDED_WRITE)
        shared = {"partner_id", "company_id"} & vals.keys()
        if shared:
            revisits.write({name: vals[name] for name in shared})
        if "user_id" in vals:
            # revisits done keep who made them
            revisits.filtered(lambda revisit: revisit.state == "planned").write(
                {"user_id": vals["user_id"]}
            )
        if {"template_id", "start_date", "user_id", "opportunity_id"} & vals.keys():
            self.filtered(lambda plan: plan.state == "active")._regenerate_revisits()
        return result

    def action_activate(self):
        drafts = self.filtered(lambda plan: plan.state == "draft")
        drafts.state = "active"
        drafts._generate_revisits()

    def action_cancel(self):
        """Cancel the future revisits and their meetings; done ones are kept."""
        for plan in self:
            if plan.state in ("done", "cancel"):
                raise UserError(
                    _(
                        "The revisit plan %(plan)s is already %(state)s: only a draft or "
                        "active plan can be cancelled.",
                        plan=plan.display_name,
                        state=dict(plan._fields["state"]._description_selection(self.env))[
                            plan.state
                        ],
                    )
                )
        self.revisit_ids.filtered(lambda revisit: revisit.state == "planned")._cancel()
        self.state = "cancel"

    def action_close(self):
        self.filtered(lambda plan: plan.state == "active").state = "done"

    def action_reset_to_draft(self):
        self.filtered(lambda plan: plan.state == "cancel").state = "draft"

    @api.readonly
    def action_view_revisits(self):
        return self._kam_xml_action(
            "key_account_management.key_account_revisit_action",
            [("plan_id", "in", self.ids)],
            {"default_plan_id": self.id, "search_default_planned": 0},
        )

    def _generate_revisits(self, after=None):
        """Plan the revisits of the template after ``after`` (all if not
        given; a date, or a date per plan id), an open-ended last phase up to
        the company's horizon.

        The dates of every plan are computed first, then the revisits of all
        plans are created in one batch, which creates their meetings and
        reminders in one batch too.
        """
        today = fields.Date.context_today(self)
        vals_list = []
        label = _("Revisit")
        # plans made together mostly share their template, start and horizon
        dates_by_start = {}
        for plan in self:
            plan_values = plan._revisit_values()
            plan_after = after.get(plan.id) if isinstance(after, dict) else after
            until = max(plan.start_date, today) + relativedelta(
                months=plan.company_id.kam_revisit_horizon_months
            )
            start = (plan.template_id, plan.start_date, until)
            if start not in dates_by_start:
                dates_by_start[start] = plan.template_id._revisit_dates(plan.start_date, until)
            dates = dates_by_start[start]
            number = len(plan.revisit_ids.filtered(lambda revisit: revisit.state != "cancel"))
            for scheduled_date in dates:
                if plan_after and scheduled_date <= plan_after:
                    continue
                number += 1
                vals_list.append(
                    {
                        **plan_values,
                        "name": f"{label} {number}",
                        "scheduled_date": scheduled_date,
                        # known already: spares recomputing them after the insert
                        "state": "planned",
                        # planned after its date: no reminder of it as overdue
                        "overdue_reminded": scheduled_date < today,
                        "satisfaction": "0",
                        "satisfaction_score": 0,
                    }
                )
        Revisit = trusted(self.env["key.account.revisit"], DECIDED_WRITE)
        return Revisit.with_context(**QUIET_CONTEXT).create(vals_list)

    @api.model
    def _cron_plan_ahead(self):
        """Daily: plans whose last phase runs until they are closed get their
        revisits planned up to the company's horizon again (三个月后每月一次);
        orders delivered since yesterday get their plans."""
        self.env["sale.order"]._kam_plan_delivered_orders()
        plans = self.search(
            [("state", "=", "active"), ("template_id.phase_ids.open_ended", "=", True)]
        )
        last = dict(
            self.env["key.account.revisit"]._read_group(
                [("plan_id", "in", plans.ids), ("state", "!=", "cancel")],
                ["plan_id"],
                ["scheduled_date:max"],
            )
        )
        return plans._generate_revisits(after={plan.id: last.get(plan) for plan in plans})

    def _revisit_values(self):
        self.ensure_one()
        return {
            "plan_id": self.id,
            "partner_id": self.partner_id.id,
            "user_id": self.user_id.id,
            "company_id": self.company_id.id,
        }

    def _regenerate_revisits(self):
        """Plan the future anew: future revisits not done yet are replaced,
        revisits done (or past and still to record) are kept."""
        today = fields.Date.context_today(self)
        future = self.revisit_ids.filtered(
            lambda revisit: revisit.state == "planned" and revisit.scheduled_date > today
        )
        future.with_context(**QUIET_CONTEXT).unlink()
        revisits = self._generate_revisits(after=today)
        for plan in self:
            plan.message_post(
                body=_(
                    "Revisits planned again from %(date)s: %(count)s revisits.",
                    date=fields.Date.to_string(today),
                    count=len(
                        revisits.filtered(lambda revisit, plan=plan: revisit.plan_id == plan)
                    ),
                )
            )
        return revisits
