from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..trust import is_trusted

# the settings write every weight, then check the total once
WEIGHTS_WRITE = "kam_health_weights_write"

# The measures of an account's health (客户健康度), in the order they are shown.
HEALTH_FACTORS = [
    ("contact", "Contact Frequency"),
    ("coverage", "Key People Met"),
    ("satisfaction", "Satisfaction"),
    ("money", "Receivables"),
    ("purchases", "Purchases"),
    ("problems", "Open Problems"),
    ("momentum", "Deal Momentum"),
    ("wallet", "Share of Wallet"),
]
HEALTH_STATES = [("healthy", "Healthy"), ("watch", "Watch"), ("at_risk", "At Risk")]


class KeyAccountHealthFactor(models.Model):
    """How much one measure weighs in the health score of a company's key
    accounts. The weights of a company add up to 100, like the criteria of
    an evaluation scorecard."""

    _name = "key.account.health.factor"
    _description = "Account Health Factor"
    _order = "company_id, sequence, id"

    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        ondelete="cascade",
        default=lambda self: self.env.company,
    )
    factor = fields.Selection(HEALTH_FACTORS, required=True)
    weight = fields.Float("Weight (%)", required=True, digits=(5, 1))
    description = fields.Char("Measures", compute="_compute_description")

    _sql_constraints = [  # noqa: RUF012
        ("factor_unique", "unique(company_id, factor)", "A factor has one weight per company."),
        ("weight_range", "CHECK(weight >= 0 AND weight <= 100)", "A weight is 0 to 100 %."),
    ]

    @api.depends("factor")
    @api.depends_context("lang")
    def _compute_description(self):
        descriptions = {
            "contact": _(
                "Days since the last development record, done revisit or meeting, against "
                "the contact frequency of the account's tier."
            ),
            "coverage": _(
                "The economic buyer and the coach of the buying centre met within 90 days."
            ),
            "satisfaction": _("Mean satisfaction of the last three done revisits, and its trend."),
            "money": _(
                "Overdue share of what the account owes and the age of its oldest overdue "
                "instalment."
            ),
            "purchases": _(
                "Last twelve months' revenue against the twelve before, and days since the "
                "last confirmed order against the account's usual interval between orders."
            ),
            "problems": _("Problems found in revisits whose follow-up is still open."),
            "momentum": _("Share of the account's open deals that are stalled."),
            "wallet": _(
                "Our units bought in twelve months against the account's annual purchase "
                "volume, and installed units due for replacement without a deal."
            ),
        }
        for line in self:
            line.description = descriptions.get(line.factor, False)

    @api.constrains("weight", "company_id")
    def _check_total_weight(self):
        # the settings save every weight at once and check the total after
        if is_trusted(self.env, WEIGHTS_WRITE):
            return
        self._check_company_weights(self.company_id)

    @api.model
    def _check_company_weights(self, companies):
        for company in companies:
            total = sum(self.search([("company_id", "=", company.id)]).mapped("weight"))
            if round(total, 1) != 100:
                raise ValidationError(
                    _(
                        "The weights of the account health factors of %(company)s add up to "
                        "%(total)s %%; they must add up to 100 %%.",
                        company=company.name,
                        total=round(total, 1),
                    )
                )

    @api.model
    def _default_values(self):
        """Our defaults: neglect (contact) weighs most, as the handbooks warn;
        the money and purchase signals next; open problems least, since
        they show in satisfaction too, and the share of wallet little, as a
        purchase signal of its own (it has data only where the annual volume
        or the installed base is known)."""
        weights = {
            "contact": 25,
            "coverage": 15,
            "satisfaction": 15,
            "money": 15,
            "purchases": 10,
            "problems": 5,
            "momentum": 10,
            "wallet": 5,
        }
        return [
            {"factor": factor, "weight": weights[factor], "sequence": index}
            for index, (factor, _label) in enumerate(HEALTH_FACTORS)
        ]

    @api.model_create_multi
    def create(self, vals_list):
        factors = super().create(vals_list)
        factors._trigger_health_job()
        return factors

    def write(self, vals):
        result = super().write(vals)
        if "weight" in vals:
            self._trigger_health_job()
        return result

    def _trigger_health_job(self):
        # new weights: the scores are computed again in the background
        cron = self.env.ref(
            "key_account_management.ir_cron_kam_compute_health", raise_if_not_found=False
        )
        if cron:
            cron.sudo()._trigger()
