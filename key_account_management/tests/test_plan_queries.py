from datetime import timedelta

from lxml import etree

from odoo import Command, api
from odoo.tests import tagged

from .common_plan import ALL_MEASURES, KeyAccountPlanCommon

CRON = "key_account_management.key_account_plan_cron_update"
# the plan's form opened by a rep (the view, then the record): at most, as
# the README says
FORM_QUERIES = 38
# the first lines of a list the web client reads
LIST_LIMIT = 40


def web_client_spec(views, model, node):
    """The specification the web client reads a view's record with: every
    field of the view; a many2one or a tag list with its names; a list of
    lines with its columns, its first 40 lines."""
    fields = views["models"][model]["fields"]
    level = int(node.xpath("count(ancestor-or-self::field)"))
    spec = {}
    for field_node in node.xpath(f".//field[count(ancestor::field) = {level}]"):
        name = field_node.get("name")
        field = fields[name]
        if field["type"] == "many2one":
            spec[name] = {"fields": {"display_name": {}}}
        elif field["type"] in ("one2many", "many2many"):
            lines = field_node.find("list")
            if lines is None:
                spec[name] = {"fields": {"display_name": {}}}
            else:
                spec[name] = {
                    "fields": web_client_spec(views, field["relation"], lines),
                    "limit": LIST_LIMIT,
                }
        else:
            spec[name] = {}
    return spec


