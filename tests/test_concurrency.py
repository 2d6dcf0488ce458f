"""Two workers at once: one revisit plan per order, one follow-up per account.

Odoo runs with several workers in production; each request has its own
transaction (REPEATABLE READ). These tests run two real transactions in two
threads of an `odoo-bin shell` on a committed database, both taking their
snapshot before either writes, the way two workers would.
"""

import json

DATABASE = "kam_sys_concurrency"

TWO_WORKERS = """
import json
import threading
from datetime import datetime

from odoo import SUPERUSER_ID, api
from odoo.service.model import retrying

registry = env.registry
account = env["res.partner"].create(
    {"name": "Concurrent Works", "is_company": True, "is_key_account": True}
)
product = env["product.product"].create(
    {"name": "Press line", "type": "service", "invoice_policy": "order", "list_price": 100}
)
order = env["sale.order"].create(
    {
        "partner_id": account.id,
        "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": 1})],
    }
)
# planned at the first invoice, so confirming leaves the order without a plan
env.company.kam_revisit_plan_trigger = "invoice"
order.action_confirm()
env.cr.commit()
Plan = env["key.account.revisit.plan"].with_context(active_test=False)
assert not Plan.search_count([("order_id", "=", order.id)])


def run_twice(work):
    barrier = threading.Barrier(2)
    outcomes = []

    def worker(index):
        with registry.cursor() as cr:
            wenv = api.Environment(cr, SUPERUSER_ID, {})
            wenv["res.partner"].search_count([])  # the transaction's snapshot
            barrier.wait()
            try:
                retrying(lambda: work(wenv, index), wenv)
                outcomes.append("done")
            except Exception as error:
                outcomes.append(type(error).__name__ + ": " + str(error).splitlines()[0])

    threads = [threading.Thread(target=worker, args=(index,)) for index in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return sorted(outcomes)


def plan(wenv, index):
    wenv["sale.order"].browse(order.id)._kam_create_revisit_plans()


def visit(wenv, index):
    wenv["key.account.visit"].create(
        {
            "account_id": account.id,
            "visit_datetime": datetime(2026, 3, 2 + index, 2, 0),
            "method": "visit",
            "progress": "contact",
            "customer_attitude": "neutral",
        }
    )


plan_outcomes = run_twice(plan)
visit_outcomes = run_twice(visit)
env.cr.commit()  # a new snapshot: see what the two workers committed
env.invalidate_all()
visits = env["key.account.visit"].search([("account_id", "=", account.id)])
follow_ups = env["mail.activity"].search(
    [
        ("res_model", "=", "key.account.visit"),
        ("res_id", "in", visits.ids),
        ("activity_type_id", "=", env.ref(
            "key_account_management.mail_activity_type_visit_follow_up").id),
    ]
)
print("KAM-CONCURRENCY " + json.dumps({
    "plans": Plan.search_count([("order_id", "=", order.id)]),
    "plan_outcomes": plan_outcomes,
    "visits": len(visits),
    "open_follow_ups": len(follow_ups),
    "visit_outcomes": visit_outcomes,
}))
"""


def test_two_workers_make_one_plan_and_one_follow_up(harness):
    harness.clone(harness.module_template, DATABASE)
    code, log = harness.odoo_shell(DATABASE, TWO_WORKERS, log_name="sys-concurrency")
    assert code == 0, log[-3000:]
    line = next((line for line in log.splitlines() if line.startswith("KAM-CONCURRENCY ")), None)
    assert line, log[-3000:]
    result = json.loads(line.removeprefix("KAM-CONCURRENCY "))
    assert result["plans"] == 1, result
    # the second worker is refused by the database with the constraint's message
    # (or, retried after a serialization failure, finds the plan made)
    assert "done" in result["plan_outcomes"], result
    assert all(
        outcome == "done" or "already has a revisit plan" in outcome
        for outcome in result["plan_outcomes"]
    ), result
    # the later visit fails to serialize, is retried and sees the first one's follow-up
    assert result["visits"] == 2, result
    assert result["visit_outcomes"] == ["done", "done"], result
    assert result["open_follow_ups"] == 1, result
