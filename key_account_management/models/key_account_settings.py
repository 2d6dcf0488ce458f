from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..const import MANAGER_GROUP
from ..trust import trusted
from .key_account_health_factor import WEIGHTS_WRITE

# the company's own settings of the app, edited here field for field
COMPANY_FIELDS = (
    "kam_tier_strategic_amount",
    "kam_tier_key_amount",
    "kam_tier_strategic_volume",
    "kam_tier_key_volume",
    "kam_stalled_days",
    "kam_replacement_horizon_months",
    "kam_scorecard_id",
    "kam_comparison_scorecard_id",
    "revisit_plan_trigger",
    "revisit_template_id",
    "revisit_horizon_months",
    "kam_cadence_strategic_days",
    "kam_cadence_key_days",
    "kam_cadence_general_days",
    "kam_health_healthy_score",
    "kam_health_watch_score",
    "kam_plan_review_strategic_months",
    "kam_plan_review_key_months",
    "kam_plan_review_general_months",
)
PLAN_REVIEW_FIELDS = (
    "kam_plan_review_strategic_months",
    "kam_plan_review_key_months",
    "kam_plan_review_general_months",
)
CADENCE_FIELDS = ("kam_cadence_strategic_days", "kam_cadence_key_days", "kam_cadence_general_days")


