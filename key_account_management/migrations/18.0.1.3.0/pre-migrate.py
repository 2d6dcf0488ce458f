"""18.0.1.3.0: keep the dates the "contract signed" nodes were reached.

The node is computed anew during the upgrade (from the approved reviews the
post-migration creates); its date is kept here and set back afterwards.
"""


def migrate(cr, version):
    cr.execute("DROP TABLE IF EXISTS kam_contract_node_dates")
    cr.execute(
        "CREATE TABLE kam_contract_node_dates AS "
        "SELECT id, kam_node_contract_date FROM crm_lead WHERE kam_node_contract"
    )
