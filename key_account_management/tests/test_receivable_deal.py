from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .common_receivable import KeyAccountReceivableCommon


class KeyAccountDealInvoiceCommon(KeyAccountReceivableCommon):
    """The rep's deal with a confirmed order, invoiced and posted."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        order = cls.env["sale.order"].create(
            {
                "partner_id": cls.account.id,
                "opportunity_id": cls.deal_rep.id,
                "user_id": cls.user_rep.id,
                "order_line": [
                    Command.create(
                        {"product_id": cls.product.id, "product_uom_qty": 2, "tax_id": []}
                    )
                ],
            }
        )
        order.action_confirm()
        cls.invoice = order._create_invoices()
        cls.invoice.action_post()
        # an invoice of the account outside any deal
        cls._invoice(300)


@tagged("post_install", "-at_install")
class TestReceivableDeal(KeyAccountDealInvoiceCommon):
    """Finance reads the key-account deals with their money, edits none, and
    groups the receivables by deal."""

    def test_finance_reads_a_deal_and_its_money(self):
        deal = self.deal_rep.with_user(self.user_finance)
        self.assertEqual(deal.name, "Press line")
        self.assertEqual(deal.kam_invoiced_amount, 2000)
        self.assertEqual(deal.kam_outstanding_amount, 2000)
        with self.assertRaises(AccessError):
            deal.write({"name": "Renamed by finance"})
        # the deal's form opens for them (views load and read)
        deal.get_views([(False, "form")])
        deal.web_read({"name": {}, "kam_invoiced_amount": {}, "stage_id": {"fields": {}}})

    def test_finance_reads_key_deals_only(self):
        standard = self.env["crm.lead"].create({"name": "Retail lead", "type": "opportunity"})
        with self.assertRaises(AccessError):
            standard.with_user(self.user_finance).read(["name"])

    def test_receivables_grouped_by_deal(self):
        Receivable = self.env["key.account.receivable"].with_user(self.user_finance)
        groups = dict(
            Receivable._read_group(
                [("partner_id", "=", self.account.id)], ["lead_id"], ["amount_residual:sum"]
            )
        )
        self.assertEqual(groups, {self.deal_rep: 2000, self.env["crm.lead"]: 300})
        # the deal's own figures and its receivables are one source
        self.assertEqual(groups[self.deal_rep], self.deal_rep.kam_outstanding_amount)
        # a cancelled order no longer counts for its deal (sale_crm's orders
        # of a deal), in the receivables as in the deal's figures
        self.invoice.invoice_line_ids.sale_line_ids.order_id._action_cancel()
        self.env.invalidate_all()
        groups = dict(
            Receivable._read_group(
                [("partner_id", "=", self.account.id)], ["lead_id"], ["amount_residual:sum"]
            )
        )
        self.assertEqual(groups, {self.env["crm.lead"]: 2300})
        self.assertEqual(self.deal_rep.kam_outstanding_amount, 0)


@tagged("post_install", "-at_install")
class TestReceivableDealUi(HttpCase, KeyAccountDealInvoiceCommon):
    def test_finance_opens_a_deal_from_its_receivables(self):
        self.start_tour("/odoo", "key_account_receivable_deal_tour", login="kam_test_finance")

    def test_finance_opens_the_deal(self):
        self.start_tour(
            f"/odoo/crm.lead/{self.deal_rep.id}",
            "key_account_finance_deal_tour",
            login="kam_test_finance",
        )