class KeyAccountSettings(models.TransientModel):
    """The app's settings, for key-account managers.

    Odoo's Settings page is for administrators only (it can change anything);
    this form changes the key-account settings of the current company and
    nothing else, so it can belong to the key-account managers.
    """

    _name = "key.account.settings"
    _description = "Key-Account Settings"

    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    kam_tier_strategic_amount = fields.Monetary(
        "Strategic accounts from",
        help="Revenue of the last twelve months from which an account is strategic "
        "(sales class A).",
    )
    kam_tier_key_amount = fields.Monetary(
        "Key accounts from",
        help="Revenue of the last twelve months from which an account is key (sales class B); "
        "below it, general (C).",
    )
    kam_tier_strategic_volume = fields.Integer(
        "Strategic accounts buying",
        help="The customer's estimated annual purchase volume (units of our kind of product a "
        "year, whoever they buy from) from which an account is strategic.",
    )
    kam_tier_key_volume = fields.Integer(
        "Key accounts buying",
        help="The customer's estimated annual purchase volume from which an account is key.",
    )
    kam_stalled_days = fields.Integer(
        "Stalled after",
        help="A key-account deal without a stage change for this many days is stalled.",
    )
    kam_replacement_horizon_months = fields.Integer(
        "Predict replacements within",
        help="Installed units due for replacement within this many months (or overdue) are the "
        "accounts' predicted needs.",
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
    revisit_plan_trigger = fields.Selection(
        [
            ("confirm", "Order Confirmation"),
            ("invoice", "First Posted Invoice"),
            ("delivery", "Delivery Done"),
        ],
        string="Start Revisits At",
        help="When a key-account sales order gets its after-sales revisit plan.",
    )
    revisit_horizon_months = fields.Integer(
        "Plan revisits ahead for",
        help="A revisit phase that runs until the plan is closed is planned this many months "
        "ahead; the daily job plans further as time passes.",
    )
    revisit_template_id = fields.Many2one(
        "key.account.revisit.template",
        string="Default Revisit Template",
        domain="[('company_id', 'in', (company_id, False))]",
        help="The cadence of the revisit plans made from sales orders.",
    )
    # the follow-up delay is the activity type's own schedule (Odoo's setting)
    kam_visit_follow_up_days = fields.Integer(
        "Follow up a visit within",
        help="A visit to a key account schedules a follow-up for the visitor, due this many "
        "days later.",
    )

    # Account health (客户健康度): contact frequency per tier, thresholds and
    # the weight of each factor
    kam_cadence_strategic_days = fields.Integer(
        "Contact strategic accounts every", help="Days between two contacts at most."
    )
    kam_cadence_key_days = fields.Integer("Contact key accounts every")
    kam_cadence_general_days = fields.Integer("Contact general accounts every")
    kam_health_healthy_score = fields.Integer(
        "Healthy from", help="A health score from this value up (out of 100) is healthy."
    )
    kam_health_watch_score = fields.Integer(
        "Watch from",
        help="From this score up to the healthy one, an account is on watch; below it, at risk.",
    )
    # Account plans: how often they are reviewed, by tier
    kam_plan_review_strategic_months = fields.Integer(
        "Review strategic accounts' plans every",
        help="Months between two reviews of a strategic account's plan.",
    )
    kam_plan_review_key_months = fields.Integer("Review key accounts' plans every")
    kam_plan_review_general_months = fields.Integer("Review general accounts' plans every")
    # the company's health factors themselves, their weights edited here
    health_factor_ids = fields.One2many(
        "key.account.health.factor",
        string="Health Factor Weights",
        compute="_compute_health_factor_ids",
        inverse="_inverse_health_factor_ids",
    )
    total_weight = fields.Float("Total", compute="_compute_total_weight", digits=(5, 1))

    @api.depends("company_id")
    def _compute_health_factor_ids(self):
        for settings in self:
            settings.health_factor_ids = settings.company_id.kam_health_factor_ids

    def _inverse_health_factor_ids(self):
        # the lines were written one by one as the form sent them, their
        # total left unchecked (see create): it is checked once, here
        Factor = self.env["key.account.health.factor"]
        for settings in self:
            Factor._check_company_weights(
                settings.company_id | settings.health_factor_ids.company_id
            )

    @api.depends("health_factor_ids.weight")
    def _compute_total_weight(self):
        for settings in self:
            settings.total_weight = sum(settings.health_factor_ids.mapped("weight"))

    @api.constrains(
        "kam_cadence_strategic_days",
        "kam_cadence_key_days",
        "kam_cadence_general_days",
        "kam_health_healthy_score",
        "kam_health_watch_score",
    )
    def _check_health_settings(self):
        for settings in self:
            if min(settings[name] for name in CADENCE_FIELDS) < 1:
                raise ValidationError(_("Accounts are contacted every day at most often."))
            if not 0 < settings.kam_health_watch_score < settings.kam_health_healthy_score <= 100:
                raise ValidationError(
                    _("The health thresholds must satisfy 0 < watch < healthy ≤ 100.")
                )

    @api.constrains(*PLAN_REVIEW_FIELDS)
    def _check_plan_review_months(self):
        for settings in self:
            if not all(1 <= settings[name] <= 24 for name in PLAN_REVIEW_FIELDS):
                raise ValidationError(
                    _("Review account plans at least every 24 months and at most every month.")
                )

    @api.constrains(
        "kam_tier_strategic_amount",
        "kam_tier_key_amount",
        "kam_tier_strategic_volume",
        "kam_tier_key_volume",
        "kam_stalled_days",
        "kam_visit_follow_up_days",
        "revisit_horizon_months",
        "kam_replacement_horizon_months",
    )
    def _check_values(self):
        for settings in self:
            if settings.kam_tier_key_amount <= 0 or (
                settings.kam_tier_strategic_amount <= settings.kam_tier_key_amount
            ):
                raise ValidationError(
                    _("Strategic accounts must start above key accounts, and both above zero.")
                )
            if settings.kam_tier_key_volume <= 0 or (
                settings.kam_tier_strategic_volume <= settings.kam_tier_key_volume
            ):
                raise ValidationError(
                    _(
                        "Strategic accounts must buy more a year than key accounts, and both "
                        "more than zero."
                    )
                )
            if not 1 <= settings.revisit_horizon_months <= 36:
                raise ValidationError(
                    _("Plan revisits at least one month and at most 36 months ahead.")
                )
            if not 1 <= settings.kam_replacement_horizon_months <= 60:
                raise ValidationError(
                    _("Predict replacements at least one month and at most 60 months ahead.")
                )
            if settings.kam_stalled_days < 1 or settings.kam_visit_follow_up_days < 0:
                raise ValidationError(
                    _(
                        "A deal is stalled after one day at least, and a follow-up cannot be due "
                        "before the visit."
                    )
                )

    @api.model
    def _follow_up_type(self):
        return self.env.ref(
            "key_account_management.mail_activity_type_visit_follow_up", raise_if_not_found=False
        )

    @api.model_create_multi
    def create(self, vals_list):
        # the weights of the factors are written line by line as the form
        # sends them: the total is checked once they all are (the inverse)
        settings = super(KeyAccountSettings, trusted(self, WEIGHTS_WRITE)).create(vals_list)
        return settings.with_env(self.env)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        company = self.env.company
        values.update(company.read(COMPANY_FIELDS, load=None)[0])
        values.pop("id", None)
        values["kam_visit_follow_up_days"] = self._follow_up_type().sudo().delay_count
        return {name: value for name, value in values.items() if name in fields_list}

    def execute(self):
        self.ensure_one()
        if not (self.env.user.has_group(MANAGER_GROUP) or self.env.is_admin()):
            raise AccessError(_("Only key-account managers can change the key-account settings."))
        # the company comes with the record, so from the caller: the sudo
        # below writes only a company the user works for
        if self.company_id not in self.env.user.company_ids:
            raise AccessError(
                _(
                    "You cannot change the key-account settings of %(company)s: you do not "
                    "work for it.",
                    company=self.company_id.sudo().name,
                )
            )
        # the company and the activity type are not the managers' to write at
        # large: only these fields are, hence sudo after the check above
        values = self.read(COMPANY_FIELDS, load=None)[0]
        values.pop("id")
        company = self.company_id.sudo()
        cadence_changed = any(company[name] != values[name] for name in CADENCE_FIELDS)
        company.write(values)
        if cadence_changed:
            accounts = self.env["res.partner"].search(
                [("is_key_account", "=", True), ("company_id", "in", (company.id, False))]
            )
            self.env.add_to_compute(accounts._fields["kam_next_contact_date"], accounts)
        follow_up = self._follow_up_type()
        if follow_up:
            follow_up.sudo().delay_count = self.kam_visit_follow_up_days
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": _(
                    "Key-account settings saved for %(company)s.", company=self.company_id.name
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
