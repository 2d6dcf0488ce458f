from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_is_zero

from ..const import FIGURE_GROUPS, USER_GROUP


class CrmLead(models.Model):
    _name = "crm.lead"
    _inherit = [  # noqa: RUF012
        "crm.lead",
        "key.account.buying.centre.mixin",
        "key.account.receivable.mixin",
        "key.account.relationship.map.mixin",
    ]

    # The key-account team carries the flag: a deal is key-account business
    # because of the pipeline it runs in, so standard leads stay untouched.
    is_key_account = fields.Boolean(
        string="Key-Account Deal",
        related="team_id.is_key_account_team",
        store=True,
        index=True,
    )
    partner_is_key_account = fields.Boolean(
        string="Key-Account Customer",
        related="partner_id.commercial_partner_id.is_key_account",
    )
    buying_role_ids = fields.One2many(
        "key.account.buying.role",
        "lead_id",
        string="Buying Centre",
        groups=USER_GROUP,
        copy=True,
    )
    # 采购决策图: how the customer buys and who decides, step by step
    kam_purchase_mode = fields.Selection(
        [
            ("public_tender", "Public Tender"),
            ("invited_tender", "Invited Tender"),
            ("negotiation", "Competitive Negotiation"),
            ("inquiry", "Request for Quotation"),
            ("single_source", "Single Source"),
        ],
        string="Purchase Mode",
        tracking=True,
    )
    kam_decision_step_ids = fields.One2many(
        "key.account.decision.step",
        "lead_id",
        string="Decision Chain",
        copy=False,
        groups=USER_GROUP,
    )
    # 关系网: who sways whom in the buying centre
    kam_influence_ids = fields.One2many(
        "key.account.influence", "lead_id", string="Influence", copy=False, groups=USER_GROUP
    )
    kam_buying_centre_partner_ids = fields.Many2many(
        "res.partner",
        string="Buying-Centre People",
        compute="_compute_kam_buying_centre_partner_ids",
        groups=USER_GROUP,
        help="The people of the buying centre.",
    )
    # the pipeline card's one warning: the most serious first, so that a
    # card reads one field for what were three badges (each field costs a
    # read per card on every column)
    buying_centre_alert = fields.Selection(
        [
            ("empty", "No buying centre"),
            ("economic_opposed", "Economic buyer opposed"),
            ("no_coach", "No coach"),
            ("incomplete", "Buying centre incomplete"),
        ],
        string="Buying-Centre Warning",
        compute="_compute_buying_centre_alert",
        store=True,
        help="The most serious gap of the deal's buying centre: no decision weight recorded, "
        "the economic buyer opposed, no coach, or decision weights short of 100 %.",
    )
    kam_visit_count = fields.Integer(
        string="Development Records", compute="_compute_kam_visit_count", groups=USER_GROUP
    )
    # the account's health and next best action, shown on its open deals
    kam_account_health_state = fields.Selection(
        string="Account Health",
        related="partner_id.commercial_partner_id.kam_health_state",
    )
    # read with the user's rights: only those who see the account's health
    kam_account_next_action = fields.Char(
        "Account's Next Action",
        related="partner_id.commercial_partner_id.kam_next_action",
        compute_sudo=False,
        groups=FIGURE_GROUPS,
    )
    kam_account_next_action_factor = fields.Selection(
        string="Account's Next Action Factor",
        related="partner_id.commercial_partner_id.kam_next_action_factor",
        compute_sudo=False,
        groups=FIGURE_GROUPS,
    )

    @api.depends(
        "is_key_account",
        "buying_centre_completeness",
        "buying_centre_economic_opposed",
        "buying_centre_no_coach",
        "buying_centre_incomplete",
    )
    def _compute_buying_centre_alert(self):
        for lead in self:
            if not lead.is_key_account:
                lead.buying_centre_alert = False
            elif float_is_zero(lead.buying_centre_completeness, precision_digits=1):
                lead.buying_centre_alert = "empty"
            elif lead.buying_centre_economic_opposed:
                lead.buying_centre_alert = "economic_opposed"
            elif lead.buying_centre_no_coach:
                lead.buying_centre_alert = "no_coach"
            elif lead.buying_centre_incomplete:
                lead.buying_centre_alert = "incomplete"
            else:
                lead.buying_centre_alert = False

    @api.depends("buying_role_ids.partner_id")
    def _compute_kam_buying_centre_partner_ids(self):
        for lead in self:
            lead.kam_buying_centre_partner_ids = lead.buying_role_ids.partner_id

    def _kam_map_account(self):
        return self.partner_id.commercial_partner_id

    def _kam_map_influences(self):
        return self.kam_influence_ids

    def _kam_drop_stray_influences(self):
        """Influence links whose people left the deal's buying centre go with
        them (the other door of the influence's own rule)."""
        for lead in self.sudo().exists():
            members = lead.buying_role_ids.partner_id
            lead.kam_influence_ids.filtered(
                lambda link, members=members: not (
                    link.influencer_id in members and link.influenced_id in members
                )
            ).unlink()

    def _compute_kam_visit_count(self):
        counts = dict(
            self.env["key.account.visit"]._read_group(
                [("lead_id", "in", self.ids)], ["lead_id"], ["__count"]
            )
        )
        for lead in self:
            lead.kam_visit_count = counts.get(lead, 0)

    @api.model_create_multi
    def create(self, vals_list):
        leads = super().create(vals_list)
        leads._copy_account_buying_centre()
        return leads

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        # A key-account pipeline shows its own six stages, plus any generic
        # stage (e.g. Won) only while it holds one of the team's deals.
        team = self.env["crm.team"].browse(self.env.context.get("default_team_id"))
        if not team.exists() or not team.is_key_account_team:
            return super()._read_group_stage_ids(stages, domain)
        return stages.sudo().search(
            ["|", ("id", "in", stages.ids), ("team_id", "=", team.id)],
            order=stages._order,
        )

    def _stage_find(self, team_id=False, domain=None, order="sequence, id", limit=1):
        # Key-account deals use their team's stages first; generic stages
        # (Won) remain the fallback, so standard flows such as "mark as won"
        # keep working.
        teams = self.team_id | self.env["crm.team"].browse(team_id)
        if teams and all(teams.mapped("is_key_account_team")):
            stages = self.env["crm.stage"].search(
                [("team_id", "in", teams.ids), *(domain or [])], order=order, limit=limit
            )
            if stages:
                return stages
        return super()._stage_find(team_id=team_id, domain=domain, order=order, limit=limit)

    def _kam_receivable_scope(self):
        """The deal's receivables: the invoices of its confirmed orders."""
        moves_of = {
            lead.id: set(
                lead.sudo()
                .order_ids.filtered_domain(self._get_lead_sale_order_domain())
                .invoice_ids.ids
            )
            for lead in self
        }
        moves = set().union(*moves_of.values())
        return [("move_id", "in", list(moves))], "move_id", moves_of

    def _kam_contract_amounts(self):
        return self._kam_order_amounts([("opportunity_id", "in", self.ids)], "opportunity_id")

    def _kam_receivable_owner(self):
        return self.user_id

    def action_push_buying_centre_to_account(self):
        """Make this deal's buying centre the account's standing one."""
        self.ensure_one()
        account = self.partner_id.commercial_partner_id
        if not self.is_key_account or not account:
            raise UserError(
                _(
                    "%(deal)s is not a key-account deal with a customer: set the "
                    "customer and the key-account team first.",
                    deal=self.display_name,
                )
            )
        if not self.buying_role_ids:
            raise UserError(
                _(
                    "The buying centre of %(deal)s is empty: add its people before "
                    "copying it to %(account)s.",
                    deal=self.display_name,
                    account=account.display_name,
                )
            )
        Line = self.env["key.account.buying.role"]
        Line.search([("account_id", "=", account.id)]).unlink()
        Line.create(self.buying_role_ids.copy_data({"lead_id": False, "account_id": account.id}))
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": _(
                    "The buying centre of %(account)s now matches this deal.",
                    account=account.display_name,
                ),
            },
        }

    @api.readonly
    def action_kam_view_visits(self):
        self.ensure_one()
        return self._kam_xml_action(
            "key_account_management.key_account_visit_action",
            [("lead_id", "=", self.id)],
            {
                "default_lead_id": self.id,
                "default_account_id": self.partner_id.commercial_partner_id.id,
            },
        )

    @api.readonly
    def action_open_buying_centre_org_chart(self):
        self.ensure_one()
        account = self.partner_id.commercial_partner_id
        if not account:
            raise UserError(_("%(deal)s has no customer: set it first.", deal=self.display_name))
        return account._buying_centre_org_chart_action(lead=self)

    def _copy_account_buying_centre(self):
        """New key-account deals start with their account's standing buying centre."""
        leads = self.filtered(
            lambda lead: lead.is_key_account and lead.partner_id and not lead.buying_role_ids
        )
        if not leads:
            return
        # A deal may be created by someone who cannot edit the account's lines
        # (e.g. a salesperson of another team): copying is part of creating it.
        Line = self.env["key.account.buying.role"].sudo()
        standing = Line.search(
            [("account_id", "in", leads.partner_id.commercial_partner_id.ids)]
        ).grouped("account_id")
        values = [
            line_values
            for lead in leads
            for line_values in standing.get(lead.partner_id.commercial_partner_id, Line).copy_data(
                {"account_id": False, "lead_id": lead.id}
            )
        ]
        if values:
            Line.create(values)

    @api.readonly
    def action_kam_account_next_action(self):
        self.ensure_one()
        return self.partner_id.commercial_partner_id.action_kam_next_action()
