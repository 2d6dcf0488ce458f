"""Account tiers for every key account from posted invoices (daily job).

Target: 10,000 accounts and 200,000 posted invoices in at most 60 s.
Run: python3 tools/kam.py bench tiers --database kam_bench_large
(after python3 tools/kam.py bench-data --database kam_bench_large
 --accounts 10000 --invoices 200000).
"""

import time

TARGET_SECONDS = 60


def run(env):
    Partner = env["res.partner"]
    accounts = Partner.search([("is_key_account", "=", True)])
    invoices = env["account.move"].search_count(
        [("move_type", "in", ("out_invoice", "out_refund")), ("state", "=", "posted")]
    )
    # every tier changes on the first run: the worst case, chatter notes included
    env.cr.execute("UPDATE res_partner SET kam_tier = NULL, kam_sales_class = NULL")
    env.invalidate_all()
    started = time.monotonic()
    Partner._cron_kam_compute_tiers()
    env.flush_all()
    first = time.monotonic() - started
    env.invalidate_all()
    started = time.monotonic()
    Partner._cron_kam_compute_tiers()
    env.flush_all()
    again = time.monotonic() - started
    tiers = dict(Partner._read_group([("is_key_account", "=", True)], ["kam_tier"], ["__count"]))
    return {
        "accounts": len(accounts),
        "posted invoices and credit notes": invoices,
        "all tiers change (s)": round(first, 1),
        "no tier changes (s)": round(again, 1),
        "target (s)": TARGET_SECONDS,
        "tiers": {tier: count for tier, count in tiers.items()},
        "within target": first <= TARGET_SECONDS,
    }
