from odoo.tests import tagged

from .common_tour import KeyAccountTourCommon

URL = "/odoo/action-key_account_management.key_account_revisit_action"


@tagged("post_install", "-at_install")
class TestRevisitUi(KeyAccountTourCommon):
    rep_login = "kam_tour_revisit_rep"
    rep_name = "Tour Revisit Rep"
    account_name = "Tour Harbour Cranes"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        product = cls.env["product.product"].create(
            {"name": "Crane control", "type": "service", "list_price": 1000}
        )
        order = cls.env["sale.order"].create(
            {
                "partner_id": cls.account.id,
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
        self._start_tour(URL, "key_account_revisit_tour")
        self._check_result()

    def test_revisit_tour_mobile(self):
        self._start_tour(URL, "key_account_revisit_tour", phone=True)
        self._check_result()
