"""The daily jobs at scale, and the queries of one write.

Times the key-account daily jobs on the whole database, each round in a
savepoint rolled back afterwards, in their worst case: every deal regraded
(grades), every account's tier changing (tiers, a chatter note each), every
account's snapshot of the month created (account health). Then counts the
queries of single writes a rep makes (a buying-centre line, a development
record, a deal moved to the next stage), which must not grow with the data.

Run it on the 10,000-deal set and on the 100,000-deal set (docs/benchmarks.md):
each job at 100,000 deals must take at most 10 times its time at 10,000.
``KAM_BENCH_ROUNDS`` sets the rounds (default 2).
"""

import os

from .rounds import seconds, summary

JOBS = {
    "grades, every open deal regraded": (
        "UPDATE crm_lead SET kam_grade_computed = NULL WHERE is_key_account",
        lambda env: env["crm.lead"]._cron_kam_recompute_grades(),
    ),
    "tiers, every tier changing": (
        "UPDATE res_partner SET kam_tier = NULL, kam_sales_class = NULL",
        lambda env: env["res.partner"]._cron_kam_compute_tiers(),
    ),
    "account health, first run of the month": (
        "DELETE FROM key_account_health_snapshot; "
        "UPDATE res_partner SET kam_health_snapshot_id = NULL, kam_health_date = NULL",
        lambda env: env["res.partner"]._cron_kam_compute_health(),
    ),
}


def _job_round(env, reset, job):
    with env.cr.savepoint(flush=False) as savepoint:
        env.cr.execute(reset)
        env.invalidate_all()
        elapsed = seconds(lambda: (job(env), env.flush_all()))
        savepoint.rollback()
    env.invalidate_all()
    return elapsed


def _queries(env, write, prepare=None):
    """Queries of ``write`` and its flush (after ``prepare``, not counted),
    in a savepoint rolled back."""
    with env.cr.savepoint(flush=False) as savepoint:
        if prepare:
            prepare()
        env.invalidate_all()
        before = env.cr.sql_log_count
        write()
        env.flush_all()
        count = env.cr.sql_log_count - before
        savepoint.rollback()
    env.invalidate_all()
    return count


def _write_queries(env):
    rep = env["res.users"].search([("login", "=", "bench_rep_00")])
    first = env.ref("key_account_management.crm_stage_key_evaluate")
    second = env.ref("key_account_management.crm_stage_key_roles")
    Lead = env["crm.lead"].with_user(rep)
    deal = Lead.search([("user_id", "=", rep.id), ("stage_id", "=", first.id)], limit=1)
    line = deal.buying_role_ids[:1]

    def evaluated():
        env.cr.execute(
            "UPDATE crm_lead SET kam_evaluation_passed = TRUE, kam_node_evaluated = TRUE "
            "WHERE id = %s",
            [deal.id],
        )

    def log_visit():
        env["key.account.visit"].with_user(rep).create(
            {"account_id": deal.partner_id.id, "lead_id": deal.id, "method": "phone"}
        )

    def neutral():
        env.cr.execute(
            "UPDATE key_account_buying_role SET attitude = 'neutral' WHERE id = %s", [line.id]
        )

    return {
        "buying-centre line written": _queries(
            env, lambda: line.with_user(rep).write({"attitude": "supporter"}), prepare=neutral
        ),
        # the second record of a visitor: it closes the first one's follow-up
        # and opens its own, whatever the account's history
        "development record logged": _queries(env, log_visit, prepare=log_visit),
        "deal moved to the next stage": _queries(
            env, lambda: Lead.browse(deal.id).write({"stage_id": second.id}), prepare=evaluated
        ),
    }


def run(env):
    rounds = int(os.environ.get("KAM_BENCH_ROUNDS", 2))
    report = {
        "key-account deals": env["crm.lead"].search_count([("is_key_account", "=", True)]),
        "key accounts": env["res.partner"].search_count([("is_key_account", "=", True)]),
        "buying-centre members": env["key.account.buying.role"].search_count([]),
        "posted invoices": env["account.move"].search_count(
            [("move_type", "in", ("out_invoice", "out_refund")), ("state", "=", "posted")]
        ),
        "development records": env["key.account.visit"].search_count([]),
    }
    for label, (reset, job) in JOBS.items():
        report[label] = summary([_job_round(env, reset, job) for _round in range(rounds)])
    report["queries of one write"] = _write_queries(env)
    return report
