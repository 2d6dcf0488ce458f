"""Account tiers for every key account from posted invoices (daily job).

Target: 10,000 accounts and 200,000 posted invoices in at most 60 s.
Run: python3 tools/kam.py bench tiers --database kam_bench_health
(after ``bench-data``; see docs/benchmarks.md). ``KAM_BENCH_ROUNDS`` sets
the rounds (default 3).

Each round runs in a savepoint rolled back afterwards: the job when every
tier changes (the worst case: a chatter note each), then again when none
does. Plain Odoo has no tiers; its nearest figure is the invoicing
report's 12-month revenue per customer (``account.invoice.report``, one
grouped read), timed alternately as the counterpart: the ratio says what
the job adds to reading the figure it classifies (ranking, thresholds,
writes and notes).
"""

import os
from datetime import timedelta

from odoo import fields

from .rounds import compare, seconds, summary

TARGET_SECONDS = 60


def run(env):
    rounds = int(os.environ.get("KAM_BENCH_ROUNDS", 3))
    Partner = env["res.partner"]
    accounts = Partner.search([("is_key_account", "=", True)])
    invoices = env["account.move"].search_count(
        [("move_type", "in", ("out_invoice", "out_refund")), ("state", "=", "posted")]
    )
    unchanged = []

    def job():
        with env.cr.savepoint(flush=False) as savepoint:
            # every tier changes: the worst case, chatter notes included
            env.cr.execute("UPDATE res_partner SET kam_tier = NULL, kam_sales_class = NULL")
            env.invalidate_all()
            elapsed = seconds(lambda: (Partner._cron_kam_compute_tiers(), env.flush_all()))
            env.invalidate_all()
            unchanged.append(seconds(lambda: (Partner._cron_kam_compute_tiers(), env.flush_all())))
            savepoint.rollback()
        env.invalidate_all()
        return elapsed

    since = fields.Date.context_today(Partner) - timedelta(days=365)

    def revenue_per_customer():
        env.invalidate_all()
        return seconds(
            lambda: env["account.invoice.report"]._read_group(
                [
                    ("state", "=", "posted"),
                    ("move_type", "in", ("out_invoice", "out_refund")),
                    ("invoice_date", ">=", since),
                    ("commercial_partner_id", "in", accounts.ids),
                ],
                ["commercial_partner_id"],
                ["price_subtotal:sum"],
            )
        )

    comparison = compare(job, revenue_per_customer, rounds, warm_up=False)
    with env.cr.savepoint(flush=False) as savepoint:
        env.cr.execute("UPDATE res_partner SET kam_tier = NULL, kam_sales_class = NULL")
        env.invalidate_all()
        Partner._cron_kam_compute_tiers()
        tiers = dict(
            Partner._read_group([("is_key_account", "=", True)], ["kam_tier"], ["__count"])
        )
        savepoint.rollback()
    slowest = max(comparison["key accounts"]["rounds (s)"])
    return {
        "accounts": len(accounts),
        "posted invoices and credit notes": invoices,
        "all tiers change vs the 12-month revenue read": comparison,
        "no tier changes": summary(unchanged),
        "target (s)": TARGET_SECONDS,
        "tiers": {str(tier): count for tier, count in tiers.items()},
        "within target": slowest <= TARGET_SECONDS,
    }
