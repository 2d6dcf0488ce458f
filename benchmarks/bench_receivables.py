"""The key-account receivables list, grouped by account, as finance opens it.

Target: with 10,000 accounts and 200,000 invoices the list opens (the
grouped read by account with the amounts) in at most 2 s.
Run: python3 tools/kam.py bench receivables --database kam_bench_large
(after python3 tools/kam.py bench-data --database kam_bench_large
 --accounts 10000 --invoices 200000).

Times what the web client asks when it opens the list grouped by account:
``web_read_group`` of the first 80 accounts with every amount column (it
also counts the groups, so it reads all accounts), as a finance user, a
key-account manager and a rep (record rules applied); then the same
grouped read of every account at once (10,000 groups), and the pivot by
tier and ageing bucket. Each is run ``ROUNDS`` times; every round is
printed. Plain Odoo's counterpart, for finance, is the customer invoices'
list grouped by customer (``account.move``: posted invoices and credit
notes with the list's sums), read alternately with the first.
"""

from .rounds import compare, seconds, summary
from .users import bench_user

TARGET_SECONDS = 2.0
ROUNDS = 5
AMOUNTS = [
    "amount_total:sum",
    "amount_paid:sum",
    "amount_residual:sum",
    "amount_overdue:sum",
    "amount_not_due:sum",
    "amount_1_30:sum",
    "amount_31_60:sum",
    "amount_61_90:sum",
    "amount_over_90:sum",
    "days_overdue:max",
]
INVOICE_SUMS = [
    "amount_untaxed_signed:sum",
    "amount_total_signed:sum",
    "amount_residual_signed:sum",
]
POSTED_INVOICES = [("move_type", "in", ("out_invoice", "out_refund")), ("state", "=", "posted")]


def _rounds(env, call):
    """``call`` timed ``ROUNDS`` times from a cold cache; its last result."""
    timings, results = [], []

    def timed():
        env.invalidate_all()
        return seconds(lambda: results.append(call()))

    timings = [timed() for _round in range(ROUNDS)]
    return results[-1], timings


def run(env):
    finance = bench_user(env, "bench_finance", ["base.group_user", "account.group_account_invoice"])
    manager = bench_user(env, "bench_manager")
    rep = env["res.users"].search([("login", "=like", "bench_rep_%")], order="id", limit=1)
    env["key.account.receivable"].flush_model()
    report = {
        "accounts": env["res.partner"].search_count([("is_key_account", "=", True)]),
        "receivable rows": env["key.account.receivable"].search_count([]),
    }
    slowest = 0.0
    for label, user in (("finance", finance), ("manager", manager), ("rep", rep)):
        Receivable = env(user=user)["key.account.receivable"]
        result, timings = _rounds(
            env,
            lambda Receivable=Receivable: Receivable.web_read_group(
                [], AMOUNTS, ["partner_id"], limit=80, lazy=True
            ),
        )
        report[f"list grouped by account, {label}"] = {
            "groups": result["length"],
            **summary(timings),
        }
        slowest = max(slowest, *timings)
    Receivable = env(user=finance)["key.account.receivable"]
    Invoice = env(user=finance)["account.move"]

    def cold(call):
        env.invalidate_all()
        return seconds(call)

    report["finance: receivables by account vs invoices by customer"] = compare(
        lambda: cold(
            lambda: Receivable.web_read_group([], AMOUNTS, ["partner_id"], limit=80, lazy=True)
        ),
        lambda: cold(
            lambda: Invoice.web_read_group(
                POSTED_INVOICES, INVOICE_SUMS, ["partner_id"], limit=80, lazy=True
            )
        ),
        ROUNDS,
        target=None,
    )
    groups, timings = _rounds(env, lambda: Receivable._read_group([], ["partner_id"], AMOUNTS))
    report["every account at once, finance"] = {"groups": len(groups), **summary(timings)}
    slowest = max(slowest, *timings)
    groups, timings = _rounds(
        env,
        lambda: Receivable.read_group(
            [], ["amount_residual:sum"], ["kam_tier", "ageing"], lazy=False
        ),
    )
    report["pivot tier x ageing, finance"] = {"cells": len(groups), **summary(timings)}
    report["target (s)"] = TARGET_SECONDS
    report["within target"] = slowest <= TARGET_SECONDS
    return report
