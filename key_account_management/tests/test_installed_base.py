from dateutil.relativedelta import relativedelta

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common_analysis import KeyAccountAnalysisCommon


@tagged("post_install", "-at_install")
class TestInstalledBase(KeyAccountAnalysisCommon):
    """保有量: our units follow the orders through every door; the
    competitors' are the rep's, checked on the way in."""

    def _units(self, **domain):
        return self.env["key.account.installed.unit"].search(
            [
                ("partner_id", "=", self.account.id),
                *((key, "=", value) for key, value in domain.items()),
            ]
        )

    def test_confirmation_creates_our_units(self):
        order = self._sell(quantity=4, price=90000, shipping=self.site)
        unit = self._units()
        self.assertEqual(len(unit), 1)
        self.assertTrue(unit.is_ours)
        self.assertEqual(unit.sale_line_id, order.order_line)
        self.assertEqual(unit.quantity, 4)
        self.assertEqual(unit.price_unit, 90000)
        self.assertEqual(unit.purchase_date, order.date_order.date())
        self.assertEqual(unit.site_id, self.site)
        self.assertEqual(unit.brand_id, self.own_brand)
        self.assertEqual(unit.categ_id, self.pumps)
        # eight years of the category's cycle
        self.assertEqual(unit.replacement_date, unit.purchase_date + relativedelta(months=96))

    def test_quotation_and_spare_parts_make_no_units(self):
        self._sell(confirm=False)
        self._sell(product=self.seal)
        self.assertFalse(self._units())

    def test_customer_not_key_account_gets_no_units(self):
        walk_in = self.env["res.partner"].create({"name": "Walk-in", "is_company": True})
        self._sell(partner=walk_in)
        self.assertFalse(
            self.env["key.account.installed.unit"].search([("partner_id", "=", walk_in.id)])
        )

    def test_order_changes_follow_both_ways(self):
        order = self._sell(quantity=4, price=90000)
        order.order_line.write({"product_uom_qty": 6, "price_unit": 85000})
        unit = self._units()
        self.assertEqual((unit.quantity, unit.price_unit), (6, 85000))
        order._action_cancel()
        self.assertFalse(self._units(), "a cancelled order leaves the installed base")
        order.action_draft()
        order.action_confirm()
        self.assertEqual(self._units().quantity, 6)

    def test_new_line_on_confirmed_order_adds_units(self):
        order = self._sell(quantity=2)
        order.write(
            {
                "order_line": [
                    (0, 0, {"product_id": self.pump.id, "product_uom_qty": 3, "price_unit": 1})
                ]
            }
        )
        self.assertEqual(sorted(self._units().mapped("quantity")), [2, 3])

    def test_new_key_account_starts_with_its_orders(self):
        customer = self.env["res.partner"].create({"name": "Future Key", "is_company": True})
        self._sell(quantity=5, partner=customer)
        customer.with_user(self.user_manager).is_key_account = True
        units = self.env["key.account.installed.unit"].search([("partner_id", "=", customer.id)])
        self.assertEqual(units.quantity, 5)

    def test_category_marked_as_equipment_takes_past_orders(self):
        self._sell(quantity=3, product=self.seal)
        self.spares.kam_is_equipment = True
        self.assertEqual(self._units().quantity, 3)
        self.spares.kam_is_equipment = False
        self.assertFalse(self._units())

    def test_our_units_are_not_typed_again(self):
        self._sell(quantity=4)
        unit = self._units().with_user(self.user_rep)
        with self.assertRaises(AccessError):
            unit.quantity = 40
        with self.assertRaises(AccessError):
            unit.unlink()
        # what the order does not know is the rep's to say
        unit.write({"usage_area": "East district", "notes": "Runs well"})
        self.assertEqual(unit.usage_area, "East district")

    def test_duplicates(self):
        self._sell(quantity=4)
        ours = self._units(is_ours=True).with_user(self.user_rep)
        with self.assertRaisesRegex(UserError, "cannot be duplicated"):
            ours.copy()
        theirs = self._rival_units(quantity=3, years_ago=7, months_ago=9)
        theirs._kam_open_replacement_deal()
        copy = theirs.with_user(self.user_rep).copy({"usage_area": "West district"})
        self.assertFalse(copy.is_ours)
        self.assertFalse(copy.replacement_lead_id, "the copy's units have no deal yet")
        self.assertEqual((copy.quantity, copy.brand_id), (3, self.rival))

    def test_replacement_cycle_per_unit(self):
        units = self._rival_units(years_ago=2, replacement_months=36)
        self.assertEqual(units.replacement_date, units.purchase_date + relativedelta(months=36))
        units.replacement_date = units.purchase_date + relativedelta(years=5)
        self.assertEqual(units.replacement_date, units.purchase_date + relativedelta(years=5))

    def test_bad_input_is_refused(self):
        Unit = self.env["key.account.installed.unit"].with_user(self.user_rep)
        other = self.env["res.partner"].create({"name": "Elsewhere", "type": "delivery"})
        cases = [
            ("must be positive", lambda: self._rival_units(quantity=-3)),
            (
                "before they were bought",
                lambda: self._rival_units(replacement_date=self.today - relativedelta(years=9)),
            ),
            (
                "Name the brand",
                lambda: Unit.create({"partner_id": self.account.id, "model_name": "X"}),
            ),
            ("not a site of", lambda: self._rival_units(site_id=other.id)),
        ]
        for message, create in cases:
            with self.subTest(message), self.assertRaises(ValidationError) as error:
                create()
            self.assertIn(message, str(error.exception))
        self.assertFalse(self._units(), "nothing saved")

    def test_import_of_competitor_units(self):
        Unit = self.env["key.account.installed.unit"].with_user(self.user_rep)
        fields = ["partner_id", "brand_id", "model_name", "categ_id", "quantity", "purchase_date"]
        row = ["Test Heavy Industries", "Test Rival Pumps", "RP-1", "Test Pumps", "5", "2020-03-01"]
        result = Unit.load(
            fields,
            [
                row,
                ["Test Heavy Industries", "Unknown Brand", "RP-2", "Test Pumps", "2", "2020-03-01"],
            ],
        )
        self.assertFalse(result["ids"], "nothing is saved when one row is wrong")
        self.assertIn(
            "Unknown Brand", " ".join(message["message"] for message in result["messages"])
        )
        result = Unit.load(fields, [row])
        self.assertEqual(len(result["ids"]), 1, result["messages"])
        unit = Unit.browse(result["ids"])
        self.assertFalse(unit.is_ours)
        self.assertEqual(unit.replacement_date.isoformat(), "2028-03-01")

    def test_imported_units_cannot_claim_to_be_ours(self):
        Unit = self.env["key.account.installed.unit"].with_user(self.user_rep)
        with self.assertRaises(AccessError):
            Unit.create(
                {
                    "partner_id": self.account.id,
                    "brand_id": self.rival.id,
                    "quantity": 1,
                    "is_ours": True,
                }
            )

    def test_main_brands_and_counts(self):
        self._sell(quantity=4)
        self._rival_units(quantity=10)
        account = self.account.with_user(self.user_rep)
        self.assertEqual(account.kam_our_unit_count, 4)
        self.assertEqual(account.kam_competitor_unit_count, 10)
        self.assertEqual(account.kam_unit_count, 14)
        self.assertEqual(account.kam_main_brands, "Test Rival Pumps (10), Test Own Brand (4)")
