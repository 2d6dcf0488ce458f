from odoo.tests import tagged

from .common_tour import KeyAccountTourCommon


@tagged("post_install", "-at_install")
class TestKeyAccountUi(KeyAccountTourCommon):
    rep_login = "kam_tour_rep"
    rep_name = "Tour Rep"
    account_name = "Tour Heavy Industries"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.deal = cls._deal("Tour press line")

    def _assert_first_stage(self):
        self.assertEqual(
            self.deal.stage_id, self.env.ref("key_account_management.crm_stage_key_evaluate")
        )

    def test_pipeline_tour_desktop(self):
        self._start_tour("/odoo", "key_account_pipeline_tour")
        self._assert_first_stage()

    def test_pipeline_tour_mobile(self):
        self._start_tour("/odoo", "key_account_pipeline_tour", phone=True)
        self._assert_first_stage()

    def test_gate_refuses_a_drag_and_drop(self):
        self._start_tour("/odoo", "key_account_gate_tour")
        self._assert_first_stage()
