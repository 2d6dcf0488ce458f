from odoo import api, models

# what a line of a confirmed order gives its installed units
UNIT_FIELDS = {"product_id", "product_uom_qty", "price_unit", "discount", "tax_id"}
# the lines whose delivered quantity changed, synced when the transaction commits
DELIVERED_AT_COMMIT = "key_account_management.delivered_at_commit"


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        # a line added to a confirmed order adds units
        confirmed = lines.filtered(lambda line: line.order_id.state == "sale")
        if confirmed:
            self.env["key.account.installed.unit"]._kam_sync_from_order_lines(confirmed)
        return lines

    def write(self, vals):
        result = super().write(vals)
        if UNIT_FIELDS & vals.keys():
            confirmed = self.filtered(lambda line: line.order_id.state == "sale")
            if confirmed:
                self.env["key.account.installed.unit"]._kam_sync_from_order_lines(confirmed)
        return result

    def _compute_qty_delivered(self):
        # With Inventory, our units are what was delivered: the delivered
        # quantity is computed from the stock moves (sale_stock overrides this
        # method, above or below this override), so the units follow it once
        # the transaction's deliveries are all done, when it commits.
        result = super()._compute_qty_delivered()
        lines = self.filtered(lambda line: line.id and line.qty_delivered_method == "stock_move")
        if lines:
            pending = self.env.cr.precommit.data.setdefault(DELIVERED_AT_COMMIT, set())
            if not pending:
                env = self.env

                def sync():
                    ids = env.cr.precommit.data.pop(DELIVERED_AT_COMMIT, set())
                    delivered = env["sale.order.line"].sudo().browse(ids).exists()
                    env["key.account.installed.unit"]._kam_sync_from_order_lines(delivered)
                    # the commit's flush has run: these writes are flushed here
                    env.flush_all()

                self.env.cr.precommit.add(sync)
            pending.update(lines.ids)
        return result

    def _kam_delivery(self):
        """What Inventory delivered of this line, when it delivers it
        (sale_stock): {quantity, date of the last delivery, serial/lot
        numbers}; None when the order's lines are the units."""
        self.ensure_one()
        if self.qty_delivered_method != "stock_move":
            return None
        moves = self["move_ids"].filtered(lambda move: move.state == "done")
        lots = moves.move_line_ids.lot_id.mapped("name")
        return {
            "quantity": self.qty_delivered,
            "date": max(moves.mapped("date")).date() if moves else False,
            "lots": ", ".join(sorted(lots)),
        }
