from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import tagged

from .common_tour import KeyAccountTourCommon

URL = "/odoo/action-key_account_management.res_partner_action_key_accounts"


@tagged("post_install", "-at_install")
class TestCustomerAnalysisUi(KeyAccountTourCommon):
    rep_login = "kam_tour_analysis_rep"
    rep_name = "Tour Analysis Rep"
    account_name = "Tour Water Works"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.account.write({"user_id": cls.rep.id, "kam_customer_type": "government"})
        category = cls.env["product.category"].create(
            {"name": "Tour Pumps", "kam_is_equipment": True, "kam_replacement_months": 96}
        )
        brands = cls.env["key.account.brand"].create(
            [{"name": "Tour Rival Pumps"}, {"name": "Tour Other Brand"}]
        )
        cls.due = cls.env["key.account.installed.unit"].create(
            {
                "partner_id": cls.account.id,
                "brand_id": brands[0].id,
                "model_name": "TR-900",
                "categ_id": category.id,
                "quantity": 12,
                "price_unit": 50000,
                "purchase_date": fields.Date.today() - relativedelta(years=7, months=10),
            }
        )

    def _check(self):
        units = self.env["key.account.installed.unit"].search(
            [("partner_id", "=", self.account.id), ("model_name", "=", "OB-300")]
        )
        self.assertEqual(units.quantity, 5)
        self.assertFalse(units.is_ours)
        deal = self.due.replacement_lead_id
        self.assertTrue(deal.is_key_account)
        self.assertEqual(deal.user_id, self.rep)
        self.assertEqual(deal.kam_needs_quantity, 12)
        self.assertEqual(deal.expected_revenue, 12 * 50000)

    def test_analysis_tour_mobile(self):
        self._start_tour(URL, "key_account_analysis_tour", phone=True)
        self._check()

    def test_analysis_tour_desktop(self):
        self._start_tour(URL, "key_account_analysis_tour")
        self._check()
