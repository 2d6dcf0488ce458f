from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common_visit import KeyAccountVisitCommon


@tagged("post_install", "-at_install")
class TestVisitRecord(KeyAccountVisitCommon):
    def test_record_defaults_and_figures(self):
        visit = self._visit(lead_id=self.deal_rep.id, progress="proposal", duration=1.5)
        self.assertEqual(visit.user_id, self.user_rep)
        self.assertEqual(visit.team_id, self.key_team, "the deal's team")
        self.assertEqual(visit.progress_level, 4, "proposal is the fourth step")
        self.assertEqual(visit.outcome, "ongoing")
        self.assertIn(self.account.name, visit.display_name)

    def test_new_record_goes_on_from_the_last_one(self):
        self._visit(when="2026-03-02 02:00:00", progress="demonstration")
        self._visit(when="2026-02-20 02:00:00", progress="explanation")
        form = Form(self.env["key.account.visit"].with_user(self.user_rep))
        self.assertEqual(form.progress, "contact")
        form.account_id = self.account
        self.assertEqual(form.progress, "demonstration", "from the account's latest record")
        untitled = self.env["key.account.visit"].new({"method": "visit"})
        self.assertNotIn(", ,", untitled.display_name, "no empty account in the title")
        self.assertTrue(untitled.display_name.startswith("Visit, "))

    def test_account_picker_offers_key_accounts(self):
        domain = self.env["key.account.visit"]._fields["account_id"].domain
        picked = self.env["res.partner"].search(domain)
        self.assertIn(self.account, picked)
        self.assertFalse(picked.filtered(lambda partner: not partner.is_key_account))

    def test_opportunity_of_another_account_refused(self):
        other_deal = self.env["crm.lead"].create(
            {"name": "Elsewhere", "type": "opportunity", "partner_id": self.other_account.id}
        )
        with self.assertRaises(ValidationError) as caught:
            self._visit(user=self.user_manager, lead_id=other_deal.id)
        self.assertIn("Other Works", str(caught.exception))
        self.assertFalse(self.env["key.account.visit"].search([("lead_id", "=", other_deal.id)]))

    def test_people_met_belong_to_the_account(self):
        with self.assertRaises(ValidationError) as caught:
            self._visit(attendee_ids=[Command.create({"partner_id": self.other_person.id})])
        self.assertIn("Other Engineer", str(caught.exception))
        self.assertFalse(
            self.env["key.account.visit"].search([("account_id", "=", self.account.id)]),
            "nothing half-saved",
        )
        with self.assertRaises(ValidationError):
            self._visit(attendee_ids=[Command.create({"partner_id": self.account.id})])

    def test_account_is_a_company(self):
        with self.assertRaises(ValidationError):
            self._visit(account_id=self.person_gm.id)

    def test_failure_needs_a_reason(self):
        with self.assertRaises(ValidationError) as caught:
            self._visit(outcome="not_succeeded")
        self.assertIn("reason category", str(caught.exception))
        visit = self._visit(outcome="not_succeeded", failure_reason="budget")
        self.assertEqual(visit.failure_reason, "budget")

    def test_time_spent_within_a_day(self):
        with self.assertRaises(ValidationError):
            self._visit(duration=-1)
        with self.assertRaises(ValidationError):
            self._visit(duration=25)

    def test_form_clears_reason_when_succeeded(self):
        form = Form(self.env["key.account.visit"].with_user(self.user_rep))
        form.account_id = self.account
        form.outcome = "not_succeeded"
        form.failure_reason = "price"
        form.outcome = "succeeded"
        self.assertFalse(form.failure_reason)
        visit = form.save()
        self.assertEqual(visit.outcome, "succeeded")


@tagged("post_install", "-at_install")
class TestVisitBuyingCentre(KeyAccountVisitCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Role = cls.env["key.account.buying.role"]
        cls.deal_line = Role.create(
            {
                "lead_id": cls.deal_rep.id,
                "partner_id": cls.account_contact.id,
                "role": "technical_buyer",
                "weight": 30,
            }
        )
        cls.account_line = Role.create(
            {
                "account_id": cls.account.id,
                "partner_id": cls.account_contact.id,
                "role": "technical_buyer",
                "weight": 30,
            }
        )
        cls.other_deal_line = Role.create(
            {
                "lead_id": cls.deal_rep2.id,
                "partner_id": cls.account_contact.id,
                "role": "technical_buyer",
                "weight": 30,
            }
        )

    def test_people_met_get_their_last_contact(self):
        self._visit(
            when="2026-03-02 02:00:00",
            lead_id=self.deal_rep.id,
            attendee_ids=[Command.create({"partner_id": self.account_contact.id})],
        )
        self.assertEqual(str(self.deal_line.last_contact_date), "2026-03-02")
        self.assertEqual(str(self.account_line.last_contact_date), "2026-03-02")
        self.assertFalse(self.other_deal_line.last_contact_date, "another deal was not visited")
        # an older record logged later does not move the date back
        self._visit(
            when="2026-02-20 02:00:00",
            attendee_ids=[Command.create({"partner_id": self.account_contact.id})],
        )
        self.assertEqual(str(self.deal_line.last_contact_date), "2026-03-02")
        self.assertEqual(str(self.other_deal_line.last_contact_date), "2026-02-20")

    def test_observed_attitude_updates_the_buying_centre(self):
        self.env.flush_all()
        self.env.cr.precommit.run()
        self._visit(
            lead_id=self.deal_rep.id,
            attendee_ids=[
                Command.create(
                    {"partner_id": self.account_contact.id, "observed_attitude": "supporter"}
                )
            ],
        )
        self.assertEqual(self.deal_line.attitude, "supporter")
        self.assertEqual(self.account_line.attitude, "supporter")
        self.assertEqual(self.other_deal_line.attitude, "unknown")
        self.env.flush_all()
        self.env.cr.precommit.run()
        for owner in (self.deal_rep, self.account):
            notes = owner.message_ids.mapped("body")
            self.assertTrue(
                any(
                    "Test Technical Director" in str(body) and "Supporter" in str(body)
                    for body in notes
                ),
                f"the change is in the chatter of {owner.display_name}",
            )

    def test_people_met_show_their_roles(self):
        visit = self._visit(
            lead_id=self.deal_rep.id,
            attendee_ids=[Command.create({"partner_id": self.account_contact.id})],
        )
        self.assertEqual(visit.attendee_ids.buying_roles, "Technical Buyer")
