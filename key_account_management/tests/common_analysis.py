from dateutil.relativedelta import relativedelta

from odoo import Command, fields

from .common import KeyAccountCommon


class KeyAccountAnalysisCommon(KeyAccountCommon):
    """An equipment category replaced every eight years, a pump sold in it,
    our brand and a competitor's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env["res.partner"])
        cls.company.kam_replacement_horizon_months = 12
        cls.pumps = cls.env["product.category"].create(
            {"name": "Test Pumps", "kam_is_equipment": True, "kam_replacement_months": 96}
        )
        cls.spares = cls.env["product.category"].create({"name": "Test Spare Parts"})
        cls.pump = cls.env["product.product"].create(
            {
                "name": "Test Booster Pump",
                "type": "consu",
                "categ_id": cls.pumps.id,
                "list_price": 100000,
                "invoice_policy": "order",
            }
        )
        cls.seal = cls.env["product.product"].create(
            {"name": "Test Seal Kit", "type": "consu", "categ_id": cls.spares.id}
        )
        cls.own_brand = cls.env["key.account.brand"].create(
            {"name": "Test Own Brand", "is_own": True, "company_id": cls.company.id}
        )
        cls.rival = cls.env["key.account.brand"].create({"name": "Test Rival Pumps"})
        cls.account.user_id = cls.user_rep
        cls.site = cls.env["res.partner"].create(
            {"name": "East Station", "parent_id": cls.account.id, "type": "delivery"}
        )

    @classmethod
    def _sell(
        cls, quantity=4, price=90000, partner=None, product=None, shipping=None, confirm=True
    ):
        order = cls.env["sale.order"].create(
            {
                "partner_id": (partner or cls.account).id,
                "partner_shipping_id": (shipping or partner or cls.account).id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": (product or cls.pump).id,
                            "product_uom_qty": quantity,
                            "price_unit": price,
                            "tax_id": [],
                        }
                    )
                ],
            }
        )
        if confirm:
            order.action_confirm()
        return order

    @classmethod
    def _rival_units(cls, quantity=10, years_ago=8, months_ago=0, account=None, **values):
        return cls.env["key.account.installed.unit"].create(
            {
                "partner_id": (account or cls.account).id,
                "brand_id": cls.rival.id,
                "model_name": "RP-900",
                "categ_id": cls.pumps.id,
                "quantity": quantity,
                "price_unit": 80000,
                "purchase_date": cls.today - relativedelta(years=years_ago, months=months_ago),
                **values,
            }
        )
