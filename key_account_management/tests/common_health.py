from datetime import datetime, time, timedelta

from odoo import fields

from .common_receivable import KeyAccountReceivableCommon


class KeyAccountHealthCommon(KeyAccountReceivableCommon):
    """Two key accounts (one per rep) and helpers to give them contacts,
    people, revisits, invoices, orders and deals of a given age."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.tz = "UTC"
        cls.economic_buyer = cls.env["res.partner"].create(
            {"name": "Test Economic Buyer", "parent_id": cls.account.id}
        )
        cls.coach = cls.env["res.partner"].create(
            {"name": "Test Coach", "parent_id": cls.account.id}
        )
        cls.payer = cls.env["res.partner"].create(
            {"name": "Test Payer", "parent_id": cls.account.id}
        )
        cls.template = cls._twelve_month_template()
        cls.alert_type = cls.env.ref("key_account_management.mail_activity_type_account_at_risk")

    @classmethod
    def _days_ago(cls, days):
        return datetime.combine(cls.today - timedelta(days=days), time(9))

    @classmethod
    def _contact(cls, days_ago, account=None):
        return cls.env["key.account.visit"].create(
            {
                "account_id": (account or cls.account).id,
                "visit_datetime": cls._days_ago(days_ago),
                "method": "phone",
                "progress": "contact",
                "customer_attitude": "neutral",
            }
        )

    @classmethod
    def _role(cls, person, role, met_days_ago=None, account=None):
        return cls.env["key.account.buying.role"].create(
            {
                "account_id": (account or cls.account).id,
                "partner_id": person.id,
                "role": role,
                "weight": 10,
                "attitude": "neutral",
                "last_contact_date": met_days_ago is not None
                and cls.today - timedelta(days=met_days_ago),
            }
        )

    @classmethod
    def _plan(cls, account=None, user=None):
        return cls.env["key.account.revisit.plan"].create(
            {
                "partner_id": (account or cls.account).id,
                "user_id": (user or cls.user_rep).id,
                "template_id": cls.template.id,
                "start_date": cls.today - timedelta(days=200),
                "state": "active",
            }
        )

    @classmethod
    def _rate(cls, plan, *stars):
        """The first revisits of the plan done, oldest first, with these stars."""
        revisits = plan.revisit_ids.sorted("scheduled_date")[: len(stars)]
        for revisit, star in zip(revisits, stars, strict=True):
            revisit.action_done()
            revisit.write({"satisfaction": str(star), "done_date": revisit.scheduled_date})
        return revisits

    @classmethod
    def _order(cls, days_ago, account=None, amount=1000):
        order = cls.env["sale.order"].create(
            {
                "partner_id": (account or cls.account).id,
                "order_line": [
                    fields.Command.create(
                        {"product_id": cls.product.id, "product_uom_qty": 1, "price_unit": amount}
                    )
                ],
            }
        )
        order.action_confirm()
        order.date_order = cls._days_ago(days_ago)
        return order

    def _measure(self, accounts=None):
        accounts = accounts or self.account
        accounts._kam_refresh_health()
        return accounts.kam_health_snapshot_id

    @staticmethod
    def _factor(snapshot, factor):
        """The line of one factor of a snapshot."""
        return snapshot.line_ids.filtered(lambda line: line.factor == factor)

    def _alerts(self, account=None):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "=", (account or self.account).id),
                ("activity_type_id", "=", self.alert_type.id),
            ]
        )
