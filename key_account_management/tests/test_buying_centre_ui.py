from odoo.tests import tagged

from .common_tour import KeyAccountTourCommon


@tagged("post_install", "-at_install")
class TestBuyingCentreUi(KeyAccountTourCommon):
    rep_login = "kam_tour_bc_rep"
    rep_name = "Tour Buying Rep"
    account_name = "Tour Power Plant"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.deal = cls._deal("Tour turbine retrofit")

    def _check_result(self, attitude="unknown"):
        line = self.deal.buying_role_ids
        self.assertEqual(line.partner_id.name, "Tour Chief Engineer")
        self.assertEqual(line.partner_id.parent_id, self.account)
        self.assertEqual(line.role, "technical_buyer")
        self.assertEqual(line.weight, 40)
        self.assertEqual(line.attitude, attitude)
        self.assertTrue(line.has_veto)
        self.assertEqual(self.deal.buying_centre_completeness, 40)

    def test_buying_centre_tour_desktop(self):
        self._start_tour("/odoo", "key_account_buying_centre_tour")
        self._check_result()

    def test_buying_centre_tour_mobile(self):
        self._start_tour("/odoo", "key_account_buying_centre_tour", phone=True)
        self._check_result(attitude="supporter")
