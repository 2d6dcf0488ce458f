from datetime import timedelta
from unittest.mock import patch

from lxml import etree

from odoo import Command, fields
from odoo.tests import tagged

from .common_receivable import KeyAccountReceivableCommon


@tagged("post_install", "-at_install")
class TestReceivableAmounts(KeyAccountReceivableCommon):
    def test_partial_payment_credit_note_draft_and_cancelled(self):
        first = self._invoice(1000, due_in=10)
        self._pay(first, 400)
        late = self._invoice(500, due_in=-45)
        refund = self._invoice(200, move_type="out_refund", due_in=0)
        self._reconcile(late, refund)
        self._invoice(700, post=False)
        self._invoice(900).button_cancel()

        rows = self._rows()
        self.assertEqual(rows.move_id, first | late | refund, "drafts and cancelled are left out")
        by_move = {row.move_id: row for row in rows}
        self.assertRecordValues(
            by_move[first],
            [
                {
                    "amount_total": 1000,
                    "amount_paid": 400,
                    "amount_residual": 600,
                    "amount_overdue": 0,
                    "ageing": "0_not_due",
                    "days_overdue": 0,
                    "is_overdue": False,
                }
            ],
        )
        self.assertRecordValues(
            by_move[late],
            [
                {
                    "amount_total": 500,
                    "amount_paid": 200,
                    "amount_residual": 300,
                    "amount_overdue": 300,
                    "amount_31_60": 300,
                    "ageing": "31_60",
                    "days_overdue": 45,
                    "is_overdue": True,
                }
            ],
        )
        self.assertRecordValues(
            by_move[refund],
            [
                {
                    "move_type": "out_refund",
                    "amount_total": -200,
                    "amount_paid": -200,
                    "amount_residual": 0,
                    "ageing": "paid",
                }
            ],
        )

        account = self.account
        account.invalidate_recordset()
        self.assertRecordValues(
            account,
            [
                {
                    "kam_invoiced_amount": 1300,
                    "kam_paid_amount": 400,
                    "kam_outstanding_amount": 900,
                    "kam_overdue_amount": 300,
                    "kam_oldest_overdue_move_id": late.id,
                    "kam_oldest_overdue_days": 45,
                    "kam_contract_amount": 0,
                }
            ],
        )
        # a young account: the days since its first invoice, not a whole year
        days = (fields.Date.context_today(account) - first.invoice_date).days
        self.assertAlmostEqual(account.kam_dso, 900 / 1300 * days, places=1)
        # a contact of the account shows its company's figures
        self.account_contact.invalidate_recordset()
        self.assertEqual(self.account_contact.kam_outstanding_amount, 900)

    def test_unreconciled_credit_note_nets_outstanding(self):
        self._invoice(1000, due_in=-5)
        self._invoice(300, move_type="out_refund", due_in=-5)
        self.account.invalidate_recordset()
        self.assertEqual(self.account.kam_invoiced_amount, 700)
        self.assertEqual(self.account.kam_outstanding_amount, 700)
        self.assertEqual(self.account.kam_overdue_amount, 700)
        self.assertEqual(self.account.kam_paid_amount, 0)

    def test_other_currency_in_company_currency(self):
        other = (
            self.env["res.currency"]
            .with_context(active_test=False)
            .search(
                [("id", "!=", self.currency.id), ("name", "in", ["EUR", "CNY", "GBP"])], limit=1
            )
        )
        other.active = True
        # one unit of the other currency is worth two of the company's
        self.env["res.currency.rate"].create(
            {"currency_id": other.id, "rate": 0.5, "name": self.today - timedelta(days=60)}
        )
        invoice = self._invoice(600, currency_id=other.id, due_in=-15)
        self._pay(invoice, 150, currency_id=other.id)
        (row,) = self._rows()
        self.assertRecordValues(
            row,
            [
                {
                    "currency_id": self.currency.id,
                    "amount_total": 1200,
                    "amount_paid": 300,
                    "amount_residual": 900,
                    "amount_overdue": 900,
                    "amount_1_30": 900,
                }
            ],
        )
        self.account.invalidate_recordset()
        self.assertAlmostEqual(self.account.kam_invoiced_amount, 1200)
        self.assertAlmostEqual(self.account.kam_outstanding_amount, 900)

    def test_instalments_age_separately(self):
        term = self.env["account.payment.term"].create(
            {
                "name": "Half now, half in 60 days",
                "line_ids": [
                    Command.create({"value": "percent", "value_amount": 50, "nb_days": 0}),
                    Command.create({"value": "percent", "value_amount": 50, "nb_days": 60}),
                ],
            }
        )
        invoice = self._invoice(
            1000, invoice_days_ago=40, invoice_payment_term_id=term.id, invoice_date_due=False
        )
        rows = self._rows().sorted("date_maturity")
        self.assertEqual(rows.mapped("ageing"), ["31_60", "0_not_due"])
        self.assertEqual(rows.mapped("amount_residual"), [500, 500])
        self.assertEqual(rows.move_id, invoice)
        self.account.invalidate_recordset()
        self.assertEqual(self.account.kam_overdue_amount, 500)
        self.assertEqual(self.account.kam_oldest_overdue_days, 40)

    def test_deal_figures_and_buttons(self):
        deal = self.deal_rep
        order = self.env["sale.order"].create(
            {
                "partner_id": self.account.id,
                "opportunity_id": deal.id,
                "user_id": self.user_rep.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.product.id, "price_unit": 1000, "tax_id": False}
                    ),
                    Command.create(
                        {"product_id": self.product.id, "price_unit": 3000, "tax_id": False}
                    ),
                ],
            }
        )
        order.action_confirm()
        # a quotation of the same deal is not a contract
        order.copy()
        invoice = order._create_invoices()
        invoice.action_post()
        payment = self._pay(invoice, 2500)
        other_invoice = self._invoice(800)
        deal.invalidate_recordset()
        self.assertRecordValues(
            deal,
            [
                {
                    "kam_contract_amount": 4000,
                    "kam_invoiced_amount": 4000,
                    "kam_paid_amount": 2500,
                    "kam_outstanding_amount": 1500,
                    "kam_overdue_amount": 0,
                }
            ],
        )
        self.account.invalidate_recordset()
        self.assertEqual(self.account.kam_contract_amount, 4000)
        self.assertEqual(self.account.kam_invoiced_amount, 4800, "all the account's invoices")

        invoices = deal.action_kam_view_invoices()
        self.assertEqual(invoices["res_model"], "account.move")
        self.assertEqual(invoices["res_id"], invoice.id)
        payments = deal.action_kam_view_payments()
        self.assertEqual(payments["res_model"], "account.payment")
        self.assertEqual(payments["res_id"], payment.id)
        receivables = deal.action_kam_view_receivables()
        rows = self.env["key.account.receivable"].search(receivables["domain"])
        self.assertEqual(rows.move_id, invoice)
        receivables = self.account.action_kam_view_receivables()
        rows = self.env["key.account.receivable"].search(receivables["domain"])
        self.assertEqual(rows.move_id, invoice | other_invoice)
        opened = rows.filtered(lambda row: row.move_id == other_invoice).action_open_move()
        self.assertEqual(
            (opened["res_model"], opened["res_id"]), ("account.move", other_invoice.id)
        )

    def test_key_account_team_invoices_of_other_customers(self):
        """A deal of the key-account team counts even if its customer is not
        (yet) marked as a key account; other customers' invoices do not."""
        customer = self.env["res.partner"].create({"name": "Walk-in Buyer", "is_company": True})
        self._invoice(100, partner=customer)
        self.assertFalse(self._rows(customer))
        from_team = self._invoice(250, partner=customer, team_id=self.key_team.id)
        self.assertEqual(self._rows(customer).move_id, from_team)

    def test_collection_period_is_the_last_year_not_odoos_dso(self):
        """Odoo's DSO divides what is owed by every invoice since the first
        one: an account that bought much years ago looks as if it paid fast
        while this year's invoices are all unpaid. Ours reads the last year."""
        old = self._invoice(1_000_000, invoice_days_ago=1000, due_in=-970)
        self._pay(old, 1_000_000)
        self._invoice(100_000)
        account = self.account
        account.invalidate_recordset()
        self.assertEqual(account.kam_outstanding_amount, 100_000)
        self.assertAlmostEqual(account.kam_dso, 365.0, msg="all of the last year's sales owed")
        history = (fields.Date.context_today(account) - old.invoice_date).days
        self.assertAlmostEqual(
            account.days_sales_outstanding, 100_000 / 1_100_000 * history, places=1
        )
        self.assertLess(account.days_sales_outstanding, 100)
        # a young account: both count the days since its first invoice
        recent = self._invoice(50_000, partner=self.account2, invoice_days_ago=20)
        self.account2.invalidate_recordset()
        days = (fields.Date.context_today(self.account2) - recent.invoice_date).days
        self.assertAlmostEqual(self.account2.kam_dso, days, places=1)
        self.assertAlmostEqual(self.account2.days_sales_outstanding, days, places=1)

    def test_a_key_account_shows_one_collection_period(self):
        """With credit limits on, Odoo shows its DSO on the partner's
        Invoicing tab: not on a key account, whose Key Account tab shows ours."""
        arch = etree.fromstring(
            self.env["res.partner"]
            .with_user(self.user_finance)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        (odoo_dso,) = arch.xpath("//field[@name='days_sales_outstanding']")
        self.assertEqual(odoo_dso.get("invisible"), "is_key_account")
        (ours,) = arch.xpath("//group[@name='kam_receivables']//field[@name='kam_dso']")
        self.assertIsNone(ours.get("invisible"))

    def test_contract_amount_is_the_deals_orders_tax_included(self):
        """The orders sale_crm counts for the deal (its Orders button, untaxed),
        tax included: the invoices and payments it is compared with are."""
        tax = self.env["account.tax"].create(
            {"name": "VAT 13 %", "amount": 13, "type_tax_use": "sale"}
        )
        deal = self.deal_rep

        def order(price):
            return self.env["sale.order"].create(
                {
                    "partner_id": self.account.id,
                    "opportunity_id": deal.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": self.product.id,
                                "price_unit": price,
                                "tax_id": [Command.set(tax.ids)],
                            }
                        )
                    ],
                }
            )

        order(1000).action_confirm()
        order(500).action_quotation_sent()
        order(200)
        deal.invalidate_recordset()
        self.assertEqual(deal.sale_amount_total, 1000)
        self.assertEqual(deal.kam_contract_amount, 1130)
        # which orders count is sale_crm's to say, for both figures
        CrmLead = type(self.env["crm.lead"])
        with patch.object(
            CrmLead,
            "_get_lead_sale_order_domain",
            lambda self: [("state", "in", ("sent", "sale"))],
        ):
            deal.invalidate_recordset()
            self.assertEqual(deal.sale_amount_total, 1500)
            self.assertEqual(deal.kam_contract_amount, 1695)
