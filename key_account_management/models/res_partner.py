from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError

from .key_account_buying_role import ATTITUDES

MANAGER_GROUP = "key_account_management.group_key_account_manager"
USER_GROUP = "key_account_management.group_key_account_user"


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "key.account.buying.centre.mixin"]  # noqa: RUF012

    is_key_account = fields.Boolean(
        string="Key Account",
        tracking=True,
        index=True,
        copy=False,
        help="A large customer managed by the key-account team. Only key-account "
        "managers decide which companies are key accounts.",
    )
    can_edit_key_account = fields.Boolean(compute="_compute_can_edit_key_account")
    department = fields.Char()
    reports_to_id = fields.Many2one(
        "res.partner",
        string="Reports To",
        index="btree_not_null",
        domain="[('commercial_partner_id', '=', commercial_partner_id), "
        "('is_company', '=', False), ('id', '!=', id)]",
        help="This person's manager within their company, for the organisation chart.",
    )
    buying_role_ids = fields.One2many(
        "key.account.buying.role",
        "account_id",
        string="Standing Buying Centre",
        groups=USER_GROUP,
        help="Who influences this account's purchases; new key-account deals start "
        "with a copy of it.",
    )
    # Shown on the organisation chart: this person's roles and attitude in the
    # buying centre of the deal (or account) the chart was opened from.
    buying_centre_role_names = fields.Char(
        string="Buying Roles", compute="_compute_buying_centre_person", groups=USER_GROUP
    )
    buying_centre_attitude = fields.Selection(
        ATTITUDES,
        string="Attitude",
        compute="_compute_buying_centre_person",
        groups=USER_GROUP,
    )
    buying_centre_weight = fields.Float(
        string="Decision Weight (%)",
        compute="_compute_buying_centre_person",
        digits=(5, 1),
        groups=USER_GROUP,
    )

    @api.depends_context("uid")
    def _compute_can_edit_key_account(self):
        self.can_edit_key_account = self.env.user.has_group(MANAGER_GROUP)

    @api.depends_context("buying_centre_lead_id")
    def _compute_buying_centre_person(self):
        lead_id = self.env.context.get("buying_centre_lead_id")
        owner_domain = (
            [("lead_id", "=", lead_id)]
            if lead_id
            else [("account_id", "in", self.commercial_partner_id.ids)]
        )
        lines = self.env["key.account.buying.role"].search(
            [*owner_domain, ("partner_id", "in", self.ids)]
        )
        per_person = lines.grouped("partner_id")
        roles = dict(lines._fields["role"]._description_selection(self.env))
        for partner in self:
            mine = per_person.get(partner, lines.browse())
            attitudes = set(mine.mapped("attitude"))
            partner.buying_centre_role_names = ", ".join(
                roles[role] for role in mine.mapped("role")
            )
            partner.buying_centre_weight = sum(mine.mapped("weight"))
            # One person, several roles: an opponent in any role is an opponent.
            partner.buying_centre_attitude = next(
                (
                    attitude
                    for attitude in ("opponent", "supporter", "neutral", "unknown")
                    if attitude in attitudes
                ),
                False,
            )

    @api.constrains("reports_to_id", "parent_id")
    def _check_reports_to(self):
        for partner in self.filtered("reports_to_id"):
            manager = partner.reports_to_id
            if manager.commercial_partner_id != partner.commercial_partner_id:
                raise ValidationError(
                    _(
                        "%(person)s cannot report to %(manager)s, who works for another "
                        "company: choose a manager within %(company)s.",
                        person=partner.display_name,
                        manager=manager.display_name,
                        company=partner.commercial_partner_id.display_name,
                    )
                )
        if self._has_cycle("reports_to_id"):
            raise ValidationError(
                _(
                    "The reporting lines of %(people)s form a loop: someone must be at "
                    "the top of the organisation chart.",
                    people=", ".join(self.mapped("display_name")),
                )
            )

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

    def action_open_buying_centre_org_chart(self):
        self.ensure_one()
        return self.commercial_partner_id._buying_centre_org_chart_action()

    def _buying_centre_org_chart_action(self, lead=None):
        """The organisation chart of this company's people, with buying roles."""
        context = {"create": False}
        if lead:
            context["buying_centre_lead_id"] = lead.id
        return {
            "type": "ir.actions.act_window",
            "name": _("Organisation Chart: %(account)s", account=self.display_name),
            "res_model": "res.partner",
            "view_mode": "hierarchy,list,form",
            "views": [
                (self.env.ref("key_account_management.res_partner_view_hierarchy").id, "hierarchy"),
                (False, "list"),
                (False, "form"),
            ],
            "domain": [("commercial_partner_id", "=", self.id), ("is_company", "=", False)],
            "context": context,
        }

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
