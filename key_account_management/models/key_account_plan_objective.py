from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from ..const import FIGURE_GROUPS
from .key_account_health_measure import COVERAGE_ROLES

MEASURES = [
    ("revenue", "Revenue Invoiced"),
    ("units", "Our Units Bought"),
    ("wallet_share", "Share of Wallet (%)"),
    ("deals_won", "Deals Won"),
    ("deals_stage", "Deals Reaching a Stage"),
    ("collected", "Amount Collected"),
    ("collection_days", "Collection Period (days)"),
    ("retention_collected", "Retention Collected"),
    ("overdue", "Amount Overdue"),
    ("contacts", "Contacts Made"),
    ("key_people", "Key People Met"),
    ("revisits", "Revisits Done"),
    ("satisfaction", "Satisfaction (average)"),
    ("health", "Health Score"),
    ("manual", "Manual"),
]
# the less, the better: progress runs from the baseline down to the target
LOWER_IS_BETTER = frozenset({"overdue", "collection_days"})
# Measures the customer never follows, shared or not: the health score is our
# judgement of the account, the share of wallet our estimate of what it buys
# from our competitors, the deals won and the deals reaching a stage our own
# pipeline, the contacts made and the key people met our relationship work.
# The others may be shared, as progress and status only (never a target or a
# value): revenue invoiced, the amounts collected, overdue and the retention
# collected and the collection period are the customer's own invoices and
# payments, our units the machines it bought, revisits and their
# satisfaction the visits it received and the stars it gave, a manual
# objective what was agreed with it.
INTERNAL_MEASURES = frozenset(
    {"health", "wallet_share", "deals_won", "deals_stage", "contacts", "key_people"}
)
# "Falling Behind", not "At Risk": that is an account's health state, worded otherwise
STATUSES = [("on_track", "On Track"), ("at_risk", "Falling Behind"), ("off_track", "Off Track")]
# how far (in points of progress) behind the calendar an objective is at risk
AT_RISK_POINTS = 20.0


class KeyAccountPlanObjective(models.Model):
    """One objective of an account plan (项目开发计划书): a measure the
    add-on computes from the account's documents (or a value typed, for a
    manual one), its target, its baseline and where it stands."""

    _name = "key.account.plan.objective"
    _description = "Account Plan Objective"
    _order = "plan_id, sequence, id"

    sequence = fields.Integer(default=10)
    plan_id = fields.Many2one(
        "key.account.plan", string="Account Plan", required=True, index=True, ondelete="cascade"
    )
    partner_id = fields.Many2one(related="plan_id.partner_id", store=True, index=True)
    user_id = fields.Many2one(related="plan_id.user_id", string="Plan Owner", store=True)
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
    team_id = fields.Many2one(
        related="plan_id.team_id", store=True, string="Sales Team", help="The plan owner's team."
    )
    date_start = fields.Date(related="plan_id.date_start", store=True)
    date_end = fields.Date(related="plan_id.date_end")
    plan_state = fields.Selection(related="plan_id.state", string="Plan Status", store=True)
    name = fields.Char("Objective", required=True)
    measure = fields.Selection(MEASURES, required=True, default="manual")
    stage_id = fields.Many2one(
        "crm.stage",
        string="Stage",
        ondelete="restrict",
        help="For deals reaching a stage: the stage the account's deals are to enter in the "
        "period.",
    )
    lower_is_better = fields.Boolean(compute="_compute_measure_kind")
    currency_id = fields.Many2one(related="company_id.currency_id")
    target = fields.Float(
        digits=(16, 2),
        groups=FIGURE_GROUPS,
        help="The value to reach by the end of the period (for the amount overdue, the value "
        "to come down to).",
    )
    manual_value = fields.Float(
        "Value",
        digits=(16, 2),
        groups=FIGURE_GROUPS,
        help="For a manual objective: where it stands, typed by its owner.",
    )
    baseline = fields.Float(
        digits=(16, 2),
        readonly=True,
        copy=False,
        groups=FIGURE_GROUPS,
        help="The measure on the day the plan was agreed: a count within the period starts "
        "from what the period had counted by then (nothing, for a plan agreed before it starts).",
    )
    current_value = fields.Float(
        "Current",
        digits=(16, 2),
        readonly=True,
        copy=False,
        groups=FIGURE_GROUPS,
        help="Measured every day, and at once with Update Now.",
    )
    progress = fields.Float(
        "Progress (%)",
        compute="_compute_progress",
        store=True,
        digits=(5, 1),
        aggregator="avg",
        help="How far from the baseline to the target the objective has come.",
    )
    shared = fields.Boolean(
        "Shared with the Customer",
        help="Shown to the account's contacts in their portal, with its progress and status "
        "only: never its target, values or measure.",
    )
    status = fields.Selection(
        STATUSES,
        compute="_compute_progress",
        store=True,
        index="btree_not_null",
        help="Progress compared with the share of the period elapsed: on track when at least "
        "as far as the calendar, at risk up to 20 points behind it, off track beyond.",
    )

    @api.depends("measure")
    def _compute_measure_kind(self):
        for objective in self:
            objective.lower_is_better = objective.measure in LOWER_IS_BETTER

    @api.depends(
        "measure", "target", "baseline", "current_value", "plan_id.date_start", "plan_id.date_end"
    )
    def _compute_progress(self):
        """Progress runs from the baseline (0 %) to the target (100 %), down
        for a measure where lower is better; it is not capped above 100 %
        and never falls below 0 %. An objective reached on the day it was
        agreed is to be kept: 100 % while it holds, 0 % once it does not.

        Status compares it with the share of the period elapsed today
        (0 % before the period, 100 % after it): on track when the progress
        is at least that share (or the target is reached), at risk when it is
        less than 20 points behind, off track beyond. An objective without a
        target has no status. Time passes: the daily job computes it again."""
        today = fields.Date.context_today(self)
        for objective in self.sudo():
            if not objective._kam_has_target():
                objective.progress = 0.0
                objective.status = False
                continue
            progress = objective._kam_progress()
            elapsed = 100.0 * objective.plan_id._kam_elapsed_share(today)
            if progress >= elapsed:
                status = "on_track"
            elif progress >= elapsed - AT_RISK_POINTS:
                status = "at_risk"
            else:
                status = "off_track"
            objective.progress = round(progress, 1)
            objective.status = status

    @api.constrains("measure", "stage_id")
    def _check_stage(self):
        for objective in self:
            if objective.measure == "deals_stage" and not objective.stage_id:
                raise ValidationError(
                    _(
                        "Choose the stage the deals are to reach for the objective "
                        '"%(objective)s".',
                        objective=objective.name,
                    )
                )

    @api.constrains("shared", "measure")
    def _check_shared_measure(self):
        for objective in self:
            if objective.shared and objective.measure in INTERNAL_MEASURES:
                measure = dict(objective._fields["measure"]._description_selection(objective.env))[
                    objective.measure
                ]
                raise ValidationError(
                    _(
                        "The objective %(objective)s cannot be shared with the customer: "
                        "%(measure)s is an internal figure. Share another objective, or "
                        "measure this one otherwise.",
                        objective=objective.name,
                        measure=measure,
                    )
                )

    def _kam_has_target(self):
        """A target is set: any non-zero value, or any value (zero included)
        of a measure where lower is better (nothing overdue is a target)."""
        self.ensure_one()
        return bool(self.target) or self.measure in LOWER_IS_BETTER

    def _kam_progress(self):
        self.ensure_one()
        target, baseline, current = self.target, self.baseline, self.current_value
        if self.measure in LOWER_IS_BETTER:
            target, baseline, current = -target, -baseline, -current
        # reached when agreed (nothing overdue, paid within the days): the
        # objective is to stay there
        if target <= baseline:
            return 100.0 if current >= target else 0.0
        return max(0.0, 100.0 * (current - baseline) / (target - baseline))

    # measuring --------------------------------------------------------------
    def _kam_measure(self, until):
        """{objective id: its measure with periods counted up to ``until``}
        for these objectives. One grouped query per measure and per
        (company, period) of their plans, never one per plan: the plans of
        a batch share the calendar year as a rule, so one query per measure."""
        values = {}
        main_company = self.env.company
        windows = self.grouped(
            lambda objective: (
                objective.plan_id.company_id or main_company,
                objective.plan_id.date_start,
                objective.plan_id.date_end,
            )
        )
        for (company, start, end), objectives in windows.items():
            values.update(
                objectives.with_company(company)._kam_measure_window(start, min(end, until))
            )
        return values

    def _kam_measure_window(self, start, end):
        """The measures of these objectives, whose plans share the company and
        the period [``start``, ``end``] (an empty period counts nothing)."""
        by_measure = self.grouped("measure")
        accounts = self.plan_id.partner_id
        figures = {}
        for measure, objectives in by_measure.items():
            if measure == "manual":
                continue
            method = getattr(objectives, f"_kam_measure_{measure}")
            figures[measure] = method(objectives.plan_id.partner_id, start, end)
        values = {}
        volumes = {}
        if "wallet_share" in by_measure:
            volumes = {account.id: account.kam_purchase_volume for account in accounts.sudo()}
        for objective in self:
            measure = objective.measure
            account_id = objective.plan_id.partner_id.id
            if measure == "manual":
                value = objective.sudo().manual_value
            elif measure == "wallet_share":
                volume = volumes.get(account_id)
                units = figures[measure].get(account_id, 0)
                value = round(100.0 * units / volume, 1) if volume else 0.0
            elif measure == "deals_stage":
                value = figures[measure].get((account_id, objective.stage_id.id), 0)
            else:
                value = figures[measure].get(account_id, 0.0)
            values[objective.id] = value
        return values

    def _kam_measure_revenue(self, accounts, start, end):
        if end < start:
            return {}
        # invoiced from the period's first day: ``_kam_revenue`` counts after its start
        return accounts._kam_revenue(start - timedelta(days=1), end)

    def _kam_measure_units(self, accounts, start, end):
        if end < start:
            return {}
        groups = (
            self.env["key.account.installed.unit"]
            .sudo()
            ._read_group(
                [
                    ("partner_id", "in", accounts.ids),
                    ("company_id", "=", self.env.company.id),
                    ("is_ours", "=", True),
                    ("purchase_date", ">=", start),
                    ("purchase_date", "<=", end),
                ],
                ["partner_id"],
                ["quantity:sum"],
            )
        )
        return {account.id: quantity for account, quantity in groups}

    _kam_measure_wallet_share = _kam_measure_units

    def _kam_measure_deals_won(self, accounts, start, end):
        if end < start:
            return {}
        groups = (
            self.env["crm.lead"]
            .sudo()
            ._read_group(
                [
                    ("partner_id", "child_of", accounts.ids),
                    ("company_id", "in", [self.env.company.id, False]),
                    ("type", "=", "opportunity"),
                    ("stage_id.is_won", "=", True),
                    ("date_closed", ">=", fields.Datetime.to_datetime(start)),
                    ("date_closed", "<", fields.Datetime.to_datetime(end + timedelta(days=1))),
                ],
                ["partner_id"],
                ["__count"],
            )
        )
        counts = {}
        for partner, count in groups:
            account = partner.commercial_partner_id.id
            counts[account] = counts.get(account, 0) + count
        return counts

    def _kam_measure_deals_stage(self, accounts, start, end):
        """{(account id, stage id): the account's deals that entered the
        stage in the period}, from the deals' stage history; a deal that
        entered it twice counts once."""
        if end < start:
            return {}
        groups = (
            self.env["key.account.stage.log"]
            .sudo()
            ._read_group(
                [
                    ("lead_id.partner_id", "child_of", accounts.ids),
                    ("company_id", "in", [self.env.company.id, False]),
                    ("stage_to_id", "in", self.stage_id.ids),
                    ("date", ">=", fields.Datetime.to_datetime(start)),
                    ("date", "<", fields.Datetime.to_datetime(end + timedelta(days=1))),
                ],
                ["lead_id", "stage_to_id"],
                ["__count"],
            )
        )
        counts = {}
        for deal, stage, _count in groups:
            key = (deal.partner_id.commercial_partner_id.id, stage.id)
            counts[key] = counts.get(key, 0) + 1
        return counts

    def _kam_collections(self, accounts, start, end, retention=False):
        """{account id: (amount collected, amount × days from invoice to
        payment)}: payments reconciled in the period with the accounts'
        customer invoices (credit notes are no collection), in the
        company's currency; only the retention instalments if asked."""
        if end < start or not accounts:
            return {}
        retention_only = SQL("AND debit.kam_retention") if retention else SQL()
        for model in ("account.move", "account.move.line", "account.partial.reconcile"):
            self.env[model].flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT invoice.commercial_partner_id,
                       SUM(part.amount),
                       SUM(part.amount * (part.max_date - invoice.invoice_date))
                  FROM account_partial_reconcile part
                  JOIN account_move_line debit ON debit.id = part.debit_move_id
                  JOIN account_move invoice ON invoice.id = debit.move_id
                  JOIN account_move_line credit ON credit.id = part.credit_move_id
                  JOIN account_move payment ON payment.id = credit.move_id
                 WHERE invoice.commercial_partner_id IN %(accounts)s
                   AND invoice.company_id = %(company)s
                   AND invoice.move_type = 'out_invoice'
                   AND invoice.state = 'posted'
                   AND payment.move_type = 'entry'
                   AND part.max_date BETWEEN %(start)s AND %(end)s
                   %(retention_only)s
              GROUP BY invoice.commercial_partner_id
                """,
                accounts=tuple(accounts.ids),
                company=self.env.company.id,
                start=start,
                end=end,
                retention_only=retention_only,
            )
        )
        return {
            account_id: (amount, weighted)
            for account_id, amount, weighted in self.env.cr.fetchall()
        }

    def _kam_measure_collected(self, accounts, start, end):
        return {
            account_id: amount
            for account_id, (amount, _weighted) in self._kam_collections(
                accounts, start, end
            ).items()
        }

    def _kam_measure_retention_collected(self, accounts, start, end):
        return {
            account_id: amount
            for account_id, (amount, _weighted) in self._kam_collections(
                accounts, start, end, retention=True
            ).items()
        }

    def _kam_measure_collection_days(self, accounts, start, end):
        """Days from invoice to payment of what was collected in the period,
        weighted by the amounts."""
        return {
            account_id: round(weighted / amount, 1)
            for account_id, (amount, weighted) in self._kam_collections(
                accounts, start, end
            ).items()
            if amount
        }

    def _kam_measure_contacts(self, accounts, start, end):
        if end < start:
            return {}
        return accounts.sudo()._kam_contact_counts(start, end)

    def _kam_measure_key_people(self, accounts, start, end):
        """How many of the key people (the economic buyer, the coach) were
        last met within the period, from the buying centre as the health
        reads it."""
        if end < start:
            return {}
        Measure = self.env["key.account.health.measure"]
        people = Measure._buying_centre_people(accounts.sudo())
        counts = {}
        for account in accounts:
            for role in COVERAGE_ROLES:
                line = people.get((account.id, f"met:{role}"))
                if line and start <= line.last_contact_date <= end:
                    counts[account.id] = counts.get(account.id, 0) + 1
        return counts

    def _kam_measure_overdue(self, accounts, start, end):
        # what is overdue now, whatever the period
        groups = (
            self.env["key.account.receivable"]
            .sudo()
            ._read_group(
                [("partner_id", "in", accounts.ids), ("company_id", "=", self.env.company.id)],
                ["partner_id"],
                ["amount_overdue:sum"],
            )
        )
        return {account.id: amount for account, amount in groups}

    def _kam_revisits(self, accounts, start, end):
        """{account id: {stars: count}} of the revisits done in the period."""
        if end < start:
            return {}
        groups = (
            self.env["key.account.revisit"]
            .sudo()
            ._read_group(
                [
                    ("partner_id", "in", accounts.ids),
                    ("company_id", "=", self.env.company.id),
                    ("state", "=", "done"),
                    ("done_date", ">=", start),
                    ("done_date", "<=", end),
                ],
                ["partner_id", "satisfaction"],
                ["__count"],
            )
        )
        result = {}
        for account, stars, count in groups:
            result.setdefault(account.id, {})[stars] = count
        return result

    def _kam_measure_revisits(self, accounts, start, end):
        return {
            account_id: sum(stars.values())
            for account_id, stars in self._kam_revisits(accounts, start, end).items()
        }

    def _kam_measure_satisfaction(self, accounts, start, end):
        """The average of the stars given, revisits not rated left out."""
        result = {}
        for account_id, stars in self._kam_revisits(accounts, start, end).items():
            rated = {int(star): count for star, count in stars.items() if star and star != "0"}
            if rated:
                total = sum(rated.values())
                result[account_id] = round(
                    sum(star * count for star, count in rated.items()) / total, 2
                )
        return result

    def _kam_measure_health(self, accounts, start, end):
        # the account's current health score, kept by the daily health job
        return {account.id: account.kam_health_score for account in accounts.sudo()}

    # helpers ------------------------------------------------------------------
    def _kam_copy_values(self):
        """What the next period's plan keeps of these objectives: their
        measures and targets, not their baselines or values."""
        return [
            {
                "sequence": objective.sequence,
                "name": objective.name,
                "measure": objective.measure,
                "target": objective.sudo().target,
                "shared": objective.shared,
            }
            for objective in self
        ]
