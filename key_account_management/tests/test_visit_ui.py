from odoo.tests import tagged

from .common_tour import KeyAccountTourCommon

URL = "/odoo/action-key_account_management.key_account_visit_action"


@tagged("post_install", "-at_install")
class TestVisitUi(KeyAccountTourCommon):
    rep_login = "kam_tour_visit_rep"
    rep_name = "Tour Visit Rep"
    account_name = "Tour Power Plant"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.engineer = cls.env["res.partner"].create(
            {"name": "Tour Chief Engineer", "parent_id": cls.account.id}
        )

    def _check_result(self, progress):
        visit = self.env["key.account.visit"].search([("account_id", "=", self.account.id)])
        self.assertEqual(len(visit), 1)
        self.assertEqual(visit.user_id, self.rep)
        self.assertEqual(visit.customer_attitude, "warm")
        self.assertEqual(visit.progress, progress)
        self.assertEqual(visit.attendee_ids.partner_id, self.engineer)
        self.assertEqual(visit.note, "Wants a quote for two turbines")
        self.assertTrue(visit.follow_up_open, "the visit's follow-up is scheduled")

    def test_visit_tour_desktop(self):
        self._start_tour(URL, "key_account_visit_tour")
        self._check_result("demonstration")

    def test_visit_tour_mobile(self):
        self._start_tour(URL, "key_account_visit_tour", phone=True)
        self._check_result("contact")
