"""Mass edit: move 500 key-account deals to the next stage in one write.

Target: under 5 s, gate and stage history included.
Run: python3 tools/kam.py bench stage_gate --database kam_bench
(after python3 tools/kam.py bench-data --database kam_bench).
"""

import time

COUNT = 500
TARGET_SECONDS = 5


def run(env):
    first = env.ref("key_account_management.crm_stage_key_evaluate")
    second = env.ref("key_account_management.crm_stage_key_roles")
    deals = env["crm.lead"].search(
        [("is_key_account", "=", True), ("stage_id", "=", first.id)], limit=COUNT
    )
    # their first key node is reached (the benchmark measures the move, not
    # the evaluation of 500 deals)
    env.cr.execute(
        "UPDATE crm_lead SET kam_node_evaluated = TRUE WHERE id IN %s", [tuple(deals.ids)]
    )
    env.invalidate_all()
    started = time.monotonic()
    deals.write({"stage_id": second.id})
    env.flush_all()
    seconds = time.monotonic() - started
    return {
        "deals moved": len(deals),
        "seconds": round(seconds, 2),
        "target (s)": TARGET_SECONDS,
        "all moved": set(deals.mapped("stage_id").ids) == {second.id},
        "stage history rows": env["key.account.stage.log"].search_count(
            [("lead_id", "in", deals.ids)]
        ),
        "within target": seconds <= TARGET_SECONDS,
    }
