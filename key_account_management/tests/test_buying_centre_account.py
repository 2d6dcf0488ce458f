from odoo.exceptions import UserError
from odoo.tests import tagged

from .common_buying import BuyingCentreCommon


@tagged("post_install", "-at_install")
class TestBuyingCentreAccount(BuyingCentreCommon):
    def _new_deal(self, partner, team=None, **values):
        return self.env["crm.lead"].create(
            {
                "name": "New deal",
                "type": "opportunity",
                "partner_id": partner.id,
                "team_id": (team or self.key_team).id,
                "user_id": self.user_rep.id,
                **values,
            }
        )

    def test_new_deal_starts_with_the_accounts_buying_centre(self):
        standing = self._full_centre(self.account, attitudes={"coach": "supporter"})
        deals = self.env["crm.lead"].create(
            [
                {
                    "name": f"Deal {index}",
                    "type": "opportunity",
                    "partner_id": (self.account if index % 2 else self.person_gm).id,
                    "team_id": self.key_team.id,
                }
                for index in range(4)
            ]
        )
        for deal in deals:
            self.assertEqual(len(deal.buying_role_ids), 6)
            self.assertEqual(deal.buying_role_ids.partner_id, standing.partner_id)
            self.assertEqual(deal.buying_centre_completeness, 100)
            self.assertEqual(deal.buying_centre_support, 10)
        # the account keeps its own lines
        self.assertEqual(self.account.buying_role_ids, standing)

    def test_standard_lead_gets_no_copy(self):
        self._full_centre(self.account)
        lead = self._new_deal(self.account, team=self.standard_team)
        self.assertFalse(lead.buying_role_ids)

    def test_deal_with_its_own_lines_is_not_overwritten(self):
        self._full_centre(self.account)
        deal = self._new_deal(
            self.account,
            buying_role_ids=[
                (0, 0, {"partner_id": self.person_coach.id, "role": "coach", "weight": 40})
            ],
        )
        self.assertEqual(len(deal.buying_role_ids), 1)

    def test_push_deal_to_account(self):
        self._full_centre(self.account)
        self._full_centre(self.deal_rep, attitudes={"economic_buyer": "supporter"})
        self.deal_rep.buying_role_ids.filtered(lambda line: line.role == "procurement").unlink()
        self.deal_rep.with_user(self.user_rep).action_push_buying_centre_to_account()
        lines = self.account.buying_role_ids
        self.assertEqual(len(lines), 5)
        self.assertNotIn("procurement", lines.mapped("role"))
        self.assertEqual(self.account.buying_centre_support, 30)
        self.assertEqual(self.account.buying_centre_completeness, 90)
        # the next deal starts from what was learned
        self.assertEqual(len(self._new_deal(self.account).buying_role_ids), 5)

    def test_push_needs_lines_and_a_key_account_deal(self):
        with self.assertRaises(UserError):
            self.deal_rep.action_push_buying_centre_to_account()
        lead = self._new_deal(self.account, team=self.standard_team)
        with self.assertRaises(UserError):
            lead.action_push_buying_centre_to_account()

    def test_lead_copy_copies_its_buying_centre(self):
        self._full_centre(self.deal_rep)
        copy = self.deal_rep.copy()
        self.assertEqual(len(copy.buying_role_ids), 6)
        self.assertEqual(copy.buying_role_ids.partner_id, self.deal_rep.buying_role_ids.partner_id)

    def test_people_named_without_their_company_among_the_accounts_people(self):
        person = self.account_contact
        self.assertEqual(person.display_name, "Test Heavy Industries, Test Technical Director")
        named = person.with_context(key_account_person_name=True)
        self.assertEqual(named.display_name, "Test Technical Director")
        self.assertEqual(
            self.account.with_context(key_account_person_name=True).display_name,
            "Test Heavy Industries",
        )
