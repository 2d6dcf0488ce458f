"""18.0.1.3.0: the contract review moves from seven ticks on the deal to
items the departments approve on the order.

Deals whose seven review items were all ticked keep their reached
"contract signed" node (and its date): each of their confirmed orders gets
a review whose items are approved, in the name of the system, with a
comment that says where the approval comes from. The ticks are dropped,
and the nodes still reached keep the date they were first reached. Stage
5's guidance describes the review, where the company kept the shipped text.
"""

from odoo import SUPERUSER_ID, api, fields

# stage 5's guidance, where the company kept the shipped text
OLD_GUIDANCE = (
    "Negotiate and sign: review configuration, price and what it includes, payment terms, "
    "delivery, lead time, service terms, penalties and retention money, then confirm the order."
)
NEW_GUIDANCE = (
    "Negotiate and sign: have the company's departments review the contract on the order "
    "(configuration, price and what it includes, payment terms, delivery, lead time, service "
    "requirements, liability for breach, retention money), then confirm the order."
)
REVIEW_COLUMNS = (
    "kam_review_configuration",
    "kam_review_price",
    "kam_review_payment_terms",
    "kam_review_delivery",
    "kam_review_lead_time",
    "kam_review_service",
    "kam_review_penalties",
)


def migrate(cr, version):
    _update_guidance(cr)
    cr.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = 'crm_lead' AND column_name IN %s",
        [REVIEW_COLUMNS],
    )
    if len(cr.fetchall()) != len(REVIEW_COLUMNS):
        cr.execute("DROP TABLE IF EXISTS kam_contract_node_dates")
        return
    ticked = " AND ".join(f"{column} IS TRUE" for column in REVIEW_COLUMNS)
    cr.execute(f"SELECT id FROM crm_lead WHERE {ticked}")
    lead_ids = [row[0] for row in cr.fetchall()]
    env = api.Environment(cr, SUPERUSER_ID, {})
    orders = (
        env["crm.lead"]
        .with_context(active_test=False)
        .browse(lead_ids)
        .order_ids.filtered(lambda order: order.state == "sale")
    )
    orders.action_kam_start_review()
    now = fields.Datetime.now()
    for line in orders.kam_review_line_ids:
        line.write(
            {
                "state": "approved",
                "decided_by_id": SUPERUSER_ID,
                "decided_on": now,
                "approved_key": line.value_key,
                "comment": "Reviewed before the departments' approval: the seven review items "
                "were ticked on the deal.",
            }
        )
    env.flush_all()
    cr.execute(
        """
        UPDATE crm_lead l SET kam_node_contract_date = d.kam_node_contract_date
          FROM kam_contract_node_dates d
         WHERE d.id = l.id AND l.kam_node_contract
        """
    )
    cr.execute("DROP TABLE kam_contract_node_dates")
    for column in REVIEW_COLUMNS:
        cr.execute(f"ALTER TABLE crm_lead DROP COLUMN {column}")


def _update_guidance(cr):
    cr.execute(
        """
        UPDATE crm_stage s
           SET kam_guidance = kam_guidance || jsonb_build_object('en_US', %s::text)
          FROM ir_model_data d
         WHERE d.module = 'key_account_management' AND d.name = 'crm_stage_key_contract'
           AND d.res_id = s.id AND s.kam_guidance->>'en_US' = %s
        """,
        [NEW_GUIDANCE, OLD_GUIDANCE],
    )
