from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models

from ..const import FIGURE_GROUPS, FINANCE_GROUPS, MANAGER_GROUP

SUMS = {
    "kam_invoiced_amount": "amount_total",
    "kam_paid_amount": "amount_paid",
    "kam_outstanding_amount": "amount_residual",
    "kam_overdue_amount": "amount_overdue",
}


class KeyAccountReceivableMixin(models.AbstractModel):
    """Contract, invoiced, paid, outstanding and overdue amounts of an
    account or a deal, read from Sales and Invoicing (never stored).

    The owner says which receivables and which confirmed orders are its own
    (``_kam_receivable_scope``, ``_kam_contract_amounts``) and who sees them
    besides managers and finance (``_kam_receivable_owner``)."""

    _name = "key.account.receivable.mixin"
    _description = "Key-Account Receivable Figures"

    kam_receivable_currency_id = fields.Many2one(
        "res.currency", compute="_compute_kam_receivables", groups=FIGURE_GROUPS
    )
    kam_receivable_visible = fields.Boolean(
        compute="_compute_kam_receivables", groups=FIGURE_GROUPS
    )
    kam_contract_amount = fields.Monetary(
        "Contract Amount",
        compute="_compute_kam_receivables",
        currency_field="kam_receivable_currency_id",
        groups=FIGURE_GROUPS,
        help="Confirmed sales orders (those Sales counts for a deal), tax included like the "
        "invoices they are compared with, in the company currency. A deal's Orders button "
        "shows them untaxed.",
    )
    kam_invoiced_amount = fields.Monetary(
        "Invoiced",
        compute="_compute_kam_receivables",
        currency_field="kam_receivable_currency_id",
        groups=FIGURE_GROUPS,
        help="Posted invoices minus credit notes, tax included, in the company currency.",
    )
    kam_paid_amount = fields.Monetary(
        "Paid",
        compute="_compute_kam_receivables",
        currency_field="kam_receivable_currency_id",
        groups=FIGURE_GROUPS,
        help="Invoiced minus outstanding: what payments (and credit notes) settled.",
    )
    kam_outstanding_amount = fields.Monetary(
        "Outstanding",
        compute="_compute_kam_receivables",
        currency_field="kam_receivable_currency_id",
        groups=FIGURE_GROUPS,
    )
    kam_overdue_amount = fields.Monetary(
        "Overdue",
        compute="_compute_kam_receivables",
        currency_field="kam_receivable_currency_id",
        groups=FIGURE_GROUPS,
        help="Outstanding and past its due date.",
    )
    # the one collection-period figure of accounts and deals: both terms tax
    # included, from the same receivable lines. Not Odoo's DSO of partners
    # (account's days_sales_outstanding), which divides by every invoice
    # since the first one: see docs/design.md.
    kam_dso = fields.Float(
        "Our Collection Period (days)",
        compute="_compute_kam_receivables",
        digits=(16, 1),
        groups=FIGURE_GROUPS,
        help="Days sales outstanding over the last year: what is still owed on invoices, divided "
        "by what was invoiced in the last 365 days (or since the first invoice, when more "
        "recent), times those days; tax included, credit notes netted.",
    )
    kam_oldest_overdue_move_id = fields.Many2one(
        "account.move",
        string="Oldest Overdue Invoice",
        compute="_compute_kam_receivables",
        groups=FIGURE_GROUPS,
    )
    kam_oldest_overdue_days = fields.Integer(
        "Days Overdue",
        compute="_compute_kam_receivables",
        groups=FIGURE_GROUPS,
        help="Days since the due date of the oldest overdue invoice.",
    )

    kam_retention_amount = fields.Monetary(
        "Retention Outstanding",
        compute="_compute_kam_receivables",
        currency_field="kam_receivable_currency_id",
        groups=FIGURE_GROUPS,
        help="Retention money invoiced and not yet paid.",
    )
    kam_retention_date = fields.Date(
        "Retention Due",
        compute="_compute_kam_receivables",
        groups=FIGURE_GROUPS,
        help="The earliest due date of the retention still outstanding.",
    )

    @api.depends_context("uid", "company")
    def _compute_kam_receivables(self):
        records = self.filtered("id")
        company = self.env.company
        domain, key, keys_of = records._kam_receivable_scope()
        domain = [*domain, ("company_id", "=", company.id)]
        # one grouped query per figure, for the whole recordset; the rows are
        # read as superuser and shown only to whom may see them (below)
        Receivable = self.env["key.account.receivable"].sudo()
        totals, first_invoiced = {}, {}
        for group, first, *values in Receivable._read_group(
            domain, [key], ["invoice_date:min", *(f"{column}:sum" for column in SUMS.values())]
        ):
            totals[group.id] = values
            first_invoiced[group.id] = first
        today = fields.Date.context_today(self)
        start = today - relativedelta(days=365)
        year = dict(
            (group.id, amount)
            for group, amount in Receivable._read_group(
                [*domain, ("invoice_date", ">", start)], [key], ["amount_total:sum"]
            )
        )
        retention = {
            group.id: (amount, due)
            for group, amount, due in Receivable._read_group(
                [*domain, ("is_retention", "=", True), ("amount_residual", "!=", 0)],
                [key],
                ["amount_residual:sum", "date_maturity:min"],
            )
        }
        oldest = {}
        for row in Receivable.search_fetch(
            [*domain, ("is_overdue", "=", True)],
            [key, "move_id", "days_overdue"],
            order="date_maturity, id",
        ):
            oldest.setdefault(row[key].id, row)
        contracts = records._kam_contract_amounts()
        visible = self._kam_receivable_visible_all()
        for record in self:
            record.kam_receivable_currency_id = company.currency_id
            shown = visible or record._kam_receivable_owner() == self.env.user
            record.kam_receivable_visible = shown
            keys = keys_of.get(record.id, ()) if shown else ()
            sums = [
                sum(totals.get(k, [0.0] * len(SUMS))[i] for k in keys) for i in range(len(SUMS))
            ]
            for field, amount in zip(SUMS, sums, strict=True):
                record[field] = amount
            invoiced_year = sum(year.get(k, 0.0) for k in keys)
            outstanding = sums[2]
            # the year, or the days since the first invoice when it is younger
            since = min(filter(None, (first_invoiced.get(k) for k in keys)), default=today)
            days = min(365, max(0, (today - since).days))
            record.kam_dso = outstanding / invoiced_year * days if invoiced_year > 0 else 0.0
            first = min(
                (oldest[k] for k in keys if k in oldest),
                key=lambda row: (row.date_maturity, row.id),
                default=None,
            )
            record.kam_oldest_overdue_move_id = first.move_id if first else False
            record.kam_oldest_overdue_days = first.days_overdue if first else 0
            record.kam_contract_amount = contracts.get(record.id, 0.0) if shown else 0.0
            held = [retention[k] for k in keys if k in retention]
            record.kam_retention_amount = sum(amount for amount, _due in held)
            record.kam_retention_date = min((due for _amount, due in held), default=False)

    def _kam_receivable_scope(self):
        """(domain on key.account.receivable, field to group by,
        {record id: ids of that field's values that are this record's})"""
        raise NotImplementedError

    def _kam_contract_amounts(self):
        """{record id: confirmed orders, tax included, company currency}"""
        raise NotImplementedError

    def _kam_receivable_owner(self):
        """The user who sees this record's figures besides managers and finance."""
        raise NotImplementedError

    def _kam_receivable_visible_all(self):
        user = self.env.user
        return self.env.su or any(
            user.has_group(group) for group in (MANAGER_GROUP, *FINANCE_GROUPS)
        )

    @api.model
    def _kam_order_amounts(self, domain, key):
        """{key id: sum of the confirmed orders' totals in the company
        currency}: confirmed as sale_crm counts a deal's orders."""
        confirmed = self.env["crm.lead"]._get_lead_sale_order_domain()
        amounts = {}
        for group, rate, total in (
            self.env["sale.order"]
            .sudo()
            ._read_group(
                [*domain, *confirmed, ("company_id", "=", self.env.company.id)],
                [key, "currency_rate"],
                ["amount_total:sum"],
            )
        ):
            amounts[group.id] = amounts.get(group.id, 0.0) + (total / rate if rate else total)
        return amounts

    def _kam_receivable_moves(self):
        """This record's posted invoices and credit notes (the receivable rows' invoices)."""
        domain, key, keys_of = self._kam_receivable_scope()
        rows = self.env["key.account.receivable"].search(
            [*domain, ("company_id", "=", self.env.company.id)]
        )
        mine = {key_id for record in self for key_id in keys_of.get(record.id, ())}
        return rows.filtered(lambda row: row[key].id in mine).move_id

    @api.readonly
    def action_kam_view_receivables(self):
        self.ensure_one()
        domain, key, keys_of = self._kam_receivable_scope()
        return self._kam_xml_action(
            "key_account_management.key_account_receivable_action",
            [(key, "in", list(keys_of.get(self.id, ())))],
            {"search_default_group_by_partner": 0},
            display_name=_("Receivables: %(name)s", name=self.display_name),
        )

    @api.readonly
    def action_kam_view_invoices(self):
        self.ensure_one()
        return self._kam_receivable_moves()._get_records_action(
            name=_("Invoices: %(name)s", name=self.display_name), context={"create": False}
        )

    @api.readonly
    def action_kam_view_payments(self):
        self.ensure_one()
        moves = self._kam_receivable_moves()
        payments = moves._get_reconciled_payments() | moves.matched_payment_ids
        return payments._get_records_action(
            name=_("Payments: %(name)s", name=self.display_name), context={"create": False}
        )
