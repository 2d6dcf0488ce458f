from odoo import fields, models

from .key_account_health_factor import HEALTH_FACTORS, HEALTH_STATES
from .res_partner import TIERS


class KeyAccountHealthSnapshot(models.Model):
    """An account's health in one month: the score, its state and every
    factor. The current month's snapshot is the account's health today
    (kept up to date by the daily job); the earlier ones are its history."""

    _name = "key.account.health.snapshot"
    _description = "Account Health Snapshot"
    _order = "month desc, partner_id"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        "res.partner", string="Key Account", required=True, index=True, ondelete="cascade"
    )
    month = fields.Date(required=True, index=True, help="First day of the month.")
    date = fields.Date("Computed On", required=True)
    company_id = fields.Many2one("res.company", required=True, index=True)
    user_id = fields.Many2one("res.users", string="Salesperson", index=True)
    kam_tier = fields.Selection(TIERS, string="Account Tier")
    score = fields.Float("Health Score", digits=(5, 1), aggregator="avg")
    state = fields.Selection(HEALTH_STATES, string="Health")
    next_action = fields.Char()
    next_action_factor = fields.Selection(HEALTH_FACTORS)
    next_action_person_id = fields.Many2one("res.partner", string="Person to Meet")
    # each factor's score (0-100) and the data behind it; no detail: no data,
    # the factor is left out of the score
    contact_score = fields.Float("Contact Frequency", digits=(5, 1), aggregator="avg")
    contact_detail = fields.Char("Contact Frequency: Data")
    coverage_score = fields.Float("Key People Met", digits=(5, 1), aggregator="avg")
    coverage_detail = fields.Char("Key People Met: Data")
    satisfaction_score = fields.Float("Satisfaction", digits=(5, 1), aggregator="avg")
    satisfaction_detail = fields.Char("Satisfaction: Data")
    money_score = fields.Float("Receivables", digits=(5, 1), aggregator="avg")
    money_detail = fields.Char("Receivables: Data")
    purchases_score = fields.Float("Purchases", digits=(5, 1), aggregator="avg")
    purchases_detail = fields.Char("Purchases: Data")
    problems_score = fields.Float("Open Problems", digits=(5, 1), aggregator="avg")
    problems_detail = fields.Char("Open Problems: Data")
    momentum_score = fields.Float("Deal Momentum", digits=(5, 1), aggregator="avg")
    momentum_detail = fields.Char("Deal Momentum: Data")

    _sql_constraints = [  # noqa: RUF012
        (
            "partner_month_unique",
            "unique(partner_id, month)",
            "An account has one health snapshot per month.",
        ),
    ]

    def _read_factor(self, factor):
        """(score, detail) of one factor; detail False when it had no data."""
        return self[f"{factor}_score"], self[f"{factor}_detail"]
