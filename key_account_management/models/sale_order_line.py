from odoo import api, models

# what a line of a confirmed order gives its installed units
UNIT_FIELDS = {"product_id", "product_uom_qty", "price_unit", "discount", "tax_id"}


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
