from odoo.exceptions import AccessError
from odoo.tests import tagged, users

from .common_buying import BuyingCentreCommon


@tagged("post_install", "-at_install")
class TestBuyingCentreAccess(BuyingCentreCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.line_rep = cls.Line.create(cls._line(cls.deal_rep, cls.person_gm, "economic_buyer", 30))
        cls.line_rep2 = cls.Line.create(
            cls._line(cls.deal_rep2, cls.person_gm, "economic_buyer", 30)
        )
        cls.line_account = cls.Line.create(
            cls._line(cls.account, cls.person_gm, "economic_buyer", 30)
        )

    @users("kam_test_rep")
    def test_rep_edits_own_deals_only(self):
        Line = self.env["key.account.buying.role"]
        line = Line.create(self._line(self.deal_rep, self.person_tech, "technical_buyer", 20))
        line.write({"attitude": "supporter", "weight": 25})
        self.assertEqual(self.deal_rep.with_user(self.env.user).buying_centre_completeness, 55)
        self.line_rep.with_user(self.env.user).attitude = "neutral"
        self.assertEqual(Line.search([("lead_id", "!=", False)]), self.line_rep | line)
        with self.assertRaises(AccessError):
            Line.browse(self.line_rep2.id).attitude = "opponent"
        with self.assertRaises(AccessError):
            Line.browse(self.line_rep2.id).read(["weight"])
        with self.assertRaises(AccessError):
            Line.create(self._line(self.deal_rep2, self.person_tech, "technical_buyer", 20))
        with self.assertRaises(AccessError):
            Line.browse(self.line_rep2.id).unlink()
        line.unlink()

    @users("kam_test_rep")
    def test_rep_and_the_accounts_buying_centre(self):
        Line = self.env["key.account.buying.role"]
        # every rep reads the standing buying centres
        self.assertEqual(Line.browse(self.line_account.id).weight, 30)
        # and edits those of accounts without salesperson, or their own
        Line.browse(self.line_account.id).attitude = "supporter"
        self.account.sudo().user_id = self.user_rep2
        with self.assertRaises(AccessError):
            Line.browse(self.line_account.id).attitude = "neutral"
        with self.assertRaises(AccessError):
            self.env["crm.lead"].browse(self.deal_rep.id).action_push_buying_centre_to_account()
        self.account.sudo().user_id = self.user_rep
        self.env["crm.lead"].browse(self.deal_rep.id).action_push_buying_centre_to_account()
        self.assertEqual(self.account.buying_role_ids.lead_id, self.env["crm.lead"])
        self.assertEqual(len(self.account.sudo().buying_role_ids), 1)

    @users("kam_test_rep2")
    def test_rep_creates_a_deal_from_an_account_they_cannot_edit(self):
        self.account.sudo().user_id = self.user_rep
        deal = self.env["crm.lead"].create(
            {
                "name": "Rep two's deal",
                "type": "opportunity",
                "partner_id": self.account.id,
                "team_id": self.key_team.id,
                "user_id": self.env.user.id,
            }
        )
        self.assertEqual(deal.buying_role_ids.partner_id, self.person_gm)
        deal.buying_role_ids.attitude = "supporter"

    @users("kam_test_manager")
    def test_manager_edits_all(self):
        Line = self.env["key.account.buying.role"]
        self.assertEqual(
            Line.search([]) & (self.line_rep | self.line_rep2 | self.line_account),
            self.line_rep | self.line_rep2 | self.line_account,
        )
        Line.browse(self.line_rep2.id).attitude = "opponent"
        self.account.sudo().user_id = self.user_rep2
        Line.browse(self.line_account.id).weight = 40
        Line.create(self._line(self.deal_rep2, self.person_coach, "coach", 10))

    @users("kam_test_finance")
    def test_finance_reads_nothing(self):
        with self.assertRaises(AccessError):
            self.env["key.account.buying.role"].search([])
        with self.assertRaises(AccessError):
            self.env["res.partner"].browse(self.account.id).read(["buying_role_ids"])
        with self.assertRaises(AccessError):
            self.env["res.partner"].browse(self.account.id).read(["buying_centre_completeness"])
        # the partner form still opens for finance, without the buying centre
        arch = self.env["res.partner"].get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertNotIn("buying_role_ids", arch)

    def test_finance_who_is_also_a_rep(self):
        self.user_finance.groups_id |= self.env.ref("key_account_management.group_key_account_user")
        lines = self.Line.with_user(self.user_finance).search([("account_id", "!=", False)])
        self.assertIn(self.line_account, lines)

    @users("kam_test_rep")
    def test_import_errors(self):
        """Import reports each broken row and saves nothing."""
        Line = self.env["key.account.buying.role"]
        before = Line.search_count([])
        fields = ["lead_id/.id", "partner_id/.id", "role", "weight"]
        result = Line.load(
            fields,
            [
                [str(self.deal_rep.id), str(self.person_tech.id), "technical_buyer", "25"],
                [str(self.deal_rep.id), str(self.person_coach.id), "coach", "150"],
            ],
        )
        self.assertFalse(result["ids"])
        self.assertTrue(result["messages"])
        self.assertIn("between 0 and 100", result["messages"][0]["message"])
        self.assertEqual(Line.search_count([]), before)
        result = Line.load(
            fields,
            [
                [str(self.deal_rep.id), str(self.person_tech.id), "technical_buyer", "50"],
                [str(self.deal_rep.id), str(self.person_coach.id), "coach", "30"],
            ],
        )
        self.assertFalse(result["ids"])
        self.assertIn("add up", result["messages"][0]["message"])
        self.assertEqual(Line.search_count([]), before)
        result = Line.load(
            fields,
            [[str(self.deal_rep.id), str(self.other_person.id), "coach", "10"]],
        )
        self.assertFalse(result["ids"])
        self.assertIn("is not a person of", result["messages"][0]["message"])
        result = Line.load(
            fields,
            [
                [str(self.deal_rep.id), str(self.person_tech.id), "technical_buyer", "25"],
                [str(self.deal_rep.id), str(self.person_coach.id), "coach", "10"],
            ],
        )
        self.assertEqual(len(result["ids"]), 2, result["messages"])
        self.assertEqual(self.deal_rep.buying_centre_completeness, 65)
