"""Account health of every key account (the daily job), and what the health
fields cost the accounts' kanban and list.

Targets: 10,000 accounts with 200,000 invoices, 100,000 development records
and 15,000 revisits measured in at most 30 s, with the same number of
queries whatever the batch size; the first page of the accounts' kanban read
with the health fields at most 1.10 times the same read without them.
Run: python3 tools/kam.py bench health --database kam_bench_health
(after python3 tools/kam.py bench-data --database kam_bench_health
 --accounts 10000 --invoices 200000 --visits 100000 --revisits 15000).
"""

import statistics
import time

from .users import bench_user

TARGET_SECONDS = 30
TARGET_RATIO = 1.10
ROUNDS = 15
PAGE = 80
KANBAN = {
    "display_name": {},
    "email": {},
    "phone": {},
    "city": {},
    "is_company": {},
    "country_id": {"fields": {"display_name": {}}},
    "user_id": {"fields": {"display_name": {}}},
    "kam_tier": {},
}
HEALTH = {"kam_health_score": {}, "kam_health_state": {}, "kam_contact_overdue_days": {}}
LIST = {
    "complete_name": {},
    "phone": {},
    "email": {},
    "user_id": {"fields": {"display_name": {}}},
    "city": {},
    "country_id": {"fields": {"display_name": {}}},
    "kam_tier": {},
}
LIST_HEALTH = {"kam_health_score": {}, "kam_health_state": {}, "kam_next_contact_date": {}}


def _seconds(function):
    started = time.monotonic()
    function()
    return time.monotonic() - started


def _job(env):
    env["res.partner"]._cron_kam_compute_health()
    env.flush_all()


def _queries(env, accounts):
    env.invalidate_all()
    before = env.cr.sql_log_count
    accounts._kam_refresh_health()
    env.flush_all()
    return env.cr.sql_log_count - before


def _summary(rounds):
    return {
        "min": round(min(rounds), 4),
        "median": round(statistics.median(rounds), 4),
        "max": round(max(rounds), 4),
    }


def run(env):
    Partner = env["res.partner"]
    accounts = Partner.search([("is_key_account", "=", True)], order="id")
    figures = {
        "key accounts": len(accounts),
        "posted invoices": env["account.move"].search_count(
            [("move_type", "in", ("out_invoice", "out_refund")), ("state", "=", "posted")]
        ),
        "development records": env["key.account.visit"].search_count([]),
        "done revisits": env["key.account.revisit"].search_count([("state", "=", "done")]),
    }
    # the first run of a month creates every account's snapshot
    env.cr.execute("DELETE FROM key_account_health_snapshot")
    env.cr.execute("UPDATE res_partner SET kam_health_snapshot_id = NULL, kam_health_date = NULL")
    env.invalidate_all()
    first = _seconds(lambda: _job(env))
    # the next day: every snapshot of the month is updated
    env.cr.execute(
        "UPDATE res_partner SET kam_health_date = kam_health_date - 1 "
        "WHERE kam_health_date IS NOT NULL"
    )
    env.invalidate_all()
    daily = _seconds(lambda: _job(env))
    states = dict(
        Partner._read_group([("is_key_account", "=", True)], ["kam_health_state"], ["__count"])
    )
    small, large = _queries(env, accounts[:100]), _queries(env, accounts[100:600])

    # the accounts' kanban, first page, as a key-account manager
    manager = bench_user(env, "bench_health_manager")
    Read = Partner.with_user(manager)
    domain = [("is_key_account", "=", True)]
    views = {}
    for view, plain, health in (("kanban", KANBAN, HEALTH), ("list", LIST, LIST_HEALTH)):
        without, with_health = [], []
        for _round in range(ROUNDS):
            for spec, rounds in ((plain, without), ({**plain, **health}, with_health)):
                env.invalidate_all()
                rounds.append(
                    _seconds(lambda spec=spec: Read.web_search_read(domain, spec, limit=PAGE))
                )
        ratio = statistics.median(with_health) / statistics.median(without)
        views[view] = {
            f"page of {PAGE} without health (s)": _summary(without),
            f"page of {PAGE} with health (s)": _summary(with_health),
            "ratio of medians": round(ratio, 3),
            "ratio within target": ratio <= TARGET_RATIO,
        }
    return {
        **figures,
        "first run of the month, snapshots created (s)": round(first, 1),
        "daily run, snapshots updated (s)": round(daily, 1),
        "target (s)": TARGET_SECONDS,
        "within target": max(first, daily) <= TARGET_SECONDS,
        "states": {str(state): count for state, count in states.items()},
        "queries for 100 accounts": small,
        "queries for 500 accounts": large,
        "target ratio": TARGET_RATIO,
        **views,
    }
