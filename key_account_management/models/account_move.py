from odoo import _, models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _invoice_paid_hook(self):
        # Stage 6's key node: a key-account deal is done when every posted
        # invoice of its confirmed orders is paid (credit notes netted).
        result = super()._invoice_paid_hook()
        leads = self.sudo().line_ids.sale_line_ids.order_id.opportunity_id.filtered(
            "is_key_account"
        )
        paid = leads.filtered(lambda lead: lead._kam_fully_paid())
        if paid:
            paid._kam_mark_paid(_("full payment received"))
        return result
