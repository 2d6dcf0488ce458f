from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import KeyAccountCommon
from .common_buying import BuyingCentreCommon


@tagged("post_install", "-at_install")
class TestBuyingCentreRules(BuyingCentreCommon):
    def test_defaults_from_role(self):
        tech = self.Line.create(self._line(self.deal_rep, self.person_tech, "technical_buyer", 20))
        self.assertTrue(tech.has_veto, "the technical buyer may veto")
        self.assertEqual(tech.criteria, "Feasibility, technology, effect")
        self.assertEqual(tech.attitude, "unknown")
        self.assertEqual(tech.relationship_user_id, self.env.user)
        coach = self.Line.create(self._line(self.deal_rep, self.person_coach, "coach", 10))
        self.assertFalse(coach.has_veto)
        # the rep may override what the role suggests
        coach.write({"has_veto": True, "criteria": "Career"})
        self.assertTrue(coach.has_veto)
        self.assertEqual(coach.criteria, "Career")

    def test_department_and_job_title_are_the_partners(self):
        line = self.Line.create(self._line(self.deal_rep, self.person_tech, "technical_buyer"))
        line.write({"department": "R&D", "function": "Chief Engineer"})
        self.assertEqual(self.person_tech.kam_department, "R&D")
        self.assertEqual(self.person_tech.function, "Chief Engineer")

    def test_one_person_several_roles(self):
        lines = self.Line.create(
            [
                self._line(self.deal_rep, self.person_gm, "economic_buyer", 40),
                self._line(self.deal_rep, self.person_gm, "actual_buyer", 10),
            ]
        )
        self.assertEqual(len(lines), 2)

    def test_weight_between_0_and_100(self):
        for weight in (-1, 100.5):
            with self.assertRaises(ValidationError) as error:
                self.Line.create(
                    self._line(self.deal_rep, self.person_tech, "technical_buyer", weight)
                )
            self.assertIn("between 0 and 100", str(error.exception))
            self.assertIn("Test Technical Director", str(error.exception))
        self.assertFalse(self.deal_rep.buying_role_ids)

    def test_weights_of_a_deal_add_up_to_100_at_most(self):
        self._full_centre(self.deal_rep)
        self.assertEqual(self.deal_rep.buying_centre_completeness, 100)
        with self.assertRaises(ValidationError) as error:
            self.Line.create(self._line(self.deal_rep, self.person_gm, "coach", 5))
        self.assertIn("Press line", str(error.exception))
        self.assertIn("105", str(error.exception))
        # nothing half-saved: the deal keeps its six lines
        self.assertEqual(len(self.deal_rep.buying_role_ids), 6)
        with self.assertRaises(ValidationError):
            self.deal_rep.buying_role_ids[0].weight += 1
        self.assertEqual(self.deal_rep.buying_centre_completeness, 100)
        # other deals are independent
        self._full_centre(self.deal_rep2)

    def test_weights_of_an_account_add_up_to_100_at_most(self):
        self._full_centre(self.account)
        with self.assertRaises(ValidationError) as error:
            self.Line.create(self._line(self.account, self.person_gm, "coach", 1))
        self.assertIn("Test Heavy Industries", str(error.exception))
        self.assertEqual(len(self.account.buying_role_ids), 6)

    def test_contact_belongs_to_the_account(self):
        with self.assertRaises(ValidationError) as error:
            self.Line.create(self._line(self.deal_rep, self.other_person, "coach", 10))
        self.assertIn("Other Person is not a person of Test Heavy Industries", str(error.exception))
        with self.assertRaises(ValidationError):
            self.Line.create(self._line(self.account, self.other_person, "coach", 10))
        # the company itself is not a person
        with self.assertRaises(ValidationError):
            self.Line.create(self._line(self.deal_rep, self.account, "coach", 10))
        self.assertFalse(self.Line.search([("partner_id", "in", [self.other_person.id])]))

    def test_same_role_twice(self):
        self.Line.create(self._line(self.deal_rep, self.person_tech, "technical_buyer", 10))
        with self.assertRaises(ValidationError) as error:
            self.Line.create(self._line(self.deal_rep, self.person_tech, "technical_buyer", 10))
        self.assertIn("holds the role Technical Buyer twice", str(error.exception))
        self.assertEqual(len(self.deal_rep.buying_role_ids), 1)
        # the same role on another deal is fine
        self.Line.create(self._line(self.deal_rep2, self.person_tech, "technical_buyer", 10))

    def test_deal_or_account_not_both(self):
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.cr.savepoint():
            self.Line.create(
                {
                    **self._line(self.deal_rep, self.person_tech, "coach"),
                    "account_id": self.account.id,
                }
            )

    def test_new_person_from_the_line(self):
        """The contact field creates the person under the account."""
        with Form(self.deal_rep) as form:
            with form.buying_role_ids.new() as line:
                self.assertEqual(line.commercial_partner_id, self.account)
                person = (
                    self.env["res.partner"]
                    .with_context(default_parent_id=line.commercial_partner_id.id)
                    .name_create("New Chief Engineer")
                )
                line.partner_id = self.env["res.partner"].browse(person[0])
                line.role = "technical_buyer"
                line.weight = 20
        line = self.deal_rep.buying_role_ids
        self.assertEqual(line.partner_id.parent_id, self.account)
        self.assertTrue(line.has_veto)

    def _queries_to_write(self, line, values):
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        line.write(values)
        self.env.flush_all()
        return self.env.cr.sql_log_count - before

    def test_write_one_line_constant_queries(self):
        lines = self._full_centre(self.deal_rep)
        small = self._queries_to_write(lines[0], {"weight": 25, "attitude": "supporter"})
        self.Line.create(
            [
                self._line(self.deal_rep2, person, "user_buyer", 1)
                for person in self.env["res.partner"].create(
                    [{"name": f"Extra {i}", "parent_id": self.account.id} for i in range(40)]
                )
            ]
        )
        lines2 = self.deal_rep2.buying_role_ids
        large = self._queries_to_write(lines2[0], {"weight": 2, "attitude": "supporter"})
        self.assertLessEqual(large, small, "a larger centre costs no more queries")


