from odoo import _, api, fields, models
from odoo.exceptions import UserError

USER_GROUP = "key_account_management.group_key_account_user"


class CrmLead(models.Model):
    _name = "crm.lead"
    _inherit = ["crm.lead", "key.account.buying.centre.mixin"]  # noqa: RUF012

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

    @api.model_create_multi
    def create(self, vals_list):
        leads = super().create(vals_list)
        leads._copy_account_buying_centre()
        return leads

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
        Line.create(
            [
                {**values, "account_id": account.id}
                for values in self.buying_role_ids._buying_centre_copy_values()
            ]
        )
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
            {**line_values, "lead_id": lead.id}
            for lead in leads
            for line_values in standing.get(
                lead.partner_id.commercial_partner_id, Line
            )._buying_centre_copy_values()
        ]
        if values:
            Line.create(values)
