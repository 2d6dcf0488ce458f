from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

PLAN_REVIEW_FIELDS = (
    "kam_plan_review_strategic_months",
    "kam_plan_review_key_months",
    "kam_plan_review_general_months",
)
CADENCE_FIELDS = ("kam_cadence_strategic_days", "kam_cadence_key_days", "kam_cadence_general_days")


class ResCompany(models.Model):
    _inherit = "res.company"

    # Deal grades A/B/C (D: every other deal) and budgets per market: small
    # tables of the company, edited under Key Accounts > Configuration
    kam_grade_rule_ids = fields.One2many(
        "key.account.grade.rule", "company_id", string="Deal Grade Rules"
    )
    kam_market_budget_ids = fields.One2many(
        "key.account.market.budget", "company_id", string="Development Budgets"
    )
    kam_health_factor_ids = fields.One2many(
        "key.account.health.factor", "company_id", string="Account Health Factors"
    )

    # Account tier and sales class from the trailing twelve months' revenue
    kam_tier_strategic_amount = fields.Monetary(
        "Strategic account from (12-month revenue)", default=1_000_000
    )
    kam_tier_key_amount = fields.Monetary("Key account from (12-month revenue)", default=200_000)
    # ... and from the customer's own annual purchases (003 年度采购数量)
    kam_tier_strategic_volume = fields.Integer(
        "Strategic account from (annual purchase volume)", default=100
    )
    kam_tier_key_volume = fields.Integer("Key account from (annual purchase volume)", default=20)
    kam_stalled_days = fields.Integer(
        "Stalled after (days)",
        default=30,
        help="A key-account deal without a stage change for this many days is stalled.",
    )
    # Contact frequency per tier (联系频率) and the health thresholds
    kam_cadence_strategic_days = fields.Integer("Contact strategic accounts every", default=14)
    kam_cadence_key_days = fields.Integer("Contact key accounts every", default=30)
    kam_cadence_general_days = fields.Integer("Contact general accounts every", default=90)
    kam_health_healthy_score = fields.Integer("Healthy from", default=70)
    kam_health_watch_score = fields.Integer("Watch from", default=40)
    # 业务沟通会: how often an account plan is reviewed, by the account's tier
    kam_plan_review_strategic_months = fields.Integer(
        "Review strategic accounts' plans every (months)", default=3
    )
    kam_plan_review_key_months = fields.Integer(
        "Review key accounts' plans every (months)", default=6
    )
    kam_plan_review_general_months = fields.Integer(
        "Review general accounts' plans every (months)", default=12
    )
    # 更换周期: how far ahead installed units due for replacement are predicted needs
    kam_replacement_horizon_months = fields.Integer(
        "Predict replacements within (months)",
        default=12,
        help="Installed units due for replacement within this many months (or overdue) are "
        "the account's predicted needs.",
    )
    kam_revisit_plan_trigger = fields.Selection(
        [
            ("confirm", "Order Confirmation"),
            ("invoice", "First Posted Invoice"),
            ("delivery", "Delivery Done"),
        ],
        string="Start Revisits At",
        default="confirm",
        help="When a key-account sales order gets its after-sales revisit plan "
        "(at confirmation when empty).",
    )
    kam_revisit_horizon_months = fields.Integer(
        "Plan open-ended revisits ahead for (months)",
        default=6,
        help="A revisit phase that runs until the plan is closed is planned this far ahead; "
        "the daily job plans further as time passes.",
    )
    kam_revisit_template_id = fields.Many2one(
        "key.account.revisit.template",
        string="Default Revisit Template",
        check_company=True,
    )
    kam_scorecard_id = fields.Many2one(
        "key.account.scorecard",
        string="Evaluation Scorecard",
        domain=[("usage", "=", "evaluation")],
        help="Stage 1: the go/no-go evaluation model new key-account deals are scored with.",
    )
    kam_comparison_scorecard_id = fields.Many2one(
        "key.account.scorecard",
        string="Supplier Comparison Template",
        domain=[("usage", "=", "comparison")],
        help="Stage 3: the customer's usual criteria for choosing a supplier, and their "
        "weights, that a deal's supplier comparison starts from.",
    )

    @api.constrains("kam_scorecard_id", "kam_comparison_scorecard_id")
    def _check_scorecard_usage(self):
        for company in self:
            evaluation = company.kam_scorecard_id
            comparison = company.kam_comparison_scorecard_id
            if (evaluation and evaluation.usage != "evaluation") or (
                comparison and comparison.usage != "comparison"
            ):
                raise ValidationError(
                    _(
                        "%(company)s: the evaluation scorecard must be a go/no-go evaluation "
                        "and the supplier comparison template a supplier comparison.",
                        company=company.name,
                    )
                )

    @api.constrains(
        "kam_cadence_strategic_days",
        "kam_cadence_key_days",
        "kam_cadence_general_days",
        "kam_health_healthy_score",
        "kam_health_watch_score",
    )
    def _check_health_settings(self):
        for company in self:
            if min(company[name] for name in CADENCE_FIELDS) < 1:
                raise ValidationError(_("Accounts are contacted every day at most often."))
            if not 0 < company.kam_health_watch_score < company.kam_health_healthy_score <= 100:
                raise ValidationError(
                    _("The health thresholds must satisfy 0 < watch < healthy ≤ 100.")
                )

    @api.constrains(*PLAN_REVIEW_FIELDS)
    def _check_plan_review_months(self):
        for company in self:
            if not all(1 <= company[name] <= 24 for name in PLAN_REVIEW_FIELDS):
                raise ValidationError(
                    _("Review account plans at least every 24 months and at most every month.")
                )

    @api.constrains(
        "kam_tier_strategic_amount",
        "kam_tier_key_amount",
        "kam_tier_strategic_volume",
        "kam_tier_key_volume",
        "kam_stalled_days",
        "kam_revisit_horizon_months",
        "kam_replacement_horizon_months",
    )
    def _check_values(self):
        for company in self:
            if company.kam_tier_key_amount <= 0 or (
                company.kam_tier_strategic_amount <= company.kam_tier_key_amount
            ):
                raise ValidationError(
                    _("Strategic accounts must start above key accounts, and both above zero.")
                )
            if company.kam_tier_key_volume <= 0 or (
                company.kam_tier_strategic_volume <= company.kam_tier_key_volume
            ):
                raise ValidationError(
                    _(
                        "Strategic accounts must buy more a year than key accounts, and both "
                        "more than zero."
                    )
                )
            if not 1 <= company.kam_revisit_horizon_months <= 36:
                raise ValidationError(
                    _("Plan revisits at least one month and at most 36 months ahead.")
                )
            if not 1 <= company.kam_replacement_horizon_months <= 60:
                raise ValidationError(
                    _("Predict replacements at least one month and at most 60 months ahead.")
                )
            if company.kam_stalled_days < 1:
                raise ValidationError(_("A deal is stalled after one day at least."))

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        companies._kam_create_default_tables()
        return companies

    def write(self, vals):
        result = super().write(vals)
        if vals.keys() & set(CADENCE_FIELDS):
            # the accounts' next contact follows their tier's cadence
            accounts = (
                self.env["res.partner"]
                .sudo()
                .search([("is_key_account", "=", True), ("company_id", "in", (*self.ids, False))])
            )
            self.env.add_to_compute(accounts._fields["kam_next_contact_date"], accounts)
        return result

    def _kam_create_default_tables(self):
        """The add-on's default grade rules, 003's budgets per market and our
        health weights, for companies without any."""
        for model, field in (
            ("key.account.grade.rule", "kam_grade_rule_ids"),
            ("key.account.market.budget", "kam_market_budget_ids"),
            ("key.account.health.factor", "kam_health_factor_ids"),
        ):
            Table = self.env[model].sudo()
            Table.create(
                [
                    {**values, "company_id": company.id}
                    for company in self.sudo()
                    if not company[field]
                    for values in Table._default_values()
                ]
            )
        # the shipped revisit template (003: half-monthly, then monthly) is
        # the default a company sees in its settings, until it picks another
        template = self.env.ref(
            "key_account_management.key_account_revisit_template_default", raise_if_not_found=False
        )
        if template:
            self.sudo().filtered(lambda company: not company.kam_revisit_template_id).write(
                {"kam_revisit_template_id": template.id}
            )
