"""Account plans at scale: the daily job that measures every plan in force,
run as the cron runs it, beside the plain way, plan by plan.

Target: 20,000 agreed plans with 8 objectives each (every computed measure:
revenue, units, share of wallet, deals won, amount overdue, revisits,
satisfaction, health) measured in at most 60 s, with one grouped query per
measure per batch of 200 plans.
Run: python3 tools/kam.py bench plans --database kam_bench_10k
(the 10,000-deal set of docs/benchmarks.md; any bench-data set will do).
``KAM_BENCH_ROUNDS`` sets the normal days timed (default 2),
``KAM_BENCH_PLAIN_PLANS`` the plans of the plan-by-plan sample (default 500).

Data, made by the run through the ORM (``create`` of 500 plans with their
objectives at a time, each batch committed: the job commits its own
batches, so a rolled-back transaction cannot hold the run) and deleted in
SQL at the end, whatever happens: plans in force on the set's key accounts
that have no plan yet, over as many calendar years (this year and the ones
before) as 20,000 plans take, so that no account has two plans for one
period. The plans already in the database (the demo's) are set aside as
measured today for the run; their dates are put back afterwards.

The job runs as a cron worker runs it (``ir.cron._run_job``): in a cursor
of its own, a progress record committed, the cron's server action
(``model._cron_kam_update_plans()``: one batch of 200 plans, committed by
the job), the progress committed, and again until nothing remains (Odoo
stops after 10 calls and picks the job up again at once: the same calls).
Timed after ``VACUUM ANALYZE`` (untimed): the first day (every objective
measured for the first time, a review reminder created for each plan whose
review has come) and normal days (the same values, the reminders open).
Queries are counted per call.

Plain counterpart, in the same run: ``plan._kam_update_values(today)``
plan by plan on a sample spread over the periods, flushed, rolled back,
its time extrapolated to all the plans and labelled so.
"""

import os
import statistics
import time
from collections import Counter
from datetime import date

from odoo import Command, api, fields, sql_db

from .database import vacuum_analyze
from .datagen import QUIET

TARGET_SECONDS = 60
PLANS = 20_000
BATCH = 500
JOB_BATCH = 200  # the plans of one call of the job (its default)
MARKER = "<p>bench_plans</p>"
CRON = "key_account_management.key_account_plan_cron_update"
# a target for each computed measure: statuses spread, nothing special
OBJECTIVES = [
    ("revenue", "Revenue", 500_000),
    ("units", "Our units bought", 5),
    ("wallet_share", "Share of wallet", 20),
    ("deals_won", "Deals won", 3),
    ("overdue", "Nothing overdue", 0),
    ("revisits", "Revisits done", 2),
    ("satisfaction", "Satisfaction", 4),
    ("health", "Health score", 70),
]
LEFT_BEHIND = (
    "key_account_plan",
    "key_account_plan_objective",
    "mail_activity",
    "mail_message",
    "mail_followers",
    "ir_cron_progress",
)


# the data set ------------------------------------------------------------------
def _rows(env):
    counts = {}
    for table in LEFT_BEHIND:
        env.cr.execute(f"SELECT count(*) FROM {table}")
        counts[table] = env.cr.fetchone()[0]
    return counts


def _delete(env, plan_ids):
    """The benchmark's plans and what hangs on them, in SQL, committed."""
    cr = env.cr
    cr.rollback()
    for table, column in (
        ("mail_activity", "res_model"),
        ("mail_message", "model"),
        ("mail_followers", "res_model"),
    ):
        cr.execute(
            f"DELETE FROM {table} WHERE {column} = 'key.account.plan' AND res_id = ANY(%s)",
            [plan_ids],
        )
    # the objectives go with their plans (ON DELETE CASCADE)
    cr.execute("DELETE FROM key_account_plan WHERE id = ANY(%s)", [plan_ids])
    cr.commit()
    env.invalidate_all()


def _leftovers(env):
    """Plans of an earlier run that did not get to its clean-up."""
    env.cr.execute("SELECT id FROM key_account_plan WHERE strategy = %s", [MARKER])
    return [row[0] for row in env.cr.fetchall()]


def _periods(env, accounts):
    """(account, start, end) for 20,000 plans: every account this year, then
    the year before, and so on."""
    year = fields.Date.context_today(env["key.account.plan"]).year
    pairs = []
    offset = 0
    while len(pairs) < PLANS:
        start, end = date(year - offset, 1, 1), date(year - offset, 12, 31)
        pairs += [(account, start, end) for account in accounts[: PLANS - len(pairs)]]
        offset += 1
    return pairs


