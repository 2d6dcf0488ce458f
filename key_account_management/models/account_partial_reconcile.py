from odoo import models


class AccountPartialReconcile(models.Model):
    _inherit = "account.partial.reconcile"

    def unlink(self):
        # a payment reset or cancelled, a reconciliation undone: the invoices
        # it paid may no longer be paid, and their deals no longer done
        deals = (self.debit_move_id | self.credit_move_id).move_id._kam_deals()
        result = super().unlink()
        deals._kam_sync_paid_node()
        return result