@tagged("post_install", "-at_install")
class TestPlanQueries(KeyAccountPlanCommon):
    """The objectives of a batch of plans are measured with one grouped query
    per measure: ten plans cost what two cost, under the cron too; the plan's
    form costs as many queries with ten lines of each kind as with one."""

    def _plans(self, count):
        accounts = self.env["res.partner"].create(
            [
                {
                    "name": f"Queries Account {count}-{index}",
                    "is_company": True,
                    "is_key_account": True,
                    "kam_purchase_volume": 10,
                }
                for index in range(count)
            ]
        )
        for account in accounts:
            self._invoice(100, partner=account, invoice_days_ago=3)
        plans = self.env["key.account.plan"].create(
            [
                {
                    "partner_id": account.id,
                    "date_start": self.start,
                    "date_end": self.end,
                    "objective_ids": [
                        Command.create(
                            {
                                "name": measure,
                                "measure": measure,
                                "target": 50,
                                "stage_id": measure == "deals_stage" and self.stages["bid"].id,
                            }
                        )
                        for measure in ALL_MEASURES
                    ],
                }
                for account in accounts
            ]
        )
        plans.action_agree()
        return plans

    def _queries(self, plans):
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        plans._kam_update_values(self.today)
        self.env.flush_all()
        return self.env.cr.sql_log_count - before

    def test_two_plans_cost_what_ten_cost(self):
        two, ten = self._plans(2), self._plans(10)
        # a first run measures what changed since agreement; then steady state
        self._queries(two | ten)
        self.assertEqual(self._queries(two), self._queries(ten))
        revenue = ten.objective_ids.filtered(lambda o: o.measure == "revenue")
        self.assertEqual(set(revenue.mapped("current_value")), {100.0})

    # the daily job under the cron ---------------------------------------------
    def _due(self, plans):
        """``plans`` the only plans left to measure today, measured last
        yesterday; the progress of a run of the job under the cron."""
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE key_account_plan SET measured_date = %s WHERE state = 'agreed'", [self.today]
        )
        self.env.cr.execute(
            "UPDATE key_account_plan SET measured_date = %s WHERE id IN %s",
            [self.today - timedelta(days=1), tuple(plans.ids)],
        )
        self.env.invalidate_all()
        progress = self.env["ir.cron.progress"].create({"cron_id": self.env.ref(CRON).id})
        self._flushed()
        return progress

    def _flushed(self):
        """Everything pending written (the set-up's tracking too), the cache
        emptied: what a new request starts from."""
        self.env.flush_all()
        self.env.cr.flush()
        self.env.invalidate_all()

    def _cron_run(self, plans):
        """Queries of one run of the job under the cron, one batch: ``plans``.
        The job runs as the cron's user, in a cursor of its own that it
        commits itself (Odoo's test mode makes the commit a savepoint of
        the test's transaction)."""
        user_id = self.env.ref(CRON).user_id.id
        progress = self._due(plans)
        before = self.cr.sql_log_count
        with self.registry.cursor() as cr:
            context = {"ir_cron_progress_id": progress.id}
            Plan = api.Environment(cr, user_id, context)["key.account.plan"]
            Plan._cron_kam_update_plans(batch_size=len(plans))
        queries = self.cr.sql_log_count - before
        self.env.invalidate_all()
        self.assertEqual((progress.done, progress.remaining), (len(plans), 0))
        self.assertEqual(set(plans.mapped("measured_date")), {self.today})
        return queries

    def test_cron_batch_of_ten_plans_costs_what_two_cost(self):
        self.registry.enter_test_mode(self.cr)
        self.addCleanup(self.registry.leave_test_mode)
        two, ten = self._plans(2), self._plans(10)
        self._cron_run(two)  # the registry's caches (rules, references) filled
        # one new invoice in each batch: one value to write
        for plans in (two, ten):
            self._invoice(50, partner=plans[0].partner_id, invoice_days_ago=1)
        queries_two, queries_ten = self._cron_run(two), self._cron_run(ten)
        self.assertLessEqual(queries_ten, queries_two)
        for plans in (two, ten):
            revenue = plans.objective_ids.filtered(lambda o: o.measure == "revenue")
            self.assertEqual(revenue.mapped("current_value"), [150.0] + [100.0] * (len(plans) - 1))

    # the plan's form ----------------------------------------------------------
    def _filled_plan(self, count):
        """A plan of the rep's with ``count`` objectives, actions, relationship
        goals and reviews (each review with its meeting)."""
        account = self.env["res.partner"].create(
            {
                "name": f"Form Account {count}",
                "is_company": True,
                "is_key_account": True,
                "user_id": self.user_rep.id,
            }
        )
        people = self.env["res.partner"].create(
            [
                {"name": f"Form Person {count}-{index}", "parent_id": account.id}
                for index in range(count)
            ]
        )
        roles = self.env["key.account.buying.role"].create(
            [
                {"account_id": account.id, "partner_id": person.id, "role": "coach", "weight": 10}
                for person in people
            ]
        )
        plan = self._account_plan(
            account=account,
            # from the stage objective on: a plan of one line reads a stage too
            measures=[
                ALL_MEASURES[(index + ALL_MEASURES.index("deals_stage")) % len(ALL_MEASURES)]
                for index in range(count)
            ],
            member_ids=[Command.set(self.user_rep2.ids)],
            relationship_ids=[
                Command.create({"buying_role_id": role.id, "user_id": self.user_rep2.id})
                for role in roles
            ],
        )
        plan.action_agree()
        for index in range(count):
            plan.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=self.today + timedelta(days=index - count // 2),
                summary=f"Action {index}",
                user_id=self.user_rep.id,
            )
        meetings = self.env["calendar.event"].create(
            [
                {
                    "name": f"Review {index}",
                    "start": self._days_ago(count - index),
                    "stop": self._days_ago(count - index) + timedelta(hours=2),
                    "res_model_id": self.env["ir.model"]._get_id(plan._name),
                    "res_id": plan.id,
                }
                for index in range(count)
            ]
        )
        self.env["key.account.plan.review"].create(
            [
                {
                    "plan_id": plan.id,
                    "date": meeting.start.date(),
                    "calendar_event_id": meeting.id,
                    "decisions": "Offer a service contract",
                    "follow_up_user_id": self.user_rep.id,
                }
                for meeting in meetings
            ]
        )
        return plan

    def _open_form(self, plan):
        """The rep opens the plan's form: its view, then the record as the
        web client reads it; its values."""
        Plan = self.env["key.account.plan"].with_user(self.user_rep)
        views = Plan.get_views([(False, "form")])
        arch = etree.fromstring(views["views"]["form"]["arch"])
        [values] = Plan.browse(plan.id).web_read(web_client_spec(views, Plan._name, arch))
        return values

    def test_form_costs_the_same_with_ten_lines_of_each(self):
        one, ten = self._filled_plan(1), self._filled_plan(10)
        # the registry's caches (views, rules, groups) filled
        self._flushed()
        self._open_form(one)
        counts = []
        for plan, lines in ((one, 1), (ten, 10)):
            self._flushed()
            before = self.env.cr.sql_log_count
            values = self._open_form(plan)
            counts.append(self.env.cr.sql_log_count - before)
            for field in ("objective_ids", "relationship_ids", "review_ids"):
                self.assertEqual(len(values[field]), lines, field)
            self.assertEqual(values["open_action_count"], lines)
            self.assertEqual(
                values["review_ids"][0]["calendar_event_id"]["display_name"], f"Review {lines - 1}"
            )
        self.assertLessEqual(counts[1], counts[0])
        self.assertLessEqual(counts[0], FORM_QUERIES)
