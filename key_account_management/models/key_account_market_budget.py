from odoo import api, fields, models

MARKETS = [("local", "Local"), ("domestic", "Domestic"), ("international", "International")]


class KeyAccountMarketBudget(models.Model):
    """What developing and keeping a key account may cost a year, by its
    market (客户开发/维护费)."""

    _name = "key.account.market.budget"
    _description = "Key-Account Budget per Market"
    _order = "company_id, market"

    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        ondelete="cascade",
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    market = fields.Selection(MARKETS, required=True)
    development_fee = fields.Monetary("Development Budget")
    maintenance_fee = fields.Monetary("Maintenance Budget")

    _sql_constraints = [  # noqa: RUF012
        ("market_unique", "unique(company_id, market)", "A market has one budget per company."),
        (
            "fees_positive",
            "CHECK(development_fee >= 0 AND maintenance_fee >= 0)",
            "A budget is not negative.",
        ),
    ]

    @api.model
    def _default_values(self):
        """The handbook's budgets: development 50,000 / 100,000 / 200,000 and
        maintenance 30,000 / 70,000 / 150,000 for local, domestic and
        international accounts."""
        return [
            {"market": "local", "development_fee": 50_000, "maintenance_fee": 30_000},
            {"market": "domestic", "development_fee": 100_000, "maintenance_fee": 70_000},
            {"market": "international", "development_fee": 200_000, "maintenance_fee": 150_000},
        ]
