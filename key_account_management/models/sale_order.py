from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import plaintext2html
from odoo.tools.sql import column_exists, create_column

from ..const import MANAGER_GROUP

REVIEW_ACTIVITY = "key_account_management.mail_activity_type_contract_review"
# what a confirmed order gives its installed units (besides its lines)
ORDER_UNIT_FIELDS = {"date_order", "partner_id", "partner_shipping_id", "currency_id"}


class SaleOrder(models.Model):
    _inherit = "sale.order"

    revisit_plan_ids = fields.One2many(
        "key.account.revisit.plan", "order_id", string="Revisit Plans"
    )
    revisit_plan_count = fields.Integer(compute="_compute_revisit_plan_count")
    # 003 交车后: revisits may start from the delivery; with sale_stock the
    # delivery's own date (effective_date) counts too
    kam_delivered_on = fields.Date(
        "Delivered On",
        copy=False,
        tracking=True,
        help="When the goods were delivered (or installed) at the customer's. Revisit plans "
        "start from this date where the company starts them at delivery.",
    )
    # the contract review (合同审核): the departments approve the terms before signing
    kam_is_key_account = fields.Boolean("Key-Account Order", compute="_compute_kam_is_key_account")
    kam_review_line_ids = fields.One2many(
        "key.account.contract.review.line", "order_id", string="Contract Review Items", copy=False
    )
    kam_review_state = fields.Selection(
        [
            ("none", "No Review"),
            ("draft", "Not Submitted"),
            ("to_review", "Under Review"),
            ("refused", "Refused"),
            ("approved", "Approved"),
        ],
        string="Contract Review",
        compute="_compute_kam_review_state",
        store=True,
        tracking=True,
        copy=False,
    )

    def _auto_init(self):
        # every order that exists when the module is installed has no review:
        # create the column filled instead of computing it order by order
        if not column_exists(self.env.cr, self._table, "kam_review_state"):
            create_column(self.env.cr, self._table, "kam_review_state", "varchar")
            self.env.cr.execute("UPDATE sale_order SET kam_review_state = 'none'")
        return super()._auto_init()

    @api.depends("revisit_plan_ids")
    def _compute_revisit_plan_count(self):
        counts = dict(
            self.env["key.account.revisit.plan"]._read_group(
                [("order_id", "in", self.ids)], ["order_id"], ["__count"]
            )
        )
        for order in self:
            order.revisit_plan_count = counts.get(order, 0)

    def _compute_kam_is_key_account(self):
        for order in self:
            order.kam_is_key_account = order._is_key_account_order()

    @api.depends("kam_review_line_ids.state")
    def _compute_kam_review_state(self):
        for order in self:
            states = set(order.kam_review_line_ids.mapped("state"))
            order.kam_review_state = next(
                (
                    state
                    for state in ("refused", "draft", "to_review", "approved")
                    if state in states
                ),
                "none",
            )

    def _action_confirm(self):
        result = super()._action_confirm()
        self._kam_create_revisit_plans(trigger="confirm")
        self._kam_sync_installed_units()
        # a deal's paid invoices count again once their order is confirmed again
        self.opportunity_id._kam_sync_paid_node()
        return result

    def _action_cancel(self):
        # Odoo cancels an order even when its posted invoices stay: they no
        # longer count for the deal, which may no longer be fully paid
        deals = self.opportunity_id
        result = super()._action_cancel()
        deals._kam_sync_paid_node()
        self._kam_sync_installed_units()
        return result

    def write(self, vals):
        result = super().write(vals)
        if vals.get("kam_delivered_on"):
            self._kam_create_revisit_plans(trigger="delivery")
        if ORDER_UNIT_FIELDS & vals.keys():
            self.filtered(lambda order: order.state == "sale")._kam_sync_installed_units()
        return result

    def _kam_delivery_date(self):
        """The day the order was delivered: the date set on it, or the
        delivery's own date when Inventory (sale_stock) delivers it."""
        self.ensure_one()
        effective = self["effective_date"] if "effective_date" in self._fields else False
        return self.kam_delivered_on or (effective and fields.Date.to_date(effective))

    @api.model
    def _kam_plan_delivered_orders(self):
        """Daily: delivered key-account orders of the companies that start
        revisits at delivery, without a plan yet (deliveries done in Inventory
        come this way)."""
        domain = [
            ("state", "=", "sale"),
            ("company_id.kam_revisit_plan_trigger", "=", "delivery"),
            ("revisit_plan_ids", "=", False),
        ]
        delivered = [("kam_delivered_on", "!=", False)]
        if "effective_date" in self._fields:
            delivered = ["|", *delivered, ("effective_date", "!=", False)]
        return self.search([*domain, *delivered])._kam_create_revisit_plans(trigger="delivery")

    @api.readonly
    def action_kam_view_revisit_plans(self):
        return self._kam_xml_action(
            "key_account_management.key_account_revisit_plan_action",
            [("order_id", "in", self.ids)],
            {"search_default_active": 0},
        )

    def action_kam_start_review(self):
        """Add the company's review items the orders do not have yet."""
        # one search for every order: shared items and those of their companies
        items = self.env["key.account.contract.review.item"].search(
            [("company_id", "in", [False, *self.company_id.ids])]
        )
        vals_list = []
        for order in self:
            missing = (
                items.filtered(
                    lambda item, order=order: not item.company_id
                    or item.company_id == order.company_id
                )
                - order.kam_review_line_ids.item_id
            )
            vals_list += [{"order_id": order.id, "item_id": item.id} for item in missing]
        self.env["key.account.contract.review.line"].create(vals_list)
        return True

    def action_kam_submit_review(self):
        """Send the unsubmitted and refused items to their departments: one
        activity per approver for all their items of the order."""
        self.action_kam_start_review()
        user = self.env.user
        now = fields.Datetime.now()
        for order in self:
            lines = order.kam_review_line_ids.filtered(
                lambda line: line.state in ("draft", "refused")
            )
            if not lines:
                raise UserError(
                    _("%(order)s has no contract review item left to submit.", order=order.name)
                )
            missing = lines.filtered(lambda line: not line.value_key)
            if missing:
                raise UserError(
                    _(
                        "Record the agreed value of every item before submitting the contract "
                        "review of %(order)s: %(items)s.",
                        order=order.name,
                        items=", ".join(missing.item_id.mapped("name")),
                    )
                )
            for approver, items in lines.grouped(
                lambda line, order=order, user=user: order._kam_review_approver(line, user)
            ).items():
                items.sudo().write(
                    {
                        "state": "to_review",
                        "approver_id": approver.id,
                        "submitted_by_id": user.id,
                        "submitted_on": now,
                        "approved_key": False,
                    }
                )
                if approver:
                    order.sudo().activity_schedule(
                        REVIEW_ACTIVITY,
                        user_id=approver.id,
                        note=Markup("<ul>%s</ul>")
                        % Markup().join(
                            Markup("<li>%s: %s</li>") % (line.item_id.name, line.value_display)
                            for line in items
                        ),
                    )
            order.message_post(
                body=Markup("%s<ul>%s</ul>")
                % (
                    _("Contract review submitted."),
                    Markup().join(
                        Markup("<li>%s: %s (%s)</li>")
                        % (line.item_id.name, line.value_display, line.reviewer_group_id.name)
                        for line in lines
                    ),
                )
            )
        return True

    def action_kam_print_review(self):
        return self.env.ref("key_account_management.action_report_contract_review").report_action(
            self
        )

    def _kam_review_approver(self, line, submitter):
        """Who receives the activity for ``line``: the item's approver, else a
        user of its department in the order's company, else a key-account
        manager; never the submitter."""
        self.ensure_one()
        candidates = line.item_id.reviewer_id or line.reviewer_group_id.users
        candidates = candidates.filtered(
            lambda user: user != submitter and self.company_id in user.company_ids and user.active
        )
        if not candidates:
            candidates = self.env.ref(MANAGER_GROUP).users.filtered(
                lambda user: user != submitter
                and self.company_id in user.company_ids
                and user.active
                and not user._is_superuser()
            )
        return candidates.sorted("id")[:1]

    def _kam_review_decided(self, lines, decision, comment):
        """The chatter keeps every decision; an approver's activity is done
        once none of their items waits; a refusal goes back to the rep."""
        user = self.env.user
        for order in self:
            decided = lines.filtered(lambda line, order=order: line.order_id == order)
            label = _("approved") if decision == "approved" else _("refused")
            body = Markup("%s<ul>%s</ul>") % (
                _("Contract review %(decision)s by %(user)s.", decision=label, user=user.name),
                Markup().join(
                    Markup("<li>%s: %s</li>") % (line.item_id.name, line.value_display)
                    for line in decided
                ),
            )
            if comment:
                body += Markup("<p>%s</p>") % comment
            order.message_post(body=body, author_id=user.partner_id.id)
            waiting = order.kam_review_line_ids.filtered(lambda line: line.state == "to_review")
            done_approvers = decided.approver_id - waiting.approver_id
            activities = order.activity_ids.filtered(
                lambda activity, users=done_approvers: activity.activity_type_id.id
                == self.env.ref(REVIEW_ACTIVITY).id
                and activity.user_id in users
            )
            activities.action_feedback(feedback=label)
            if decision == "refused":
                for rep, refused in decided.grouped("submitted_by_id").items():
                    order.activity_schedule(
                        "mail.mail_activity_data_todo",
                        user_id=rep.id,
                        summary=_("Contract review refused"),
                        note=plaintext2html(
                            _(
                                "%(items)s refused by %(user)s: %(reason)s",
                                items=", ".join(refused.item_id.mapped("name")),
                                user=user.name,
                                reason=comment,
                            )
                        ),
                    )

    def _kam_sync_installed_units(self):
        """The key account's installed base follows its confirmed orders: a
        unit line per order line of equipment (see the product category),
        created at confirmation, updated with the line and removed when the
        order is cancelled or back in quotation."""
        lines = self.order_line
        self.env["key.account.installed.unit"]._kam_sync_from_order_lines(lines)
        return True

    def _is_key_account_order(self):
        self.ensure_one()
        return (
            self.partner_id.commercial_partner_id.is_key_account
            or self.opportunity_id.is_key_account
        )

    def _kam_create_revisit_plans(self, trigger=None):
        """The revisit plans of key-account orders that have none yet.

        ``trigger`` ("confirm", "invoice" or "delivery") keeps only the
        orders of the companies that start revisits at that moment (and, for
        a delivery, the delivered ones, planned from their delivery date);
        without it every key-account order is planned.
        """
        orders = self.filtered(
            lambda order: order.state == "sale"
            and (not trigger or (order.company_id.kam_revisit_plan_trigger or "confirm") == trigger)
            and (trigger != "delivery" or order._kam_delivery_date())
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
                templates[company] = company.kam_revisit_template_id or Plan.template_id.search(
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
                    "start_date": (trigger == "delivery" and order._kam_delivery_date()) or today,
                    "company_id": company.id,
                    "state": "active",
                }
            )
        return Plan.with_context(tracking_disable=True, mail_create_nolog=True).create(vals_list)
