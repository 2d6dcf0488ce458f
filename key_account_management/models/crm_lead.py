from odoo import api, fields, models


class CrmLead(models.Model):
    _inherit = "crm.lead"

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
