from odoo.tests import HttpCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user


@tagged("post_install", "-at_install")
class TestKeyAccountUi(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rep = mail_new_test_user(
            cls.env,
            login="kam_tour_rep",
            name="Tour Rep",
            groups="base.group_user,key_account_management.group_key_account_user",
        )
        account = cls.env["res.partner"].create(
            {"name": "Tour Heavy Industries", "is_company": True, "is_key_account": True}
        )
        cls.deal = cls.env["crm.lead"].create(
            {
                "name": "Tour press line",
                "type": "opportunity",
                "partner_id": account.id,
                "team_id": cls.env.ref("key_account_management.crm_team_key_accounts").id,
                "user_id": cls.rep.id,
            }
        )

    def test_pipeline_tour_desktop(self):
        self.start_tour("/odoo", "key_account_pipeline_tour", login="kam_tour_rep")

    def test_pipeline_tour_mobile(self):
        self.browser_size = "375x667"
        self.touch_enabled = True
        self.start_tour("/odoo", "key_account_pipeline_tour", login="kam_tour_rep")

    def test_gate_refuses_a_drag_and_drop(self):
        self.start_tour("/odoo", "key_account_gate_tour", login="kam_tour_rep")
        self.assertEqual(
            self.deal.stage_id, self.env.ref("key_account_management.crm_stage_key_evaluate")
        )
