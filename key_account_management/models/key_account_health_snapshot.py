from odoo import api, fields, models

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
    line_ids = fields.One2many("key.account.health.line", "snapshot_id", string="Factors")
    # the next best action: its factor, whom to meet and its figures; the
    # sentence is written when read, in the reader's language
    next_action = fields.Char(compute="_compute_next_action")
    next_action_factor = fields.Selection(HEALTH_FACTORS)
    next_action_person_id = fields.Many2one("res.partner", string="Person to Meet")
    next_action_figures = fields.Json(
        help="The figures of the next best action: numbers, dates and keys, never text."
    )
    legacy_next_action = fields.Char(
        "Next Action as Measured",
        help="The next best action of a snapshot measured before its figures were kept, as "
        "it was written then.",
    )

    _sql_constraints = [  # noqa: RUF012
        (
            "partner_month_unique",
            "unique(partner_id, month)",
            "An account has one health snapshot per month.",
        ),
    ]

    @api.depends(
        "next_action_factor",
        "next_action_figures",
        "next_action_person_id.name",
        "legacy_next_action",
        "company_id",
    )
    @api.depends_context("lang")
    def _compute_next_action(self):
        Measure = self.env["key.account.health.measure"]
        for snapshot in self:
            if snapshot.next_action_factor and snapshot.next_action_figures:
                snapshot.next_action = Measure._action_text(
                    snapshot.next_action_factor,
                    snapshot.next_action_figures,
                    snapshot.company_id,
                    # named as the snapshot's readers saw them when it was written
                    snapshot.next_action_person_id.sudo().name,
                )
            else:
                snapshot.next_action = snapshot.legacy_next_action or False
