from odoo import fields, models


class KeyAccountPriorityItem(models.Model):
    """One of the customer's priority evaluation items (000 优先评估项):
    what it ranks first when it compares offers, e.g. price, delivery time,
    service network."""

    _name = "key.account.priority.item"
    _description = "Priority Evaluation Item"
    _order = "sequence, id"

    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    color = fields.Integer()
    active = fields.Boolean(default=True)

    _sql_constraints = [  # noqa: RUF012
        ("name_unique", "unique(name)", "A priority evaluation item with this name exists."),
    ]
