"""18.0.1.1.0: the key-node invariant holds through every door.

- A deal won because it was fully paid was logged as a gate override: it is
  a forward move.
- Deals that stand in a stage whose earlier key nodes are not reached (they
  came in through a door that was not gated) keep their stage; the upgrade
  records it as an override, so managers find them in the stage history.
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    cr.execute(
        """
        UPDATE key_account_stage_log log
           SET overridden = FALSE
          FROM crm_lead lead, crm_stage stage
         WHERE log.lead_id = lead.id
           AND log.stage_to_id = stage.id
           AND stage.is_won
           AND log.overridden
           AND lead.kam_node_paid
           AND abs(extract(epoch FROM log.date - lead.kam_node_paid_date)) < 60
        """
    )
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["crm.lead"].with_context(active_test=False).search(
        [("is_key_account", "=", True)]
    )._kam_record_standing_overrides()
