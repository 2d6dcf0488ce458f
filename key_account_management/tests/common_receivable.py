from datetime import timedelta

from odoo import Command

from .common import KeyAccountCommon


class KeyAccountReceivableCommon(KeyAccountCommon):
    """Two key accounts (one per rep) and helpers to invoice and collect.

    Ageing is relative to the database's today (UTC), so invoices are dated
    from ``cls.today`` read from the database."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.cr.execute("SELECT (now() AT TIME ZONE 'UTC')::date")
        cls.today = cls.env.cr.fetchone()[0]
        cls.currency = cls.company.currency_id
        cls.account.user_id = cls.user_rep
        cls.account2 = cls.env["res.partner"].create(
            {
                "name": "Test River Utilities",
                "is_company": True,
                "is_key_account": True,
                "user_id": cls.user_rep2.id,
            }
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Press line", "type": "service", "list_price": 1000, "invoice_policy": "order"}
        )

    @classmethod
    def _invoice(
        cls,
        amount,
        partner=None,
        move_type="out_invoice",
        due_in=30,
        post=True,
        invoice_days_ago=10,
        **values,
    ):
        """An invoice (or credit note) of ``amount`` due ``due_in`` days from today."""
        move = cls.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": (partner or cls.account).id,
                "invoice_date": cls.today - timedelta(days=invoice_days_ago),
                "invoice_date_due": cls.today + timedelta(days=due_in),
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Press line", "quantity": 1, "price_unit": amount, "tax_ids": []}
                    )
                ],
                **values,
            }
        )
        if post:
            move.action_post()
        return move

    @classmethod
    def _pay(cls, invoice, amount, **values):
        return (
            cls.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"amount": amount, **values})
            ._create_payments()
        )

    @classmethod
    def _reconcile(cls, *moves):
        lines = cls.env["account.move.line"].concat(*(move.line_ids for move in moves))
        lines.filtered(lambda line: line.account_id.account_type == "asset_receivable").reconcile()

    def _rows(self, partner=None, user=None):
        Receivable = self.env["key.account.receivable"]
        if user:
            Receivable = Receivable.with_user(user)
        return Receivable.search([("partner_id", "=", (partner or self.account).id)])
