from odoo import _, api, fields, models

from .key_account_health_factor import HEALTH_FACTORS

FACTOR_SEQUENCE = {factor: index for index, (factor, _label) in enumerate(HEALTH_FACTORS)}


class KeyAccountHealthLine(models.Model):
    """One factor of an account's health in one month: its score, whether
    it had data, and the figures behind it. The sentence saying what the
    figures mean is written when the line is read, in the reader's
    language; nothing stored is a sentence (but the text a snapshot measured
    before figures were kept had, see ``legacy_detail``).

    Its weight is the factor's among those that have data, from the
    company's weights: a factor without data weighs nothing, the others
    share its weight, and the contributions add up to the score."""

    _name = "key.account.health.line"
    _description = "Account Health Factor Score"
    _order = "month desc, partner_id, sequence, id"
    _rec_name = "factor"

    snapshot_id = fields.Many2one(
        "key.account.health.snapshot", required=True, index=True, ondelete="cascade"
    )
    # the snapshot's, stored for the trend by month and factor and the rules
    # (precomputed: written with the lines, not after them)
    partner_id = fields.Many2one(
        related="snapshot_id.partner_id",
        string="Key Account",
        store=True,
        precompute=True,
        index=True,
    )
    month = fields.Date(related="snapshot_id.month", store=True, precompute=True)
    company_id = fields.Many2one(
        related="snapshot_id.company_id", store=True, precompute=True, index=True
    )
    user_id = fields.Many2one(
        related="snapshot_id.user_id", string="Salesperson", store=True, precompute=True
    )
    kam_tier = fields.Selection(related="snapshot_id.kam_tier", store=True, precompute=True)
    factor = fields.Selection(HEALTH_FACTORS, required=True)
    sequence = fields.Integer(compute="_compute_sequence", store=True, precompute=True)
    score = fields.Float(digits=(5, 1), aggregator="avg")
    has_data = fields.Boolean(help="A factor without data is left out of the score.")
    figures = fields.Json(help="The figures behind the score: numbers, dates and keys, never text.")
    legacy_detail = fields.Char(
        "Data as Measured",
        help="The data of a snapshot measured before the figures were kept, as it was "
        "written then.",
    )
    detail = fields.Char(
        "Data", compute="_compute_detail", help="The data behind the score, in your language."
    )
    weight = fields.Float("Weight (%)", digits=(5, 1), compute="_compute_weight")
    contribution = fields.Float(
        digits=(5, 1),
        compute="_compute_weight",
        help="Score times weight: its part of the health score.",
    )

    @api.depends("factor")
    def _compute_sequence(self):
        for line in self:
            line.sequence = FACTOR_SEQUENCE.get(line.factor, len(FACTOR_SEQUENCE))

    @api.depends("factor", "has_data", "figures", "legacy_detail", "company_id")
    @api.depends_context("lang")
    def _compute_detail(self):
        Measure = self.env["key.account.health.measure"]
        for line in self:
            if line.has_data and line.figures:
                line.detail = Measure._detail(line.factor, line.figures, line.company_id)
            else:
                line.detail = line.legacy_detail or False

    @api.depends("score", "has_data", "factor", "company_id", "snapshot_id.line_ids.has_data")
    def _compute_weight(self):
        # the lines of a snapshot, and the weights of their companies, at once
        weights = {
            (factor.company_id.id, factor.factor): factor.weight
            for factor in self.env["key.account.health.factor"]
            .sudo()
            .search([("company_id", "in", self.company_id.ids)])
        }
        for snapshot, lines in self.grouped("snapshot_id").items():
            company = snapshot.sudo().company_id.id
            shared = sum(
                weights.get((company, line.factor), 0.0)
                for line in snapshot.sudo().line_ids
                if line.has_data
            )
            for line in lines:
                weight = weights.get((company, line.factor), 0.0) if line.has_data else 0.0
                line.weight = weight * 100.0 / shared if shared else 0.0
                line.contribution = line.score * weight / shared if shared else 0.0

    @api.readonly
    def action_open_records(self):
        """The records behind this factor's score."""
        self.ensure_one()
        return self.partner_id._kam_health_records_action(self.factor) or {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {"message": _("No records behind this factor."), "type": "info"},
        }
