"""18.0.1.1.0: the key-node invariant holds through every door.

- A deal won because it was fully paid was logged as a gate override: it is
  a forward move.
- Deals that stand in a stage whose earlier key nodes are not reached (they
  came in through a door that was not gated) keep their stage; the upgrade
  records it as an override, so managers find them in the stage history.
- Grade thresholds and budgets per market were company columns: they
  become each company's grade rules and budgets, with the same values.
- The visit follow-up delay was a company setting beside the activity
  type's own schedule: the activity type keeps it (the first company's).
"""

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL
from odoo.tools.sql import column_exists


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
    cr.execute(
        """
        SELECT kam_visit_follow_up_days FROM res_company
         WHERE kam_visit_follow_up_days IS NOT NULL ORDER BY id LIMIT 1
        """
        if column_exists(cr, "res_company", "kam_visit_follow_up_days")
        else "SELECT NULL WHERE FALSE"
    )
    row = cr.fetchone()
    follow_up = env.ref(
        "key_account_management.mail_activity_type_visit_follow_up", raise_if_not_found=False
    )
    if row and follow_up:
        follow_up.write({"delay_count": row[0], "delay_unit": "days"})
    _company_columns_to_tables(env)
    env["crm.lead"].with_context(active_test=False).search(
        [("is_key_account", "=", True)]
    )._kam_record_standing_overrides()


def _company_columns_to_tables(env):
    """Each company's grade rules and budgets take its former column values
    (the data file has just given the main company the defaults)."""
    cr = env.cr
    if not column_exists(cr, "res_company", "kam_grade_a_months"):
        return
    env["res.company"].search([])._kam_create_default_tables()
    for rule in env["key.account.grade.rule"].search([]):
        grade = rule.grade.lower()
        months, probability = _company_values(
            cr, rule.company_id, f"kam_grade_{grade}_months", f"kam_grade_{grade}_probability"
        )
        if months:
            rule.write({"months": months, "probability": probability or 0})
    for budget in env["key.account.market.budget"].search([]):
        development, maintenance = _company_values(
            cr,
            budget.company_id,
            f"kam_development_fee_{budget.market}",
            f"kam_maintenance_fee_{budget.market}",
        )
        budget.write({"development_fee": development or 0, "maintenance_fee": maintenance or 0})


def _company_values(cr, company, *columns):
    """The values of a company's former columns (the ORM no longer has them)."""
    cr.execute(
        SQL(
            "SELECT %s FROM res_company WHERE id = %s",
            SQL(", ").join(SQL.identifier(column) for column in columns),
            company.id,
        )
    )
    return cr.fetchone()
