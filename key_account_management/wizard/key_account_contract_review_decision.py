from odoo import fields, models


class KeyAccountContractReviewDecision(models.TransientModel):
    """Approve or refuse contract review items with one comment."""

    _name = "key.account.contract.review.decision"
    _description = "Contract Review Decision"

    line_ids = fields.Many2many(
        "key.account.contract.review.line",
        "key_account_review_decision_line_rel",
        string="Review Items",
    )
    comment = fields.Text(help="Required to refuse: the rep reads it.")

    def action_approve(self):
        self.line_ids._decide("approved", self.comment)
        return {"type": "ir.actions.act_window_close"}

    def action_refuse(self):
        self.line_ids._decide("refused", self.comment)
        return {"type": "ir.actions.act_window_close"}
