"""关系网: the relationship map of a deal and of an account."""

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common_buying import BuyingCentreCommon
from .common_tour import KeyAccountTourCommon


@tagged("post_install", "-at_install")
class TestRelationshipMapData(BuyingCentreCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        institute = cls.env["res.partner"].create({"name": "Test Institute", "is_company": True})
        cls.designer = cls.env["res.partner"].create(
            {"name": "Test Designer", "parent_id": institute.id}
        )
        # the workshop head reports to the technical buyer through a
        # department head who is not in the buying centre
        middle = cls.env["res.partner"].create(
            {
                "name": "Test Department Head",
                "parent_id": cls.account.id,
                "kam_reports_to_id": cls.person_tech.id,
            }
        )
        cls.person_user.kam_reports_to_id = middle
        cls.person_tech.kam_reports_to_id = cls.person_gm

    def test_deal_map(self):
        deal = self.deal_rep
        self._full_centre(deal)
        deal.buying_role_ids.filtered(lambda line: line.role == "procurement").weight = 0
        deal.buying_role_ids.relationship_user_id = False
        designer = self.Line.with_user(self.user_rep).create(
            self._line(deal, self.designer, "external_influencer", 5, attitude="supporter")
        )
        designer.colleague_ids = [
            Command.create({"user_id": self.user_manager.id, "strength": "strong"})
        ]
        deal.kam_influence_ids = [
            Command.create(
                {
                    "influencer_id": self.designer.id,
                    "influenced_id": self.person_tech.id,
                    "strength": "strong",
                    "note": "Wrote the specification",
                }
            )
        ]
        data = deal.with_user(self.user_rep).kam_relationship_map_data()
        people = {node["id"]: node for node in data["nodes"] if node["kind"] == "person"}
        self.assertEqual(
            set(people), {f"p{person.id}" for person in deal.buying_role_ids.partner_id}
        )
        node = people[f"p{self.designer.id}"]
        self.assertEqual(
            (node["attitude"], node["weight"], node["external"], node["organisation"]),
            ("supporter", 5, True, "Test Institute"),
        )
        edges = {(edge["kind"], edge["source"], edge["target"]) for edge in data["edges"]}
        # reporting lines skip the superior who is not on the map
        self.assertIn(("reports", f"p{self.person_user.id}", f"p{self.person_tech.id}"), edges)
        self.assertIn(("reports", f"p{self.person_tech.id}", f"p{self.person_gm.id}"), edges)
        self.assertIn(("influence", f"p{self.designer.id}", f"p{self.person_tech.id}"), edges)
        # the owner of each relationship and the other colleagues who know them
        self.assertIn(("knows", f"u{self.user_rep.id}", f"p{self.designer.id}"), edges)
        self.assertIn(("knows", f"u{self.user_manager.id}", f"p{self.designer.id}"), edges)
        colleagues = {node["id"] for node in data["nodes"] if node["kind"] == "colleague"}
        self.assertEqual(colleagues, {f"u{self.user_rep.id}", f"u{self.user_manager.id}"})
        influence = next(edge for edge in data["edges"] if edge["kind"] == "influence")
        self.assertIn("Wrote the specification", influence["label"])

    def test_account_map_shows_its_deals_influences(self):
        self._full_centre(self.account)
        self._full_centre(self.deal_rep)
        self.deal_rep.kam_influence_ids = [
            Command.create(
                {"influencer_id": self.person_coach.id, "influenced_id": self.person_gm.id}
            )
        ]
        data = self.account.with_user(self.user_rep).kam_relationship_map_data()
        self.assertIn(
            ("influence", f"p{self.person_coach.id}", f"p{self.person_gm.id}"),
            {(edge["kind"], edge["source"], edge["target"]) for edge in data["edges"]},
        )
        action = self.account.action_kam_relationship_map()
        self.assertEqual(action["tag"], "key_account_management.relationship_map")
        self.assertEqual(action["params"], {"res_model": "res.partner", "res_id": self.account.id})

    def test_map_marks_who_is_below_the_plans_goal(self):
        account_lines = self._full_centre(self.account, {"economic_buyer": "neutral"})
        self._full_centre(self.deal_rep)
        general_manager = account_lines.filtered(lambda line: line.partner_id == self.person_gm)
        self.env["key.account.plan"].create(
            {
                "partner_id": self.account.id,
                "relationship_ids": [
                    Command.create(
                        {
                            "buying_role_id": general_manager.id,
                            "target_attitude": "supporter",
                            "target_strength": "strong",
                            "user_id": self.user_rep.id,
                        }
                    )
                ],
            }
        )

        def people(owner):
            data = owner.with_user(self.user_rep).kam_relationship_map_data()
            return {node["id"]: node for node in data["nodes"] if node["kind"] == "person"}

        # on the account's map and on its deal's, the goal is the account plan's
        for owner in (self.account, self.deal_rep):
            nodes = people(owner)
            node = nodes[f"p{self.person_gm.id}"]
            self.assertTrue(node["gap"])
            self.assertEqual(
                node["goal_label"], "Plan goal: Supporter, relationship Strong (Rep One)"
            )
            others = [item for key, item in nodes.items() if key != f"p{self.person_gm.id}"]
            self.assertFalse(any(item["gap"] or item["goal_label"] for item in others))
        # won over: the goal stays written, the gap is gone
        general_manager.write({"attitude": "supporter", "relationship_strength": "strong"})
        node = people(self.account)[f"p{self.person_gm.id}"]
        self.assertFalse(node["gap"])
        self.assertTrue(node["goal_label"])

    def test_a_rep_sees_no_map_of_another_reps_deal(self):
        self._full_centre(self.deal_rep)
        with self.assertRaises(AccessError):
            self.deal_rep.with_user(self.user_rep2).kam_relationship_map_data()


@tagged("post_install", "-at_install")
class TestRelationshipMapUi(KeyAccountTourCommon):
    rep_login = "kam_tour_map_rep"
    rep_name = "Tour Map Rep"
    account_name = "Tour Port Authority"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        director = mail_new_test_user(
            cls.env,
            login="kam_tour_map_director",
            name="Tour Map Director",
            groups="base.group_user,key_account_management.group_key_account_user",
        )
        Partner = cls.env["res.partner"]
        general_manager = Partner.create(
            {"name": "Tour General Manager", "parent_id": cls.account.id}
        )
        engineer = Partner.create(
            {
                "name": "Tour Chief Engineer",
                "parent_id": cls.account.id,
                "kam_reports_to_id": general_manager.id,
            }
        )
        institute = Partner.create({"name": "Tour Design Institute", "is_company": True})
        designer = Partner.create({"name": "Tour Institute Designer", "parent_id": institute.id})
        cls.deal = cls._deal("Tour Port Cranes")
        cls.deal.buying_role_ids = [
            Command.create(
                {
                    "partner_id": general_manager.id,
                    "role": "economic_buyer",
                    "weight": 50,
                    "attitude": "neutral",
                    "relationship_user_id": cls.rep.id,
                    "colleague_ids": [
                        Command.create({"user_id": director.id, "strength": "strong"})
                    ],
                }
            ),
            Command.create(
                {
                    "partner_id": engineer.id,
                    "role": "technical_buyer",
                    "weight": 40,
                    "attitude": "supporter",
                    "relationship_user_id": cls.rep.id,
                }
            ),
            Command.create(
                {
                    "partner_id": designer.id,
                    "role": "external_influencer",
                    "weight": 10,
                    "attitude": "unknown",
                    "relationship_user_id": cls.rep.id,
                }
            ),
        ]
        cls.deal.kam_influence_ids = [
            Command.create(
                {"influencer_id": designer.id, "influenced_id": engineer.id, "strength": "strong"}
            )
        ]

    def test_relationship_map_tour_desktop(self):
        self._start_tour(f"/odoo/crm/{self.deal.id}", "key_account_relationship_map_tour")

    def test_relationship_map_tour_mobile(self):
        self._start_tour(
            f"/odoo/crm/{self.deal.id}", "key_account_relationship_map_tour", phone=True
        )
