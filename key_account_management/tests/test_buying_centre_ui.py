from odoo.tests import HttpCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user


@tagged("post_install", "-at_install")
class TestBuyingCentreUi(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rep = mail_new_test_user(
            cls.env,
            login="kam_tour_bc_rep",
            name="Tour Buying Rep",
            groups="base.group_user,key_account_management.group_key_account_user",
        )
        cls.account = cls.env["res.partner"].create(
            {"name": "Tour Power Plant", "is_company": True, "is_key_account": True}
        )
        cls.deal = cls.env["crm.lead"].create(
            {
                "name": "Tour turbine retrofit",
                "type": "opportunity",
                "partner_id": cls.account.id,
                "team_id": cls.env.ref("key_account_management.crm_team_key_accounts").id,
                "user_id": cls.rep.id,
            }
        )

    def _check_result(self):
        line = self.deal.buying_role_ids
        self.assertEqual(line.partner_id.name, "Tour Chief Engineer")
        self.assertEqual(line.partner_id.parent_id, self.account)
        self.assertEqual(line.role, "technical_buyer")
        self.assertEqual(line.weight, 40)
        self.assertTrue(line.has_veto)
        self.assertEqual(self.deal.buying_centre_completeness, 40)

    def test_buying_centre_tour_desktop(self):
        self.start_tour("/odoo", "key_account_buying_centre_tour", login="kam_tour_bc_rep")
        self._check_result()

    def test_buying_centre_tour_mobile(self):
        self.browser_size = "375x667"
        self.touch_enabled = True
        self.start_tour("/odoo", "key_account_buying_centre_tour", login="kam_tour_bc_rep")
        self._check_result()
