from datetime import timedelta

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.tools import format_date, plaintext2html

from ..const import FIGURE_GROUPS, USER_GROUP
from ..cron_batch import run_cron_batches
from .key_account_health_factor import HEALTH_FACTORS, HEALTH_STATES

# the accounts to measure again when the transaction commits
HEALTH_AT_COMMIT = "key_account_management.health_at_commit"

ALERT_TYPE = "key_account_management.mail_activity_type_account_at_risk"
# the factors whose next action is a meeting with someone of the buying centre
MEETING_FACTORS = ("contact", "coverage", "satisfaction", "money", "purchases")
# the next action when an action of the account's plan is overdue: it comes
# first, the account team agreed to it
PLAN_ACTION = "plan"


class ResPartner(models.Model):
    """Account health and early warning (客户健康度, 流失预警) of a key
    account: when it was last contacted against its tier's cadence, its
    health score from the daily snapshot, and the next thing to do."""

    _inherit = "res.partner"

    # Contact frequency (联系频率)
    kam_contact_cadence_days = fields.Integer(
        "Contact Every",
        help="How often this account must be contacted; 0 follows its tier's frequency "
        "in the key-account settings.",
        groups=FIGURE_GROUPS,
    )
    kam_visit_ids = fields.One2many(
        "key.account.visit", "account_id", string="All Development Records", groups=USER_GROUP
    )
    kam_revisit_ids = fields.One2many(
        "key.account.revisit", "partner_id", string="Revisits", groups=USER_GROUP
    )
    kam_last_contact_date = fields.Date(
        "Last Contact",
        compute="_compute_kam_last_contact_date",
        store=True,
        help="The latest development record, done revisit or past meeting with the account.",
        groups=FIGURE_GROUPS,
    )
    kam_next_contact_date = fields.Date(
        "Next Contact Due",
        compute="_compute_kam_next_contact_date",
        store=True,
        index="btree_not_null",
        groups=FIGURE_GROUPS,
    )
    # stored for the kanban cards and lists; time passing is counted by the
    # daily job, a new contact at once
    kam_contact_overdue_days = fields.Integer(
        "Days Not Followed",
        compute="_compute_kam_contact_overdue_days",
        store=True,
        groups=FIGURE_GROUPS,
    )
    # Health (客户健康度): the latest monthly snapshot, kept up to date daily
    kam_health_snapshot_ids = fields.One2many(
        "key.account.health.snapshot",
        "partner_id",
        string="Health History",
        groups=FIGURE_GROUPS,
    )
    kam_health_snapshot_id = fields.Many2one(
        "key.account.health.snapshot",
        string="Current Health",
        compute="_compute_kam_health_snapshot_id",
        store=True,
        index="btree_not_null",
        groups=FIGURE_GROUPS,
    )
    # copied from the snapshot by the job that writes it (and when the month
    # changes): not related fields, so that updating 10,000 snapshots does
    # not look up their accounts one by one
    kam_health_score = fields.Float(
        "Health Score",
        compute="_compute_kam_health",
        store=True,
        aggregator="avg",
        digits=(5, 1),
        groups=FIGURE_GROUPS,
    )
    kam_health_state = fields.Selection(
        HEALTH_STATES,
        string="Health",
        compute="_compute_kam_health",
        store=True,
        index="btree_not_null",
        groups=FIGURE_GROUPS,
    )
    kam_health_date = fields.Date(
        "Health Computed On", compute="_compute_kam_health", store=True, groups=FIGURE_GROUPS
    )
    # the factors of the current snapshot and what to do next: read with the
    # user's rights, so only those who may see the account's health see them
    # (its figures are money figures), written in the reader's language
    kam_health_line_ids = fields.One2many(
        "key.account.health.line",
        string="Health Factors",
        compute="_compute_kam_health_line_ids",
        groups=FIGURE_GROUPS,
    )
    kam_next_action = fields.Char(
        "Next Best Action", compute="_compute_kam_next_action", groups=FIGURE_GROUPS
    )
    kam_next_action_factor = fields.Selection(
        [*HEALTH_FACTORS, (PLAN_ACTION, "Account Plan")],
        string="Next Action Factor",
        compute="_compute_kam_next_action",
        groups=FIGURE_GROUPS,
    )

    @api.depends(
        "is_key_account",
        "kam_visit_ids.visit_datetime",
        "kam_revisit_ids.state",
        "kam_revisit_ids.done_date",
    )
    def _compute_kam_last_contact_date(self):
        accounts = self.filtered(lambda partner: partner.is_key_account and partner.id)
        last = accounts._kam_last_contacts()
        for partner in self:
            partner.kam_last_contact_date = last.get(partner.id, False)

    @api.depends("is_key_account", "kam_last_contact_date", "kam_contact_cadence_days", "kam_tier")
    def _compute_kam_next_contact_date(self):
        for partner in self:
            start = partner.kam_last_contact_date or (
                partner.create_date and partner.create_date.date()
            )
            partner.kam_next_contact_date = (
                start + timedelta(days=partner._kam_contact_cadence())
                if partner.is_key_account and start
                else False
            )

    @api.depends("kam_next_contact_date")
    def _compute_kam_contact_overdue_days(self):
        today = fields.Date.context_today(self)
        for partner in self:
            due = partner.kam_next_contact_date
            partner.kam_contact_overdue_days = max(0, (today - due).days) if due else 0

    @api.depends("kam_health_snapshot_ids.month")
    def _compute_kam_health_snapshot_id(self):
        for partner in self:
            partner.kam_health_snapshot_id = max(
                partner.kam_health_snapshot_ids, key=lambda snapshot: snapshot.month, default=False
            )

    @api.depends("kam_health_snapshot_id")
    def _compute_kam_health(self):
        for partner in self:
            snapshot = partner.kam_health_snapshot_id
            partner.kam_health_score = snapshot.score
            partner.kam_health_state = snapshot.state
            partner.kam_health_date = snapshot.date

    @api.depends("kam_health_snapshot_id")
    def _compute_kam_health_line_ids(self):
        # the lines this user may read (record rules): others see none
        lines = self.env["key.account.health.line"].search(
            [("snapshot_id", "in", self.kam_health_snapshot_id.ids)]
        )
        by_snapshot = lines.grouped("snapshot_id")
        for partner in self:
            partner.kam_health_line_ids = by_snapshot.get(partner.kam_health_snapshot_id, lines[:0])

    @api.depends("kam_health_snapshot_id")
    @api.depends_context("lang", "uid")
    def _compute_kam_next_action(self):
        # the snapshots this user may read (record rules): others see nothing
        allowed = self.env["key.account.health.snapshot"].search(
            [("id", "in", self.kam_health_snapshot_id.ids)]
        )
        overdue = self._kam_overdue_plan_actions()
        for partner in self:
            if partner.id in overdue:
                partner.kam_next_action = partner._kam_overdue_plan_action_text(overdue[partner.id])
                partner.kam_next_action_factor = PLAN_ACTION
                continue
            snapshot = partner.kam_health_snapshot_id & allowed
            partner.kam_next_action = snapshot.next_action
            partner.kam_next_action_factor = snapshot.next_action_factor

    def _kam_overdue_plan_actions(self):
        """{account id: its overdue plan actions, the oldest first}: the
        activities past their deadline on the plans in force this user may
        read, in one query. Read when shown: done today, gone today."""
        plans = self.env["key.account.plan"].search(
            [("partner_id", "in", self.ids), ("state", "=", "agreed")]
        )
        if not plans:
            return {}
        activities = (
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", plans._name),
                    ("res_id", "in", plans.ids),
                    ("date_deadline", "<", fields.Date.context_today(self)),
                ],
                order="date_deadline, id",
            )
        )
        account_of = {plan.id: plan.partner_id.id for plan in plans}
        overdue = {}
        for activity in activities:
            account_id = account_of[activity.res_id]
            overdue[account_id] = overdue.get(account_id, activities.browse()) | activity
        return overdue

    def _kam_overdue_plan_action_text(self, activities):
        first = activities[0]
        text = _(
            "Overdue plan action: %(action)s (%(owner)s, due %(date)s).",
            action=first.summary or first.activity_type_id.name or "",
            owner=first.user_id.name or "",
            date=format_date(self.env, first.date_deadline),
        )
        if len(activities) > 1:
            text = _("%(action)s And %(count)s more.", action=text, count=len(activities) - 1)
        return text

    def _kam_contact_cadence(self):
        """Days between two contacts this account needs."""
        self.ensure_one()
        company = self.company_id or self.env.company
        tier = self.kam_tier or "general"
        return self.kam_contact_cadence_days or company[f"kam_cadence_{tier}_days"]

    def _kam_contact_sources(self):
        """Where contacts with these accounts are recorded, as (model, account
        field, date field, domain): development records, done revisits and
        the key-account team's meetings already held."""
        now = fields.Datetime.now()
        return [
            (
                "key.account.visit",
                "account_id",
                "visit_datetime",
                [("account_id", "in", self.ids), ("visit_datetime", "<=", now)],
            ),
            (
                "key.account.revisit",
                "partner_id",
                "done_date",
                [("partner_id", "in", self.ids), ("state", "=", "done")],
            ),
            (
                "calendar.event",
                "kam_account_id",
                "start",
                # a meeting of the key-account team, not any employee's
                [
                    ("kam_account_id", "in", self.ids),
                    ("start", "<=", now),
                    ("user_id", "in", self.env.ref(USER_GROUP).sudo().users.ids),
                ],
            ),
        ]

    def _kam_last_contacts(self):
        """{account id: date of the latest contact}, one grouped query per
        kind of contact."""
        if not self:
            return {}
        latest = {}
        for model, account_field, date_field, domain in self._kam_contact_sources():
            for account, moment in (
                self.env[model].sudo()._read_group(domain, [account_field], [f"{date_field}:max"])
            ):
                day = moment.date() if hasattr(moment, "date") else moment
                if day and (account.id not in latest or latest[account.id] < day):
                    latest[account.id] = day
        return latest

    def _kam_contact_counts(self, start, end):
        """{account id: contacts from ``start`` to ``end`` (dates, both
        included)}, one grouped query per kind of contact; a meeting with
        its development record counts once."""
        if not self:
            return {}
        counts = {}
        for model, account_field, date_field, domain in self._kam_contact_sources():
            Model = self.env[model].sudo()
            if Model._fields[date_field].type == "datetime":
                period = [
                    (date_field, ">=", fields.Datetime.to_datetime(start)),
                    (date_field, "<", fields.Datetime.to_datetime(end + timedelta(days=1))),
                ]
            else:
                period = [(date_field, ">=", start), (date_field, "<=", end)]
            if model == "calendar.event":
                period.append(("kam_visit_recorded", "=", False))
            for account, count in Model._read_group(domain + period, [account_field], ["__count"]):
                counts[account.id] = counts.get(account.id, 0) + count
        return counts

    # the daily job ---------------------------------------------------------
    def _kam_refresh_health(self):
        """Measure the health of these key accounts today: their snapshot of
        the month is written, then the alerts follow the new states."""
        accounts = self.filtered("is_key_account")
        if not accounts:
            return
        today = fields.Date.context_today(self)
        # meetings whose time has come count as contacts from today, and
        # another day has passed since the last one
        for name in ("kam_last_contact_date", "kam_contact_overdue_days"):
            self.env.add_to_compute(self._fields[name], accounts)
        previous = {account.id: account._kam_health_alerting() for account in accounts}
        main_company = self.env.company
        for company, company_accounts in accounts.grouped(
            lambda account: account.company_id or main_company
        ).items():
            company_accounts.with_company(company)._kam_write_health_snapshots(today)
        accounts._kam_sync_health_alerts(previous)

    def _kam_measure_at_commit(self):
        """Measure these accounts' health again when the transaction
        commits, once for all the records it changed: a development record,
        a revisit done or a meeting held changes a factor's data, and the
        Health tab must not show a fresh last contact beside a stale factor."""
        accounts = self.sudo().commercial_partner_id.filtered("is_key_account")
        if not accounts:
            return
        pending = self.env.cr.precommit.data.setdefault(HEALTH_AT_COMMIT, set())
        if not pending:
            env = self.env

            def measure():
                ids = env.cr.precommit.data.pop(HEALTH_AT_COMMIT, set())
                env["res.partner"].sudo().browse(ids).exists()._kam_refresh_health()
                # called after the commit's flush: what this wrote and the
                # stored fields it recomputes go to the database now, or the
                # commit would drop them
                env.flush_all()

            self.env.cr.precommit.add(measure)
        pending.update(accounts.ids)

    def _kam_write_health_snapshots(self, today):
        Snapshot = self.env["key.account.health.snapshot"].sudo()
        measures, people = self.env["key.account.health.measure"]._measure_all(self, today)
        company = self.env.company
        weights = {
            line.factor: line.weight
            for line in self.env["key.account.health.factor"]
            .sudo()
            .search([("company_id", "=", company.id)])
        }
        month = today.replace(day=1)
        existing = {
            snapshot.partner_id.id: snapshot
            for snapshot in Snapshot.search([("partner_id", "in", self.ids), ("month", "=", month)])
        }
        to_create, lines = [], {}
        for account in self:
            health, lines[account.id] = account._kam_health_values(measures, weights, people)
            values = {
                "date": today,
                "company_id": company.id,
                "user_id": account.user_id.id,
                "kam_tier": account.kam_tier,
                **health,
            }
            snapshot = existing.get(account.id)
            if snapshot:
                snapshot.write(values)
            else:
                to_create.append({**values, "partner_id": account.id, "month": month})
        for snapshot in Snapshot.create(to_create):
            existing[snapshot.partner_id.id] = snapshot
        self._kam_write_health_lines(existing, lines)
        # the current snapshot too: an account whose pointer was left behind
        # would stay due (and its cards empty) however often it is measured
        for name in (
            "kam_health_snapshot_id",
            "kam_health_score",
            "kam_health_state",
            "kam_health_date",
        ):
            self.env.add_to_compute(self._fields[name], self)

    def _kam_write_health_lines(self, snapshots, lines):
        """Write each snapshot's factor lines: a month measured again keeps
        its lines and rewrites only those whose figures moved (from one day
        to the next, mostly the days since the last contact), instead of
        deleting and creating them all."""
        Line = self.env["key.account.health.line"].sudo()
        current, stale = {}, []
        for line in Line.search(
            [("snapshot_id", "in", [snapshot.id for snapshot in snapshots.values()])]
        ):
            if current.setdefault((line.snapshot_id.id, line.factor), line) != line:
                stale.append(line.id)
        score_field = Line._fields["score"]
        to_create = []
        for account_id, account_lines in lines.items():
            snapshot = snapshots[account_id]
            for values in account_lines:
                line = current.pop((snapshot.id, values["factor"]), None)
                if line is None:
                    to_create.append({**values, "snapshot_id": snapshot.id})
                elif (
                    line.score != score_field.convert_to_cache(values["score"], Line)
                    or line.has_data != values["has_data"]
                    or (line.figures or False) != (values["figures"] or False)
                    or line.legacy_detail
                ):
                    line.write({**values, "legacy_detail": False})
        # a factor no longer measured, a factor's second line
        Line.browse(stale + [line.id for line in current.values()]).unlink()
        Line.create(to_create)

    def _kam_health_values(self, measures, weights, people):
        """(snapshot values, line values) of this account: the weighted score
        over the factors that have data, the state and the next action; each
        factor's line."""
        self.ensure_one()
        company = self.env.company
        lines, scored = [], []
        for factor, _label in HEALTH_FACTORS:
            measure = measures[factor].get(self.id)
            lines.append(
                {
                    "factor": factor,
                    "score": measure.score if measure else 0.0,
                    "has_data": bool(measure),
                    "figures": measure.figures if measure else False,
                }
            )
            if measure and weights.get(factor):
                scored.append((measure.score, -weights[factor], factor, measure))
        total_weight = -sum(weight for _score, weight, _factor, _measure in scored)
        if not total_weight:
            return {"score": 0.0, "state": False, **self._kam_next_action_values()}, lines
        score = -sum(score * weight for score, weight, _factor, _measure in scored) / total_weight
        if score >= company.kam_health_healthy_score:
            state = "healthy"
        elif score >= company.kam_health_watch_score:
            state = "watch"
        else:
            state = "at_risk"
        # the weakest factor that says what to do (the heavier first on a tie)
        weakest = next(
            (
                (factor, measure)
                for _score, _weight, factor, measure in sorted(scored, key=lambda item: item[:2])
                if measure.action and measure.score < 100
            ),
            None,
        )
        return {
            "score": round(score, 1),
            "state": state,
            **self._kam_next_action_values(weakest, people),
        }, lines

    def _kam_next_action_values(self, weakest=None, people=None):
        """What to do next, from the weakest factor: its figures and the
        person of the buying centre to meet; a meeting with the economic
        buyer on the due date when nothing is weak."""
        people = people or {}
        if weakest:
            factor, measure = weakest
            line = measure.role and people.get((self.id, measure.role))
            figures = dict(measure.action, role=measure.role) if measure.role else measure.action
        elif self.kam_next_contact_date:
            factor, line = "contact", people.get((self.id, "economic_buyer"))
            figures = {
                "kind": "on_track",
                "date": fields.Date.to_string(self.kam_next_contact_date),
            }
        else:
            factor, line, figures = False, None, False
        return {
            "next_action_factor": factor,
            "next_action_figures": figures,
            "next_action_person_id": line.partner_id.id if line else False,
            "legacy_next_action": False,
        }

    def _kam_health_alerting(self):
        """At risk, or on watch for a strategic account: someone must act."""
        self.ensure_one()
        # the tier as measured with the state: a new tier counts from its
        # first measure
        snapshot = self.kam_health_snapshot_id
        return snapshot.state == "at_risk" or (
            snapshot.state == "watch" and snapshot.kam_tier == "strategic"
        )

    def _kam_sync_health_alerts(self, previous):
        """One "Account at risk" activity for the salesperson of each account
        that has just become alerting, and a note in its chatter; the open
        ones of the accounts that recovered are closed."""
        alert_type = self.env.ref(ALERT_TYPE)
        Activity = self.env["mail.activity"].sudo()
        open_alerts = Activity.search(
            [
                ("res_model", "=", self._name),
                ("res_id", "in", self.ids),
                ("activity_type_id", "=", alert_type.id),
            ]
        ).grouped("res_id")
        today = fields.Date.context_today(self)
        new_alerts, notes, recovered = [], {}, Activity
        for account in self:
            if account._kam_health_alerting():
                if previous.get(account.id) or account.id in open_alerts:
                    continue
                # a message, written once: in the language of whom it is for
                user = account.user_id or self.env.user
                summary, note = account.with_context(lang=user.lang)._kam_health_alert_text()
                notes[account.id] = Markup("<p>%s</p><p>%s</p>") % (summary, note)
                new_alerts.append(
                    {
                        "res_model_id": self.env["ir.model"]._get_id(self._name),
                        "res_id": account.id,
                        "activity_type_id": alert_type.id,
                        "summary": summary,
                        "note": plaintext2html(note),
                        "user_id": user.id,
                        "date_deadline": today,
                    }
                )
            elif account.id in open_alerts:
                recovered |= open_alerts[account.id]
        Activity.create(new_alerts)
        if notes:
            self.browse(list(notes))._message_log_batch(bodies=notes)
        for activity in recovered:
            # in the language of whom the alert was for, like the alert
            account = self.browse(activity.res_id).with_context(lang=activity.user_id.lang)
            states = dict(self._fields["kam_health_state"]._description_selection(account.env))
            activity.action_feedback(
                feedback=account.env._(
                    "Recovered: health %(score)s (%(state)s).",
                    score=round(account.kam_health_score),
                    state=states.get(account.kam_health_state, ""),
                )
            )

    def _kam_health_alert_text(self):
        """(summary, note) of the alert: the score and the two weakest
        factors, in the language of ``self.env``."""
        self.ensure_one()
        # written by the add-on for the salesperson, whoever measured
        snapshot = self.sudo().kam_health_snapshot_id
        labels = dict(self._fields["kam_next_action_factor"]._description_selection(self.env))
        weakest = snapshot.line_ids.filtered("has_data").sorted(lambda line: line.score)[:2]
        summary = _("Account at risk: health %(score)s", score=round(snapshot.score))
        factors = "; ".join(
            f"{labels[line.factor]} {round(line.score)}: {line.detail}" for line in weakest
        )
        note = _(
            "Weakest: %(factors)s. Next: %(action)s",
            factors=factors,
            action=snapshot.next_action or "",
        )
        return summary, note

    # actions ---------------------------------------------------------------
    def action_kam_compute_health(self):
        self._kam_refresh_health()
        return True

    @api.readonly
    def action_kam_health_trend(self):
        self.ensure_one()
        action = self._kam_xml_action(
            "key_account_management.key_account_health_snapshot_action",
            [("partner_id", "=", self.id)],
        )
        action["name"] = _("Health Trend: %(account)s", account=self.display_name)
        return action

    @api.readonly
    def action_kam_next_action(self):
        """The button of the next best action: a meeting to plan with the
        right person, or the records to deal with."""
        self.ensure_one()
        if self.kam_next_action_factor == PLAN_ACTION:
            overdue = self._kam_overdue_plan_actions()[self.id]
            plan = self.env["key.account.plan"].browse(overdue[0].res_id)
            return plan._get_records_action(name=plan.display_name)
        snapshot = self.kam_health_snapshot_id
        factor = snapshot.next_action_factor or "contact"
        if factor in MEETING_FACTORS:
            return self._kam_plan_meeting_action(snapshot)
        return self._kam_health_records_action(factor)

    def _kam_plan_meeting_action(self, snapshot):
        attendees = self.env.user.partner_id | snapshot.next_action_person_id
        start = fields.Datetime.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=1)
        return {
            "type": "ir.actions.act_window",
            "name": _("Plan a Meeting"),
            "res_model": "calendar.event",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": {
                "default_name": _("Visit %(account)s", account=self.name),
                "default_partner_ids": attendees.ids,
                "default_res_model": self._name,
                "default_res_id": self.id,
                "default_description": snapshot.next_action or "",
                "default_start": fields.Datetime.to_string(start),
                "default_stop": fields.Datetime.to_string(start + timedelta(hours=1)),
                # the account's people by their names, as everywhere in the add-on
                "key_account_person_name": True,
            },
        }

    def _kam_health_records_action(self, factor):
        """The records behind one factor of this account."""
        self.ensure_one()
        module = "key_account_management."
        actions = {
            "contact": (
                module + "key_account_visit_action",
                [("account_id", "=", self.id)],
                {"default_account_id": self.id},
            ),
            "coverage": (
                module + "key_account_buying_role_action",
                [
                    "|",
                    ("account_id", "=", self.id),
                    ("lead_id.partner_id.commercial_partner_id", "=", self.id),
                ],
                {"default_account_id": self.id},
            ),
            "satisfaction": (
                module + "key_account_revisit_action",
                [("partner_id", "=", self.id), ("state", "=", "done")],
                {},
            ),
            "money": (
                module + "key_account_receivable_action",
                [("partner_id", "=", self.id)],
                {"search_default_overdue": 1},
            ),
            "purchases": (
                "account.action_move_out_invoice_type",
                [("commercial_partner_id", "=", self.id), ("state", "=", "posted")],
                {},
            ),
            "problems": (
                module + "key_account_revisit_plan_action",
                [("partner_id", "=", self.id), ("activity_ids", "!=", False)],
                {"search_default_active": 0},
            ),
            "wallet": (
                module + "key_account_predicted_need_action",
                [("partner_id", "=", self.id)],
                {},
            ),
            "momentum": (
                module + "crm_lead_action_key_stalled",
                [
                    ("partner_id.commercial_partner_id", "=", self.id),
                    ("type", "=", "opportunity"),
                    ("probability", "<", 100),
                ],
                {"search_default_kam_stalled": 1},
            ),
        }
        if factor not in actions:
            return False
        return self._kam_xml_action(*actions[factor])

    @api.model
    def _cron_kam_compute_health(self, batch_size=100):
        """Daily: every key account not measured today, in batches on the
        accounts no one else holds, each batch committed under the cron (see
        ``run_cron_batches``). Every account is due every day: the days since
        the last contact, the receivables' days overdue and the windows of
        the other factors move with the date, and the snapshot tells the day
        it was measured on. The measure date is the job's progress: a run
        that stops leaves the accounts it did not reach for the next run."""
        today = fields.Date.context_today(self)
        due = [
            ("is_key_account", "=", True),
            "|",
            ("kam_health_date", "=", False),
            ("kam_health_date", "<", today),
        ]
        run_cron_batches(
            self,
            lambda: self.search(due, order="id"),
            lambda batch: batch._kam_refresh_health(),
            batch_size,
        )
