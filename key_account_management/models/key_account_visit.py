from odoo import Command, _, api, fields, models
from odoo.exceptions import ValidationError

METHODS = [
    ("visit", "Visit"),
    ("phone", "Phone"),
    ("letter", "Letter"),
    ("email", "E-mail"),
    ("presentation", "Product Presentation"),
    ("other", "Other"),
]
# The handbook's business progress, in the order a development goes through it.
PROGRESS = [
    ("contact", "Customer Contact"),
    ("explanation", "Product Explanation"),
    ("demonstration", "Product Demonstration"),
    ("proposal", "Proposal"),
    ("contract", "Contract"),
]
CUSTOMER_ATTITUDES = [
    ("warm", "Warm"),
    # 一般: "Neutral" is already the buying centre's 中立者
    ("neutral", "Lukewarm"),
    ("cold", "Cold"),
]
OUTCOMES = [
    ("ongoing", "In Progress"),
    ("succeeded", "Succeeded"),
    ("not_succeeded", "Not Yet Succeeded"),
]
FAILURE_REASONS = [
    ("price", "Price"),
    ("competitor", "Competitor Preferred"),
    ("no_need", "No Need Now"),
    ("budget", "No Budget"),
    ("relationship", "Relationship Not Built"),
    ("product", "Product Does Not Fit"),
    ("timing", "Timing"),
    ("other", "Other"),
]
# Face-to-face contacts are followed by a call or visit within a week
# (一周内回访: the visitor hears the customer again by phone or visit)
FOLLOW_UP_METHODS = ("visit", "presentation")
# what closes a follow-up: the same visitor's call or visit (a product
# presentation at the customer's is a visit too); not an e-mail or a letter,
# not a colleague's record
FOLLOWED_UP_BY = ("visit", "presentation", "phone")


