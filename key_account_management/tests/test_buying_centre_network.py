"""三图一网: influencers outside the customer and who sways whom."""

from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common_buying import BuyingCentreCommon


@tagged("post_install", "-at_install")
class TestBuyingCentreNetwork(BuyingCentreCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.institute = Partner.create({"name": "Test Design Institute", "is_company": True})
        cls.designer = Partner.create(
            {"name": "Test Chief Designer", "parent_id": cls.institute.id}
        )
        cls.rival = Partner.create({"name": "Test Rival Cranes", "is_company": True})
        cls.rival_agent = Partner.create({"name": "Test Rival Agent", "parent_id": cls.rival.id})
        cls.deal = cls.deal_rep

    def test_external_influencer_counts_in_the_weights(self):
        self._full_centre(self.deal)
        self.deal.buying_role_ids.filtered(lambda line: line.role == "procurement").weight = 0
        line = self.Line.with_user(self.user_rep).create(
            self._line(self.deal, self.designer, "external_influencer", 10, attitude="supporter")
        )
        self.assertEqual(line.organisation_id, self.institute)
        self.assertEqual(self.deal.buying_centre_completeness, 100)
        self.assertGreater(self.deal.buying_centre_support, 0)
        with self.assertRaisesRegex(ValidationError, "add up"):
            self.Line.create(self._line(self.deal, self.other_person, "external_influencer", 5))

    def test_external_influencer_is_of_another_organisation(self):
        with self.assertRaisesRegex(ValidationError, "not of another organisation"):
            self.Line.create(self._line(self.deal, self.person_gm, "external_influencer"))
        with self.assertRaisesRegex(ValidationError, "not a person of"):
            self.Line.create(self._line(self.deal, self.designer, "technical_buyer"))

    def test_never_a_competitors_person_by_either_door(self):
        self.deal.kam_competitor_ids = [Command.create({"competitor_id": self.rival.id})]
        with self.assertRaisesRegex(ValidationError, "a competitor on"):
            self.Line.create(self._line(self.deal, self.rival_agent, "external_influencer"))
        # the other way round: the influencer first, the competitor named later
        deal = self.deal_rep2
        self.Line.create(self._line(deal, self.rival_agent, "external_influencer"))
        with self.assertRaisesRegex(ValidationError, "remove them there"):
            deal.kam_competitor_ids = [Command.create({"competitor_id": self.rival.id})]

    def test_influence_between_two_people_of_the_buying_centre(self):
        self._full_centre(self.deal)
        self.Line.create(self._line(self.deal, self.designer, "external_influencer"))
        Influence = self.env["key.account.influence"].with_user(self.user_rep)
        link = Influence.create(
            {
                "lead_id": self.deal.id,
                "influencer_id": self.designer.id,
                "influenced_id": self.person_tech.id,
                "strength": "strong",
            }
        )
        self.assertEqual(self.deal.kam_influence_ids, link)
        with self.assertRaisesRegex(ValidationError, "cannot influence themselves"):
            Influence.create(
                {
                    "lead_id": self.deal.id,
                    "influencer_id": self.person_gm.id,
                    "influenced_id": self.person_gm.id,
                }
            )
        with self.assertRaisesRegex(ValidationError, "not in the buying centre"):
            Influence.create(
                {
                    "lead_id": self.deal.id,
                    "influencer_id": self.other_person.id,
                    "influenced_id": self.person_gm.id,
                }
            )
        with self.assertRaises(AccessError):
            link.with_user(self.user_rep2).read(["strength"])
        # the other door: the person leaves the buying centre, the link goes
        self.deal.buying_role_ids.filtered(lambda line: line.partner_id == self.designer).with_user(
            self.user_rep
        ).unlink()
        self.assertFalse(link.exists())

    def test_several_colleagues_know_one_person(self):
        line = self.Line.with_user(self.user_rep).create(
            self._line(self.deal, self.person_gm, "economic_buyer", attitude="supporter")
        )
        self.assertEqual(line.relationship_user_id, self.user_rep)
        Link = self.env["key.account.colleague.link"].with_user(self.user_rep)
        Link.create(
            [
                {"buying_role_id": line.id, "user_id": self.user_manager.id, "strength": "strong"},
                {"buying_role_id": line.id, "user_id": self.user_rep2.id, "strength": "weak"},
            ]
        )
        self.assertEqual(line.colleague_user_ids, self.user_manager | self.user_rep2)
        self.assertEqual(self.Line.search([("colleague_user_ids", "=", self.user_rep2.id)]), line)
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            Link.create({"buying_role_id": line.id, "user_id": self.user_manager.id})

    def test_colleague_links_follow_the_member(self):
        line = self.Line.create(self._line(self.deal, self.person_gm, "economic_buyer"))
        link = self.env["key.account.colleague.link"].create(
            {"buying_role_id": line.id, "user_id": self.user_manager.id}
        )
        # the rep of another deal neither reads nor adds colleagues there
        with self.assertRaises(AccessError):
            link.with_user(self.user_rep2).read(["strength"])
        with self.assertRaises(AccessError):
            self.env["key.account.colleague.link"].with_user(self.user_rep2).create(
                {"buying_role_id": line.id, "user_id": self.user_rep2.id}
            )
        # copied with the account's standing buying centre into a new deal
        copy = self.Line.create(line.copy_data({"lead_id": self.deal_rep2.id})[0])
        self.assertEqual(copy.colleague_ids.user_id, self.user_manager)
        line.unlink()
        self.assertFalse(link.exists())
