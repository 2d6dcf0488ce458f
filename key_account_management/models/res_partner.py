from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError

MANAGER_GROUP = "key_account_management.group_key_account_manager"


class ResPartner(models.Model):
    _inherit = "res.partner"

    is_key_account = fields.Boolean(
        string="Key Account",
        tracking=True,
        index=True,
        copy=False,
        help="A large customer managed by the key-account team. Only key-account "
        "managers decide which companies are key accounts.",
    )
    can_edit_key_account = fields.Boolean(compute="_compute_can_edit_key_account")
    revisit_plan_ids = fields.One2many(
        "key.account.revisit.plan", "partner_id", string="Revisit Plans"
    )
    revisit_plan_count = fields.Integer(compute="_compute_revisit_plan_count")

    @api.depends_context("uid")
    def _compute_can_edit_key_account(self):
        self.can_edit_key_account = self.env.user.has_group(MANAGER_GROUP)

    @api.depends("revisit_plan_ids")
    def _compute_revisit_plan_count(self):
        counts = dict(
            self.env["key.account.revisit.plan"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.revisit_plan_count = counts.get(partner, 0)

    @api.constrains("is_key_account", "parent_id", "is_company")
    def _check_key_account_is_commercial_entity(self):
        for partner in self.filtered("is_key_account"):
            if partner.parent_id:
                raise ValidationError(
                    _(
                        "%(contact)s is a contact of %(company)s: mark the company "
                        "as a key account, not its people.",
                        contact=partner.name,
                        company=partner.parent_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("is_key_account") for vals in vals_list):
            self._check_key_account_rights()
        return super().create(vals_list)

    def write(self, vals):
        if "is_key_account" in vals and any(
            partner.is_key_account != bool(vals["is_key_account"]) for partner in self
        ):
            self._check_key_account_rights()
        return super().write(vals)

    def _check_key_account_rights(self):
        # Enforced here, not only in the view, so that import and the external
        # API obey the same rule as the form.
        if self.env.su or self.env.user.has_group(MANAGER_GROUP):
            return
        raise AccessError(
            _(
                "Only key-account managers can decide which companies are key "
                "accounts. Ask your key-account manager to mark or unmark them."
            )
        )

    def action_view_revisit_plans(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "key_account_management.key_account_revisit_plan_action"
        )
        action["domain"] = [("partner_id", "in", self.ids)]
        action["context"] = {"default_partner_id": self.id, "search_default_active": 0}
        return action
