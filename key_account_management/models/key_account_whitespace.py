from odoo import fields, models, tools
from odoo.tools import SQL

from ..const import FIGURE_GROUPS


class KeyAccountWhitespace(models.Model):
    """The whitespace map of the key accounts: for each account, each of its
    sites (itself, its delivery addresses, its subsidiaries) and each product
    category of equipment, what we invoiced there in the last twelve months
    and the units installed, ours and competitors'. An empty cell is
    whitespace; the competitors' units in it are the opportunity.

    Read live from the invoices and the installed base, so it is never
    stale. Row ids are built from the cell's keys: site, category, company."""

    _name = "key.account.whitespace"
    _description = "Whitespace"
    _auto = False
    _order = "partner_id, site_id, categ_id"
    _depends = {  # noqa: RUF012
        "res.partner": ["is_key_account", "commercial_partner_id", "parent_id", "type", "active"],
        "product.category": ["kam_is_equipment"],
        "account.move": [
            "state",
            "move_type",
            "invoice_date",
            "partner_shipping_id",
            "commercial_partner_id",
            "company_id",
        ],
        "account.move.line": ["balance", "product_id", "display_type", "move_id"],
        "key.account.installed.unit": [
            "partner_id",
            "site_id",
            "categ_id",
            "quantity",
            "is_ours",
            "company_id",
            "active",
        ],
    }

    partner_id = fields.Many2one("res.partner", string="Account", readonly=True)
    site_id = fields.Many2one("res.partner", string="Site", readonly=True)
    categ_id = fields.Many2one("product.category", string="Product Category", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    invoiced_12m = fields.Monetary(
        "Invoiced (12 months)", currency_field="currency_id", readonly=True, groups=FIGURE_GROUPS
    )
    our_units = fields.Integer(readonly=True)
    competitor_units = fields.Integer("Competitors' Units", readonly=True)
    is_whitespace = fields.Boolean(
        "Whitespace", readonly=True, help="Nothing invoiced here in twelve months."
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL("CREATE VIEW %s AS (%s)", SQL.identifier(self._table), self._query())
        )

    def _query(self):
        # Each cell's figures are read through LATERAL subqueries, one per
        # site and company, from the indexes on the site (invoices by delivery
        # address and by customer, units by site and by account): a form
        # reading one account's cells, or the cells of a few ids, touches only
        # their invoices and units. Aggregating every site's invoices first and
        # joining afterwards made each such read aggregate all invoices of the
        # year (1.2 s for one account at 20,000 accounts and 200,000 invoices).
        # The figures of a site come as arrays by category, picked per cell.
        return SQL(
            """
            WITH site AS (
                SELECT account.id AS partner_id, account.id AS site_id,
                       account.company_id, account.user_id
                  FROM res_partner account
                 WHERE account.is_key_account AND account.active
                 UNION ALL
                -- its delivery addresses
                SELECT account.id, place.id, account.company_id, account.user_id
                  FROM res_partner place
                  JOIN res_partner account ON account.id = place.commercial_partner_id
                 WHERE account.is_key_account AND place.active AND place.id != account.id
                   AND place.type = 'delivery' AND place.is_company IS NOT TRUE
                 UNION ALL
                -- its subsidiaries
                SELECT account.id, place.id, account.company_id, account.user_id
                  FROM res_partner place
                  JOIN res_partner account ON account.id = place.parent_id
                 WHERE account.is_key_account AND place.active AND place.is_company
            )
            SELECT (site.site_id::bigint * 100000 + category.id) * 1000 + company.id AS id,
                   site.partner_id,
                   site.site_id,
                   category.id AS categ_id,
                   company.id AS company_id,
                   site.user_id,
                   COALESCE(invoiced.amounts[ARRAY_POSITION(invoiced.categ_ids, category.id)], 0)
                       AS invoiced_12m,
                   COALESCE(installed.ours[ARRAY_POSITION(installed.categ_ids, category.id)], 0)
                       AS our_units,
                   COALESCE(installed.theirs[ARRAY_POSITION(installed.categ_ids, category.id)], 0)
                       AS competitor_units,
                   COALESCE(invoiced.amounts[ARRAY_POSITION(invoiced.categ_ids, category.id)], 0)
                       = 0 AS is_whitespace
              FROM site
              JOIN res_company company
                ON site.company_id IS NULL OR company.id = site.company_id
         LEFT JOIN LATERAL (
                -- invoiced at the site in twelve months: shipped there, or to
                -- a plain contact of the customer that is the site
                SELECT ARRAY_AGG(categ_id) AS categ_ids, ARRAY_AGG(amount) AS amounts
                  FROM (
                    SELECT template.categ_id, SUM(-line.balance) AS amount
                      FROM account_move move
                 LEFT JOIN res_partner shipping ON shipping.id = move.partner_shipping_id
                      JOIN account_move_line line ON line.move_id = move.id
                      JOIN product_product product ON product.id = line.product_id
                      JOIN product_template template ON template.id = product.product_tmpl_id
                     WHERE (move.partner_shipping_id = site.site_id
                            OR move.commercial_partner_id = site.site_id)
                       AND CASE WHEN shipping.type = 'delivery' OR shipping.is_company
                                THEN shipping.id ELSE move.commercial_partner_id END
                           = site.site_id
                       AND move.company_id = company.id
                       AND move.state = 'posted'
                       AND move.move_type IN ('out_invoice', 'out_refund')
                       AND line.display_type = 'product'
                       AND move.invoice_date > CURRENT_DATE - INTERVAL '12 months'
                  GROUP BY template.categ_id
                  ) by_category
               ) invoiced ON true
         LEFT JOIN LATERAL (
                -- the units installed at the site, ours and competitors'
                SELECT ARRAY_AGG(categ_id) AS categ_ids, ARRAY_AGG(ours) AS ours,
                       ARRAY_AGG(theirs) AS theirs
                  FROM (
                    SELECT unit.categ_id,
                           SUM(CASE WHEN unit.is_ours THEN unit.quantity ELSE 0 END) AS ours,
                           SUM(CASE WHEN unit.is_ours THEN 0 ELSE unit.quantity END) AS theirs
                      FROM key_account_installed_unit unit
                     WHERE unit.active
                       AND (unit.site_id = site.site_id
                            OR unit.site_id IS NULL AND unit.partner_id = site.site_id)
                       AND unit.company_id = company.id
                  GROUP BY unit.categ_id
                  ) by_category
               ) installed ON true
        CROSS JOIN product_category category
             WHERE category.kam_is_equipment
            """
        )
