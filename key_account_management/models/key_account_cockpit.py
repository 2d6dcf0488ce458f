from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models

OPEN_DEALS = [
    ("type", "=", "opportunity"),
    ("is_key_account", "=", True),
    ("probability", "<", 100),
]


class KeyAccountCockpit(models.TransientModel):
    """The managers' one-page overview: a handful of figures, each leading to
    the list, pivot or graph behind it. Nothing is stored: every figure is a
    grouped read of the deals, revisits, accounts and receivables the
    manager can see."""

    _name = "key.account.cockpit"
    _description = "Key-Account Cockpit"

    currency_id = fields.Many2one("res.currency", compute="_compute_figures")
    open_deal_count = fields.Integer("Open Deals", compute="_compute_figures")
    grade_a_count = fields.Integer("Grade A Deals", compute="_compute_figures")
    pipeline_amount = fields.Monetary("Expected Revenue", compute="_compute_figures")
    weighted_amount = fields.Monetary(
        "Weighted Forecast",
        compute="_compute_figures",
        help="Expected revenue times probability of the open key-account deals.",
    )
    stalled_count = fields.Integer("Stalled Deals", compute="_compute_figures")
    overdue_revisit_count = fields.Integer("Overdue Revisits", compute="_compute_figures")
    strategic_count = fields.Integer("Strategic", compute="_compute_figures")
    key_count = fields.Integer("Key", compute="_compute_figures")
    general_count = fields.Integer("General", compute="_compute_figures")
    at_risk_count = fields.Integer("At Risk", compute="_compute_figures")
    watch_count = fields.Integer("Watch", compute="_compute_figures")
    not_contacted_count = fields.Integer("Not Contacted within Cadence", compute="_compute_figures")
    outstanding_amount = fields.Monetary("Outstanding", compute="_compute_figures")
    overdue_amount = fields.Monetary("Overdue", compute="_compute_figures")
    over_90_amount = fields.Monetary("Overdue Over 90 Days", compute="_compute_figures")
    retention_amount = fields.Monetary("Retention Outstanding", compute="_compute_figures")
    retention_overdue_amount = fields.Monetary("Retention Overdue", compute="_compute_figures")
    visit_month_count = fields.Integer("Contacts This Month", compute="_compute_figures")
    follow_up_count = fields.Integer("Follow-ups Due", compute="_compute_figures")
    meeting_to_record_count = fields.Integer("Meetings to Record", compute="_compute_figures")

    @api.depends_context("uid", "company")
    def _compute_figures(self):
        Lead = self.env["crm.lead"]
        [(deals, expected, weighted)] = Lead._read_group(
            OPEN_DEALS, [], ["__count", "expected_revenue:sum", "prorated_revenue:sum"]
        )
        grade_a = Lead.search_count([*OPEN_DEALS, ("kam_grade", "=", "A")])
        stalled = Lead.search_count([("type", "=", "opportunity"), ("kam_stalled", "=", True)])
        revisits = self.env["key.account.revisit"].search_count([("is_overdue", "=", True)])
        Partner = self.env["res.partner"]
        tiers = dict(
            Partner._read_group([("is_key_account", "=", True)], ["kam_tier"], ["__count"])
        )
        health = dict(
            Partner._read_group([("is_key_account", "=", True)], ["kam_health_state"], ["__count"])
        )
        not_contacted = Partner.search_count(
            [
                ("is_key_account", "=", True),
                ("kam_next_contact_date", "<", fields.Date.context_today(self)),
            ]
        )
        Receivable = self.env["key.account.receivable"]
        [(outstanding, overdue, over_90)] = Receivable._read_group(
            [("company_id", "=", self.env.company.id)],
            [],
            ["amount_residual:sum", "amount_overdue:sum", "amount_over_90:sum"],
        )
        [(retention, retention_overdue)] = Receivable._read_group(
            [("company_id", "=", self.env.company.id), ("is_retention", "=", True)],
            [],
            ["amount_retention:sum", "amount_overdue:sum"],
        )
        Visit = self.env["key.account.visit"]
        month_start = fields.Datetime.to_datetime(
            fields.Date.context_today(self) + relativedelta(day=1)
        )
        visits = Visit.search_count([("visit_datetime", ">=", month_start)])
        follow_ups = Visit.search_count([("follow_up_open", "=", True)])
        meetings = self.env["calendar.event"].search_count(
            [
                ("kam_account_id", "!=", False),
                ("kam_visit_recorded", "=", False),
                ("start", "<", fields.Datetime.now()),
            ]
        )
        self.update(
            {
                "currency_id": self.env.company.currency_id,
                "visit_month_count": visits,
                "follow_up_count": follow_ups,
                "meeting_to_record_count": meetings,
                "open_deal_count": deals,
                "grade_a_count": grade_a,
                "pipeline_amount": expected,
                "weighted_amount": weighted,
                "stalled_count": stalled,
                "overdue_revisit_count": revisits,
                "strategic_count": tiers.get("strategic", 0),
                "key_count": tiers.get("key", 0),
                "general_count": tiers.get("general", 0),
                "at_risk_count": health.get("at_risk", 0),
                "watch_count": health.get("watch", 0),
                "not_contacted_count": not_contacted,
                "outstanding_amount": outstanding,
                "overdue_amount": overdue,
                "over_90_amount": over_90,
                "retention_amount": retention,
                "retention_overdue_amount": retention_overdue,
            }
        )

    def _compute_display_name(self):
        self.display_name = _("Key-Account Cockpit")

    @api.model
    def action_open(self):
        return {
            "type": "ir.actions.act_window",
            "name": _("Key-Account Cockpit"),
            "res_model": self._name,
            "res_id": self.create({}).id,
            "views": [
                (self.env.ref("key_account_management.key_account_cockpit_view_form").id, "form")
            ],
            "target": "current",
        }
