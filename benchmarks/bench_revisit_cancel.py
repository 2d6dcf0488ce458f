"""Cancelling revisit plans deletes their future meetings: with the indexes
the module adds (calendar_attendee.event_id, mail_activity.calendar_event_id)
and without them, as in plain Odoo.

Each meeting deleted looks its attendees and its activities up by meeting:
without an index each look-up scans the whole table, so the deletes slow
down as the calendar grows. In one transaction, rolled back at the end:
2 × PLANS plans are made from confirmed key-account orders (about 15
meetings each); half are cancelled with the indexes, then the indexes are
dropped (inside the transaction) and the other half are cancelled.

Run: KAM_BENCH_PLANS=500 python3 tools/kam.py bench revisit_cancel --database kam_bench
(after python3 tools/kam.py bench-data; 1,000 plans per side by default).
"""

import os
import time

# plans per side; 1,000 (15,000 meetings) takes minutes without the indexes
PLANS = int(os.environ.get("KAM_BENCH_PLANS", 1000))
LOOKUPS = (("calendar_attendee", "event_id"), ("mail_activity", "calendar_event_id"))


def _indexes(env):
    names = []
    for table, column in LOOKUPS:
        env.cr.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = %s AND indexdef LIKE %s",
            [table, f"%({column})%"],
        )
        names += [name for (name,) in env.cr.fetchall()]
    return names


def _cancel(env, plans):
    meetings = env["calendar.event"].search_count(
        [("res_model", "=", "key.account.revisit"), ("res_id", "in", plans.revisit_ids.ids)]
    )
    env.cr.execute("ANALYZE calendar_event, calendar_attendee, mail_activity")
    env.invalidate_all()
    started = time.monotonic()
    plans.action_cancel()
    env.flush_all()
    seconds = time.monotonic() - started
    return {
        "plans": len(plans),
        "meetings deleted": meetings,
        "seconds": round(seconds, 2),
        "meetings per second": round(meetings / seconds),
    }


def run(env):
    from benchmarks.bench_revisit_plans import _orders

    env.company.kam_revisit_plan_trigger = "confirm"
    product = env["product.product"].create(
        {"name": "Bench care package", "type": "service", "list_price": 1000}
    )
    orders = _orders(env, 2 * PLANS, product)
    plans = orders.revisit_plan_ids
    indexes = _indexes(env)
    with_indexes = _cancel(env, plans[:PLANS])
    for name in indexes:
        env.cr.execute(f'DROP INDEX "{name}"')  # rolled back with the rest
    without = _cancel(env, plans[PLANS:])
    return {
        "meetings in the calendar": env["calendar.event"].search_count([]),
        "indexes": indexes,
        "with the module's indexes": with_indexes,
        "without them (plain Odoo)": without,
        "speed-up": round(with_indexes["meetings per second"] / without["meetings per second"], 1),
    }
