from contextlib import contextmanager

from psycopg2 import errors

from odoo import Command, fields
from odoo.tests import TransactionCase

from odoo.addons.mail.tests.common import mail_new_test_user

# the key-account team's six stages, in order
STAGES = ["evaluate", "roles", "criteria", "bid", "contract", "payment"]
# a deal's needs analysis, filled (stage 1's key node asks for it)
DEAL_NEEDS = {
    "kam_unit_use": "Pressing car body panels",
    "kam_unit_requirements": "Servo drive, die change under 10 minutes",
    "kam_needs_quantity": 2,
    "kam_budget": 900000,
    "kam_purchase_schedule": "Order in Q1, installed over the summer stop",
}


class KeyAccountCommon(TransactionCase):
    """A key-account team with a rep, a second rep, a manager and finance."""

    @classmethod
    def _new_user(cls, login, name, groups=""):
        """An internal user with these groups (comma-separated xml ids)."""
        return mail_new_test_user(
            cls.env,
            login=login,
            name=name,
            groups=",".join(filter(None, ["base.group_user", groups])),
        )

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.company = cls.env.company
        cls.user_rep = cls._new_user(
            "kam_test_rep", "Rep One", "key_account_management.group_key_account_user"
        )
        cls.user_rep2 = cls._new_user(
            "kam_test_rep2", "Rep Two", "key_account_management.group_key_account_user"
        )
        cls.user_manager = cls._new_user(
            "kam_test_manager",
            "Key-Account Manager",
            "key_account_management.group_key_account_manager",
        )
        cls.user_finance = cls._new_user(
            "kam_test_finance", "Finance", "account.group_account_invoice"
        )
        cls.key_team = cls.env.ref("key_account_management.crm_team_key_accounts")
        cls.stages = {
            key: cls.env.ref(f"key_account_management.crm_stage_key_{key}") for key in STAGES
        }
        cls.key_team.member_ids = cls.user_rep | cls.user_rep2
        cls.standard_team = cls.env["crm.team"].create(
            {"name": "Retail Desk", "use_opportunities": True}
        )
        cls.account = cls.env["res.partner"].create(
            {"name": "Test Heavy Industries", "is_company": True, "is_key_account": True}
        )
        cls.account_contact = cls.env["res.partner"].create(
            {"name": "Test Technical Director", "parent_id": cls.account.id}
        )
        cls.deal_rep = cls.env["crm.lead"].create(
            {
                "name": "Press line",
                "type": "opportunity",
                "partner_id": cls.account.id,
                "team_id": cls.key_team.id,
                "user_id": cls.user_rep.id,
            }
        )
        cls.deal_rep2 = cls.env["crm.lead"].create(
            {
                "name": "Maintenance contract",
                "type": "opportunity",
                "partner_id": cls.account.id,
                "team_id": cls.key_team.id,
                "user_id": cls.user_rep2.id,
            }
        )

    @classmethod
    def _twelve_month_template(cls):
        """Every 15 days for 3 months, then monthly for 9 months: a fixed
        count of revisits (the shipped template's monthly phase has no end)."""
        return cls.env["key.account.revisit.template"].create(
            {
                "name": "Half-monthly, then monthly (12 months)",
                "phase_ids": [
                    Command.create({"sequence": 10, "interval": 15, "duration": 3}),
                    Command.create(
                        {"sequence": 20, "interval": 1, "interval_unit": "months", "duration": 9}
                    ),
                ],
            }
        )

    @classmethod
    def _approve_contract_review(cls, order, approver=None):
        """The rep records every value and submits; a manager approves every item."""
        order.write({"user_id": cls.user_rep.id, "commitment_date": fields.Datetime.now()})
        if not order.payment_term_id:
            order.payment_term_id = cls.env.ref(
                "key_account_management.payment_term_advance_retention"
            )
        as_rep = order.with_user(cls.user_rep)
        as_rep.action_kam_start_review()
        values = {
            "text": {"value_text": "As offered"},
            "amount": {"value_amount": 1000},
            "percentage": {"value_percent": 5},
            "date": {"value_date": fields.Date.today()},
        }
        for line in as_rep.kam_review_line_ids.filtered(lambda line: line.value_source == "manual"):
            line.write(values[line.value_type])
        as_rep.action_kam_submit_review()
        order.kam_review_line_ids.with_user(approver or cls.user_manager)._decide(
            "approved", "Agreed"
        )


class KeyAccountRevisitCommon(KeyAccountCommon):
    """A service product and helpers to sell it to the key account; the
    company's revisit template lasts twelve months."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.template = cls._twelve_month_template()
        cls.company.kam_revisit_template_id = cls.template
        cls.product = cls.env["product.product"].create(
            {"name": "Press line", "type": "service", "invoice_policy": "order", "list_price": 100}
        )
        cls.customer = cls.env["res.partner"].create({"name": "Walk-in Customer"})

    @classmethod
    def _order(cls, partner=None, opportunity=None, user=None):
        return cls.env["sale.order"].create(
            {
                "partner_id": (partner or cls.account).id,
                "opportunity_id": opportunity and opportunity.id,
                "user_id": (user or cls.user_rep).id,
                "order_line": [(0, 0, {"product_id": cls.product.id, "product_uom_qty": 1})],
            }
        )


@contextmanager
def read_only_transaction(case):
    """A read-only transaction for the block, as on a read replica: a query
    that writes fails ``case``. Rolled back afterwards."""
    env = case.env
    env.flush_all()
    with env.cr.savepoint(flush=False) as savepoint:
        env.cr.execute("SET TRANSACTION READ ONLY")
        try:
            yield
            env.flush_all()
        except errors.ReadOnlySqlTransaction as error:
            case.fail(f"a read wrote: {error}")
        finally:
            savepoint.rollback()
            env.invalidate_all()
