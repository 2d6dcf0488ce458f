import re
from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, tagged
from odoo.tests.common import JsonRpcException

from .common_plan import KeyAccountPlanCommon

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@tagged("post_install", "-at_install")
class TestPlanPortal(HttpCase, KeyAccountPlanCommon):
    """The customer's view of its account plan in the portal (/my), from
    outside through HTTP: the shared objectives and actions of its own plans
    in force or closed, nothing else; its contacts confirm the shared
    actions; portal users reach no plan through the API."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.account.sudo().kam_health_score = 37.5
        cls.plan = cls._account_plan(
            strategy="<p>Undercut the incumbent on the hydraulic presses</p>",
            objective_ids=[
                Command.create(
                    {
                        "name": "Invoice the press line",
                        "measure": "revenue",
                        "target": 54321,
                        "shared": True,
                    }
                ),
                Command.create(
                    {
                        "name": "Joint workshops held",
                        "measure": "manual",
                        "target": 4,
                        "manual_value": 1,
                        "shared": True,
                    }
                ),
                Command.create(
                    {"name": "Second line units bought", "measure": "units", "target": 8}
                ),
                Command.create({"name": "Keep them healthy", "measure": "health", "target": 90}),
            ],
            relationship_ids=[
                Command.create(
                    {
                        "buying_role_id": cls._role(cls.economic_buyer, "economic_buyer").id,
                        "target_attitude": "supporter",
                        "user_id": cls.user_rep.id,
                    }
                )
            ],
        )
        cls._invoice(12345, invoice_days_ago=1)
        cls.plan.action_agree()
        cls.plan.objective_ids.filtered(lambda o: o.measure == "manual").manual_value = 3
        cls.plan._kam_update_values(cls.today)
        cls.shared_action = cls._action(cls.plan, "Run the pilot on line two", shared=True)
        cls.shared_action.note = "<p>Push the premium option at the pilot</p>"
        cls.unshared_action = cls._action(cls.plan, "Call their treasurer about the discount")
        # the previous period, closed; the next one, a draft
        cls.closed_plan = cls._account_plan(
            start=cls.start - timedelta(days=100),
            end=cls.start - timedelta(days=1),
            objective_ids=[
                Command.create(
                    {"name": "Last year's audit", "measure": "manual", "target": 1, "shared": True}
                )
            ],
        )
        cls.closed_plan.action_agree()
        cls.closed_action = cls._action(cls.closed_plan, "Send the audit report", shared=True)
        cls.closed_plan.action_close()
        cls.draft_plan = cls._account_plan(
            start=cls.end + timedelta(days=1),
            end=cls.end + timedelta(days=60),
            objective_ids=[
                Command.create(
                    {"name": "Draft ambition", "measure": "manual", "target": 3, "shared": True}
                )
            ],
        )
        cls.draft_action = cls._action(cls.draft_plan, "Draft handshake", shared=True)
        # another customer's plan, and its contact in the portal
        cls.other_plan = cls._account_plan(
            account=cls.account2,
            objective_ids=[
                Command.create(
                    {
                        "name": "Other harbour objective",
                        "measure": "manual",
                        "target": 2,
                        "shared": True,
                    }
                )
            ],
        )
        cls.other_plan.action_agree()
        cls.other_action = cls._action(cls.other_plan, "Other harbour action", shared=True)
        cls.portal_user = cls._portal_user("kam_test_portal", cls.account_contact)
        cls.other_contact = cls.env["res.partner"].create(
            {"name": "Other Harbour Buyer", "parent_id": cls.account2.id}
        )
        cls.other_portal_user = cls._portal_user("kam_test_portal2", cls.other_contact)

    @classmethod
    def _action(cls, plan, summary, shared=False):
        return cls.env["mail.activity"].create(
            {
                "res_model_id": cls.env["ir.model"]._get_id(plan._name),
                "res_id": plan.id,
                "activity_type_id": cls.env.ref("mail.mail_activity_data_todo").id,
                "summary": summary,
                "user_id": cls.user_rep.id,
                "date_deadline": cls.today + timedelta(days=7),
                "kam_plan_shared": shared,
            }
        )

    @classmethod
    def _portal_user(cls, login, partner):
        return cls.env["res.users"].create(
            {
                "login": login,
                "password": login,
                "partner_id": partner.id,
                "groups_id": [Command.set(cls.env.ref("base.group_portal").ids)],
            }
        )

    def _get(self, url, status=200):
        response = self.url_open(url)
        self.assertEqual(response.status_code, status, url)
        return response.text

    def _confirm_url(self, plan, action):
        return f"/my/account-plans/{plan.id}/actions/{action.id}/confirm"

    def _post(self, url, token):
        return self.url_open(url, data={"csrf_token": token})

    def _token(self, plan):
        """The CSRF token of the plan's page, as the customer's browser sends it."""
        return CSRF.search(self._get(f"/my/account-plans/{plan.id}"))[1]

    # what the customer reads -------------------------------------------------
    def test_customer_reads_what_is_shared_only(self):
        self.authenticate("kam_test_portal", "kam_test_portal")
        page = self._get(f"/my/account-plans/{self.plan.id}")
        for shown in (
            "Invoice the press line",
            "Joint workshops held",
            "Run the pilot on line two",
            "Rep One",
            "67 %",  # the manual objective: from 1 (when agreed) to 4, at 3
        ):
            self.assertIn(shown, page)
        for hidden in (
            "Second line units bought",
            "Keep them healthy",
            "Call their treasurer about the discount",
            "premium option",
            self.economic_buyer.name,
            "Undercut the incumbent",
            "hydraulic presses",
            "Health",
            "Revenue",
            "Other harbour",
        ):
            self.assertNotIn(hidden, page)
        # the health score, the revenue objective's target and its value
        for figure in (r"37[.,]5", r"54,?321", r"12,?345"):
            self.assertNotRegex(page, rf"\b{figure}", figure)
        self.assertIn(f'action="{self._confirm_url(self.plan, self.shared_action)}"', page)

    def test_plans_listed_in_force_or_closed_never_drafts(self):
        self.authenticate("kam_test_portal", "kam_test_portal")
        page = self._get("/my/account-plans")
        self.assertIn(f'href="/my/account-plans/{self.plan.id}"', page)
        self.assertIn(f'href="/my/account-plans/{self.closed_plan.id}"', page)
        self.assertNotIn(f"/my/account-plans/{self.draft_plan.id}", page)
        self.assertNotIn(f"/my/account-plans/{self.other_plan.id}", page)
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["kam_plan_count"]})
        self.assertEqual(counters["kam_plan_count"], 2)
        # a draft is not the customer's, even by its address
        self._get(f"/my/account-plans/{self.draft_plan.id}", status=404)
        self.assertNotIn("Draft ambition", self._get("/my/account-plans"))
        # a closed plan is read, no longer confirmed
        closed = self._get(f"/my/account-plans/{self.closed_plan.id}")
        self.assertIn("Send the audit report", closed)
        self.assertNotIn("/confirm", closed)
        token = self._token(self.plan)
        response = self._post(self._confirm_url(self.closed_plan, self.closed_action), token)
        self.assertEqual(response.status_code, 404)
        response = self._post(self._confirm_url(self.draft_plan, self.draft_action), token)
        self.assertEqual(response.status_code, 404)
        (self.closed_action | self.draft_action).invalidate_recordset()
        self.assertFalse(any((self.closed_action | self.draft_action).mapped("kam_confirmed_date")))

    def test_plan_of_a_company_the_user_is_not_in(self):
        other_company = self.env["res.company"].create({"name": "Other Company"})
        theirs = self._account_plan(
            company_id=other_company.id,
            start=self.end + timedelta(days=100),
            end=self.end + timedelta(days=160),
            objective_ids=[
                Command.create(
                    {
                        "name": "Elsewhere objective",
                        "measure": "manual",
                        "target": 1,
                        "shared": True,
                    }
                )
            ],
        )
        theirs.action_agree()
        self.authenticate("kam_test_portal", "kam_test_portal")
        self.assertNotIn(f"/my/account-plans/{theirs.id}", self._get("/my/account-plans"))
        self._get(f"/my/account-plans/{theirs.id}", status=404)

    def test_another_customer_gets_not_found(self):
        self.authenticate("kam_test_portal2", "kam_test_portal2")
        self.assertIn(
            "Other harbour objective", self._get(f"/my/account-plans/{self.other_plan.id}")
        )
        token = self._token(self.other_plan)
        self._get(f"/my/account-plans/{self.plan.id}", status=404)
        response = self._post(self._confirm_url(self.plan, self.shared_action), token)
        self.assertEqual(response.status_code, 404)
        # nor through its own plan's address
        response = self._post(self._confirm_url(self.other_plan, self.shared_action), token)
        self.assertEqual(response.status_code, 404)
        self.shared_action.invalidate_recordset()
        self.assertFalse(self.shared_action.kam_confirmed_date)

    # confirming --------------------------------------------------------------
    def test_customer_confirms_a_shared_action(self):
        self.authenticate("kam_test_portal", "kam_test_portal")
        url = self._confirm_url(self.plan, self.shared_action)
        # a form posted from elsewhere (no CSRF token) is refused
        self.assertEqual(self.url_open(url, data={"x": 1}).status_code, 400)
        self.shared_action.invalidate_recordset()
        self.assertFalse(self.shared_action.kam_confirmed_date)
        before = fields.Datetime.now().replace(microsecond=0)
        token = self._token(self.plan)
        response = self._post(url, token)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.url.endswith(f"/my/account-plans/{self.plan.id}#kam_plan_actions"))
        self.assertIn(f"Confirmed by {self.account_contact.name}", response.text)
        self.shared_action.invalidate_recordset()
        self.assertEqual(self.shared_action.kam_confirmed_partner_id, self.account_contact)
        self.assertGreaterEqual(self.shared_action.kam_confirmed_date, before)
        note = self.plan.message_ids.filtered(lambda m: m.author_id == self.account_contact)
        self.assertEqual(len(note), 1)
        self.assertIn("confirmed in the customer portal", note.body)
        self.assertIn("Run the pilot on line two", note.body)
        self.assertEqual(note.subtype_id, self.env.ref("mail.mt_note"))
        # the back office sees who confirmed it, and when
        self.assertEqual(
            self.plan.with_user(self.user_rep).activity_ids.filtered("kam_confirmed_date"),
            self.shared_action,
        )
        # confirmed once: a second post changes nothing
        first = self.shared_action.kam_confirmed_date
        self.assertNotIn(url, response.text)
        self._post(url, token)
        self.shared_action.invalidate_recordset()
        self.assertEqual(self.shared_action.kam_confirmed_date, first)
        self.assertEqual(
            len(self.plan.message_ids.filtered(lambda m: m.author_id == self.account_contact)), 1
        )

    def test_confirming_what_is_not_shared_or_not_of_the_plan_is_refused(self):
        self.authenticate("kam_test_portal", "kam_test_portal")
        token = self._token(self.plan)
        for plan, action in (
            (self.plan, self.unshared_action),
            (self.plan, self.other_action),
            (self.plan, self.closed_action),
            (self.other_plan, self.other_action),
        ):
            with self.subTest(action=action.summary):
                response = self._post(self._confirm_url(plan, action), token)
                self.assertEqual(response.status_code, 404)
        actions = self.unshared_action | self.other_action | self.closed_action
        actions.invalidate_recordset()
        self.assertFalse(any(actions.mapped("kam_confirmed_date")))
        # the model refuses it too, whoever calls it
        with self.assertRaises(UserError):
            self.unshared_action._kam_confirm_by_customer(self.account_contact)
        with self.assertRaises(UserError):
            self.other_action._kam_confirm_by_customer(self.account_contact)

    # the API -----------------------------------------------------------------
    def _call_kw(self, model, method, args, kwargs=None):
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def test_portal_user_reaches_no_plan_through_the_api(self):
        self.authenticate("kam_test_portal", "kam_test_portal")
        for model, method, args in (
            ("key.account.plan", "search_read", [[]]),
            ("key.account.plan", "read", [self.plan.ids, ["display_name"]]),
            ("key.account.plan.objective", "search_read", [[], ["name"]]),
            (
                "mail.activity",
                "read",
                [self.shared_action.ids, ["summary", "kam_confirmed_date", "kam_plan_shared"]],
            ),
            ("mail.activity", "search_read", [[("kam_plan_shared", "=", True)], ["summary"]]),
        ):
            with self.subTest(model=model, method=method):
                with self.assertRaises(JsonRpcException) as caught:
                    self._call_kw(model, method, args)
                self.assertEqual(str(caught.exception), "odoo.exceptions.AccessError")
        with self.assertRaises(JsonRpcException) as caught:
            self._call_kw(
                "mail.activity",
                "write",
                [self.shared_action.ids, {"kam_confirmed_date": "2024-01-01 00:00:00"}],
            )
        self.assertEqual(str(caught.exception), "odoo.exceptions.AccessError")

    def test_back_office_cannot_record_a_confirmation(self):
        self.authenticate("kam_test_rep", "kam_test_rep")
        for values in (
            {"kam_confirmed_date": "2024-01-01 09:00:00"},
            {"kam_confirmed_partner_id": self.account_contact.id},
        ):
            with self.subTest(values=values):
                with self.assertRaises(JsonRpcException) as caught:
                    self._call_kw("mail.activity", "write", [self.shared_action.ids, values])
                self.assertEqual(str(caught.exception), "odoo.exceptions.AccessError")
        # neither through the plan's actions nor at creation
        with self.assertRaises(JsonRpcException) as caught:
            self._call_kw(
                "key.account.plan",
                "write",
                [
                    self.plan.ids,
                    {
                        "activity_ids": [
                            [1, self.shared_action.id, {"kam_confirmed_date": "2024-01-01"}]
                        ]
                    },
                ],
            )
        self.assertEqual(str(caught.exception), "odoo.exceptions.AccessError")
        Activity = self.env["mail.activity"].with_user(self.user_rep)
        with self.assertRaises(AccessError):
            Activity.create(
                {
                    "res_model_id": self.env["ir.model"]._get_id(self.plan._name),
                    "res_id": self.plan.id,
                    "summary": "Typed confirmation",
                    "kam_confirmed_partner_id": self.account_contact.id,
                }
            )
        self.shared_action.invalidate_recordset()
        self.assertFalse(self.shared_action.kam_confirmed_date)
        self.assertFalse(self.shared_action.kam_confirmed_partner_id)
        # sharing is the plan's people's to decide
        self.assertTrue(
            self._call_kw(
                "mail.activity", "write", [self.unshared_action.ids, {"kam_plan_shared": True}]
            )
        )
        self.unshared_action.invalidate_recordset()
        self.assertTrue(self.unshared_action.kam_plan_shared)

    def test_only_the_plans_people_share_an_action(self):
        # a colleague who does not keep the plan, with an action of it
        engineer = self._new_user("kam_test_engineer", "Service Engineer")
        action = self._action(self.plan, "Inspect the cranes")
        action.user_id = engineer
        with self.assertRaises(AccessError):
            action.with_user(engineer).write({"kam_plan_shared": True})
        action.with_user(engineer).write({"summary": "Inspect the cranes on site"})
        # the action of another document is not shared with a plan's customer
        with (
            self.assertRaisesRegex(ValidationError, "Only the actions of an account plan"),
            self.env.cr.savepoint(),
        ):
            self.env["mail.activity"].create(
                {
                    "res_model_id": self.env["ir.model"]._get_id("res.partner"),
                    "res_id": self.account.id,
                    "summary": "Elsewhere",
                    "kam_plan_shared": True,
                }
            )

    # the back office ---------------------------------------------------------
    def test_sharing_an_internal_measure_is_refused(self):
        health = self.plan.objective_ids.filtered(lambda o: o.measure == "health")
        as_rep = health.with_user(self.user_rep)
        with self.assertRaisesRegex(
            ValidationError, "cannot be shared with the customer: Health Score is an internal"
        ):
            with self.env.cr.savepoint():
                as_rep.write({"shared": True})
        health.invalidate_recordset()
        self.assertFalse(health.shared, "nothing saved")
        count = len(self.plan.objective_ids)
        with self.assertRaisesRegex(ValidationError, "cannot be shared with the customer"):
            with self.env.cr.savepoint():
                self.env["key.account.plan.objective"].with_user(self.user_rep).create(
                    {
                        "plan_id": self.plan.id,
                        "name": "Share of wallet",
                        "measure": "wallet_share",
                        "target": 40,
                        "shared": True,
                    }
                )
        self.plan.invalidate_recordset()
        self.assertEqual(len(self.plan.objective_ids), count, "nothing saved")
        # a shared objective's measure cannot become internal either
        revenue = self.plan.objective_ids.filtered(lambda o: o.measure == "revenue")
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            revenue.with_user(self.user_rep).write({"measure": "health"})

    def test_plan_form_shares_actions(self):
        with Form(self.plan.with_user(self.user_rep)) as form:
            self.assertEqual(len(form.activity_ids), 2)
            for index in range(len(form.activity_ids)):
                with form.activity_ids.edit(index) as line:
                    if line.summary == self.unshared_action.summary:
                        self.assertFalse(line.kam_plan_shared)
                        line.kam_plan_shared = True
        self.assertTrue(self.unshared_action.kam_plan_shared)
        self.assertTrue(self.plan.objective_ids.filtered("shared"))
