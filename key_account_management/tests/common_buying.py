from .common import KeyAccountCommon


class BuyingCentreCommon(KeyAccountCommon):
    """The fixtures of ``KeyAccountCommon`` plus six people of the account."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.person_gm = Partner.create(
            {"name": "Test General Manager", "parent_id": cls.account.id}
        )
        cls.person_tech = cls.account_contact
        cls.person_user = Partner.create(
            {"name": "Test Workshop Head", "parent_id": cls.account.id}
        )
        cls.person_finance = Partner.create({"name": "Test Treasurer", "parent_id": cls.account.id})
        cls.person_coach = Partner.create({"name": "Test Planner", "parent_id": cls.account.id})
        cls.person_buyer = Partner.create({"name": "Test Purchaser", "parent_id": cls.account.id})
        cls.other_company = Partner.create({"name": "Other Works", "is_company": True})
        cls.other_person = Partner.create(
            {"name": "Other Person", "parent_id": cls.other_company.id}
        )
        cls.Line = cls.env["key.account.buying.role"]

    @classmethod
    def _line(cls, owner, person, role, weight=0.0, **values):
        owner_field = "lead_id" if owner._name == "crm.lead" else "account_id"
        return {
            owner_field: owner.id,
            "partner_id": person.id,
            "role": role,
            "weight": weight,
            **values,
        }

    @classmethod
    def _full_centre(cls, owner, attitudes=None):
        """Six people in the six roles, weights 30/25/15/10/10/10."""
        attitudes = attitudes or {}
        people = [
            (cls.person_gm, "economic_buyer", 30),
            (cls.person_tech, "technical_buyer", 25),
            (cls.person_user, "user_buyer", 15),
            (cls.person_finance, "actual_buyer", 10),
            (cls.person_coach, "coach", 10),
            (cls.person_buyer, "procurement", 10),
        ]
        return cls.Line.create(
            [
                cls._line(owner, person, role, weight, attitude=attitudes.get(role, "unknown"))
                for person, role, weight in people
            ]
        )
