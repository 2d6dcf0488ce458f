from datetime import datetime, time, timedelta

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common_plan import KeyAccountPlanCommon


@tagged("post_install", "-at_install")
class TestPlanMeasures(KeyAccountPlanCommon):
    """Each measure of an objective against figures computed by hand, over
    the plan's period (today - 30 to today + 30)."""

    def test_revenue_nets_credit_notes_within_the_period(self):
        plan = self._account_plan(measures=["revenue"])
        self._invoice(1000, invoice_days_ago=10)
        self._invoice(300, move_type="out_refund", invoice_days_ago=5)
        self._invoice(400, invoice_days_ago=30)  # the period's first day counts
        self._invoice(500, invoice_days_ago=31)  # the day before does not
        self._invoice(800, partner=self.account2, invoice_days_ago=10)
        self._invoice(900, invoice_days_ago=10, post=False)
        self.assertEqual(self._measured(plan, "revenue"), 1000 - 300 + 400)

    def _unit(self, quantity, days_ago, ours=True, account=None):
        brand = self.env["key.account.brand"].create({"name": f"Brand {quantity} {days_ago}"})
        return self.env["key.account.installed.unit"].create(
            {
                "partner_id": (account or self.account).id,
                "is_ours": ours,
                "brand_id": brand.id,
                "model_name": "Crane",
                "quantity": quantity,
                "purchase_date": self.today - timedelta(days=days_ago),
            }
        )

    def test_units_and_share_of_wallet(self):
        self.account.kam_purchase_volume = 12
        plan = self._account_plan(measures=["units", "wallet_share"])
        self._unit(3, 10)
        self._unit(2, 31)  # before the period
        self._unit(4, 10, ours=False)  # a competitor's
        self._unit(5, 10, account=self.account2)
        self.assertEqual(self._measured(plan, "units"), 3)
        self.assertEqual(self._objective(plan, "wallet_share").current_value, 25.0)

    def test_deals_won_in_the_period(self):
        plan = self._account_plan(measures=["deals_won"])
        won = self.env["crm.lead"].search([("stage_id.is_won", "=", True)], limit=1).stage_id
        won = won or self.env["crm.stage"].create({"name": "Won", "is_won": True})
        deals = self.env["crm.lead"].create(
            [
                {
                    "name": name,
                    "type": "opportunity",
                    "partner_id": partner.id,
                    "team_id": self.standard_team.id,
                }
                for name, partner in (
                    ("Won now", self.account_contact),
                    ("Won long ago", self.account),
                    ("Open", self.account),
                    ("Elsewhere", self.account2),
                )
            ]
        )
        deals.filtered(lambda deal: deal.name != "Open").write({"stage_id": won.id})
        deals.filtered(lambda deal: deal.name == "Won now").date_closed = datetime.combine(
            self.today - timedelta(days=2), time(12)
        )
        deals.filtered(lambda deal: deal.name == "Won long ago").date_closed = datetime.combine(
            self.start - timedelta(days=1), time(12)
        )
        self.assertEqual(self._measured(plan, "deals_won"), 1)

    def test_amount_overdue_now(self):
        plan = self._account_plan(measures=["overdue"])
        self._invoice(1000, due_in=-5, invoice_days_ago=40)
        self._invoice(700, due_in=10)
        self._invoice(300, partner=self.account2, due_in=-5)
        self.assertEqual(self._measured(plan, "overdue"), 1000)
        self.assertTrue(self._objective(plan, "overdue").lower_is_better)

    def test_revisits_done_and_satisfaction(self):
        plan = self._account_plan(measures=["revisits", "satisfaction"])
        revisit_plan = self._plan()
        revisits = revisit_plan.revisit_ids.sorted("scheduled_date")[:4]
        for revisit, stars, days_ago in zip(
            revisits, ("4", "2", "0", "5"), (3, 20, 10, 31), strict=True
        ):
            revisit.action_done()
            revisit.write({"satisfaction": stars, "done_date": self.today - timedelta(days_ago)})
        # three done in the period, one before it; the one not rated has no stars
        self.assertEqual(self._measured(plan, "revisits"), 3)
        self.assertEqual(self._objective(plan, "satisfaction").current_value, 3.0)

    def test_health_score_and_manual_value(self):
        plan = self._account_plan(measures=["health", "manual"])
        self._contact(5)
        self._measure()
        self.assertTrue(self.account.kam_health_score)
        self._objective(plan, "manual").manual_value = 42
        self.assertEqual(self._measured(plan, "health"), self.account.kam_health_score)
        self.assertEqual(self._objective(plan, "manual").current_value, 42)

    def test_collections_in_the_period(self):
        plan = self._account_plan(measures=["collected", "collection_days"])
        # 600 paid 10 days after the invoice, within the period
        self._pay(
            self._invoice(1000, invoice_days_ago=20),
            600,
            payment_date=self.today - timedelta(days=10),
        )
        # 300 paid on the period's first day, 20 days after the invoice
        self._pay(self._invoice(300, invoice_days_ago=50), 300, payment_date=self.start)
        # paid the day before the period: not counted
        self._pay(
            self._invoice(500, invoice_days_ago=60),
            500,
            payment_date=self.start - timedelta(days=1),
        )
        # a credit note settles an invoice: no money collected
        self._reconcile(
            self._invoice(200, invoice_days_ago=5),
            self._invoice(200, move_type="out_refund", invoice_days_ago=5),
        )
        self._pay(self._invoice(700, partner=self.account2), 700)
        self.assertEqual(self._measured(plan, "collected"), 900)
        # weighted by the amounts: (600 × 10 + 300 × 20) / 900
        self.assertEqual(self._objective(plan, "collection_days").current_value, 13.3)

    def test_retention_collected(self):
        plan = self._account_plan(measures=["retention_collected", "collected"])
        terms = self.env.ref("key_account_management.payment_term_advance_retention")
        invoice = self._invoice(
            10000, invoice_days_ago=10, invoice_payment_term_id=terms.id, invoice_date_due=False
        )
        # the advance and the delivery instalments first: no retention yet
        self._pay(invoice, 9000)
        self.assertEqual(self._measured(plan, "retention_collected"), 0)
        self._pay(invoice, 1000)
        self.assertEqual(self._measured(plan, "retention_collected"), 1000)
        self.assertEqual(self._objective(plan, "collected").current_value, 10000)

    def test_contacts_made_in_the_period(self):
        plan = self._account_plan(measures=["contacts"])
        self._contact(10)
        self._contact(31)  # before the period
        self._contact(10, account=self.account2)
        partner_model = self.env["ir.model"]._get_id("res.partner")

        def meeting(days_ago, user):
            start = self._days_ago(days_ago)
            return self.env["calendar.event"].create(
                {
                    "name": "Plant visit",
                    "start": start,
                    "stop": start + timedelta(hours=1),
                    "user_id": user.id,
                    "res_model_id": partner_model,
                    "res_id": self.account.id,
                }
            )

        meeting(5, self.user_rep)
        # a meeting with its development record: one contact, not two
        recorded = meeting(3, self.user_rep)
        visit = self._contact(3)
        visit.event_id = recorded
        # a meeting of someone outside the key-account team is no contact
        meeting(4, self._new_user("kam_test_outsider", "Outsider"))
        self.assertEqual(self._measured(plan, "contacts"), 3)

    def test_key_people_met_in_the_period(self):
        plan = self._account_plan(measures=["key_people"])
        self._role(self.economic_buyer, "economic_buyer", met_days_ago=10)
        coach = self._role(self.coach, "coach", met_days_ago=31)  # before the period
        self.assertEqual(self._measured(plan, "key_people"), 1)
        coach.last_contact_date = self.start
        self.assertEqual(self._measured(plan, "key_people"), 2)

    def test_deals_reaching_a_stage(self):
        stage, other_stage = self.stages["bid"], self.stages["contract"]
        plan = self._account_plan()
        objective = self.env["key.account.plan.objective"].create(
            {
                "plan_id": plan.id,
                "name": "Bids",
                "measure": "deals_stage",
                "stage_id": stage.id,
                "target": 3,
            }
        )
        other_deal = self.env["crm.lead"].create(
            {"name": "Elsewhere", "type": "opportunity", "partner_id": self.account2.id}
        )
        Log = self.env["key.account.stage.log"].sudo()
        for deal, to_stage, days_ago in (
            (self.deal_rep, stage, 10),
            (self.deal_rep, stage, 5),  # entered twice: one deal
            (self.deal_rep2, stage, 31),  # before the period
            (self.deal_rep2, other_stage, 3),  # another stage
            (other_deal, stage, 3),  # another account
        ):
            Log.create(
                {"lead_id": deal.id, "stage_to_id": to_stage.id, "date": self._days_ago(days_ago)}
            )
        plan._kam_update_values(self.today)
        self.assertEqual(objective.current_value, 1)
        Log.create(
            {"lead_id": self.deal_rep2.id, "stage_to_id": stage.id, "date": self._days_ago(0)}
        )
        plan._kam_update_values(self.today)
        self.assertEqual(objective.current_value, 2)

    def test_a_stage_objective_needs_its_stage(self):
        plan = self._account_plan()
        # Odoo's assertRaises rolls the failed create back to a savepoint
        with self.assertRaises(ValidationError) as caught:
            self.env["key.account.plan.objective"].create(
                {"plan_id": plan.id, "name": "Bids", "measure": "deals_stage", "target": 3}
            )
        self.assertIn(
            'Choose the stage the deals are to reach for the objective "Bids"',
            str(caught.exception),
        )
        self.assertFalse(self.env["key.account.plan.objective"].search([("plan_id", "=", plan.id)]))
