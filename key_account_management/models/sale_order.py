from odoo import api, fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    revisit_plan_ids = fields.One2many(
        "key.account.revisit.plan", "order_id", string="Revisit Plans"
    )
    revisit_plan_count = fields.Integer(compute="_compute_revisit_plan_count")

    @api.depends("revisit_plan_ids")
    def _compute_revisit_plan_count(self):
        counts = dict(
            self.env["key.account.revisit.plan"]._read_group(
                [("order_id", "in", self.ids)], ["order_id"], ["__count"]
            )
        )
        for order in self:
            order.revisit_plan_count = counts.get(order, 0)

    def _action_confirm(self):
        result = super()._action_confirm()
        self._create_revisit_plans(trigger="confirm")
        # a deal's paid invoices count again once their order is confirmed again
        self.opportunity_id._kam_sync_paid_node()
        return result

    def _action_cancel(self):
        # Odoo cancels an order even when its posted invoices stay: they no
        # longer count for the deal, which may no longer be fully paid
        deals = self.opportunity_id
        result = super()._action_cancel()
        deals._kam_sync_paid_node()
        return result

    def action_view_revisit_plans(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "key_account_management.key_account_revisit_plan_action"
        )
        action["domain"] = [("order_id", "in", self.ids)]
        action["context"] = {"search_default_active": 0}
        return action

    def _is_key_account_order(self):
        self.ensure_one()
        return (
            self.partner_id.commercial_partner_id.is_key_account
            or self.opportunity_id.is_key_account
        )

    def _create_revisit_plans(self, trigger=None):
        """The revisit plans of key-account orders that have none yet.

        ``trigger`` ("confirm" or "invoice") keeps only the orders of the
        companies that start revisits at that moment; without it every
        key-account order is planned.
        """
        orders = self.filtered(
            lambda order: order.state == "sale"
            and (not trigger or (order.company_id.revisit_plan_trigger or "confirm") == trigger)
            and order._is_key_account_order()
        )
        if not orders:
            return self.env["key.account.revisit.plan"]
        Plan = self.env["key.account.revisit.plan"].sudo()
        planned = (
            Plan.with_context(active_test=False).search([("order_id", "in", orders.ids)]).order_id
        )
        orders -= planned
        templates = {}
        vals_list = []
        today = fields.Date.context_today(self)
        for order in orders:
            company = order.company_id
            if company not in templates:
                templates[company] = company.revisit_template_id or Plan.template_id.search(
                    [("company_id", "in", [False, company.id])], limit=1
                )
            if not templates[company]:
                continue
            vals_list.append(
                {
                    "partner_id": order.partner_id.commercial_partner_id.id,
                    "order_id": order.id,
                    "opportunity_id": order.opportunity_id.id,
                    "user_id": (order.user_id or order.opportunity_id.user_id or self.env.user).id,
                    "template_id": templates[company].id,
                    "start_date": today,
                    "company_id": company.id,
                    "state": "active",
                }
            )
        return Plan.with_context(tracking_disable=True, mail_create_nolog=True).create(vals_list)
