from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common_tour import KeyAccountTourCommon

URL = "/odoo/action-key_account_management.key_account_visit_action"


@tagged("post_install", "-at_install")
class TestHealthUi(KeyAccountTourCommon):
    rep_login = "kam_tour_health_rep"
    rep_name = "Tour Health Rep"
    account_name = "Tour Steel Mill"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.account.write({"user_id": cls.rep.id, "kam_importance": "critical"})
        cls.buyer = cls.env["res.partner"].create(
            {"name": "Tour Economic Buyer", "parent_id": cls.account.id}
        )
        cls.env["key.account.buying.role"].create(
            {
                "account_id": cls.account.id,
                "partner_id": cls.buyer.id,
                "role": "economic_buyer",
                "weight": 40,
            }
        )
        cls.env["key.account.visit"].create(
            {
                "account_id": cls.account.id,
                "user_id": cls.rep.id,
                "visit_datetime": fields.Datetime.now() - timedelta(days=100),
                "method": "phone",
            }
        )
        cls.account._kam_refresh_health()

    def test_health_tour_mobile(self):
        self.assertEqual(self.account.kam_health_state, "at_risk")
        self._start_tour(URL, "key_account_health_tour", phone=True)
        meeting = self.env["calendar.event"].search([("kam_account_id", "=", self.account.id)])
        self.assertEqual(len(meeting), 1)
        self.assertIn(self.buyer, meeting.partner_ids)
        self.assertIn(self.rep.partner_id, meeting.partner_ids)
