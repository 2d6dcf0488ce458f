from odoo import api, fields, models, tools
from odoo.osv import expression
from odoo.tools import SQL, create_index

from .res_partner import TIERS

# the keys sort in the buckets' order: grouped views order them by key
AGEING = [
    ("0_not_due", "Not Due"),
    ("1_30", "1-30 Days"),
    ("31_60", "31-60 Days"),
    ("61_90", "61-90 Days"),
    ("91_plus", "Over 90 Days"),
    ("paid", "Paid"),
]
RETENTION = [
    ("not_due", "Retention, not yet due"),
    ("overdue", "Retention overdue"),
    ("paid", "Retention paid"),
]
# Odoo's dates are UTC dates (fields.Date.today()); the database's own
# CURRENT_DATE would follow the server's time zone.
TODAY = "(now() AT TIME ZONE 'UTC')::date"

# the tables the view reads: Odoo flushes these fields before a search or a
# read_group on the view
DEPENDS = {
    "account.move.line": [
        "move_id",
        "display_type",
        "company_id",
        "company_currency_id",
        "date_maturity",
        "balance",
        "amount_residual",
        "kam_retention",
    ],
    "account.move": [
        "name",
        "state",
        "move_type",
        "commercial_partner_id",
        "invoice_user_id",
        "team_id",
        "invoice_date",
    ],
    "res.partner": ["is_key_account", "kam_tier", "user_id"],
    "crm.team": ["is_key_account_team"],
    "sale.order": ["opportunity_id", "state"],
    "sale.order.line": ["order_id", "invoice_lines"],
}


