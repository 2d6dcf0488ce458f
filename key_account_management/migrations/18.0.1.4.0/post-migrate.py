"""18.0.1.4.0: two evaluation models, each in its place.

- The shipped eight-criteria scorecard (项目评估) is the customer's evaluation
  of its suppliers: it becomes the template of stage 3's supplier comparison.
  Companies that evaluated stage 1 with it now evaluate new deals with the
  go/no-go evaluation model (评估模型) the upgrade ships. Deals already scored
  keep their scores, scorecard and outcome.
- Stage 3's node ("criteria influenced") now comes from the supplier
  comparison. Deals that reached it from the criteria notes and date keep it,
  and the date it was reached, through a recorded override that says so.
"""

from odoo import SUPERUSER_ID, api

OLD_GUIDANCE = (
    "Technical exchange: presentations, visits, trials. Get our strengths written into the "
    "customer's purchase criteria and keep the evidence."
)
NEW_GUIDANCE = (
    "Technical exchange: presentations, visits, trials. Record the customer's criteria and "
    "their weights and compare us with each competitor; get our strengths written into the "
    "criteria and keep the evidence."
)


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    old = env.ref("key_account_management.key_account_scorecard_default", raise_if_not_found=False)
    new = env.ref("key_account_management.key_account_scorecard_go_no_go", raise_if_not_found=False)
    if old:
        old.usage = "comparison"
        for company in env["res.company"].search([]):
            if company.kam_scorecard_id == old:
                company.kam_scorecard_id = new
            if not company.kam_comparison_scorecard_id:
                company.kam_comparison_scorecard_id = old
    _update_guidance(cr)
    _keep_criteria_nodes(env)


def _keep_criteria_nodes(env):
    cr = env.cr
    cr.execute("SELECT to_regclass('kam_criteria_node_dates')")
    if not cr.fetchone()[0]:
        return
    cr.execute("SELECT id, kam_node_criteria_date, kam_criteria_date FROM kam_criteria_node_dates")
    kept = {lead_id: (reached_on, noted_on) for lead_id, reached_on, noted_on in cr.fetchall()}
    leads = env["crm.lead"].with_context(active_test=False).browse(list(kept)).exists()
    for lead in leads.filtered(lambda lead: not lead.kam_node_criteria):
        noted_on = kept[lead.id][1]
        lead.with_context(tracking_disable=True).kam_comparison_override_reason = (
            f"Criteria influenced on {noted_on}, recorded before the supplier comparison."
            if noted_on
            else "Criteria influenced, recorded before the supplier comparison."
        )
    env.flush_all()
    for lead_id, (reached_on, _noted_on) in kept.items():
        cr.execute(
            "UPDATE crm_lead SET kam_node_criteria_date = %s WHERE id = %s AND kam_node_criteria",
            [reached_on, lead_id],
        )
    cr.execute("DROP TABLE kam_criteria_node_dates")


def _update_guidance(cr):
    cr.execute(
        """
        UPDATE crm_stage s
           SET kam_guidance = kam_guidance || jsonb_build_object('en_US', %s::text)
          FROM ir_model_data d
         WHERE d.module = 'key_account_management' AND d.name = 'crm_stage_key_criteria'
           AND d.res_id = s.id AND s.kam_guidance->>'en_US' = %s
        """,
        [NEW_GUIDANCE, OLD_GUIDANCE],
    )