def _build(env):
    """20,000 agreed plans with their objectives, 500 a batch, committed."""
    started = time.perf_counter()
    Plan = env["key.account.plan"].with_context(**QUIET)
    taken = {partner.id for partner in Plan.search([]).partner_id}
    accounts = (
        env["res.partner"]
        .search([("is_key_account", "=", True), ("is_company", "=", True)], order="id")
        .filtered(lambda account: account.id not in taken)
    )
    if not accounts:
        raise SystemExit("no key account without a plan: build the data with `kam.py bench-data`")
    periods = _periods(env, accounts)
    plan_ids = []
    for first in range(0, len(periods), BATCH):
        plans = Plan.create(
            [
                {
                    "partner_id": account.id,
                    "date_start": start,
                    "date_end": end,
                    "state": "agreed",
                    "strategy": MARKER,
                    "objective_ids": [
                        Command.create({"name": name, "measure": measure, "target": target})
                        for measure, name, target in OBJECTIVES
                    ],
                }
                for account, start, end in periods[first : first + BATCH]
            ]
        )
        plan_ids += plans.ids
        env.cr.commit()
        env.invalidate_all()
    years = sorted({start.year for _account, start, _end in periods})
    return plan_ids, {
        "key accounts with plans": len(accounts),
        "periods (calendar years)": f"{years[0]}–{years[-1]}",
        "plans made": len(plan_ids),
        "objectives made": len(plan_ids) * len(OBJECTIVES),
        "made in (s), ORM create of 500 plans and 4,000 objectives a batch, committed": round(
            time.perf_counter() - started, 1
        ),
    }


def _set_aside(env, plan_ids):
    """The other plans in force (the demo's) measured today for the run:
    {plan id: its measured date}, to put back."""
    cr = env.cr
    cr.execute(
        "SELECT id, measured_date FROM key_account_plan "
        "WHERE state = 'agreed' AND NOT id = ANY(%s)",
        [plan_ids],
    )
    others = dict(cr.fetchall())
    if others:
        cr.execute(
            "UPDATE key_account_plan SET measured_date = CURRENT_DATE WHERE id = ANY(%s)",
            [list(others)],
        )
    cr.commit()
    return others


def _put_back(env, others):
    cr = env.cr
    cr.rollback()
    for plan_id, measured in others.items():
        cr.execute(
            "UPDATE key_account_plan SET measured_date = %s WHERE id = %s", [measured, plan_id]
        )
    cr.commit()


# the job, as a cron worker runs it ------------------------------------------------
def _cron_day(env):
    """The daily job as ``ir.cron._run_job`` runs it, until nothing remains:
    seconds, and queries and plans of each call."""
    cron = env.ref(CRON)
    job = {"id": cron.id, "name": cron.cron_name, "action": cron.ir_actions_server_id.id}
    user_id, lastcall = cron.user_id.id, cron.lastcall
    env.cr.commit()
    calls = []
    started, cpu = time.perf_counter(), time.process_time()
    with env.registry.cursor() as job_cr:
        job_env = api.Environment(job_cr, user_id, {"lastcall": lastcall, "cron_id": job["id"]})
        worker = job_env["ir.cron"].browse(job["id"])
        while True:
            worker, progress = worker._add_progress(timed_out_counter=0)
            job_cr.commit()
            before = sql_db.sql_counter
            worker._callback(job["name"], job["action"])
            queries = sql_db.sql_counter - before
            progress.timed_out_counter = 0
            job_cr.commit()
            calls.append((queries, progress.done, progress.remaining))
            if not progress.remaining or not progress.done:
                break
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    plans = sum(done for _queries, done, _remaining in calls)
    full = [queries for queries, done, _remaining in calls if done == JOB_BATCH]
    return {
        "s": round(seconds, 1),
        "CPU s of the Odoo process (PostgreSQL's left out)": round(cpu, 1),
        "plans measured": plans,
        "plans/s": round(plans / seconds),
        "cron calls": len(calls),
        f"queries per call of {JOB_BATCH} plans, min / median / max": [
            min(full),
            statistics.median(full),
            max(full),
        ]
        if full
        else None,
        # a batch over two periods runs the measures' queries for each
        "calls by their queries": dict(sorted(Counter(q for q, _d, _r in calls).items())),
        "queries in all": sum(queries for queries, _done, _remaining in calls),
        "left unmeasured": calls[-1][2],
    }


