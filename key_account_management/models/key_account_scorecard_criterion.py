from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..trust import is_trusted

# criteria saved with their scorecard: the scorecard checks the total once
SCORECARD_WRITE = "kam_scorecard_write"


class KeyAccountScorecardCriterion(models.Model):
    _name = "key.account.scorecard.criterion"
    _description = "Evaluation Criterion"
    _order = "scorecard_id, sequence, id"

    scorecard_id = fields.Many2one("key.account.scorecard", required=True, ondelete="cascade")
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    weight = fields.Float("Weight (%)", required=True)

    @api.constrains("weight")
    def _check_weight(self):
        for criterion in self:
            if not 0 <= criterion.weight <= 100:
                raise ValidationError(
                    _(
                        "The weight of criterion %(criterion)s must be between 0 and 100 %%.",
                        criterion=criterion.name,
                    )
                )
        # data files load a scorecard's criteria one by one, as superuser
        loading = self.env.su and self.env.context.get("install_filename")
        if not (is_trusted(self.env, SCORECARD_WRITE) or loading):
            self.scorecard_id._check_weights()
