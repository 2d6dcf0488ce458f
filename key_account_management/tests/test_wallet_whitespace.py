from dateutil.relativedelta import relativedelta

from odoo import Command
from odoo.tests import tagged

from .common_analysis import KeyAccountAnalysisCommon


@tagged("post_install", "-at_install")
class TestWalletWhitespace(KeyAccountAnalysisCommon):
    """Share of wallet and the whitespace map, against figures worked out by hand."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the categories of this test only (the demo has its own)
        cls.equipment = cls.pumps

    @classmethod
    def _invoice(cls, lines, shipping=None, days_ago=10, partner=None):
        move = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": (partner or cls.account).id,
                "partner_shipping_id": (shipping or partner or cls.account).id,
                "invoice_date": cls.today - relativedelta(days=days_ago),
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": [],
                        }
                    )
                    for product, amount in lines
                ],
            }
        )
        move.action_post()
        return move

    def _cells(self, account=None):
        return {
            (cell.site_id.name, cell.categ_id.name): (
                cell.invoiced_12m,
                cell.our_units,
                cell.competitor_units,
                cell.is_whitespace,
            )
            for cell in self.env["key.account.whitespace"].search(
                [
                    ("partner_id", "=", (account or self.account).id),
                    ("categ_id", "in", self.equipment.ids),
                ]
            )
        }

    def test_share_of_wallet(self):
        self.account.write({"kam_purchase_volume": 40, "kam_purchase_volume_year": self.today.year})
        order = self._sell(quantity=6)
        self._sell(quantity=4)
        # bought 14 months ago: outside the twelve months
        old = self._sell(quantity=20)
        old.date_order = old.date_order - relativedelta(months=14)
        self._rival_units(quantity=30)
        account = self.account.with_user(self.user_rep)
        self.assertEqual(order.state, "sale")
        self.assertEqual(account.kam_units_bought_12m, 10)
        # 10 of their 40 units a year
        self.assertEqual(account.kam_wallet_share, 25.0)
        self.account.kam_purchase_volume = 0
        account.invalidate_recordset()
        self.assertEqual(account.kam_wallet_share, 0.0, "no volume, no share")

    def test_whitespace_cells(self):
        other = self.env["product.category"].create(
            {"name": "Test Valves", "kam_is_equipment": True}
        )
        valve = self.env["product.product"].create(
            {"name": "Test Valve", "categ_id": other.id, "type": "consu"}
        )
        self.equipment |= other
        self._invoice([(self.pump, 200000), (self.seal, 5000)], shipping=self.site)
        self._invoice([(valve, 30000)])
        # older than twelve months: not counted
        self._invoice([(self.pump, 999999)], days_ago=400)
        self._sell(quantity=2, shipping=self.site)
        self._rival_units(quantity=10)
        self._rival_units(quantity=3, site_id=self.site.id, categ_id=other.id)
        self.env.flush_all()
        self.assertEqual(
            self._cells(),
            {
                ("Test Heavy Industries", "Test Pumps"): (0.0, 0, 10, True),
                ("Test Heavy Industries", "Test Valves"): (30000.0, 0, 0, False),
                ("East Station", "Test Pumps"): (200000.0, 2, 0, False),
                ("East Station", "Test Valves"): (0.0, 0, 3, True),
            },
        )

    def test_credit_note_nets_the_cell(self):
        self._invoice([(self.pump, 50000)])
        refund = self.env["account.move"].create(
            {
                "move_type": "out_refund",
                "partner_id": self.account.id,
                "partner_shipping_id": self.account.id,
                "invoice_date": self.today,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": self.pump.id,
                            "quantity": 1,
                            "price_unit": 50000,
                            "tax_ids": [],
                        }
                    )
                ],
            }
        )
        refund.action_post()
        self.env.flush_all()
        self.assertEqual(self._cells()[("Test Heavy Industries", "Test Pumps")], (0.0, 0, 0, True))

    def test_reading_many_accounts_costs_no_more_queries(self):
        """The analysis tab's figures read in a constant number of queries,
        whatever the number of accounts and units."""
        accounts = self.env["res.partner"].create(
            [{"name": f"Account {index}", "is_company": True} for index in range(8)]
        )
        accounts.with_user(self.user_manager).write({"is_key_account": True})
        for account in accounts:
            self._rival_units(quantity=5, account=account, years_ago=7, months_ago=9)
            self._rival_units(quantity=2, account=account, years_ago=1)
        self.env.flush_all()

        fields = [
            "kam_unit_count",
            "kam_main_brands",
            "kam_wallet_share",
            "kam_predicted_need_ids",
            "kam_whitespace_ids",
            "kam_competitor_record_ids",
        ]

        def queries(partners):
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            partners.read(fields)
            return self.cr.sql_log_count - before

        queries(accounts)  # caches warm
        one, eight = queries(accounts[:1]), queries(accounts)
        self.assertEqual(one, eight, "one account or eight: the same queries")
        self.assertLess(one, 20)
