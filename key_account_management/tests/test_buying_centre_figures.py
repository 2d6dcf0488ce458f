from odoo.tests import tagged

from .common_buying import BuyingCentreCommon


@tagged("post_install", "-at_install")
class TestBuyingCentreFigures(BuyingCentreCommon):
    def test_empty_key_account_deal(self):
        deal = self.deal_rep
        self.assertEqual(deal.buying_centre_completeness, 0)
        self.assertTrue(deal.buying_centre_incomplete)
        self.assertTrue(deal.buying_centre_no_economic_buyer)
        self.assertTrue(deal.buying_centre_no_technical_buyer)
        self.assertTrue(deal.buying_centre_no_coach)
        self.assertFalse(deal.buying_centre_economic_opposed)

    def test_standard_lead_is_never_flagged(self):
        lead = self.env["crm.lead"].create(
            {
                "name": "Retail order",
                "partner_id": self.account.id,
                "team_id": self.standard_team.id,
            }
        )
        self.assertFalse(lead.buying_centre_incomplete)
        self.assertFalse(lead.buying_centre_no_coach)
        self.assertFalse(lead.buying_centre_no_economic_buyer)
        self.assertNotIn(
            lead,
            self.env["crm.lead"].search([("buying_centre_no_coach", "=", True)]),
        )

    def test_complete_buying_centre(self):
        lines = self._full_centre(
            self.deal_rep,
            attitudes={
                "economic_buyer": "supporter",
                "technical_buyer": "supporter",
                "user_buyer": "neutral",
                "actual_buyer": "opponent",
                "coach": "supporter",
            },
        )
        deal = self.deal_rep
        self.assertEqual(deal.buying_centre_completeness, 100)
        self.assertFalse(deal.buying_centre_incomplete)
        # 30 + 25 + 10 (supporters) - 10 (opponent)
        self.assertEqual(deal.buying_centre_support, 55)
        # procurement's attitude (10 %) is unknown
        self.assertEqual(deal.buying_centre_known_weight, 90)
        self.assertFalse(deal.buying_centre_no_economic_buyer)
        self.assertFalse(deal.buying_centre_no_technical_buyer)
        self.assertFalse(deal.buying_centre_no_coach)
        self.assertFalse(deal.buying_centre_economic_opposed)

        lines.filtered(lambda line: line.role == "economic_buyer").attitude = "opponent"
        self.assertTrue(deal.buying_centre_economic_opposed)
        self.assertEqual(deal.buying_centre_support, -5)
        lines.filtered(lambda line: line.role == "coach").unlink()
        self.assertTrue(deal.buying_centre_no_coach)
        self.assertTrue(deal.buying_centre_incomplete)
        self.assertEqual(deal.buying_centre_completeness, 90)

    def test_the_card_warns_of_the_most_serious_gap(self):
        deal = self.deal_rep
        self.assertEqual(deal.buying_centre_alert, "empty")
        lines = self._full_centre(deal, attitudes={"economic_buyer": "opponent"})
        self.assertEqual(deal.buying_centre_alert, "economic_opposed")
        lines.filtered(lambda line: line.role == "coach").unlink()
        self.assertEqual(deal.buying_centre_alert, "economic_opposed", "the worse gap shows")
        deal.buying_role_ids.filtered(
            lambda line: line.role == "economic_buyer"
        ).attitude = "supporter"
        self.assertEqual(deal.buying_centre_alert, "no_coach")
        self.Line.create(self._line(deal, self.person_coach, "coach", 5.0))
        self.assertEqual(deal.buying_centre_alert, "incomplete")
        self.assertEqual(deal.buying_centre_completeness, 95)
        deal.buying_role_ids.filtered(lambda line: line.role == "coach").weight = 10.0
        self.assertFalse(deal.buying_centre_alert)
        self.assertEqual(
            self.env["crm.lead"].search([("buying_centre_alert", "=", "empty")]) & deal,
            self.env["crm.lead"],
        )
        standard = self.env["crm.lead"].create(
            {
                "name": "Retail order",
                "partner_id": self.account.id,
                "team_id": self.standard_team.id,
            }
        )
        self.assertFalse(standard.buying_centre_alert, "only key-account deals are warned of")

    def test_filters_are_plain_domains(self):
        self._full_centre(self.deal_rep, attitudes={"economic_buyer": "opponent"})
        Lead = self.env["crm.lead"]
        self.assertIn(self.deal_rep, Lead.search([("buying_centre_economic_opposed", "=", True)]))
        self.assertNotIn(self.deal_rep, Lead.search([("buying_centre_incomplete", "=", True)]))
        self.assertIn(self.deal_rep2, Lead.search([("buying_centre_no_coach", "=", True)]))
        self.assertIn(self.deal_rep2, Lead.search([("buying_centre_incomplete", "=", True)]))

    def test_account_figures(self):
        self._full_centre(self.account, attitudes={"coach": "supporter"})
        self.assertEqual(self.account.buying_centre_completeness, 100)
        self.assertEqual(self.account.buying_centre_support, 10)
        self.assertFalse(self.account.buying_centre_no_coach)
        self.assertFalse(self.other_company.buying_centre_no_coach, "not a key account")

    def test_attitude_changes_are_logged_on_the_deal(self):
        line = self.Line.create(self._line(self.deal_rep, self.person_gm, "economic_buyer", 30))
        self.env.flush_all()
        self.env.cr.precommit.run()
        line.attitude = "supporter"
        self.env.flush_all()
        self.env.cr.precommit.run()
        message = self.deal_rep.message_ids[0]
        self.assertIn("Test General Manager", message.body)
        self.assertIn("Unknown → Supporter", message.body)

    def test_org_chart(self):
        self.person_tech.kam_reports_to_id = self.person_gm
        self._full_centre(self.deal_rep, attitudes={"technical_buyer": "opponent"})
        action = self.deal_rep.action_open_buying_centre_org_chart()
        self.assertEqual(action["res_model"], "res.partner")
        self.assertEqual(action["views"][0][1], "hierarchy")
        people = self.env["res.partner"].with_context(**action["context"]).search(action["domain"])
        self.assertIn(self.person_tech, people)
        self.assertNotIn(self.account, people)
        self.assertEqual(
            self.person_tech.with_context(**action["context"]).buying_centre_attitude, "opponent"
        )
        self.assertEqual(
            self.person_tech.with_context(**action["context"]).buying_centre_role_names,
            "Technical Buyer",
        )
        tree = people.hierarchy_read(
            [("id", "in", people.ids), ("kam_reports_to_id", "=", False)],
            ["name", "buying_centre_role_names"],
            "kam_reports_to_id",
        )
        boss = next(node for node in tree if node["id"] == self.person_gm.id)
        self.assertIn(self.person_tech.id, boss["__child_ids__"])
        # from the account: its standing buying centre
        account_action = self.account.action_open_buying_centre_org_chart()
        self.assertNotIn("buying_centre_lead_id", account_action["context"])

    def test_reports_to_rules(self):
        from odoo.exceptions import ValidationError

        with self.assertRaises(ValidationError):
            self.person_tech.kam_reports_to_id = self.other_person
        self.person_tech.kam_reports_to_id = self.person_gm
        with self.assertRaises(ValidationError):
            self.person_gm.kam_reports_to_id = self.person_tech
