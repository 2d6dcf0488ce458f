from odoo import fields, models, tools
from odoo.tools import SQL


class KeyAccountStageFunnel(models.Model):
    """The funnel of the key-account pipelines, from the stage history: one
    row per stage of a key-account pipeline and company.

    A deal has *reached* a stage when it stands in it or beyond, or its
    stage history shows it entered it or a later one: a deal that went back,
    or was lost, keeps the furthest stage it reached. A won deal reached
    every stage. *Converted* counts the deals that reached the next stage
    (after the last stage: won). Lost (archived) deals count like the others:
    they reached their stage and went no further."""

    _name = "key.account.stage.funnel"
    _description = "Key-Account Funnel"
    _auto = False
    _order = "team_id, sequence, stage_id, company_id"
    _depends = {  # noqa: RUF012
        "crm.lead": ["stage_id", "team_id", "company_id", "type", "is_key_account", "active"],
        "crm.stage": ["team_id", "sequence", "is_won"],
        "crm.team": ["is_key_account_team", "company_id"],
        "key.account.stage.log": ["lead_id", "stage_to_id"],
    }

    stage_id = fields.Many2one("crm.stage", string="Stage", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    company_id = fields.Many2one("res.company", string="Company", readonly=True)
    sequence = fields.Integer(readonly=True)
    deal_count = fields.Integer("Deals", readonly=True, help="Deals standing in the stage now.")
    reached_count = fields.Integer(
        "Reached", readonly=True, help="Deals that reached the stage, now or before."
    )
    converted_count = fields.Integer(
        "Converted", readonly=True, help="Deals that reached the next stage (or were won)."
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL("CREATE VIEW %s AS (%s)", SQL.identifier(self._table), SQL(self._query()))
        )

    def _query(self):
        return """
            WITH pipeline AS (
                SELECT stage.id AS stage_id, stage.team_id, stage.sequence,
                       ROW_NUMBER() OVER (
                           PARTITION BY stage.team_id ORDER BY stage.sequence, stage.id
                       ) AS position
                  FROM crm_stage stage
                  JOIN crm_team team ON team.id = stage.team_id
                 WHERE team.is_key_account_team AND stage.is_won IS NOT TRUE
            ), deal AS (
                SELECT lead.id, lead.stage_id, lead.team_id,
                       COALESCE(lead.company_id, team.company_id) AS company_id,
                       CASE WHEN current_stage.is_won THEN (
                                SELECT MAX(last.position) + 1
                                  FROM pipeline last
                                 WHERE last.team_id = lead.team_id
                            )
                            ELSE GREATEST(
                                COALESCE(current_position.position, 0),
                                COALESCE(logged.position, 0)
                            )
                       END AS furthest
                  FROM crm_lead lead
                  JOIN crm_team team ON team.id = lead.team_id
                  JOIN crm_stage current_stage ON current_stage.id = lead.stage_id
                  LEFT JOIN pipeline current_position ON current_position.stage_id = lead.stage_id
                  LEFT JOIN LATERAL (
                      SELECT MAX(entered.position) AS position
                        FROM key_account_stage_log log
                        JOIN pipeline entered ON entered.stage_id = log.stage_to_id
                       WHERE log.lead_id = lead.id
                  ) logged ON TRUE
                 WHERE lead.is_key_account AND lead.type = 'opportunity'
            )
            SELECT ROW_NUMBER() OVER (
                       ORDER BY pipeline.team_id, pipeline.position, company.id
                   ) AS id,
                   pipeline.stage_id, pipeline.team_id, pipeline.sequence,
                   company.id AS company_id,
                   COUNT(deal.id) FILTER (WHERE deal.stage_id = pipeline.stage_id) AS deal_count,
                   COUNT(deal.id) FILTER (WHERE deal.furthest >= pipeline.position)
                       AS reached_count,
                   COUNT(deal.id) FILTER (WHERE deal.furthest > pipeline.position)
                       AS converted_count
              FROM pipeline
             CROSS JOIN res_company company
              LEFT JOIN deal ON deal.team_id = pipeline.team_id
                            AND deal.company_id = company.id
             GROUP BY pipeline.stage_id, pipeline.team_id, pipeline.sequence,
                      pipeline.position, company.id
        """