def _yesterday(env, plan_ids):
    """The next day: every plan last measured yesterday."""
    env.cr.execute(
        "UPDATE key_account_plan SET measured_date = CURRENT_DATE - 1 WHERE id = ANY(%s)",
        [plan_ids],
    )
    env.cr.commit()
    env.invalidate_all()


def _plan_by_plan(env, sample):
    """``_kam_update_values`` one plan at a time, flushed, rolled back."""
    today = fields.Date.context_today(env["key.account.plan"])
    env.invalidate_all()
    before = env.cr.sql_log_count
    started, cpu = time.perf_counter(), time.process_time()
    for plan in env["key.account.plan"].browse(sample):
        plan._kam_update_values(today)
    env.flush_all()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    queries = env.cr.sql_log_count - before
    env.cr.rollback()
    env.invalidate_all()
    return seconds, cpu, queries


def _reminders(env, plan_ids):
    env.cr.execute(
        "SELECT count(*) FROM mail_activity WHERE res_model = 'key.account.plan' "
        "AND res_id = ANY(%s)",
        [plan_ids],
    )
    return env.cr.fetchone()[0]


def run(env):
    rounds = int(os.environ.get("KAM_BENCH_ROUNDS", 2))
    sample_size = int(os.environ.get("KAM_BENCH_PLAIN_PLANS", 500))
    if leftovers := _leftovers(env):
        _delete(env, leftovers)
    load_before = os.getloadavg()
    rows_before = _rows(env)
    env.cr.execute("SELECT COALESCE(max(id), 0) FROM ir_cron_progress")
    last_progress = env.cr.fetchone()[0]
    plan_ids, others, result = [], {}, {}
    try:
        plan_ids, made = _build(env)
        result.update(made)
        others = _set_aside(env, plan_ids)
        result["plans in force set aside (the demo's)"] = len(others)
        vacuum_analyze(sql_db.connection_info_for(env.cr.dbname)[1])
        first = _cron_day(env)
        first["review reminders created"] = _reminders(env, plan_ids)
        result["first day: every value new, reminders of the reviews due created"] = first
        sample = plan_ids[:: max(1, len(plan_ids) // sample_size)][:sample_size]
        days, plain = [], []
        for _round in range(rounds):
            plain.append(_plan_by_plan(env, sample))
            _yesterday(env, plan_ids)
            vacuum_analyze(sql_db.connection_info_for(env.cr.dbname)[1])
            days.append(_cron_day(env))
        ours = statistics.median(day["s"] for day in days)
        plain_seconds = statistics.median(seconds for seconds, _cpu, _queries in plain)
        plain_cpu = statistics.median(cpu for _seconds, cpu, _queries in plain)
        ours_cpu = statistics.median(
            day["CPU s of the Odoo process (PostgreSQL's left out)"] for day in days
        )
        scale = len(plan_ids) / len(sample)
        result["normal day: the same values, reminders open"] = {
            "rounds (s)": [day["s"] for day in days],
            "median (s)": ours,
            "plans/s (median round)": round(len(plan_ids) / ours),
            "rounds": days,
        }
        result["plain: plan by plan, _kam_update_values"] = {
            "plans measured (sample over every period)": len(sample),
            "rounds (s)": [round(seconds, 1) for seconds, _cpu, _queries in plain],
            "CPU s of the Odoo process, rounds": [round(cpu, 1) for _seconds, cpu, _q in plain],
            "queries per plan": round(plain[0][2] / len(sample), 1),
            "plans/s": round(len(sample) / plain_seconds),
            f"all {len(plan_ids)} plans, extrapolated ×{scale:g} (s)": round(
                plain_seconds * scale, 1
            ),
        }
        result["ratio normal day ÷ plan by plan (extrapolated)"] = round(
            ours / (plain_seconds * scale), 3
        )
        result["CPU ratio of the Odoo process, the same"] = round(ours_cpu / (plain_cpu * scale), 3)
        result["target (s)"] = TARGET_SECONDS
        result["within target"] = max(day["s"] for day in days) <= TARGET_SECONDS
    finally:
        _delete(env, plan_ids)
        _put_back(env, others)
        env.cr.execute("DELETE FROM ir_cron_progress WHERE id > %s", [last_progress])
        env.cr.commit()
    result["load average (1, 5, 15 min), before / after"] = [
        [round(load, 2) for load in load_before],
        [round(load, 2) for load in os.getloadavg()],
    ]
    rows_after = _rows(env)
    result["rows changed by the run, after its clean-up"] = {
        table: rows_after[table] - rows_before[table]
        for table in LEFT_BEHIND
        if rows_after[table] != rows_before[table]
    }
    return result
