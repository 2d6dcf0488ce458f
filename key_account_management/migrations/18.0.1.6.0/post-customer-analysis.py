"""18.0.1.6.0: the first stage's key node asks for the needs analysis, and
account health gains the share of wallet.

The share-of-wallet factor joins each company's health factors with a weight
of 0, so that the weights the company chose still add up to 100; managers
give it weight in the settings.

The shipped stages are noupdate, so the flag is set here on the shipped
first stage (a company that removed it keeps its own). Deals standing past
that stage whose needs are not analysed keep their stage: the move is
recorded as a standing override, as for the deals that stood beyond their
nodes before every door was gated, and the node asks for the needs on their
next move forward.
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    _add_wallet_factor(env)
    _require_needs_at_stage_one(env)


def _add_wallet_factor(env):
    Factor = env["key.account.health.factor"]
    for company in Factor.search([]).company_id:
        if not Factor.search_count([("company_id", "=", company.id), ("factor", "=", "wallet")]):
            Factor.create(
                {"company_id": company.id, "factor": "wallet", "weight": 0, "sequence": 7}
            )


def _require_needs_at_stage_one(env):
    stage = env.ref("key_account_management.crm_stage_key_evaluate", raise_if_not_found=False)
    if not stage:
        return
    Lead = env["crm.lead"].with_context(active_test=False)
    reached = Lead.search([("is_key_account", "=", True), ("kam_node_evaluated", "=", True)])
    stage.write({"kam_needs_required": True})
    env.flush_all()
    lost = reached.filtered(lambda lead: not lead.kam_node_evaluated)
    lost._kam_record_standing_overrides()
