from odoo import api, fields, models
from odoo.tools.sql import column_exists, create_column


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    kam_retention = fields.Boolean(
        "Retention Instalment",
        compute="_compute_kam_retention",
        store=True,
        help="The instalment of the invoice's payment terms marked as retention.",
    )

    def _auto_init(self):
        # no payment term has a retention line before the module is
        # installed: create the column empty instead of computing every line
        if not column_exists(self.env.cr, self._table, "kam_retention"):
            create_column(self.env.cr, self._table, "kam_retention", "boolean")
        return super()._auto_init()

    @api.depends(
        "display_type",
        "date_maturity",
        "move_id.invoice_date",
        "move_id.date",
        "move_id.invoice_payment_term_id.line_ids.kam_retention",
        "move_id.invoice_payment_term_id.line_ids.nb_days",
        "move_id.invoice_payment_term_id.line_ids.delay_type",
    )
    def _compute_kam_retention(self):
        # an instalment is the retention when its due date is the one the
        # retention line of the terms gives (Odoo merges instalments due the
        # same day; so is the retention then)
        for line in self:
            move = line.move_id
            retention = move.invoice_payment_term_id.line_ids.filtered("kam_retention")
            line.kam_retention = bool(
                line.display_type == "payment_term"
                and retention
                and line.date_maturity
                in {term._get_due_date(move.invoice_date or move.date) for term in retention}
            )
