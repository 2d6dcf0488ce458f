from odoo import fields, models


class ProductCategory(models.Model):
    _inherit = "product.category"

    # 保有量 and 更换周期: which products are units a customer keeps, and for how long
    kam_is_equipment = fields.Boolean(
        "Installed Base",
        help="Products of this category are units the customer keeps and replaces (trucks, "
        "machines): what we deliver of them enters the customer's installed base.",
    )
    kam_replacement_months = fields.Integer(
        "Replacement Cycle (months)",
        help="How long a unit of this category is used before the customer replaces it; the "
        "replacement date of the installed units follows from it.",
    )

    def write(self, vals):
        result = super().write(vals)
        if "kam_is_equipment" in vals:
            # what key accounts bought of it before enters (or leaves) their installed base
            lines = (
                self.env["sale.order.line"]
                .sudo()
                .search(
                    [
                        ("product_id.categ_id", "child_of", self.ids),
                        ("order_id.state", "=", "sale"),
                        ("order_id.partner_id.commercial_partner_id.is_key_account", "=", True),
                    ]
                )
            )
            self.env["key.account.installed.unit"]._kam_sync_from_order_lines(lines)
        return result
