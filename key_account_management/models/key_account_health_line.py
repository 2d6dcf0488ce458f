from odoo import _, api, fields, models, tools
from odoo.tools import SQL

from .key_account_health_factor import HEALTH_FACTORS


class KeyAccountHealthLine(models.Model):
    """One factor of an account's current health, for the factor table of
    the account: its score, its weight among the factors that have data,
    what it contributes to the score and the data behind it.

    Read live from the account's latest snapshot and its company's weights:
    a factor without data weighs nothing, the others share its weight."""

    _name = "key.account.health.line"
    _description = "Account Health Factor Score"
    _auto = False
    _order = "partner_id, sequence"
    _rec_name = "factor"
    _depends = {  # noqa: RUF012
        "key.account.health.snapshot": [
            "partner_id",
            "month",
            "company_id",
            "user_id",
            *(
                f"{factor}_{part}"
                for factor, _label in HEALTH_FACTORS
                for part in ("score", "detail")
            ),
        ],
        "key.account.health.factor": ["company_id", "factor", "weight"],
    }

    partner_id = fields.Many2one("res.partner", string="Key Account", readonly=True)
    snapshot_id = fields.Many2one("key.account.health.snapshot", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    sequence = fields.Integer(readonly=True)
    factor = fields.Selection(HEALTH_FACTORS, readonly=True)
    score = fields.Float(digits=(5, 1), readonly=True)
    weight = fields.Float("Weight (%)", digits=(5, 1), readonly=True)
    contribution = fields.Float(
        digits=(5, 1), readonly=True, help="Score times weight: its part of the health score."
    )
    detail = fields.Char("Data", readonly=True)
    has_data = fields.Boolean(readonly=True)

    @api.model
    def _query(self):
        values = ", ".join(
            f"({index}, '{factor}', s.{factor}_score, s.{factor}_detail)"
            for index, (factor, _label) in enumerate(HEALTH_FACTORS)
        )
        # the weight among the factors that have data, so that the
        # contributions add up to the score (one snapshot per account here:
        # partitioned by account, a filter on the account reaches the index)
        shared = (
            "SUM(CASE WHEN f.detail IS NOT NULL THEN w.weight END) OVER (PARTITION BY s.partner_id)"
        )
        return f"""
            SELECT s.id * {len(HEALTH_FACTORS)} + f.sequence AS id,
                   s.partner_id,
                   s.id AS snapshot_id,
                   s.company_id,
                   s.user_id,
                   f.sequence,
                   f.factor,
                   f.score,
                   f.detail,
                   f.detail IS NOT NULL AS has_data,
                   CASE WHEN f.detail IS NOT NULL
                        THEN w.weight * 100.0 / NULLIF({shared}, 0) ELSE 0 END AS weight,
                   CASE WHEN f.detail IS NOT NULL
                        THEN f.score * w.weight / NULLIF({shared}, 0) ELSE 0 END AS contribution
              FROM (SELECT DISTINCT ON (partner_id) *
                      FROM key_account_health_snapshot
                  ORDER BY partner_id, month DESC) s
        CROSS JOIN LATERAL (VALUES {values}) AS f(sequence, factor, score, detail)
         LEFT JOIN key_account_health_factor w
                ON w.company_id = s.company_id AND w.factor = f.factor
        """

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL("CREATE VIEW %s AS (%s)", SQL.identifier(self._table), SQL(self._query()))
        )

    def action_open_records(self):
        """The records behind this factor's score."""
        self.ensure_one()
        return self.partner_id._kam_health_records_action(self.factor) or {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {"message": _("No records behind this factor."), "type": "info"},
        }
