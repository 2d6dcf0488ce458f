from odoo.tests import tagged

from .common_tour import KeyAccountTourCommon


@tagged("post_install", "-at_install")
class TestOrgChartUi(KeyAccountTourCommon):
    """The account's org chart opens with every person of it, at any depth."""

    rep_login = "kam_tour_org_rep"
    rep_name = "Tour Org Rep"
    account_name = "Tour Steel Works"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.account.user_id = cls.rep
        Partner = cls.env["res.partner"]

        def person(name, boss=None):
            return Partner.create(
                {
                    "name": name,
                    "parent_id": cls.account.id,
                    "kam_reports_to_id": boss.id if boss else False,
                }
            )

        general_manager = person("Tour General Manager")
        technical_director = person("Tour Technical Director", general_manager)
        cls.technical_director = technical_director
        person("Tour Finance Director", general_manager)
        person("Tour Process Engineer", technical_director)

    def test_org_chart_tour_desktop(self):
        self._start_tour(f"/odoo/res.partner/{self.account.id}", "key_account_org_chart_tour")

    def test_org_chart_tour_mobile(self):
        self._start_tour(
            f"/odoo/res.partner/{self.account.id}", "key_account_org_chart_tour", phone=True
        )


@tagged("post_install", "-at_install")
class TestDealOrgChartUi(TestOrgChartUi):
    """From a deal, the chart shows the deal's buying centre, not the account's."""

    rep_login = "kam_tour_deal_org_rep"
    account_name = "Tour Steel Works (deal)"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Role = cls.env["key.account.buying.role"]
        Role.create(
            {
                "account_id": cls.account.id,
                "partner_id": cls.technical_director.id,
                "role": "technical_buyer",
                "weight": 10,
                "attitude": "supporter",
            }
        )
        cls.deal = cls._deal("Tour rolling mill")
        cls.deal.buying_role_ids.write({"weight": 40, "attitude": "opponent"})

    def test_org_chart_tour_desktop(self):
        self._start_tour(f"/odoo/crm.lead/{self.deal.id}", "key_account_deal_org_chart_tour")

    def test_org_chart_tour_mobile(self):
        self._start_tour(
            f"/odoo/crm.lead/{self.deal.id}", "key_account_deal_org_chart_tour", phone=True
        )
