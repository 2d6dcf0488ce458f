"""18.0.1.4.0: keep the "criteria influenced" nodes reached so far, and their dates.

Stage 3's node now comes from the supplier comparison; the deals that reached
it from the criteria notes and date keep it (see the post-migration).
"""


def migrate(cr, version):
    cr.execute("DROP TABLE IF EXISTS kam_criteria_node_dates")
    cr.execute(
        "CREATE TABLE kam_criteria_node_dates AS "
        "SELECT id, kam_node_criteria_date, kam_criteria_date FROM crm_lead WHERE kam_node_criteria"
    )
