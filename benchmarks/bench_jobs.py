"""The daily jobs as the cron runs them, and the queries of one write.

First it counts the queries of single writes a rep makes (a buying-centre
line, a development record, a deal moved to the next stage), which must not
grow with the data, on the data as built. Then each job runs through Odoo's
own cron path, as a cron worker runs it: ``ir.cron._acquire_one_job`` and
``_process_job``, which calls the job's server action up to 10 times while
it reports work remaining (``_notify_progress``), each call committing its
batches; the worker takes the job again while it stays ready. The jobs
commit, so the harness runs this benchmark on a copy of the database that
it drops afterwards (``ON_A_COPY``).

The cases of each job, each round starting from a committed reset, then
VACUUM ANALYZE of the tables it touched:

- worst: everything due (every open deal's grade, every account's tier,
  every account's health snapshot of the month to create, and every
  "Account at risk" alert raised again);
- everyday: 1 % of the deals or accounts due (their grade or tier changed);
  for the health, a new day, on which every account is due (the days since
  the last contact move every account's health), and 1 % due (what a run
  stopped short leaves).

Each round reports what was due before the run, what it did and what is
still due after it (0: the job finished its work). ``KAM_BENCH_ROUNDS`` sets
the rounds (default 2).
"""

import json
import os
import time

import odoo

from .database import vacuum_analyze
from .rounds import summary

# the harness runs this benchmark on a copy of the database: the jobs commit
ON_A_COPY = True

OPEN_KEY_DEALS = "is_key_account AND active AND probability < 100"
ONE_PERCENT = "id %% 100 = 0"

JOBS = {
    "grades": (
        "key_account_management.ir_cron_kam_recompute_grades",
        lambda env, today: len(env["crm.lead"]._kam_grades_due(today)),
        {
            "worst: every open deal regraded": (
                f"UPDATE crm_lead SET kam_grade_computed = NULL WHERE {OPEN_KEY_DEALS}"
            ),
            "everyday: 1 % of the open deals regraded": (
                f"UPDATE crm_lead SET kam_grade_computed = NULL "
                f"WHERE {OPEN_KEY_DEALS} AND {ONE_PERCENT}"
            ),
        },
    ),
    "tiers": (
        "key_account_management.ir_cron_kam_compute_tiers",
        lambda env, today: len(env["res.partner"]._kam_tiers_due()),
        {
            "worst: every tier changing": (
                "UPDATE res_partner SET kam_tier = NULL, kam_sales_class = NULL "
                "WHERE is_key_account"
            ),
            "everyday: 1 % of the tiers changing": (
                "UPDATE res_partner SET kam_tier = NULL, kam_sales_class = NULL "
                f"WHERE is_key_account AND {ONE_PERCENT}"
            ),
        },
    ),
    "account health": (
        "key_account_management.ir_cron_kam_compute_health",
        lambda env, today: env["res.partner"].search_count(
            [
                ("is_key_account", "=", True),
                "|",
                ("kam_health_date", "=", False),
                ("kam_health_date", "<", today),
            ]
        ),
        {
            # the alerts a round raised go too: every round raises them again
            "worst: first run of the month, every snapshot created": (
                "DELETE FROM mail_activity WHERE activity_type_id = ("
                " SELECT res_id FROM ir_model_data WHERE module = 'key_account_management'"
                " AND name = 'mail_activity_type_account_at_risk'); "
                "DELETE FROM key_account_health_snapshot; "
                "UPDATE res_partner SET kam_health_snapshot_id = NULL, kam_health_date = NULL "
                "WHERE is_key_account"
            ),
            "everyday: a new day, every account measured again": (
                "UPDATE key_account_health_snapshot SET date = date - 1 WHERE date = %(today)s; "
                "UPDATE res_partner SET kam_health_date = kam_health_date - 1 "
                "WHERE is_key_account AND kam_health_date = %(today)s"
            ),
            "everyday: 1 % of the accounts left to measure": (
                "UPDATE key_account_health_snapshot SET date = date - 1 "
                f"WHERE date = %(today)s AND partner_id %% 100 = 0; "
                "UPDATE res_partner SET kam_health_date = kam_health_date - 1 "
                f"WHERE is_key_account AND kam_health_date = %(today)s AND {ONE_PERCENT}"
            ),
        },
    ),
}
# the tables the resets touch, vacuumed and analysed before each timing
TABLES = (
    "crm_lead",
    "res_partner",
    "key_account_health_snapshot",
    "key_account_health_line",
    "mail_activity",
)


