from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        # companies that start revisits at the first posted invoice; the
        # orders that already have a plan are skipped
        invoices = posted.filtered(lambda move: move.move_type == "out_invoice")
        invoices.invoice_line_ids.sale_line_ids.order_id._create_revisit_plans(trigger="invoice")
        return posted
