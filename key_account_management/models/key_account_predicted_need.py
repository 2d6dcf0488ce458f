from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models, tools
from odoo.exceptions import UserError
from odoo.tools import SQL, format_date

from ..const import FIGURE_GROUPS


class KeyAccountPredictedNeed(models.Model):
    """What a key account will have to replace soon (更换周期 → 车辆采购需求):
    its installed units due for replacement within the company's horizon
    (or overdue), by brand, model and quarter, without a replacement deal
    yet. Read live from the installed base: nothing to recompute."""

    _name = "key.account.predicted.need"
    _description = "Predicted Need"
    _auto = False
    _order = "period_start, partner_id, quantity desc"
    _depends = {  # noqa: RUF012
        "key.account.installed.unit": [
            "partner_id",
            "company_id",
            "brand_id",
            "is_ours",
            "product_id",
            "categ_id",
            "model_name",
            "quantity",
            "price_unit",
            "replacement_date",
            "replacement_lead_id",
            "active",
        ],
        "res.company": ["kam_replacement_horizon_months"],
        "product.template": ["list_price"],
    }

    partner_id = fields.Many2one("res.partner", string="Account", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    brand_id = fields.Many2one("key.account.brand", string="Brand", readonly=True)
    is_ours = fields.Boolean("Ours", readonly=True)
    product_id = fields.Many2one("product.product", string="Product", readonly=True)
    categ_id = fields.Many2one("product.category", string="Product Category", readonly=True)
    model_name = fields.Char("Model", readonly=True)
    period_start = fields.Date("Due From", readonly=True, help="The quarter the units are due in.")
    quantity = fields.Integer("Units", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    expected_revenue = fields.Monetary(
        currency_field="currency_id",
        readonly=True,
        groups=FIGURE_GROUPS,
        help="Units times our product's price (or, without one, the price they paid).",
    )
    is_overdue = fields.Boolean("Overdue", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL("CREATE VIEW %s AS (%s)", SQL.identifier(self._table), self._query())
        )

    def _query(self):
        # A need is the group of due units of one account, brand, model and
        # quarter (without a replacement deal), named after its first unit:
        # its row is that unit's, the group's sums come from a LATERAL
        # subquery over the account's units. A read by id (the partner
        # form's list, any read after a search) or by account then looks up
        # a few units by index; a GROUP BY over the whole installed base made
        # every such read aggregate all due units (75 ms at 200,000 unit
        # lines, growing with the base).
        return SQL(
            """
            SELECT unit.id,
                   unit.partner_id,
                   unit.company_id,
                   account.user_id,
                   unit.brand_id,
                   unit.is_ours,
                   unit.product_id,
                   unit.categ_id,
                   unit.model_name,
                   DATE_TRUNC('quarter', unit.replacement_date)::date AS period_start,
                   need.quantity,
                   need.expected_revenue,
                   DATE_TRUNC('quarter', unit.replacement_date)
                       < DATE_TRUNC('quarter', CURRENT_DATE) AS is_overdue
              FROM key_account_installed_unit unit
              JOIN res_company company ON company.id = unit.company_id
              JOIN res_partner account ON account.id = unit.partner_id
        CROSS JOIN LATERAL (
                -- due within the company's horizon, or overdue
                SELECT DATE_TRUNC('month', CURRENT_DATE)
                       + MAKE_INTERVAL(
                           months => COALESCE(company.kam_replacement_horizon_months, 0) + 1
                       ) AS due_before
               ) horizon
        CROSS JOIN LATERAL (
                SELECT MIN(other.id) AS first_id,
                       SUM(other.quantity) AS quantity,
                       SUM(
                           other.quantity
                           * COALESCE(NULLIF(template.list_price, 0), other.price_unit, 0)
                       ) AS expected_revenue
                  FROM key_account_installed_unit other
             LEFT JOIN product_product product ON product.id = other.product_id
             LEFT JOIN product_template template ON template.id = product.product_tmpl_id
                 WHERE other.partner_id = unit.partner_id
                   AND other.company_id = unit.company_id
                   AND other.active
                   AND other.replacement_lead_id IS NULL
                   AND other.replacement_date < horizon.due_before
                   AND DATE_TRUNC('quarter', other.replacement_date)
                       = DATE_TRUNC('quarter', unit.replacement_date)
                   AND other.brand_id IS NOT DISTINCT FROM unit.brand_id
                   AND other.is_ours IS NOT DISTINCT FROM unit.is_ours
                   AND other.product_id IS NOT DISTINCT FROM unit.product_id
                   AND other.categ_id IS NOT DISTINCT FROM unit.categ_id
                   AND other.model_name IS NOT DISTINCT FROM unit.model_name
               ) need
             WHERE unit.active
               AND unit.replacement_lead_id IS NULL
               AND unit.replacement_date < horizon.due_before
               AND need.first_id = unit.id
            """
        )

    @api.depends("quantity", "brand_id", "model_name", "period_start")
    def _compute_display_name(self):
        for need in self:
            brand = need.brand_id.name or (need.is_ours and _("Ours")) or ""
            need.display_name = _(
                "%(quantity)s × %(brand)s %(model)s, due from %(period)s",
                quantity=need.quantity,
                brand=brand,
                model=need.model_name or need.categ_id.name or "",
                period=format_date(self.env, need.period_start),
            )

    def _units(self):
        """The installed units this need stands for."""
        self.ensure_one()
        domain = [
            ("partner_id", "=", self.partner_id.id),
            ("company_id", "=", self.company_id.id),
            ("brand_id", "=", self.brand_id.id),
            ("is_ours", "=", self.is_ours),
            ("product_id", "=", self.product_id.id),
            ("categ_id", "=", self.categ_id.id),
            ("model_name", "=", self.model_name),
            ("replacement_lead_id", "=", False),
            ("replacement_date", ">=", self.period_start),
            ("replacement_date", "<", self.period_start + relativedelta(months=3)),
        ]
        return self.env["key.account.installed.unit"].search(domain)

    def action_open_deal(self):
        """One click: a key-account deal for these units (see the installed
        unit's ``_kam_open_replacement_deal``)."""
        self.ensure_one()
        units = self._units()
        if not units:
            raise UserError(_("These units already have a replacement deal."))
        lead = units._kam_open_replacement_deal(
            _("Replacement: %(units)s", units=self.display_name)
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.lead",
            "res_id": lead.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }
