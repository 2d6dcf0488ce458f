"""What the web client reads writes nothing: Odoo 18 serves read-only
requests (``@api.readonly`` methods, the web client's reads) from a read
replica when it has one (``db_replica_host``), where a write fails and the
request is served again on the primary. Each read runs here in a read-only
transaction, as the demo's rep, manager and finance user: a read that
writes fails the test."""

import json

from lxml import etree

from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools import file_open

from .common import read_only_transaction

MODULE = "key_account_management"
RELATIONAL = ("many2one", "one2many", "many2many")
# the records each read-only method of the add-on is called on
READ_ONLY_METHODS = {
    "crm.lead": (
        [("is_key_account", "=", True)],
        {
            "action_kam_account_next_action",
            "action_kam_relationship_map",
            "action_kam_view_invoices",
            "action_kam_view_payments",
            "action_kam_view_receivables",
            "action_kam_view_visits",
            "action_open_buying_centre_org_chart",
            "kam_relationship_map_data",
        },
    ),
    "res.partner": (
        [("is_key_account", "=", True)],
        {
            "action_kam_health_trend",
            "action_kam_next_action",
            "action_kam_relationship_map",
            "action_kam_view_invoices",
            "action_kam_view_payments",
            "action_kam_view_plans",
            "action_kam_view_receivables",
            "action_kam_view_revisit_plans",
            "action_kam_view_visits",
            "action_open_buying_centre_org_chart",
            "kam_relationship_map_data",
        },
    ),
    "key.account.health.line": ([], {"action_open_records"}),
    "key.account.receivable": ([], {"action_open_move"}),
    "key.account.visit": ([("event_id", "!=", False)], {"action_open_event"}),
    "key.account.revisit.plan": ([], {"action_view_revisits"}),
    "key.account.plan": ([], {"action_view_meetings"}),
    "sale.order": (
        [("partner_id.commercial_partner_id.is_key_account", "=", True)],
        {"action_kam_view_revisit_plans"},
    ),
    "key.account.contract.review.line": ([], {"action_open_decision"}),
    "calendar.event": ([("kam_account_id", "!=", False)], {"action_kam_record_visit"}),
}

# the add-on's read-only methods of a model that take arguments, as the web
# client calls them
READ_ONLY_CALLS = {
    # the receivables list grouped by account, a page of groups
    ("key.account.receivable", "web_read_group"): lambda Model: Model.web_read_group(
        [], ["amount_residual:sum", "amount_overdue:sum"], ["partner_id"], limit=80
    ),
}


@tagged("post_install", "-at_install")
class TestReadOnly(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = [
            cls.env.ref(f"{MODULE}.res_users_kam_{who}_demo", False)
            for who in ("rep", "manager", "finance")
        ]
        # a development record of a meeting: the demo's meeting is not recorded yet
        event = cls.env.ref(f"{MODULE}.calendar_event_huadong_purchasing_demo", False)
        if event:
            cls.env["key.account.visit"].create(
                {**cls.env["key.account.visit"]._values_from_event(event), "method": "visit"}
            )

    def setUp(self):
        super().setUp()
        if not all(self.users):
            self.skipTest("the demo data is not installed")

    def _specification(self, model, view_type):
        """The fields of this user's view as the web client asks for them."""
        views = model.get_views([(False, view_type)])

        def fields_of(node, model_name):
            described = views["models"][model_name]["fields"]
            spec = {}
            for child in node.iterchildren(tag=etree.Element):
                name = child.get("name")
                if child.tag != "field":
                    spec.update(fields_of(child, model_name))
                elif name in described and name not in spec:
                    spec[name] = {}
                    if described[name]["type"] in RELATIONAL:
                        sub_view = next(iter(child.iterchildren("list", "kanban")), None)
                        sub_spec = (
                            fields_of(sub_view, described[name]["relation"])
                            if sub_view is not None
                            else {}
                        )
                        spec[name] = {"fields": {"display_name": {}, **sub_spec}}
            return spec

        return fields_of(etree.fromstring(views["views"][view_type]["arch"]), model._name)

    def test_every_read_only_method_is_tested(self):
        marked = {
            (model_name, name)
            for model_name, model in self.env.registry.items()
            for cls in model.mro()
            if cls.__module__.startswith(f"odoo.addons.{MODULE}.")
            for name, method in vars(cls).items()
            if getattr(method, "_readonly", False)
        }
        tested = {
            (model_name, name)
            for model_name, (_domain, names) in READ_ONLY_METHODS.items()
            for name in names
        } | set(READ_ONLY_CALLS)
        # a mixin's methods are marked on the models that inherit it
        self.assertEqual({pair for pair in marked if pair[0] in READ_ONLY_METHODS}, tested)
        self.assertFalse(
            {model for model, _name in marked}
            - set(READ_ONLY_METHODS)
            - {
                "key.account.receivable.mixin",
                "key.account.relationship.map.mixin",
            },
            "a model has read-only methods this test does not call",
        )

    def test_read_only_methods_write_nothing(self):
        answered = set()
        for model_name, (domain, names) in READ_ONLY_METHODS.items():
            for user in self.users:
                try:
                    records = self.env[model_name].with_user(user).search(domain, limit=6)
                except AccessError:
                    continue  # not this user's records
                for record in records:
                    for name in sorted(names):
                        with read_only_transaction(self):
                            try:
                                getattr(record, name)()
                            except (AccessError, UserError):
                                continue  # refused to this user: an answer, no write
                        answered.add((model_name, name))
        for (model_name, name), call in READ_ONLY_CALLS.items():
            for user in self.users:
                Model = self.env[model_name].with_user(user)
                if Model.has_access("read"):
                    with read_only_transaction(self):
                        self.assertTrue(call(Model)["groups"], user.login)
                    answered.add((model_name, name))
        missing = {
            (model_name, name)
            for model_name, (_domain, names) in READ_ONLY_METHODS.items()
            for name in names
        } - answered
        self.assertFalse(missing, "no demo user got an answer from these")

    def test_reading_pipeline_forms_and_dashboard_writes_nothing(self):
        dashboard = json.load(file_open(f"{MODULE}/data/files/key_account_dashboard.json"))
        for user in self.users[:2]:
            Lead = self.env["crm.lead"].with_user(user)
            Partner = self.env["res.partner"].with_user(user)
            domain = [("type", "=", "opportunity"), ("is_key_account", "=", True)]
            with read_only_transaction(self):
                groups = Lead.web_read_group(domain, ["expected_revenue:sum"], ["stage_id"])
                kanban = self._specification(Lead, "kanban")
                for group in groups["groups"]:
                    Lead.web_search_read(group["__domain"], kanban, limit=40)
                Lead.read_progress_bar(
                    domain,
                    "stage_id",
                    {"field": "activity_state", "colors": {"planned": "success"}},
                )
                deals = Lead.search(domain)
                deals.web_read(self._specification(Lead, "form"))
                accounts = Partner.search([("is_key_account", "=", True)])
                accounts.web_read(self._specification(Partner, "form"))
                accounts.kam_health_line_ids.web_read({"detail": {}, "score": {}})
                # the dashboard is the managers'
                for pivot in dashboard["pivots"].values() if user == self.users[1] else ():
                    self.env[pivot["model"]].with_user(user).read_group(
                        pivot["domain"],
                        [m["fieldName"] for m in pivot["measures"] if m["fieldName"] != "__count"],
                        [row["fieldName"] for row in pivot["rows"]],
                        lazy=False,
                    )
            self.assertTrue(deals and accounts, user.login)

    def test_a_read_that_writes_fails(self):
        account = self.env["res.partner"].search([("is_key_account", "=", True)], limit=1)
        with self.assertRaises(self.failureException), read_only_transaction(self):
            account.comment = "written while reading"
