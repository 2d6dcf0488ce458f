from odoo import fields, models

from .key_account_customer_type import CUSTOMER_TYPES


class KeyAccountFocusPoint(models.Model):
    """What customers of one type care about when they buy (003 客户关注点):
    the account's form lists those of its type as the points the solution
    must address."""

    _name = "key.account.focus.point"
    _description = "Customer Focus Point"
    _order = "customer_type, sequence, id"

    sequence = fields.Integer(default=10)
    name = fields.Char("Focus Point", required=True, translate=True)
    customer_type = fields.Selection(CUSTOMER_TYPES, required=True, index=True)
    kind = fields.Selection(
        [("use", "Main Use"), ("concern", "Concern")],
        required=True,
        default="concern",
        help="Main use: what customers of this type buy the units for; concern: what they "
        "weigh when they choose.",
    )
    description = fields.Text(
        translate=True, help="How to address this point in the solution and the visits."
    )
    active = fields.Boolean(default=True)
