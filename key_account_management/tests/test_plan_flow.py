from datetime import date, timedelta

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common_plan import KeyAccountPlanCommon


@tagged("post_install", "-at_install")
class TestPlanFlow(KeyAccountPlanCommon):
    """The plan's life: its period and owner, agreement, status as time
    passes, the next period's copy, completeness and reviews."""

    def test_defaults_calendar_year_and_salesperson(self):
        form = Form(self.env["key.account.plan"])
        form.partner_id = self.account
        self.assertEqual(form.date_start, date(self.today.year, 1, 1))
        self.assertEqual(form.date_end, date(self.today.year, 12, 31))
        self.assertEqual(form.user_id, self.user_rep)
        plan = form.save()
        self.assertEqual(plan.display_name, f"{self.account.name} {self.today.year}")

    def test_one_open_plan_per_account_and_period(self):
        self._account_plan()
        Plan = self.env["key.account.plan"]
        count = Plan.search_count([])
        with self.assertRaisesRegex(ValidationError, "already has an open plan"):
            with self.env.cr.savepoint():
                self._account_plan(start=self.end, end=self.end + timedelta(days=90))
        self.assertEqual(Plan.search_count([]), count, "nothing saved")
        # another account, or the next period, is free
        self._account_plan(account=self.account2)
        self._account_plan(start=self.end + timedelta(days=1), end=self.end + timedelta(days=90))

    def test_closed_plan_frees_its_period(self):
        plan = self._account_plan()
        plan.action_close()
        self._account_plan()

    def test_only_key_accounts(self):
        other = self.env["res.partner"].create({"name": "Walk-in Ltd", "is_company": True})
        with self.assertRaises(ValidationError):
            self._account_plan(account=other)

    def test_agree_needs_an_objective_with_a_target(self):
        plan = self._account_plan()
        with self.assertRaisesRegex(UserError, "at least one objective with a target"):
            plan.action_agree()
        plan.objective_ids = [Command.create({"name": "Revenue", "measure": "revenue"})]
        with self.assertRaises(UserError):
            plan.action_agree()
        plan.objective_ids.target = 5000
        self._invoice(1000, invoice_days_ago=10)
        plan.action_agree()
        self.assertEqual(plan.state, "agreed")
        # agreed in the middle of its period: the baseline counts what was there
        self.assertEqual(plan.objective_ids.baseline, 1000)
        self.assertEqual(plan.objective_ids.progress, 0.0)

    def test_status_by_time_elapsed(self):
        # 100 days, 50 of them elapsed at the end of today: 50 %
        plan = self._account_plan(
            measures=["manual", "overdue"],
            start=self.today - timedelta(days=49),
            end=self.today + timedelta(days=50),
        )
        manual = self._objective(plan, "manual")
        manual.target = 100
        for value, progress, status in (
            (50, 50.0, "on_track"),
            (35, 35.0, "at_risk"),
            (20, 20.0, "off_track"),
            (120, 120.0, "on_track"),
        ):
            manual.current_value = value
            self.assertEqual((manual.progress, manual.status), (progress, status), value)
        # lower is better: from 1000 overdue toward nothing overdue
        overdue = self._objective(plan, "overdue")
        overdue.write({"target": 0, "baseline": 1000, "current_value": 400})
        self.assertEqual((overdue.progress, overdue.status), (60.0, "on_track"))
        overdue.current_value = 1200
        self.assertEqual((overdue.progress, overdue.status), (0.0, "off_track"))
        # reached when agreed (paid within 45 days): kept while it holds
        overdue.write({"target": 45, "baseline": 30, "current_value": 40})
        self.assertEqual((overdue.progress, overdue.status), (100.0, "on_track"))
        overdue.current_value = 50
        self.assertEqual((overdue.progress, overdue.status), (0.0, "off_track"))
        manual.write({"target": 100, "baseline": 120, "current_value": 110})
        self.assertEqual(manual.progress, 100.0)
        # a plan not started yet is on track whatever its progress
        plan.write({"date_start": self.today + timedelta(days=1), "date_end": self.end})
        self.assertEqual(overdue.status, "on_track")

    def test_copy_to_next_period(self):
        year = self.today.year
        role = self._role(self.economic_buyer, "economic_buyer")
        plan = self._account_plan(
            measures=["revenue", "manual"],
            start=date(year, 1, 1),
            end=date(year, 12, 31),
            member_ids=[Command.set(self.user_rep2.ids)],
            relationship_ids=[Command.create({"buying_role_id": role.id})],
        )
        self._objective(plan, "revenue").target = 9000
        self._invoice(1000, invoice_days_ago=0)
        plan.action_agree()
        action = plan.action_copy_to_next_period()
        copy = self.env["key.account.plan"].browse(action["res_id"])
        self.assertEqual(
            (copy.date_start, copy.date_end, copy.state),
            (date(year + 1, 1, 1), date(year + 1, 12, 31), "draft"),
        )
        self.assertEqual(copy.member_ids, self.user_rep2)
        self.assertEqual(
            copy.objective_ids.mapped(lambda o: (o.measure, o.target, o.baseline)),
            [("revenue", 9000, 0.0), ("manual", 10, 0.0)],
        )
        self.assertEqual(copy.relationship_ids.buying_role_id, role)
        self.assertEqual(plan.objective_ids.mapped("baseline"), [1000, 0.0])
        # a quarter gives the next quarter, a 61-day period the next 61 days
        quarter = self._account_plan(
            account=self.account2, start=date(year, 1, 1), end=date(year, 3, 31)
        )
        self.assertEqual(quarter._kam_next_period(), (date(year, 4, 1), date(year, 6, 30)))
        other = self._account_plan(
            account=self.account2,
            start=self.end + timedelta(days=400),
            end=self.end + timedelta(days=460),
        )
        self.assertEqual(
            other._kam_next_period()[1] - other._kam_next_period()[0],
            other.date_end - other.date_start,
        )

    def test_completeness(self):
        plan = self._account_plan()
        self.assertEqual(plan.completeness, 0)
        self.account.write({"kam_customer_type": "large", "kam_unit_use": "Port cranes"})
        self.assertEqual(plan.completeness, 20)
        plan.objective_ids = [Command.create({"name": "Revenue", "measure": "revenue"})]
        self.assertEqual(plan.completeness, 20, "an objective without a target")
        plan.objective_ids.target = 1000
        self.assertEqual(plan.completeness, 40)
        plan.activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.user_rep.id, summary="Call"
        )
        self.assertEqual(plan.completeness, 60)
        role = self._role(self.economic_buyer, "economic_buyer")
        plan.relationship_ids = [Command.create({"buying_role_id": role.id})]
        self.assertEqual(plan.completeness, 80)
        self.env["key.account.plan.review"].create({"plan_id": plan.id})
        self.assertEqual(plan.completeness, 100)

    def test_relationship_gap_reads_the_buying_centre(self):
        role = self._role(self.economic_buyer, "economic_buyer")
        plan = self._account_plan(
            relationship_ids=[
                Command.create(
                    {
                        "buying_role_id": role.id,
                        "target_attitude": "supporter",
                        "target_strength": "medium",
                    }
                )
            ]
        )
        goal = plan.relationship_ids
        self.assertEqual((goal.attitude, goal.gap), ("neutral", True))
        role.write({"attitude": "supporter", "relationship_strength": "strong"})
        self.assertEqual((goal.attitude, goal.relationship_strength), ("supporter", "strong"))
        self.assertFalse(goal.gap)

    def test_review_freezes_the_objectives(self):
        plan = self._account_plan(measures=["manual", "revenue"])
        manual = self._objective(plan, "manual")
        manual.manual_value = 4
        plan.action_agree()
        first = self.env["key.account.plan.review"].create(
            {"plan_id": plan.id, "decisions": "Offer a service contract"}
        )
        self.assertEqual(
            first.line_ids.mapped(lambda line: (line.objective_id, line.value)),
            [(manual, 4.0), (self._objective(plan, "revenue"), 0.0)],
        )
        manual.manual_value = 7
        self._invoice(2500, invoice_days_ago=1)
        second = self.env["key.account.plan.review"].create(
            {"plan_id": plan.id, "date": self.today + timedelta(days=1)}
        )
        self.assertEqual(second.line_ids.mapped("value"), [7.0, 2500.0])
        self.assertEqual(first.line_ids.mapped("value"), [4.0, 0.0], "frozen")
        self.assertEqual(plan.last_review_date, self.today + timedelta(days=1))

    def test_review_due_reminder_and_plan_a_review(self):
        self.company.kam_plan_review_general_months = 1
        plan = self._account_plan(measures=["manual"], start=self.today - timedelta(days=60))
        plan.action_agree()
        self.assertLess(plan.next_review_date, self.today)
        # measured when agreed: the job comes back the next day
        plan.sudo().measured_date = self.today - timedelta(days=1)
        self.env["key.account.plan"]._cron_kam_update_plans()
        due_type = self.env.ref("key_account_management.mail_activity_type_plan_review_due")
        reminder = plan.activity_ids.filtered(lambda a: a.activity_type_id == due_type)
        self.assertEqual(reminder.user_id, self.user_rep)
        self.assertEqual(reminder.date_deadline, plan.next_review_date)
        self.assertEqual(plan.measured_date, self.today)
        plan.invalidate_recordset()
        self.assertEqual((plan.open_action_count, plan.overdue_action_count), (1, 1))
        # one reminder at a time
        plan.sudo().measured_date = False
        self.env["key.account.plan"]._cron_kam_update_plans()
        self.assertEqual(len(plan.activity_ids), 1)
        action = plan.with_user(self.user_rep).action_plan_review()
        meeting = self.env["calendar.event"].browse(action["res_id"])
        self.assertEqual((meeting.res_model, meeting.res_id), (plan._name, plan.id))
        self.assertEqual(plan.meeting_count, 1)
        self.env["key.account.plan.review"].create(
            {"plan_id": plan.id, "calendar_event_id": meeting.id}
        )
        self.assertFalse(plan.activity_ids.filtered(lambda a: a.activity_type_id == due_type))

    def test_account_smart_button(self):
        plan = self._account_plan(measures=["manual"])
        self.assertEqual(self.account.kam_plan_id, plan)
        self.assertEqual(self.account.kam_plan_completeness, plan.completeness)
        self.assertEqual(self.account.action_kam_view_plans()["res_id"], plan.id)

    def test_overdue_action_is_the_accounts_next_best_action(self):
        plan = self._account_plan(measures=["manual"])
        self.account._kam_refresh_health()
        measured = self.account.with_user(self.user_rep).kam_next_action
        plan.action_agree()
        plan.activity_schedule(
            "mail.mail_activity_data_todo",
            date_deadline=self.today + timedelta(days=3),
            summary="Send the service proposal",
            user_id=self.user_rep2.id,
        )
        late = plan.activity_schedule(
            "mail.mail_activity_data_todo",
            date_deadline=self.today - timedelta(days=2),
            summary="Bring the technical director to the plant",
            user_id=self.user_rep2.id,
        )
        account = self.account.with_user(self.user_rep)
        self.assertEqual(account.kam_next_action_factor, "plan")
        self.assertEqual(
            account.kam_next_action,
            "Overdue plan action: Bring the technical director to the plant (Rep Two, due "
            f"{late.date_deadline.strftime('%m/%d/%Y')}).",
        )
        action = account.action_kam_next_action()
        self.assertEqual((action["res_model"], action["res_id"]), (plan._name, plan.id))
        # a second one late: counted, the oldest first
        plan.activity_schedule(
            "mail.mail_activity_data_todo",
            date_deadline=self.today - timedelta(days=1),
            summary="Send the minutes",
            user_id=self.user_rep.id,
        )
        account.invalidate_recordset()
        self.assertIn("Bring the technical director", account.kam_next_action)
        self.assertTrue(account.kam_next_action.endswith("And 1 more."))
        # done today, gone today: the health's own next action is back
        plan.activity_ids.filtered(lambda a: a.date_deadline < self.today).action_feedback()
        plan.invalidate_recordset()
        self.assertEqual(
            (plan.done_action_count, plan.open_action_count, plan.overdue_action_count), (2, 1, 0)
        )
        account.invalidate_recordset()
        self.assertEqual(account.kam_next_action, measured)
        self.assertNotEqual(account.kam_next_action_factor, "plan")
        # a draft plan's actions are not agreed actions yet
        plan.action_reset_to_draft()
        late = plan.activity_schedule(
            "mail.mail_activity_data_todo", date_deadline=self.today - timedelta(days=5)
        )
        account.invalidate_recordset()
        self.assertNotEqual(account.kam_next_action_factor, "plan")

    def test_new_plan_starts_from_the_analysis(self):
        # a year before the plan's period: 1,000 invoiced, 200 credited
        self._invoice(1000, invoice_days_ago=365 + 10)
        self._invoice(200, move_type="out_refund", invoice_days_ago=365 + 5)
        self._invoice(700, invoice_days_ago=365 + 40)  # before that period
        brand = self.env["key.account.brand"].create({"name": "Other Cranes"})
        Unit = self.env["key.account.installed.unit"]
        for quantity, due_in in ((3, 10), (4, 60)):  # the second is due after the plan
            Unit.create(
                {
                    "partner_id": self.account.id,
                    "brand_id": brand.id,
                    "model_name": "Crane",
                    "quantity": quantity,
                    "purchase_date": self.today - timedelta(days=2000),
                    "replacement_date": self.today + timedelta(days=due_in),
                }
            )
        gm = self._role(self.economic_buyer, "economic_buyer")
        gm.weight = 40
        won = self._role(self.payer, "actual_buyer")
        won.write({"attitude": "supporter", "relationship_strength": "strong"})
        coach = self._role(self.coach, "coach")
        form = Form(self.env["key.account.plan"].with_user(self.user_manager))
        form.date_start, form.date_end = self.start, self.end
        form.partner_id = self.account
        plan = form.save()
        self.assertEqual(
            [(o.measure, o.target) for o in plan.objective_ids],
            [("revenue", 800), ("units", 3), ("overdue", 0), ("health", 70)],
        )
        # the people still to win over, the heaviest first; the won one left out
        self.assertEqual(plan.relationship_ids.buying_role_id, gm | coach)
        self.assertEqual(plan.relationship_ids[0].buying_role_id, gm)
        # an existing plan keeps its own objectives when its account changes
        form = Form(plan)
        form.partner_id = self.account2
        self.assertEqual(len(form.objective_ids), 4)

    def test_the_proposal_reads_no_account_of_someone_else(self):
        self._invoice(1000, invoice_days_ago=365 + 10)
        self._role(self.economic_buyer, "economic_buyer")
        # a rep with no deal of the account sees no figure or person of it
        stranger = self._new_user(
            "kam_test_stranger", "Stranger", "key_account_management.group_key_account_user"
        )
        Plan = self.env["key.account.plan"]
        for user, proposed in ((stranger, False), (self.user_rep, True)):
            plan = Plan.with_user(user).new(
                {"partner_id": self.account.id, "date_start": self.start, "date_end": self.end}
            )
            objectives, goals = plan._kam_proposal_from_analysis()
            self.assertEqual(bool(objectives and goals), proposed, user.name)