@tagged("post_install", "-at_install")
class TestBuyingCentreNewPerson(KeyAccountCommon):
    """A person who is not a contact yet is created with their line, in its
    transaction: a line refused leaves no contact behind."""

    def _add(self, name, weight):
        self.deal_rep.with_user(self.user_rep).write(
            {
                "buying_role_ids": [
                    Command.create({"new_person_name": name, "role": "coach", "weight": weight})
                ]
            }
        )

    def test_new_person_created_under_the_customer(self):
        self._add("Zhao Min", 30)
        person = self.deal_rep.buying_role_ids.partner_id
        self.assertEqual(person.name, "Zhao Min")
        self.assertEqual(person.parent_id, self.account)

    def test_refused_line_leaves_no_contact(self):
        self._add("Li Lei", 80)
        with self.assertRaises(ValidationError):
            self._add("Zhao Min", 30)
        self.assertFalse(self.env["res.partner"].search([("name", "=", "Zhao Min")]))
        # a retry with a weight that fits makes one contact, not two
        self._add("Zhao Min", 20)
        self.assertEqual(self.env["res.partner"].search_count([("name", "=", "Zhao Min")]), 1)

    def test_weights_checked_in_the_dialog(self):
        self._add("Li Lei", 80)
        line = self.env["key.account.buying.role"].new(
            {"lead_id": self.deal_rep.id, "role": "coach", "weight": 30}
        )
        warning = line._onchange_weight()
        self.assertIn("110", warning["warning"]["message"])
        line.weight = 20
        self.assertFalse(line._onchange_weight())
