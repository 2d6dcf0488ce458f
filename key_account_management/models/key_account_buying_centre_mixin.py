from odoo import api, fields, models
from odoo.tools import float_compare

from ..const import USER_GROUP
from .key_account_buying_role import ATTITUDE_SCORE


class KeyAccountBuyingCentreMixin(models.AbstractModel):
    """Figures of a buying centre, stored on its owner (deal or account).

    The owner defines ``buying_role_ids`` and ``is_key_account``: the flags
    only apply to key-account business, so that standard leads and customers
    are never reported as incomplete.

    The four figures a deal's pipeline card shows (completeness, support,
    no coach, economic buyer opposed) carry no field-level ``groups``: the
    kanban already hides them by group, and a field-level check costs a
    group lookup per field and read on every column of the pipeline. They
    are figures of the deal, readable by whoever may read the deal; the
    people behind them (``buying_role_ids``) stay restricted. An owner that
    must hide them adds ``groups`` where it inherits (the account does).
    """

    _name = "key.account.buying.centre.mixin"
    _description = "Buying-Centre Figures"

    buying_centre_completeness = fields.Float(
        string="Buying-Centre Completeness (%)",
        compute="_compute_buying_centre_figures",
        store=True,
        digits=(5, 1),
        aggregator="avg",
        help="Sum of the decision weights recorded: 100 % means the buying centre is complete.",
    )
    buying_centre_support = fields.Float(
        string="Support Index",
        compute="_compute_buying_centre_figures",
        store=True,
        digits=(5, 1),
        aggregator="avg",
        help="Weighted attitude of the buying centre, from -100 (all opposed) to +100 "
        "(all supporters): supporter +1, neutral 0, opponent -1, unknown 0, times weight.",
    )
    buying_centre_known_weight = fields.Float(
        string="Known Attitudes (%)",
        compute="_compute_buying_centre_figures",
        store=True,
        digits=(5, 1),
        aggregator="avg",
        groups=USER_GROUP,
        help="Decision weight of the people whose attitude we know.",
    )
    buying_centre_incomplete = fields.Boolean(
        string="Incomplete Buying Centre",
        compute="_compute_buying_centre_figures",
        store=True,
        groups=USER_GROUP,
    )
    buying_centre_no_economic_buyer = fields.Boolean(
        string="No Economic Buyer",
        compute="_compute_buying_centre_figures",
        store=True,
        groups=USER_GROUP,
    )
    buying_centre_no_technical_buyer = fields.Boolean(
        string="No Technical Buyer",
        compute="_compute_buying_centre_figures",
        store=True,
        groups=USER_GROUP,
    )
    buying_centre_no_coach = fields.Boolean(
        string="No Coach",
        compute="_compute_buying_centre_figures",
        store=True,
    )
    buying_centre_economic_opposed = fields.Boolean(
        string="Economic Buyer Opposed",
        compute="_compute_buying_centre_figures",
        store=True,
    )

    @api.depends(
        "is_key_account",
        "buying_role_ids.weight",
        "buying_role_ids.attitude",
        "buying_role_ids.role",
    )
    def _compute_buying_centre_figures(self):
        for owner in self:
            # Only key-account business has a buying centre: other leads and
            # customers skip the lookup (and keep Odoo's own query counts).
            flagged = owner.is_key_account
            lines = owner.buying_role_ids if flagged else owner.buying_role_ids.browse()
            roles = set(lines.mapped("role"))
            completeness = sum(lines.mapped("weight"))
            owner.buying_centre_completeness = completeness
            owner.buying_centre_support = sum(
                line.weight * ATTITUDE_SCORE[line.attitude] for line in lines
            )
            owner.buying_centre_known_weight = sum(
                line.weight for line in lines if line.attitude != "unknown"
            )
            owner.buying_centre_incomplete = flagged and (
                float_compare(completeness, 100.0, precision_digits=1) < 0
            )
            owner.buying_centre_no_economic_buyer = flagged and "economic_buyer" not in roles
            owner.buying_centre_no_technical_buyer = flagged and "technical_buyer" not in roles
            owner.buying_centre_no_coach = flagged and "coach" not in roles
            owner.buying_centre_economic_opposed = any(
                line.role == "economic_buyer" and line.attitude == "opponent" for line in lines
            )
