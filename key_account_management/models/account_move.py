from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    # Receivables, tiers and account health read invoices by customer
    # (commercial partner), batch after batch of accounts; Odoo indexes only
    # the invoice partner, so each batch scanned every invoice.
    commercial_partner_id = fields.Many2one(index=True)
    # the whitespace map reads one site's invoices by their delivery address
    partner_shipping_id = fields.Many2one(index="btree_not_null")

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        # companies that start revisits at the first posted invoice; the
        # orders that already have a plan are skipped
        invoices = posted.filtered(lambda move: move.move_type == "out_invoice")
        invoices.invoice_line_ids.sale_line_ids.order_id._kam_create_revisit_plans(
            trigger="invoice"
        )
        # a new invoice or debit note on a paid deal's orders reopens it
        posted._kam_deals()._kam_sync_paid_node()
        return posted

    def _invoice_paid_hook(self):
        # Stage 6's key node: a key-account deal is done when every posted
        # invoice of its confirmed orders is paid (credit notes netted).
        result = super()._invoice_paid_hook()
        self._kam_deals()._kam_sync_paid_node()
        return result

    def button_draft(self):
        deals = self._kam_deals()
        result = super().button_draft()
        deals._kam_sync_paid_node()
        return result

    def button_cancel(self):
        deals = self._kam_deals()
        result = super().button_cancel()
        deals._kam_sync_paid_node()
        return result

    def _kam_deals(self):
        """The key-account deals whose orders these customer invoices bill."""
        invoices = self.sudo().filtered(lambda move: move.is_sale_document())
        return invoices.line_ids.sale_line_ids.order_id.opportunity_id.filtered("is_key_account")
