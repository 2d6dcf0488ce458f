from odoo.tests import HttpCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user

URL = "/odoo/action-key_account_management.key_account_revisit_action"


@tagged("post_install", "-at_install")
class TestRevisitUi(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rep = mail_new_test_user(
            cls.env,
            login="kam_tour_revisit_rep",
            name="Tour Revisit Rep",
            groups="base.group_user,key_account_management.group_key_account_user",
        )
        account = cls.env["res.partner"].create(
            {"name": "Tour Harbour Cranes", "is_company": True, "is_key_account": True}
        )
        product = cls.env["product.product"].create(
            {"name": "Crane control", "type": "service", "list_price": 1000}
        )
        order = cls.env["sale.order"].create(
            {
                "partner_id": account.id,
                "user_id": cls.rep.id,
                "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": 1})],
            }
        )
        order.action_confirm()
        cls.plan = order.revisit_plan_ids
        cls.first = cls.plan.revisit_ids.sorted("scheduled_date")[0]

    def _check_result(self):
        self.assertEqual(self.first.state, "done")
        self.assertEqual(self.first.satisfaction, "4")
        self.assertEqual(self.first.problems, "Night shift unsure about the crane interlock")
        self.assertTrue(self.first.done_date)
        self.assertEqual(self.plan.revisit_ids.filtered(lambda r: r.state == "done"), self.first)

    def test_revisit_tour_desktop(self):
        self.start_tour(URL, "key_account_revisit_tour", login="kam_tour_revisit_rep")
        self._check_result()

    def test_revisit_tour_mobile(self):
        self.browser_size = "375x667"
        self.touch_enabled = True
        self.start_tour(URL, "key_account_revisit_tour", login="kam_tour_revisit_rep")
        self._check_result()
