from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..const import MANAGER_GROUP
from ..trust import trusted
from .key_account_health_factor import WEIGHTS_WRITE


class KeyAccountSettings(models.TransientModel):
    """The app's settings, for key-account managers.

    Odoo's Settings page (``res.config.settings``) is for administrators only
    (it can change anything); this form changes the key-account settings of
    the current company and nothing else, so it can belong to the
    key-account managers. Its fields are the company's own (related): the
    checks of their values live on the company, for every door.
    """

    _name = "key.account.settings"
    _description = "Key-Account Settings"

    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    kam_tier_strategic_amount = fields.Monetary(
        related="company_id.kam_tier_strategic_amount",
        readonly=False,
        string="Strategic accounts from",
        help="Revenue of the last twelve months from which an account is strategic "
        "(sales class A).",
    )
    kam_tier_key_amount = fields.Monetary(
        related="company_id.kam_tier_key_amount",
        readonly=False,
        string="Key accounts from",
        help="Revenue of the last twelve months from which an account is key (sales class B); "
        "below it, general (C).",
    )
    kam_tier_strategic_volume = fields.Integer(
        related="company_id.kam_tier_strategic_volume",
        readonly=False,
        string="Strategic accounts buying",
        help="The customer's estimated annual purchase volume (units of our kind of product a "
        "year, whoever they buy from) from which an account is strategic.",
    )
    kam_tier_key_volume = fields.Integer(
        related="company_id.kam_tier_key_volume",
        readonly=False,
        string="Key accounts buying",
        help="The customer's estimated annual purchase volume from which an account is key.",
    )
    kam_stalled_days = fields.Integer(
        related="company_id.kam_stalled_days",
        readonly=False,
        string="Stalled after",
        help="A key-account deal without a stage change for this many days is stalled.",
    )
    kam_replacement_horizon_months = fields.Integer(
        related="company_id.kam_replacement_horizon_months",
        readonly=False,
        string="Predict replacements within",
        help="Installed units due for replacement within this many months (or overdue) are the "
        "accounts' predicted needs.",
    )
    kam_scorecard_id = fields.Many2one(
        related="company_id.kam_scorecard_id",
        readonly=False,
        string="Evaluation Scorecard",
        domain=[("usage", "=", "evaluation")],
        help="Stage 1: the go/no-go evaluation model new key-account deals are scored with.",
    )
    kam_comparison_scorecard_id = fields.Many2one(
        related="company_id.kam_comparison_scorecard_id",
        readonly=False,
        string="Supplier Comparison Template",
        domain=[("usage", "=", "comparison")],
        help="Stage 3: the customer's usual criteria for choosing a supplier, and their "
        "weights, that a deal's supplier comparison starts from.",
    )
    kam_revisit_plan_trigger = fields.Selection(
        related="company_id.kam_revisit_plan_trigger",
        readonly=False,
        string="Start Revisits At",
        help="When a key-account sales order gets its after-sales revisit plan.",
    )
    kam_revisit_horizon_months = fields.Integer(
        related="company_id.kam_revisit_horizon_months",
        readonly=False,
        string="Plan revisits ahead for",
        help="A revisit phase that runs until the plan is closed is planned this many months "
        "ahead; the daily job plans further as time passes.",
    )
    kam_revisit_template_id = fields.Many2one(
        related="company_id.kam_revisit_template_id",
        readonly=False,
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
        related="company_id.kam_cadence_strategic_days",
        readonly=False,
        string="Contact strategic accounts every",
        help="Days between two contacts at most.",
    )
    kam_cadence_key_days = fields.Integer(
        related="company_id.kam_cadence_key_days",
        readonly=False,
        string="Contact key accounts every",
    )
    kam_cadence_general_days = fields.Integer(
        related="company_id.kam_cadence_general_days",
        readonly=False,
        string="Contact general accounts every",
    )
    kam_health_healthy_score = fields.Integer(
        related="company_id.kam_health_healthy_score",
        readonly=False,
        string="Healthy from",
        help="A health score from this value up (out of 100) is healthy.",
    )
    kam_health_watch_score = fields.Integer(
        related="company_id.kam_health_watch_score",
        readonly=False,
        string="Watch from",
        help="From this score up to the healthy one, an account is on watch; below it, at risk.",
    )
    # Account plans: how often they are reviewed, by tier
    kam_plan_review_strategic_months = fields.Integer(
        related="company_id.kam_plan_review_strategic_months",
        readonly=False,
        string="Review strategic accounts' plans every",
        help="Months between two reviews of a strategic account's plan.",
    )
    kam_plan_review_key_months = fields.Integer(
        related="company_id.kam_plan_review_key_months",
        readonly=False,
        string="Review key accounts' plans every",
    )
    kam_plan_review_general_months = fields.Integer(
        related="company_id.kam_plan_review_general_months",
        readonly=False,
        string="Review general accounts' plans every",
    )
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

    @api.constrains("kam_visit_follow_up_days")
    def _check_follow_up_days(self):
        if any(settings.kam_visit_follow_up_days < 0 for settings in self):
            raise ValidationError(_("A follow-up cannot be due before the visit."))

    @api.model
    def _follow_up_type(self):
        return self.env.ref(
            "key_account_management.mail_activity_type_visit_follow_up", raise_if_not_found=False
        )

    @api.model_create_multi
    def create(self, vals_list):
        """The company's settings are written here, through the related
        fields: as the add-on, once the user is found to be a key-account
        manager of that company (they may not write companies at large)."""
        Company = self.env["res.company"]
        for vals in vals_list:
            self._check_manager(Company.browse(vals.get("company_id")) or self.env.company)
        # the weights of the factors are written line by line as the form
        # sends them: the total is checked once they all are (the inverse)
        settings = super(KeyAccountSettings, trusted(self.sudo(), WEIGHTS_WRITE)).create(vals_list)
        return settings.with_env(self.env)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if "kam_visit_follow_up_days" in fields_list:
            values["kam_visit_follow_up_days"] = self._follow_up_type().sudo().delay_count
        return values

    @api.model
    def _check_manager(self, company):
        if not (self.env.user.has_group(MANAGER_GROUP) or self.env.is_admin()):
            raise AccessError(_("Only key-account managers can change the key-account settings."))
        # the company comes from the caller: the sudo of create and execute
        # writes only a company the user works for
        if company not in self.env.user.company_ids:
            raise AccessError(
                _(
                    "You cannot change the key-account settings of this company: you do not "
                    "work for it."
                )
            )

    def write(self, vals):
        # the company it is for, and any the caller sends instead
        companies = self.company_id | self.env["res.company"].browse(vals.get("company_id") or [])
        for company in companies:
            self._check_manager(company)
        return super(KeyAccountSettings, trusted(self.sudo(), WEIGHTS_WRITE)).write(vals)

    def execute(self):
        """The form's Save: the company was written when the form was saved;
        what is left is the follow-up delay, Odoo's activity type's own."""
        self.ensure_one()
        self._check_manager(self.company_id)
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
