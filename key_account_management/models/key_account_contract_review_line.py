from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv.expression import AND
from odoo.tools import format_amount, format_date

from ..const import MANAGER_GROUP

REVIEW_STATES = [
    ("draft", "Not Submitted"),
    ("to_review", "To Review"),
    ("approved", "Approved"),
    ("refused", "Refused"),
]
# written only by the submit and decide actions (as superuser, after their checks)
DECISION_FIELDS = {
    "state",
    "approved_key",
    "approver_id",
    "submitted_by_id",
    "submitted_on",
    "decided_by_id",
    "decided_on",
    "comment",
}


# what an item's value reads: a change of any of these can change it
VALUE_DEPENDS = (
    "value_text",
    "value_amount",
    "value_percent",
    "value_date",
    "item_id.value_source",
    "item_id.value_type",
    "order_id.amount_total",
    "order_id.currency_id",
    "order_id.payment_term_id",
    "order_id.payment_term_id.line_ids.kam_retention",
    "order_id.payment_term_id.line_ids.value",
    "order_id.payment_term_id.line_ids.value_amount",
    "order_id.payment_term_id.line_ids.nb_days",
    "order_id.payment_term_id.line_ids.delay_type",
    "order_id.commitment_date",
    "order_id.note",
)


class KeyAccountContractReviewLine(models.Model):
    """One item of a contract's review (合同审核): the value agreed with the
    customer, the department that approves it and its decision.

    An approved item goes back to review as soon as its value changes,
    whichever door changes it (the order's total, payment terms or delivery
    date, or the value entered on the line): the state is computed from the
    value shown and the value that was approved."""

    _name = "key.account.contract.review.line"
    _description = "Contract Review Item of an Order"
    _order = "order_id, sequence, id"
    _rec_name = "item_id"

    order_id = fields.Many2one("sale.order", "Order", required=True, ondelete="cascade", index=True)
    item_id = fields.Many2one(
        "key.account.contract.review.item", "Review Item", required=True, ondelete="restrict"
    )
    sequence = fields.Integer(related="item_id.sequence", store=True)
    description = fields.Text(related="item_id.description")
    value_source = fields.Selection(related="item_id.value_source")
    value_type = fields.Selection(related="item_id.value_type")
    reviewer_group_id = fields.Many2one(
        related="item_id.reviewer_group_id", string="Approving Department", store=True
    )
    partner_id = fields.Many2one(related="order_id.partner_id", string="Customer")
    lead_id = fields.Many2one(related="order_id.opportunity_id", string="Deal")
    user_id = fields.Many2one(related="order_id.user_id", string="Salesperson")
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="order_id.currency_id")

    value_text = fields.Text("Agreed Text")
    value_amount = fields.Monetary("Agreed Amount")
    value_percent = fields.Float("Agreed Percentage", digits=(5, 2))
    value_date = fields.Date("Agreed Date")
    value_display = fields.Char(
        "Agreed Value",
        compute="_compute_value_display",
        help="The value under review: the order's own field, or the value entered here.",
    )
    # The agreed value as one comparable text (whatever its type): an
    # approval keeps it in ``approved_key``, and a line whose value_key no
    # longer equals it goes back to review, whichever door changed the value.
    # "key" as in a comparison key; the names stay, a rename would cost a
    # migration of every approved line for no change of meaning.
    value_key = fields.Char("Value Compared", compute="_compute_value_key", store=True)

    state = fields.Selection(
        REVIEW_STATES,
        default="draft",
        required=True,
        compute="_compute_state",
        store=True,
        readonly=False,
        index=True,
    )
    approved_key = fields.Char("Value Approved", readonly=True, copy=False)
    approver_id = fields.Many2one("res.users", "Approver", readonly=True, copy=False)
    submitted_by_id = fields.Many2one("res.users", "Submitted By", readonly=True, copy=False)
    submitted_on = fields.Datetime(readonly=True, copy=False)
    decided_by_id = fields.Many2one("res.users", "Decided By", readonly=True, copy=False)
    decided_on = fields.Datetime(readonly=True, copy=False)
    comment = fields.Text(readonly=True, copy=False)
    can_decide = fields.Boolean(compute="_compute_can_decide", search="_search_can_decide")

    @api.depends(*VALUE_DEPENDS)
    def _compute_value_key(self):
        for line in self:
            line.value_key = line._value(display=False) or False

    @api.depends(*VALUE_DEPENDS)
    @api.depends_context("lang")
    def _compute_value_display(self):
        for line in self:
            line.value_display = line._value(display=True) or False

    def _value(self, display):
        """The value under review: shown in the user's language, or as a key
        that changes exactly when the value does (what approval compares)."""
        order = self.order_id
        source = self.item_id.value_source
        if source == "amount_total":
            return self._amount(order.amount_total, display)
        if source in ("payment_term_id", "retention"):
            term = order.payment_term_id
            lines = (
                term.line_ids
                if source == "payment_term_id"
                else term.line_ids.filtered("kam_retention")
            )
            if display:
                if source == "retention":
                    return term and term._kam_retention_summary()
                return term.display_name
            return term and repr(
                (
                    term.id,
                    lines.mapped(lambda tl: (tl.value, tl.value_amount, tl.nb_days, tl.delay_type)),
                )
            )
        if source == "commitment_date":
            return self._date(order.commitment_date, display)
        if source == "note":
            return order.note and fields.Html.to_plaintext(order.note).strip()
        value_type = self.item_id.value_type
        if value_type == "amount":
            return self.value_amount and self._amount(self.value_amount, display)
        if value_type == "percentage":
            return self.value_percent and f"{self.value_percent:g} %"
        if value_type == "date":
            return self._date(self.value_date, display)
        return (self.value_text or "").strip()

    def _amount(self, amount, display):
        currency = self.order_id.currency_id
        if display:
            return format_amount(self.env, amount, currency)
        return f"{currency.name} {currency.round(amount)}"

    def _date(self, date, display):
        if not date:
            return False
        return format_date(self.env, date) if display else date.isoformat()

    @api.depends("value_key")
    def _compute_state(self):
        for line in self:
            if not line.state:
                line.state = "draft"
            elif line.state == "approved" and line.value_key != line.approved_key:
                line.state = "to_review"

    @api.depends_context("uid")
    @api.depends("state", "submitted_by_id", "reviewer_group_id")
    def _compute_can_decide(self):
        user = self.env.user
        is_manager = user.has_group(MANAGER_GROUP)
        for line in self:
            line.can_decide = (
                line.state == "to_review"
                and line.submitted_by_id != user
                and (is_manager or line.reviewer_group_id in user.groups_id)
            )

    def _search_can_decide(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Search the items to decide with = True or = False."))
        user = self.env.user
        domain = [("state", "=", "to_review"), ("submitted_by_id", "!=", user.id)]
        if not user.has_group(MANAGER_GROUP):
            domain.append(("reviewer_group_id", "in", user.groups_id.ids))
        if (operator == "=") == value:
            return domain
        return ["!", *AND([domain])]

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(DECISION_FIELDS & vals.keys() for vals in vals_list):
            raise AccessError(_("A contract review item starts unsubmitted: submit it for review."))
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and DECISION_FIELDS & vals.keys():
            raise AccessError(
                _("Contract review items are submitted, approved and refused with their buttons.")
            )
        return super().write(vals)

    @api.readonly
    def action_open_decision(self):
        """The approver's dialog: a comment, then approve or refuse."""
        return {
            "type": "ir.actions.act_window",
            "name": _("Decide on %(items)s", items=", ".join(self.item_id.mapped("name"))),
            "res_model": "key.account.contract.review.decision",
            "view_mode": "form",
            "target": "new",
            "context": {"default_line_ids": self.ids},
        }

    def _decide(self, decision, comment):
        """Approve or refuse these items for the current user, who must be of
        the approving department (or a key-account manager) and not the one
        who submitted them. Refusing needs a reason, which goes to the rep."""
        if decision == "refused" and not (comment or "").strip():
            raise UserError(_("Say why the item is refused: the rep needs the reason."))
        user = self.env.user
        for line in self:
            if line.state != "to_review":
                raise UserError(
                    _(
                        "%(item)s of %(order)s is not waiting for a decision.",
                        item=line.item_id.name,
                        order=line.order_id.name,
                    )
                )
            if line.submitted_by_id == user:
                raise UserError(
                    _(
                        "You submitted %(item)s of %(order)s: another person approves it.",
                        item=line.item_id.name,
                        order=line.order_id.name,
                    )
                )
            if not line.can_decide:
                raise AccessError(
                    _(
                        "%(item)s of %(order)s is approved by %(department)s.",
                        item=line.item_id.name,
                        order=line.order_id.name,
                        department=line.reviewer_group_id.name,
                    )
                )
        now = fields.Datetime.now()
        for line in self.sudo():
            line.write(
                {
                    "state": decision,
                    "decided_by_id": user.id,
                    "decided_on": now,
                    "comment": comment,
                    "approved_key": line.value_key if decision == "approved" else False,
                }
            )
        self.order_id.sudo()._kam_review_decided(self, decision, comment)
