from datetime import date

from odoo.tests import tagged

from .common_visit import KeyAccountVisitCommon


@tagged("post_install", "-at_install")
class TestVisitFollowUp(KeyAccountVisitCommon):
    def test_visit_schedules_a_follow_up_within_a_week(self):
        visit = self._visit(when="2026-03-02 02:00:00")
        follow_up = self._follow_ups()
        self.assertEqual(len(follow_up), 1)
        self.assertEqual(follow_up.res_id, visit.id)
        self.assertEqual(follow_up.user_id, self.user_rep, "for the visitor")
        self.assertEqual(follow_up.date_deadline, date(2026, 3, 9))
        self.assertTrue(visit.follow_up_open)
        self.assertIn(visit, self.env["key.account.visit"].search([("follow_up_open", "=", True)]))

    def test_delay_is_a_setting(self):
        self.follow_up_type.delay_count = 3
        self._visit(when="2026-03-02 02:00:00")
        self.assertEqual(self._follow_ups().date_deadline, date(2026, 3, 5))

    def test_a_call_needs_no_follow_up(self):
        self._visit(method="phone")
        self.assertFalse(self._follow_ups())

    def test_not_duplicated(self):
        visit = self._visit(when="2026-03-02 02:00:00")
        visit.write({"note": "Edited later", "duration": 2})
        self.assertEqual(len(self._follow_ups()), 1, "editing the record adds nothing")
        # an older visit logged afterwards: the open follow-up stays the only one
        self._visit(when="2026-02-25 02:00:00")
        follow_ups = self._follow_ups()
        self.assertEqual(len(follow_ups), 1)
        self.assertEqual(follow_ups.res_id, visit.id)
        # two visits logged at once get one follow-up, for the newest
        self.env["key.account.visit"].search([("account_id", "=", self.account.id)]).unlink()
        visits = (
            self.env["key.account.visit"]
            .with_user(self.user_rep)
            .create(
                [
                    {"account_id": self.account.id, "visit_datetime": "2026-04-01 02:00:00"},
                    {"account_id": self.account.id, "visit_datetime": "2026-04-03 02:00:00"},
                ]
            )
        )
        follow_ups = self._follow_ups()
        self.assertEqual(len(follow_ups), 1)
        self.assertEqual(follow_ups.res_id, visits[1].id)

    def test_next_record_closes_the_follow_up(self):
        visit = self._visit(when="2026-03-02 02:00:00")
        other_visit = self._visit(when="2026-03-02 02:00:00", account_id=self.other_account.id)
        self.env.flush_all()
        self.env.cr.precommit.run()
        call = self._visit(when="2026-03-05 08:00:00", method="phone")
        self.assertFalse(self._follow_ups(), "the call was the follow-up")
        self.assertFalse(visit.follow_up_open)
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.assertTrue(
            any(call.display_name in str(body) for body in visit.message_ids.mapped("body")),
            "the visit's chatter says which record followed it up",
        )
        self.assertEqual(
            len(self._follow_ups(self.other_account)), 1, "another account's follow-up stays"
        )
        self.assertTrue(other_visit.follow_up_open)

    def test_team_sees_a_colleague_follow_up(self):
        visit = self._visit(user=self.user_rep2)
        as_rep = visit.with_user(self.user_rep)
        self.assertTrue(as_rep.follow_up_open, "the rep reads the team's record and its follow-up")
        self.assertIn(
            visit,
            self.env["key.account.visit"]
            .with_user(self.user_rep)
            .search([("follow_up_open", "=", True)]),
        )
        self.assertNotIn(
            visit,
            self.env["key.account.visit"]
            .with_user(self.user_rep)
            .search([("follow_up_open", "=", False)]),
        )

    def test_only_the_visitors_call_or_visit_closes_it(self):
        visit = self._visit(when="2026-03-02 02:00:00")
        # 一周内回访: the visitor hears the customer again, by phone or visit
        self._visit(when="2026-03-03 02:00:00", method="email")
        self._visit(when="2026-03-03 03:00:00", method="letter")
        self.assertTrue(visit.follow_up_open, "an e-mail or a letter does not hear the customer")
        self._visit(when="2026-03-04 02:00:00", method="phone", user=self.user_rep2)
        self.assertTrue(visit.follow_up_open, "a colleague's call is not the visitor's")
        colleague = self._visit(when="2026-03-04 05:00:00", user=self.user_rep2)
        self.assertEqual(
            sorted(self._follow_ups().mapped("res_id")),
            [visit.id, colleague.id],
            "the colleague's visit has its own follow-up",
        )
        self._visit(when="2026-03-05 02:00:00", method="phone")
        self.assertFalse(visit.follow_up_open, "the visitor's own call closes it")
        self.assertTrue(colleague.follow_up_open, "and only theirs")
