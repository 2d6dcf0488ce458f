"""Development records: list and group 100,000 records by account and month.

Target: interactive, under 1 s for each of the views' reads.
Run: python3 tools/kam.py bench visits --database kam_bench_visits
(after python3 tools/kam.py bench-data --database kam_bench_visits
--visits 100000 --invoices 0 --orm-invoices 0).

Plain Odoo keeps no development records, so there is no counterpart: the
target is absolute. Every round is printed; the target holds for the
median of each read.
"""

from .rounds import seconds, summary

TARGET_SECONDS = 1.0
ROUNDS = 5


def run(env):
    # as the rep's manager opens them: record rules apply
    manager = env.ref("key_account_management.res_users_kam_manager_demo", raise_if_not_found=False)
    Visit = env["key.account.visit"].with_user(manager or env.user)
    total = Visit.search_count([])
    views = {
        "list: first page, newest first": lambda: Visit.web_search_read(
            [],
            {
                "visit_datetime": {},
                "account_id": {"fields": {"display_name": {}}},
                "user_id": {"fields": {"display_name": {}}},
                "method": {},
                "progress": {},
                "customer_attitude": {},
                "duration": {},
            },
            limit=80,
        ),
        "grouped by account": lambda: Visit.web_read_group(
            [], ["duration:sum"], ["account_id"], limit=80
        ),
        "grouped by account and month": lambda: Visit.read_group(
            [], ["duration:sum"], ["account_id", "visit_datetime:month"], lazy=False
        ),
        "pivot: rep x month": lambda: Visit.read_group(
            [], ["duration:sum"], ["user_id", "visit_datetime:month"], lazy=False
        ),
        "one account's records by month": lambda: Visit.read_group(
            [("account_id", "=", Visit.search([], limit=1).account_id.id)],
            ["duration:sum"],
            ["visit_datetime:month"],
        ),
    }
    report = {"records": total, "target (s)": TARGET_SECONDS}
    slowest = 0
    for name, function in views.items():
        figures = summary([seconds(function) for _round in range(ROUNDS)])
        slowest = max(slowest, figures["median (s)"])
        report[name] = figures
    report["within target"] = slowest <= TARGET_SECONDS
    return report
