from odoo.tests import HttpCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user

URL = "/odoo/action-key_account_management.key_account_visit_action"


@tagged("post_install", "-at_install")
class TestVisitUi(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rep = mail_new_test_user(
            cls.env,
            login="kam_tour_visit_rep",
            name="Tour Visit Rep",
            groups="base.group_user,key_account_management.group_key_account_user",
        )
        cls.account = cls.env["res.partner"].create(
            {"name": "Tour Power Plant", "is_company": True, "is_key_account": True}
        )
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
        self.start_tour(URL, "key_account_visit_tour", login="kam_tour_visit_rep")
        self._check_result("demonstration")

    def test_visit_tour_mobile(self):
        self.browser_size = "375x667"
        self.touch_enabled = True
        self.start_tour(URL, "key_account_visit_tour", login="kam_tour_visit_rep")
        self._check_result("contact")
