from datetime import datetime

from odoo.tests import Form, tagged

from .common_visit import KeyAccountVisitCommon


@tagged("post_install", "-at_install")
class TestVisitFromCalendar(KeyAccountVisitCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.meeting = cls.env["calendar.event"].create(
            {
                "name": "Meet the technical director",
                "opportunity_id": cls.deal_rep.id,
                "user_id": cls.user_rep.id,
                "partner_ids": [
                    (
                        6,
                        0,
                        [cls.account_contact.id, cls.other_person.id, cls.user_rep.partner_id.id],
                    )
                ],
                "start": datetime(2026, 3, 2, 2, 0),
                "stop": datetime(2026, 3, 2, 3, 30),
                "location": "Their plant",
            }
        )

    def test_key_account_meetings_are_recognised(self):
        self.assertEqual(self.meeting.kam_account_id, self.account)
        standard_deal = self.env["crm.lead"].create(
            {"name": "Retail", "type": "opportunity", "team_id": self.standard_team.id}
        )
        Event = self.env["calendar.event"]
        other = Event.create(
            {
                "name": "Standard",
                "opportunity_id": standard_deal.id,
                "start": datetime(2026, 3, 2, 2, 0),
                "stop": datetime(2026, 3, 2, 3, 0),
            }
        )
        self.assertFalse(other.kam_account_id, "a standard deal's meeting is not key-account")
        from_account = Event.create(
            {
                "name": "Courtesy call",
                "res_model_id": self.env["ir.model"]._get_id("res.partner"),
                "res_id": self.account_contact.id,
                "start": datetime(2026, 3, 2, 2, 0),
                "stop": datetime(2026, 3, 2, 3, 0),
            }
        )
        self.assertEqual(from_account.kam_account_id, self.account)

    def test_record_the_visit_prefills_from_the_meeting(self):
        action = self.meeting.with_user(self.user_rep).action_kam_record_visit()
        self.assertEqual(action["res_model"], "key.account.visit")
        self.assertFalse(action.get("res_id"))
        form = Form(
            self.env["key.account.visit"].with_user(self.user_rep).with_context(**action["context"])
        )
        self.assertEqual(form.account_id, self.account)
        self.assertEqual(form.lead_id, self.deal_rep)
        self.assertEqual(form.visit_datetime, datetime(2026, 3, 2, 2, 0))
        self.assertEqual(form.duration, 1.5)
        self.assertEqual(form.location, "Their plant")
        self.assertEqual(form.name, "Meet the technical director")
        self.assertEqual(len(form.attendee_ids), 1, "only the account's people")
        with form.attendee_ids.edit(0) as attendee:
            self.assertEqual(attendee.partner_id, self.account_contact)
        form.progress = "explanation"
        visit = form.save()
        self.assertEqual(visit.event_id, self.meeting)
        self.assertTrue(self.meeting.kam_visit_recorded)
        again = self.meeting.with_user(self.user_rep).action_kam_record_visit()
        self.assertEqual(again["res_id"], visit.id, "the record is opened, not a second one")

    def test_meetings_without_record_are_listed(self):
        Event = self.env["calendar.event"]
        missing = Event.search(
            [("kam_account_id", "!=", False), ("kam_visit_recorded", "=", False)]
        )
        self.assertIn(self.meeting, missing)
        self._visit(event_id=self.meeting.id)
        missing = Event.search(
            [("kam_account_id", "!=", False), ("kam_visit_recorded", "=", False)]
        )
        self.assertNotIn(self.meeting, missing)

    def test_visit_alone_without_meeting(self):
        call = self._visit(method="phone")
        self.assertFalse(call.event_id)
