from odoo import fields, models


class KeyAccountBrand(models.Model):
    """A brand of units found at customers' sites (主要品牌): ours or a
    competitor's. A competitor's brand may name its maker, the partner
    recorded as a competitor on deals, so that the account's competition
    analysis joins the two."""

    _name = "key.account.brand"
    _description = "Equipment Brand"
    _order = "is_own desc, name"

    name = fields.Char(required=True)
    is_own = fields.Boolean(
        "Our Brand", help="The brand of the units we sell; units we delivered carry it."
    )
    maker_id = fields.Many2one(
        "res.partner",
        string="Maker",
        domain=[("is_company", "=", True)],
        help="The competitor behind this brand, as recorded on deals.",
    )
    company_id = fields.Many2one("res.company", index=True)
    active = fields.Boolean(default=True)

    _sql_constraints = [  # noqa: RUF012
        ("name_company_unique", "unique(name, company_id)", "This brand exists already."),
    ]