class KeyAccountVisit(models.Model):
    """One contact with a target account: the development and visit record."""

    _name = "key.account.visit"
    _description = "Development Record"
    _inherit = ("mail.thread", "mail.activity.mixin")
    _order = "visit_datetime desc, id desc"
    _rec_names_search = ("name", "account_id")

    name = fields.Char(string="Subject", tracking=True)
    account_id = fields.Many2one(
        "res.partner",
        string="Account",
        required=True,
        index=True,
        tracking=True,
        domain=[("is_company", "=", True), ("is_key_account", "=", True)],
    )
    lead_id = fields.Many2one(
        "crm.lead",
        string="Deal",
        index="btree_not_null",
        tracking=True,
        domain="[('type', '=', 'opportunity'), "
        "('partner_id.commercial_partner_id', '=', account_id)]",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Visitor",
        required=True,
        index=True,
        tracking=True,
        default=lambda self: self.env.user,
        domain=[("share", "=", False)],
    )
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        compute="_compute_team_id",
        store=True,
        index=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    event_id = fields.Many2one(
        "calendar.event",
        string="Meeting",
        index="btree_not_null",
        ondelete="set null",
        copy=False,
    )
    visit_datetime = fields.Datetime(
        string="Date and Time",
        required=True,
        index=True,
        tracking=True,
        default=fields.Datetime.now,
    )
    duration = fields.Float(string="Time Spent", help="Hours spent with the customer.")
    method = fields.Selection(METHODS, required=True, default="visit", tracking=True)
    progress = fields.Selection(
        PROGRESS,
        string="Business Progress",
        required=True,
        default="contact",
        tracking=True,
    )
    progress_level = fields.Integer(
        compute="_compute_progress_level",
        store=True,
        aggregator="max",
        help="1 (contact) to 5 (contract): the furthest step reached, for reports.",
    )
    customer_attitude = fields.Selection(
        CUSTOMER_ATTITUDES, required=True, default="neutral", tracking=True
    )
    location = fields.Char(string="Place")
    attendee_ids = fields.One2many(
        "key.account.visit.attendee", "visit_id", string="People Met", copy=True
    )
    talking_points = fields.Text(string="Main Talking Points")
    customer_views = fields.Text(string="Customer's Views")
    next_suggestions = fields.Text()
    note = fields.Text(string="Remarks")
    outcome = fields.Selection(
        OUTCOMES,
        string="Development Outcome",
        required=True,
        default="ongoing",
        tracking=True,
    )
    failure_reason = fields.Selection(FAILURE_REASONS, string="Reason Category", tracking=True)
    failure_analysis = fields.Text(string="Analysis")
    follow_up_open = fields.Boolean(
        string="Follow-up Due",
        compute="_compute_follow_up_open",
        search="_search_follow_up_open",
        help="The customer is still to be heard again after this visit.",
    )

    # The team at the time of the visit: following later team changes of the
    # deal would add a search of the records to every write of a lead's team.
    @api.depends("lead_id", "user_id")
    def _compute_team_id(self):
        for visit in self:
            visit.team_id = visit.lead_id.team_id or visit.user_id.sale_team_id

    @api.depends("progress")
    def _compute_progress_level(self):
        levels = {key: index for index, (key, _label) in enumerate(PROGRESS, start=1)}
        for visit in self:
            visit.progress_level = levels.get(visit.progress, 0)

    def _follow_up_type(self):
        return self.env.ref(
            "key_account_management.mail_activity_type_visit_follow_up", raise_if_not_found=False
        )

    def _open_follow_ups(self):
        # sudo: a rep reads the records of the team, and so their follow-ups,
        # which mail.activity would show only to the one assigned
        return (
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("activity_type_id", "=", self._follow_up_type().id),
                ]
            )
        )

    @api.depends("activity_ids.activity_type_id")
    def _compute_follow_up_open(self):
        open_ids = set(self._open_follow_ups().mapped("res_id"))
        for visit in self:
            visit.follow_up_open = visit.id in open_ids

    def _search_follow_up_open(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(_("Unsupported search on the follow-up."))
        # open follow-ups are few (about one per account): a list of ids is fine
        visit_ids = (
            self.env["mail.activity"]
            .sudo()
            .search_fetch(
                [
                    ("res_model", "=", self._name),
                    ("activity_type_id", "=", self._follow_up_type().id),
                ],
                ["res_id"],
            )
            .mapped("res_id")
        )
        operator = "in" if (operator == "=") == value else "not in"
        return [("id", operator, visit_ids)]

    @api.depends("account_id", "visit_datetime", "method")
    def _compute_display_name(self):
        methods = dict(self._fields["method"]._description_selection(self.env))
        for visit in self:
            when = (
                visit.visit_datetime
                and fields.Datetime.context_timestamp(visit, visit.visit_datetime).date()
            )
            if visit.name:
                visit.display_name = visit.name
            elif visit.account_id:
                visit.display_name = _(
                    "%(method)s, %(account)s, %(date)s",
                    method=methods.get(visit.method, ""),
                    account=visit.account_id.name,
                    date=when or "",
                )
            else:  # a new record without its account yet
                visit.display_name = _(
                    "%(method)s, %(date)s", method=methods.get(visit.method, ""), date=when or ""
                )

    @api.constrains("account_id", "lead_id")
    def _check_lead_account(self):
        for visit in self:
            if not visit.account_id.is_company:
                raise ValidationError(
                    _(
                        "The account of a development record must be a company, not %(partner)s.",
                        partner=visit.account_id.display_name,
                    )
                )
            lead_account = visit.lead_id.partner_id.commercial_partner_id
            if visit.lead_id and lead_account != visit.account_id:
                raise ValidationError(
                    _(
                        "The opportunity %(lead)s belongs to %(lead_account)s, not to "
                        "%(account)s: choose one of %(account)s's opportunities.",
                        lead=visit.lead_id.display_name,
                        lead_account=lead_account.display_name or _("no customer"),
                        account=visit.account_id.display_name,
                    )
                )

    @api.constrains("duration")
    def _check_duration(self):
        for visit in self:
            if visit.duration < 0 or visit.duration > 24:
                raise ValidationError(
                    _(
                        "The time spent on %(visit)s must be between 0 and 24 hours.",
                        visit=visit.display_name,
                    )
                )

    @api.constrains("outcome", "failure_reason")
    def _check_failure_reason(self):
        for visit in self:
            if visit.outcome == "not_succeeded" and not visit.failure_reason:
                raise ValidationError(
                    _(
                        "%(visit)s has not succeeded yet: choose the reason category "
                        "so that the reasons can be analysed.",
                        visit=visit.display_name,
                    )
                )

    @api.onchange("account_id")
    def _onchange_account_id(self):
        # a new record goes on from where the account's last one left off
        if self._origin or not self.account_id:
            return
        last = self.search(
            [("account_id", "=", self.account_id.id)], order="visit_datetime desc, id desc", limit=1
        )
        if last:
            self.progress = last.progress

    @api.onchange("outcome")
    def _onchange_outcome(self):
        if self.outcome != "not_succeeded":
            self.failure_reason = False

    @api.model_create_multi
    def create(self, vals_list):
        visits = super().create(vals_list)
        visits._update_buying_centre()
        visits._plan_follow_ups()
        visits.account_id._kam_measure_at_commit()
        return visits

    def write(self, vals):
        accounts = self.account_id
        result = super().write(vals)
        if {"attendee_ids", "visit_datetime", "lead_id", "account_id"} & vals.keys():
            self._update_buying_centre()
            (accounts | self.account_id)._kam_measure_at_commit()
        return result

    # buying centre -------------------------------------------------------
    def _update_buying_centre(self):
        """Give the people met their last contact and the attitude observed.

        Lines of the account's standing buying centre and of its deals are
        updated with one search and a write per distinct value.
        """
        attendees = self.attendee_ids
        if not attendees:
            return
        # The date a person was met is a fact the record keeps, on every line
        # of the account (as superuser); the attitude observed is the
        # recorder's judgement and changes only the lines they may edit: a
        # colleague's deal, and its key node, stay as its owner says.
        Role = self.env["key.account.buying.role"].sudo()
        lines = Role.search(
            [
                ("partner_id", "in", attendees.partner_id.ids),
                "|",
                ("account_id", "in", self.account_id.ids),
                ("lead_id.partner_id.commercial_partner_id", "in", self.account_id.ids),
            ]
        )
        judged = lines.with_env(self.env)._filtered_access("write")
        if not lines:
            return
        lines_by_person = {}
        for line in lines:
            lines_by_person.setdefault(line.partner_id, []).append(line)
        last_contact = {}
        attitude = {}
        # oldest first: the latest visit's observation wins
        for attendee in attendees.sorted(lambda a: (a.visit_id.visit_datetime, a.visit_id.id)):
            visit = attendee.visit_id
            day = fields.Datetime.context_timestamp(visit, visit.visit_datetime).date()
            for line in lines_by_person.get(attendee.partner_id, []):
                # the account's own lines, and those of the deal visited (or of
                # every deal of the account when the visit names none)
                if line.account_id and line.account_id != visit.account_id:
                    continue
                if line.lead_id and (
                    line.lead_id.partner_id.commercial_partner_id != visit.account_id
                    or (visit.lead_id and line.lead_id != visit.lead_id)
                ):
                    continue
                if not line.last_contact_date or line.last_contact_date < day:
                    last_contact[line] = max(day, last_contact.get(line, day))
                if attendee.observed_attitude and line in judged:
                    attitude[line] = attendee.observed_attitude
        for day in set(last_contact.values()):
            Role.browse(
                [line.id for line, value in last_contact.items() if value == day]
            ).last_contact_date = day
        for value in set(attitude.values()):
            changed = judged.browse(
                [line.id for line, new in attitude.items() if new == value and line.attitude != new]
            )
            changed.attitude = value

    # follow-up within a week ---------------------------------------------
    def _plan_follow_ups(self):
        """Close the open follow-ups these records answer; plan one for each
        visitor's newest visit.

        A follow-up is closed by a later call or visit of the same account by
        the same visitor: the one who heard the customer hears them again. A
        face-to-face visit then gets its own follow-up, unless a later record
        of the account by that visitor exists or one of theirs is still open.
        """
        follow_up_type = self._follow_up_type()
        if not follow_up_type or not self:
            return
        # Two workers recording visits of one account at once would each see
        # no open follow-up and plan one. Touching the accounts' rows makes
        # the later transaction fail to serialize; Odoo retries it and the
        # retry sees the first one's follow-up.
        self.env.cr.execute(
            "UPDATE res_partner SET write_date = write_date WHERE id IN %s",
            [tuple(self.account_id.ids)],
        )
        Activity = self.env["mail.activity"].sudo()
        Visit = self.sudo()
        open_follow_ups = Activity.search(
            [
                ("res_model", "=", self._name),
                ("activity_type_id", "=", follow_up_type.id),
                ("res_id", "in", Visit._search([("account_id", "in", self.account_id.ids)])),
            ]
        )
        followed_by = {}
        for activity in open_follow_ups:
            visited = Visit.browse(activity.res_id)
            later = self.filtered(
                lambda v, visited=visited: v.account_id == visited.account_id
                and v.user_id == visited.user_id
                and v.method in FOLLOWED_UP_BY
                and v.visit_datetime >= visited.visit_datetime
                and v != visited
            )
            if later:
                followed_by[activity] = later.sorted("visit_datetime")[0]
        # one feedback call per following record, whatever the number of follow-ups
        for visit in set(followed_by.values()):
            Activity.browse(
                [activity.id for activity, by in followed_by.items() if by == visit]
            ).action_feedback(feedback=_("Followed up: %(record)s", record=visit.display_name))
        still_open = open_follow_ups.filtered(lambda a: a not in followed_by)
        waiting = {
            (visit.account_id, visit.user_id) for visit in Visit.browse(still_open.mapped("res_id"))
        }
        latest = {
            (account, user): when
            for account, user, when in Visit._read_group(
                [("account_id", "in", self.account_id.ids)],
                ["account_id", "user_id"],
                ["visit_datetime:max"],
            )
        }
        to_plan = self.env["key.account.visit"]
        for account, user in {(v.account_id, v.user_id) for v in self} - waiting:
            newest = self.filtered(
                lambda v, account=account, user=user: v.account_id == account and v.user_id == user
            ).sorted(lambda v: (v.visit_datetime, v.id))[-1]
            if (
                newest.method in FOLLOW_UP_METHODS
                and newest.visit_datetime >= latest[account, user]
            ):
                to_plan |= newest
        if not to_plan:
            return
        Activity.create(
            [
                {
                    "res_model_id": self.env["ir.model"]._get_id(self._name),
                    "res_id": visit.id,
                    "activity_type_id": follow_up_type.id,
                    "user_id": visit.user_id.id,
                    # the activity type's schedule, counted from the visit
                    "date_deadline": follow_up_type.with_context(
                        activity_previous_deadline=fields.Datetime.context_timestamp(
                            visit, visit.visit_datetime
                        ).date()
                    )._get_date_deadline(),
                    "summary": _(
                        "Hear %(account)s again after the visit",
                        account=visit.account_id.name,
                    ),
                }
                for visit in to_plan
            ]
        )

    # from a meeting --------------------------------------------------------
    @api.model
    def _values_from_event(self, event):
        """Defaults of the record of a meeting: time, duration, people, place."""
        account = event.kam_account_id
        lead = event.opportunity_id if event.opportunity_id.is_key_account else False
        people = event.partner_ids.filtered(
            lambda p: p.commercial_partner_id == account and p != account and not p.is_company
        )
        return {
            "event_id": event.id,
            "name": event.name,
            "account_id": account.id,
            "lead_id": lead and lead.id,
            # whoever records the visit made it, even if a colleague organised it
            "user_id": self.env.user.id,
            "visit_datetime": event.start,
            "duration": event.duration,
            "location": event.location,
            "method": "visit",
            "attendee_ids": [Command.create({"partner_id": person.id}) for person in people],
        }

    @api.readonly
    def action_open_event(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "calendar.event",
            "res_id": self.event_id.id,
            "view_mode": "form",
        }