class KeyAccountReceivable(models.Model):
    """What key accounts owe: one row per instalment (receivable journal item)
    of a posted customer invoice or credit note, read live from Invoicing.

    Amounts are in the company currency and signed: a credit note counts
    negative, so sums net it. Paid is what has been reconciled (payments,
    credit notes) on the instalment: its amount minus its residual. The
    ageing bucket and the overdue amount are relative to today (UTC)."""

    _name = "key.account.receivable"
    _description = "Key-Account Receivable"
    _auto = False
    _order = "date_maturity, id"
    _rec_name = "name"
    _depends = DEPENDS

    move_id = fields.Many2one("account.move", string="Invoice", readonly=True)
    name = fields.Char("Number", readonly=True)
    move_type = fields.Selection(
        [("out_invoice", "Invoice"), ("out_refund", "Credit Note")], string="Type", readonly=True
    )
    partner_id = fields.Many2one("res.partner", string="Key Account", readonly=True)
    kam_tier = fields.Selection(TIERS, string="Account Tier", readonly=True)
    user_id = fields.Many2one(
        "res.users",
        string="Account Salesperson",
        readonly=True,
        help="The salesperson of the key account.",
    )
    invoice_user_id = fields.Many2one(
        "res.users",
        string="Invoice Salesperson",
        readonly=True,
        help="The salesperson of the invoice, usually the owner of the deal it comes from.",
    )
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    lead_id = fields.Many2one(
        "crm.lead",
        string="Deal",
        readonly=True,
        help="The deal of the confirmed order the invoice comes from (the first one, when an "
        "invoice gathers several orders).",
    )
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", string="Company Currency", readonly=True)
    invoice_date = fields.Date(readonly=True)
    date_maturity = fields.Date("Due Date", readonly=True)
    amount_total = fields.Monetary(
        "Invoiced", readonly=True, help="Tax included; credit notes count negative."
    )
    amount_paid = fields.Monetary(
        "Paid", readonly=True, help="Reconciled with payments or credit notes."
    )
    amount_residual = fields.Monetary("Outstanding", readonly=True)
    amount_overdue = fields.Monetary(
        "Overdue", readonly=True, help="Outstanding and past its due date."
    )
    amount_not_due = fields.Monetary("Not Due", readonly=True)
    amount_1_30 = fields.Monetary("1-30 Days", readonly=True)
    amount_31_60 = fields.Monetary("31-60 Days", readonly=True)
    amount_61_90 = fields.Monetary("61-90 Days", readonly=True)
    amount_over_90 = fields.Monetary("Over 90 Days", readonly=True)
    days_overdue = fields.Integer(
        readonly=True, aggregator="max", help="Days since the due date of what is still owed."
    )
    is_overdue = fields.Boolean("Overdue Item", readonly=True)
    ageing = fields.Selection(AGEING, readonly=True)
    # 质保金: the instalment the customer holds back until the warranty ends
    is_retention = fields.Boolean("Retention", readonly=True)
    retention_state = fields.Selection(RETENTION, readonly=True)
    amount_retention = fields.Monetary(
        "Retention Outstanding", readonly=True, help="Outstanding on retention instalments."
    )

    # The view in the parts Odoo's own report models use (sale.report's
    # _select_sale, _from_sale, _where_sale): another module adds a column
    # or narrows the rows by extending one part, not by rewriting the view.
    @api.model
    def _ageing_buckets(self):
        """{bucket: SQL test on the due date}: days past due; a missing due
        date is not due."""
        due = "l.date_maturity"
        return {
            "0_not_due": f"{due} IS NULL OR {due} >= {TODAY}",
            "1_30": f"{due} BETWEEN {TODAY} - 30 AND {TODAY} - 1",
            "31_60": f"{due} BETWEEN {TODAY} - 60 AND {TODAY} - 31",
            "61_90": f"{due} BETWEEN {TODAY} - 90 AND {TODAY} - 61",
            "91_plus": f"{due} < {TODAY} - 90",
        }

    @api.model
    def _select(self):
        due = "l.date_maturity"
        buckets = self._ageing_buckets()
        ageing = "CASE WHEN l.amount_residual = 0 THEN 'paid' {whens} END".format(
            whens=" ".join(f"WHEN {test} THEN '{key}'" for key, test in buckets.items())
        )
        open_overdue = f"l.amount_residual != 0 AND {due} < {TODAY}"

        def in_bucket(key):
            return f"CASE WHEN {buckets[key]} THEN l.amount_residual ELSE 0 END"

        return f"""
                   l.id,
                   l.move_id,
                   m.name,
                   m.move_type,
                   m.commercial_partner_id AS partner_id,
                   p.kam_tier,
                   p.user_id,
                   m.invoice_user_id,
                   m.team_id,
                   deal.lead_id,
                   l.company_id,
                   l.company_currency_id AS currency_id,
                   m.invoice_date,
                   l.date_maturity,
                   l.balance AS amount_total,
                   l.balance - l.amount_residual AS amount_paid,
                   l.amount_residual,
                   CASE WHEN {due} < {TODAY} THEN l.amount_residual ELSE 0 END AS amount_overdue,
                   {in_bucket("0_not_due")} AS amount_not_due,
                   {in_bucket("1_30")} AS amount_1_30,
                   {in_bucket("31_60")} AS amount_31_60,
                   {in_bucket("61_90")} AS amount_61_90,
                   {in_bucket("91_plus")} AS amount_over_90,
                   CASE WHEN {open_overdue} THEN {TODAY} - {due} ELSE 0 END
                       AS days_overdue,
                   COALESCE({open_overdue}, FALSE) AS is_overdue,
                   {ageing} AS ageing,
                   COALESCE(l.kam_retention, FALSE) AS is_retention,
                   CASE WHEN NOT COALESCE(l.kam_retention, FALSE) THEN NULL
                        WHEN l.amount_residual = 0 THEN 'paid'
                        WHEN {due} < {TODAY} THEN 'overdue'
                        ELSE 'not_due' END AS retention_state,
                   CASE WHEN l.kam_retention THEN l.amount_residual ELSE 0 END
                       AS amount_retention
        """

    @api.model
    def _deal_order_condition(self):
        """The SQL test on ``sale_order`` of the orders that count for their
        deal: sale_crm's own (``crm.lead._get_lead_sale_order_domain``), as
        the deal's figures count them. Read when the view is created, at the
        module's install or update."""
        domain = self.env["crm.lead"]._get_lead_sale_order_domain()
        query = self.env["sale.order"].with_context(active_test=False)._where_calc(domain)
        return self.env.cr.mogrify(query.where_clause).decode()

    @api.model
    def _from(self):
        return f"""
                   account_move_line l
              JOIN account_move m ON m.id = l.move_id
              JOIN res_partner p ON p.id = m.commercial_partner_id
         LEFT JOIN crm_team t ON t.id = m.team_id
         -- the deal, as a deal's own figures count it: through an order of the deal
         LEFT JOIN LATERAL (
                   SELECT MIN(sale_order.opportunity_id) AS lead_id
                     FROM account_move_line invoice_line
                     JOIN sale_order_line_invoice_rel rel
                       ON rel.invoice_line_id = invoice_line.id
                     JOIN sale_order_line sol ON sol.id = rel.order_line_id
                     JOIN sale_order ON sale_order.id = sol.order_id
                                    AND {self._deal_order_condition()}
                    WHERE invoice_line.move_id = m.id
                   ) deal ON TRUE
        """

    @api.model
    def _where(self):
        return """
                   l.display_type = 'payment_term'
               AND m.state = 'posted'
               AND m.move_type IN ('out_invoice', 'out_refund')
               AND (p.is_key_account OR COALESCE(t.is_key_account_team, FALSE))
        """

    @api.model
    def _query(self):
        return f"SELECT {self._select()} FROM {self._from()} WHERE {self._where()}"

    def init(self):
        cr = self.env.cr
        # What the view scans, as two small partial indexes: the instalments,
        # and the posted customer invoices with their account and team. A
        # grouped read by account then reads the indexes instead of every
        # journal item and every move.
        create_index(
            cr,
            "account_move_line_kam_payment_term_idx",
            "account_move_line",
            ["move_id"],
            where="display_type = 'payment_term'",
        )
        create_index(
            cr,
            "account_move_kam_posted_customer_idx",
            "account_move",
            ["commercial_partner_id", "id", "team_id"],
            where="state = 'posted' AND move_type IN ('out_invoice', 'out_refund')",
        )
        tools.drop_view_if_exists(cr, self._table)
        cr.execute(SQL("CREATE VIEW %s AS (%s)", SQL.identifier(self._table), SQL(self._query())))

    @api.model
    @api.readonly
    def web_read_group(
        self, domain, fields, groupby, limit=None, offset=0, orderby=False, lazy=True
    ):
        """One page of groups and their count, as the grouped list asks.

        Odoo reads the page with every amount over the whole view, then
        counts the groups with a second grouped read over the whole view. Here
        one grouped read of the keys alone counts the groups and picks the
        page, and the amounts are summed for the page's groups only. Kept for
        a plain field grouped and ordered by itself (the list's grouping by
        account, tier, salesperson…); an order by an amount needs every
        group's amounts, and takes Odoo's way."""
        groupby = [groupby] if isinstance(groupby, str) else list(groupby)
        key = groupby[0] if groupby else None
        field = self._fields.get(key)
        order_names = {
            term.split()[0] for term in (orderby or key or "").split(",") if term.strip()
        }
        if not (limit and lazy and field and field.store and order_names <= {key}):
            return super().web_read_group(
                domain, fields, groupby, limit=limit, offset=offset, orderby=orderby, lazy=lazy
            )
        if field.type == "many2one":
            keys = self._group_keys_many2one(domain, key, orderby)
        else:
            keys = [value for (value,) in self._read_group(domain, [key], order=orderby or key)]
        page = keys[offset : offset + limit]
        if not page:  # as Odoo answers a page past the last group
            return {"groups": [], "length": 0}
        result = super().web_read_group(
            expression.AND([domain, [(key, "in", page)]]),
            fields,
            groupby,
            orderby=orderby,
            lazy=lazy,
        )
        return {"groups": result["groups"], "length": len(keys)}

    @api.model
    def _group_keys_many2one(self, domain, key, orderby):
        """The ids of the groups of ``domain`` by the many2one ``key``, in the
        grouped list's order (the comodel's, reversed for ``desc``), the
        empty key where PostgreSQL sorts it. The distinct keys first, then
        their records sorted: Odoo's grouped read sorts every row with the
        comodel's sort columns before grouping (400,000 rows for 20,000
        accounts)."""
        comodel = self.env[self._fields[key].comodel_name].sudo().with_context(active_test=False)
        order = comodel._order
        descending = (orderby or "").split()[1:2] in (["desc"], ["DESC"])
        if descending:
            order = ", ".join(
                f"{term.split()[0]} {'ASC' if term.upper().endswith('DESC') else 'DESC'}"
                for term in order.split(",")
            )
        rows = self._search(domain)
        keys = comodel._search([("id", "in", rows.subselect(SQL.identifier(key)))], order=order)
        ids = list(keys)
        if self.search_count(expression.AND([domain, [(key, "=", False)]]), limit=1):
            # PostgreSQL sorts the empty key last, first when descending
            ids.insert(0, False) if descending else ids.append(False)
        return ids

    @api.readonly
    def action_open_move(self):
        """A row opens its invoice."""
        self.ensure_one()
        return self.move_id._get_records_action()
