from datetime import datetime, time, timedelta

import pytz

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import plaintext2html

from ..trust import trusted
from .base import DECIDED_WRITE
from .key_account_revisit_plan import QUIET_CONTEXT

# Revisit meetings are planned at 10:00 (the responsible's time) for one hour.
MEETING_HOUR = 10
CARE_ACTIVITIES = [
    ("inspection", "On-Site Inspection"),
    ("maintenance", "Free Maintenance"),
    ("training", "Training"),
    ("holiday", "Holiday Visit"),
    ("review", "Business Review"),
]


class KeyAccountRevisit(models.Model):
    _name = "key.account.revisit"
    _description = "Customer Revisit"
    _inherit = ("mail.thread", "mail.activity.mixin")
    _order = "scheduled_date, id"

    name = fields.Char(required=True, default=lambda self: _("Revisit"))
    plan_id = fields.Many2one(
        "key.account.revisit.plan", required=True, index=True, ondelete="cascade"
    )
    # The account, responsible and company are copied from the plan when the
    # revisit is planned (and kept in line by the plan): stored related fields
    # would cost a second UPDATE of every revisit of a batch.
    partner_id = fields.Many2one("res.partner", string="Key Account", readonly=True, index=True)
    user_id = fields.Many2one(
        "res.users", string="Responsible", readonly=True, index=True, tracking=True
    )
    order_id = fields.Many2one(related="plan_id.order_id")
    opportunity_id = fields.Many2one(related="plan_id.opportunity_id")
    company_id = fields.Many2one("res.company", readonly=True, index=True)
    scheduled_date = fields.Date(required=True, index=True, tracking=True)
    calendar_event_id = fields.Many2one(
        "calendar.event", string="Meeting", compute="_compute_calendar_event_id"
    )
    state = fields.Selection(
        [("planned", "Planned"), ("done", "Done"), ("cancel", "Cancelled")],
        default="planned",
        required=True,
        index=True,
        tracking=True,
    )
    # true the day after its date, without a job: read from the date
    is_overdue = fields.Boolean(
        string="Overdue",
        compute="_compute_is_overdue",
        search="_search_is_overdue",
        help="Planned and not recorded as done after its date.",
    )
    overdue_reminded = fields.Boolean(
        readonly=True,
        copy=False,
        help="Its responsible was reminded of it as overdue (the daily reminder), or it was "
        "planned after its date.",
    )
    done_date = fields.Date(tracking=True)
    method = fields.Selection(
        [
            ("visit", "On-Site Visit"),
            ("phone", "Phone Call"),
            ("video", "Video Call"),
            ("message", "Message / Email"),
        ],
        default="visit",
    )
    contact_ids = fields.Many2many(
        "res.partner",
        string="People Met",
        domain="[('id', 'child_of', partner_id)]",
    )
    satisfaction = fields.Selection(
        [
            ("0", "Not Rated"),
            ("1", "Very Dissatisfied"),
            ("2", "Dissatisfied"),
            ("3", "Fair"),
            ("4", "Satisfied"),
            ("5", "Very Satisfied"),
        ],
        default="0",
        required=True,
        tracking=True,
    )
    satisfaction_score = fields.Integer(
        compute="_compute_satisfaction_score",
        store=True,
        aggregator="avg",
    )
    care_activity = fields.Selection(CARE_ACTIVITIES)
    problems = fields.Text(string="Problems Found")
    actions = fields.Text()
    action_user_id = fields.Many2one(
        "res.users", string="Action Owner", domain="[('share', '=', False)]"
    )
    notes = fields.Html()

    def _compute_calendar_event_id(self):
        # the meeting points at its revisit through Odoo's res_model/res_id
        events = self.env["calendar.event"].search(
            [("res_model", "=", self._name), ("res_id", "in", self.ids)]
        )
        event_by_revisit = {event.res_id: event for event in events}
        for revisit in self:
            revisit.calendar_event_id = event_by_revisit.get(revisit.id, False)

    @api.depends("state", "scheduled_date")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for revisit in self:
            revisit.is_overdue = revisit.state == "planned" and revisit.scheduled_date < today

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        today = fields.Date.context_today(self)
        if (operator == "=") == value:
            return [("state", "=", "planned"), ("scheduled_date", "<", today)]
        return ["|", ("state", "!=", "planned"), ("scheduled_date", ">=", today)]

    @api.depends("satisfaction")
    def _compute_satisfaction_score(self):
        for revisit in self:
            revisit.satisfaction_score = int(revisit.satisfaction or 0)

    @api.model_create_multi
    def create(self, vals_list):
        plans = self.env["key.account.revisit.plan"].browse(
            {vals["plan_id"] for vals in vals_list if vals.get("plan_id")}
        )
        for vals in vals_list:
            if vals.get("plan_id") and "partner_id" not in vals:
                vals.update(plans.browse(vals["plan_id"])._revisit_values())
        revisits = super().create(vals_list)
        revisits.filtered(lambda revisit: revisit.state == "planned")._create_calendar_events()
        return revisits

    def write(self, vals):
        result = super().write(vals)
        # a revisit done, and its satisfaction, are health factors' data
        if {"state", "done_date", "satisfaction"} & vals.keys():
            self.partner_id._kam_measure_at_commit()
        if "scheduled_date" in vals:
            for revisit in self.filtered(lambda revisit: revisit.state == "planned"):
                start, stop = revisit._meeting_times(revisit.scheduled_date, revisit.user_id)
                revisit.calendar_event_id.with_context(**QUIET_CONTEXT).write(
                    {"start": start, "stop": stop}
                )
        return result

    def unlink(self):
        done = self.filtered(lambda revisit: revisit.state == "done")
        if done:
            raise UserError(
                _(
                    "The revisit %(revisit)s of %(account)s is done: a done revisit is "
                    "kept for the history of the account. Leave it as it is.",
                    revisit=done[0].name,
                    account=done[0].partner_id.display_name,
                )
            )
        self.calendar_event_id.with_context(**QUIET_CONTEXT).unlink()
        return super().unlink()

    def action_done(self):
        today = fields.Date.context_today(self)
        for revisit in self:
            if revisit.state != "planned":
                raise UserError(
                    _(
                        "The revisit %(revisit)s of %(account)s is not planned any more: "
                        "only a planned revisit can be recorded as done.",
                        revisit=revisit.name,
                        account=revisit.partner_id.display_name,
                    )
                )
            revisit.write({"state": "done", "done_date": revisit.done_date or today})
        self.activity_ids.action_feedback(feedback=_("Revisit done."))

    def action_raise_follow_up(self):
        """A to-do on the plan for the action owner, about the problems found."""
        for revisit in self:
            if not revisit.problems:
                raise UserError(
                    _(
                        "No problem is recorded on the revisit %(revisit)s of %(account)s: "
                        "describe the problems found before raising a follow-up.",
                        revisit=revisit.name,
                        account=revisit.partner_id.display_name,
                    )
                )
        self.env["mail.activity"].create(
            [
                {
                    "res_model_id": self.env["ir.model"]._get_id(revisit.plan_id._name),
                    "res_id": revisit.plan_id.id,
                    "activity_type_id": self.env.ref("mail.mail_activity_data_todo").id,
                    "summary": _("Follow up: %(revisit)s", revisit=revisit.name),
                    # the rep's text, escaped: the note is HTML
                    "note": plaintext2html(
                        revisit.problems + ("\n" + revisit.actions if revisit.actions else "")
                    ),
                    "user_id": (revisit.action_user_id or revisit.user_id).id,
                    "date_deadline": fields.Date.context_today(self) + timedelta(days=7),
                }
                for revisit in self
            ]
        )
        return True

    def _cancel(self):
        """Cancel planned revisits: their meetings and reminders go, the revisits stay."""
        self.calendar_event_id.with_context(**QUIET_CONTEXT).unlink()
        self.activity_ids.unlink()
        self.write({"state": "cancel"})

    @api.model
    def _cron_mark_overdue(self, batch_size=1000):
        """Remind their responsible of the revisits newly overdue: one
        reminder per responsible and run, on their oldest one, listing them
        all. Each revisit is reminded of once (one write per batch)."""
        today = fields.Date.context_today(self)
        domain = [("is_overdue", "=", True), ("overdue_reminded", "=", False)]
        overdue = self.env["key.account.revisit"]
        while True:
            batch = self.search(domain, limit=batch_size)
            if not batch:
                break
            trusted(batch, DECIDED_WRITE).write({"overdue_reminded": True})
            overdue |= batch
        todo_type = self.env.ref("mail.mail_activity_data_todo")
        self.env["mail.activity"].create(
            [
                {
                    "res_model_id": self.env["ir.model"]._get_id(self._name),
                    "res_id": revisits[0].id,
                    "activity_type_id": todo_type.id,
                    "summary": _("%(count)s revisits overdue", count=len(revisits)),
                    "note": plaintext2html(
                        "\n".join(
                            f"{revisit.partner_id.display_name}: {revisit.name} "
                            f"({fields.Date.to_string(revisit.scheduled_date)})"
                            for revisit in revisits
                        )
                    ),
                    "user_id": user.id,
                    "date_deadline": today,
                }
                for user, revisits in overdue.sorted("scheduled_date").grouped("user_id").items()
            ]
        )
        return overdue

    def _meeting_times(self, scheduled_date, user):
        """Start and stop (naive UTC) of the meeting on ``scheduled_date``."""
        return self._meeting_times_in(scheduled_date, self._meeting_timezone(user))

    def _meeting_timezone(self, user):
        return pytz.timezone(user.tz or self.env.context.get("tz") or "UTC")

    @api.model
    def _meeting_times_in(self, scheduled_date, tz):
        start = tz.localize(datetime.combine(scheduled_date, time(MEETING_HOUR)))
        start = start.astimezone(pytz.utc).replace(tzinfo=None)
        return start, start + timedelta(hours=1)

    def _prepare_calendar_event_values(self):
        """A meeting of the responsible per revisit, linked to the revisit and
        the opportunity, with the meeting activity that reminds the responsible.

        What the meetings of a plan share is read once per plan: thousands of
        revisits are planned at once.
        """
        model_id = self.env["ir.model"]._get_id(self._name)
        meeting_type_id = self.env.ref("mail.mail_activity_data_meeting").id
        name_format = _("Revisit %(account)s: %(revisit)s")
        plan_values = {}
        vals_list = []
        for revisit in self:
            plan = revisit.plan_id
            if plan.id not in plan_values:
                user = plan.user_id
                plan_values[plan.id] = (
                    plan.partner_id.name,
                    user.id,
                    user.partner_id.ids,
                    plan.opportunity_id.id,
                    self._meeting_timezone(user),
                )
            account, user_id, partner_ids, opportunity_id, tz = plan_values[plan.id]
            name = name_format % {"account": account, "revisit": revisit.name}
            start, stop = self._meeting_times_in(revisit.scheduled_date, tz)
            vals_list.append(
                {
                    "name": name,
                    "start": start,
                    "stop": stop,
                    "duration": 1.0,
                    "user_id": user_id,
                    "partner_ids": [Command.set(partner_ids)],
                    "res_model_id": model_id,
                    "res_id": revisit.id,
                    "opportunity_id": opportunity_id,
                    "activity_ids": [
                        Command.create(
                            {
                                "res_model_id": model_id,
                                "res_id": revisit.id,
                                "activity_type_id": meeting_type_id,
                                "summary": name,
                                "user_id": user_id,
                                "date_deadline": revisit.scheduled_date,
                            }
                        )
                    ],
                }
            )
        return vals_list

    def _create_calendar_events(self):
        return (
            self.env["calendar.event"]
            .with_context(**QUIET_CONTEXT)
            .create(self._prepare_calendar_event_values())
        )
