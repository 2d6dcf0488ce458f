from odoo import api, fields, models

from ..const import USER_GROUP

# the account's standing needs a new deal starts from
ACCOUNT_NEEDS = {
    "kam_unit_use": "kam_unit_use",
    "kam_use_environment": "kam_use_environment",
    "kam_unit_requirements": "kam_unit_requirements",
}


class CrmLead(models.Model):
    """The needs analysis of a deal (需求分析, 000's stage 1: 需求、采购进度表、
    预算、优先评估项): what the units are for, where they work, how many, the
    budget, the requirements, the schedule and what the customer ranks
    first. A stage may require it filled for its key node."""

    _inherit = "crm.lead"

    kam_unit_use = fields.Text("Use of the Units", groups=USER_GROUP)
    kam_use_environment = fields.Text("Area and Environment", groups=USER_GROUP)
    kam_needs_quantity = fields.Integer("Units Needed", tracking=True, groups=USER_GROUP)
    kam_budget = fields.Monetary(
        "Budget", currency_field="company_currency", tracking=True, groups=USER_GROUP
    )
    kam_unit_requirements = fields.Text("Requirements", groups=USER_GROUP)
    kam_purchase_schedule = fields.Text(
        "Purchase Schedule",
        groups=USER_GROUP,
        help="When the customer approves, tenders, orders and needs the units delivered.",
    )
    kam_priority_item_ids = fields.Many2many(
        "key.account.priority.item",
        "key_account_lead_priority_item_rel",
        string="Priority Evaluation Items",
        groups=USER_GROUP,
    )
    kam_needs_filled = fields.Boolean(
        "Needs Analysed",
        compute="_compute_kam_needs_filled",
        store=True,
        help="Use, requirements, units needed, budget and schedule are known.",
    )
    # the account's business profile, shown at the top of stage 1
    kam_account_customer_type = fields.Selection(
        string="Customer Type",
        related="partner_id.commercial_partner_id.kam_customer_type",
    )
    kam_account_focus_point_ids = fields.Many2many(
        "key.account.focus.point",
        string="Points to Address",
        related="partner_id.commercial_partner_id.kam_focus_point_ids",
    )
    kam_account_main_brands = fields.Char(
        "Main Brands", related="partner_id.commercial_partner_id.kam_main_brands"
    )
    kam_account_unit_count = fields.Integer(
        "Installed Units", related="partner_id.commercial_partner_id.kam_unit_count"
    )
    kam_replaced_unit_ids = fields.One2many(
        "key.account.installed.unit",
        "replacement_lead_id",
        string="Units to Replace",
        groups=USER_GROUP,
    )

    @api.depends(
        "kam_unit_use",
        "kam_unit_requirements",
        "kam_needs_quantity",
        "kam_budget",
        "kam_purchase_schedule",
    )
    def _compute_kam_needs_filled(self):
        for lead in self:
            lead.kam_needs_filled = bool(
                (lead.kam_unit_use or "").strip()
                and (lead.kam_unit_requirements or "").strip()
                and lead.kam_needs_quantity > 0
                and lead.kam_budget > 0
                and (lead.kam_purchase_schedule or "").strip()
            )

    @api.model_create_multi
    def create(self, vals_list):
        leads = super().create(vals_list)
        leads._kam_start_needs_from_account()
        return leads

    def _kam_start_needs_from_account(self):
        """A key-account deal starts with its account's standing needs
        (use, environment, requirements, priority items) where it has none."""
        for lead in self.sudo().filtered("is_key_account"):
            account = lead.partner_id.commercial_partner_id
            if not account.is_key_account:
                continue
            values = {
                field: account[source]
                for field, source in ACCOUNT_NEEDS.items()
                if account[source] and not lead[field]
            }
            if account.kam_priority_item_ids and not lead.kam_priority_item_ids:
                values["kam_priority_item_ids"] = [(6, 0, account.kam_priority_item_ids.ids)]
            if values:
                lead.write(values)
