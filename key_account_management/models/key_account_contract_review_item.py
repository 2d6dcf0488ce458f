from odoo import fields, models

# where an item's agreed value lives: the order's own field where Odoo has
# one, so the review never keeps a copy that can drift from the contract
VALUE_SOURCES = [
    ("manual", "Entered on the review"),
    ("amount_total", "Order total"),
    ("payment_term_id", "Payment terms"),
    ("retention", "Retention in the payment terms"),
    ("commitment_date", "Delivery date"),
    ("note", "Terms and conditions"),
]
VALUE_TYPES = [
    ("text", "Text"),
    ("amount", "Amount"),
    ("percentage", "Percentage"),
    ("date", "Date"),
]


class KeyAccountContractReviewItem(models.Model):
    """One point of the contract review (合同审核): what the departments
    check before a key-account contract is signed, and which department
    (group of users) approves it."""

    _name = "key.account.contract.review.item"
    _description = "Contract Review Item"
    _order = "sequence, id"

    name = fields.Char("Review Item", required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(
        "What to Check", translate=True, help="Shown to the rep and the approver."
    )
    value_source = fields.Selection(
        VALUE_SOURCES,
        string="Value From",
        required=True,
        default="manual",
        help="The order's own field holds the value where Odoo has one; a change of that "
        "field after approval puts the item back to review.",
    )
    value_type = fields.Selection(
        VALUE_TYPES,
        required=True,
        default="text",
        help="What the rep enters when the value is entered on the review.",
    )
    reviewer_group_id = fields.Many2one(
        "res.groups",
        string="Approving Department",
        required=True,
        help="The users of this group approve the item; nobody approves their own submission.",
    )
    reviewer_id = fields.Many2one(
        "res.users",
        string="Default Approver",
        help="Who receives the activity; by default the first user of the department in the "
        "order's company, or a key-account manager when the department has nobody.",
    )
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, help="Empty: every company."
    )