def _committed(registry, sql, params=None):
    with registry.cursor() as cr:
        cr.execute(sql, params)


def _run_job(registry, cron_id):
    """Run the job as a cron worker does, until it is no longer ready:
    (seconds, server-action calls, records done)."""
    IrCron = registry["ir.cron"]
    db = odoo.sql_db.db_connect(registry.db_name)
    with registry.cursor() as cr:
        cr.execute(
            "UPDATE ir_cron SET nextcall = now() at time zone 'UTC' WHERE id = %s "
            "RETURNING (SELECT COALESCE(MAX(id), 0) FROM ir_cron_progress)",
            [cron_id],
        )
        (last_progress,) = cr.fetchone()
    started = time.perf_counter()
    while True:
        with db.cursor() as cron_cr:
            job = IrCron._acquire_one_job(cron_cr, cron_id)
            if not job:
                break
            IrCron._process_job(db, cron_cr, job)
    elapsed = time.perf_counter() - started
    with registry.cursor() as cr:
        cr.execute(
            "SELECT COUNT(*), COALESCE(SUM(done), 0), "
            "(SELECT remaining FROM ir_cron_progress WHERE cron_id = %s ORDER BY id DESC LIMIT 1) "
            "FROM ir_cron_progress WHERE cron_id = %s AND id > %s",
            [cron_id, cron_id, last_progress],
        )
        calls, done, remaining = cr.fetchone()
    return elapsed, calls, done, remaining


def _job_rounds(env, xmlid, due, reset, rounds):
    """Each round: the reset committed, vacuumed and analysed, then the job
    run as the cron runs it and timed; what is due before and after."""
    registry = env.registry
    cron_id = env.ref(xmlid).id
    today = odoo.fields.Date.context_today(env["res.partner"])
    timings, calls, done, due_before, due_after = [], set(), set(), set(), set()
    for _round in range(rounds):
        _committed(registry, reset, {"today": today})
        vacuum_analyze(odoo.sql_db.connection_info_for(registry.db_name)[1], TABLES)
        env.cr.rollback()
        env.invalidate_all()
        due_before.add(due(env, today))
        env.cr.rollback()
        elapsed, round_calls, round_done, _remaining = _run_job(registry, cron_id)
        timings.append(elapsed)
        calls.add(round_calls)
        done.add(round_done)
        env.invalidate_all()
        due_after.add(due(env, today))
        env.cr.rollback()
    return {
        **summary(timings),
        "due before": sorted(due_before),
        "done": sorted(done),
        "due after": sorted(due_after),
        "server-action calls": sorted(calls),
    }


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
            "UPDATE crm_lead SET kam_evaluation_passed = TRUE, kam_node_evaluated = TRUE, "
            "kam_needs_filled = TRUE WHERE id = %s",
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
        # on the data as built, before the jobs run
        "queries of one write": _write_queries(env),
    }
    _print(report)
    # the harness's transaction holds nothing while the jobs run beside it
    env.cr.rollback()
    # every job once first: from here each round's reset is the only change
    for xmlid, _due, _cases in JOBS.values():
        _run_job(env.registry, env.ref(xmlid).id)
        env.cr.rollback()
    for job, (xmlid, due, cases) in JOBS.items():
        for case, reset in cases.items():
            label = f"{job}, {case}"
            report[label] = _job_rounds(env, xmlid, due, reset, rounds)
            _print({label: report[label]})
    return report


def _print(figures):
    """Each figure as soon as it is measured: a long run shows its progress."""
    print(json.dumps(figures, ensure_ascii=False), flush=True)
