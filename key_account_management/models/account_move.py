from odoo import _, models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        # companies that start revisits at the first posted invoice; the
        # orders that already have a plan are skipped
        invoices = posted.filtered(lambda move: move.move_type == "out_invoice")
        invoices.invoice_line_ids.sale_line_ids.order_id._create_revisit_plans(trigger="invoice")
        return posted

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
