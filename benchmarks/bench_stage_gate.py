"""Mass edit: move 500 deals to the next stage in one write, commit-time work
included, key-account deals against standard ones.

What a manager waits for when a mass edit saves: the ``write`` (the gate and
the stage history for key-account deals), the flush, and the work Odoo does
when the transaction commits: the pre-commit callbacks, where the chatter's
tracking messages of the stage change are written. Each round runs in a
savepoint rolled back afterwards (post-commit callbacks such as bus
notifications are not run). The plain side moves 500 deals of the standard
sales team between two of Odoo's own stages, as the same manager.

The standard deals run through the add-on's code too (its ``write``
overrides and the computes of its stored fields that depend on the stage):
the standard move is also timed through and around the add-on's ``write``
overrides (``odoo_write``), alternating, and the ratio of the two reported.

Targets: at most 5 s; at most 1.15 times the standard move.
Run: python3 tools/kam.py bench stage_gate --database kam_bench_10k
(after ``bench-data`` with ``--standard-opportunities``; see docs/benchmarks.md).
"""

import time

from .rounds import compare
from .users import bench_user

COUNT = 500
ROUNDS = 5
TARGET_SECONDS = 5
TARGET_RATIO = 1.15
ADDON = "odoo.addons.key_account_management"


def _move(Lead, deals, stage, prepare=None, write=None):
    """Seconds to move ``deals`` to ``stage`` with the commit-time work, in
    a savepoint rolled back afterwards."""
    env = Lead.env
    with env.cr.savepoint(flush=False) as savepoint:
        if prepare:
            prepare()
        env.invalidate_all()
        started = time.perf_counter()
        records = Lead.browse(deals.ids)
        if write:
            write(records, {"stage_id": stage.id})
        else:
            records.write({"stage_id": stage.id})
        env.flush_all()
        env.cr.precommit.run()
        env.flush_all()
        elapsed = time.perf_counter() - started
        moved = set(Lead.browse(deals.ids).mapped("stage_id").ids) == {stage.id}
        savepoint.rollback()
    env.cr.precommit.clear()
    env.cr.postcommit.clear()
    env.invalidate_all()
    if not moved:
        raise RuntimeError(f"the deals did not all move to {stage.name}")
    return elapsed


def odoo_write(records, vals):
    """``records.write(vals)`` as Odoo's own modules define it: the add-on's
    overrides of the model's ``write`` (above Odoo's in the class hierarchy,
    the add-on being installed last) out of the path. The stored fields the
    add-on computes from the stage are still recomputed."""
    odoo_class = next(
        cls
        for cls in type(records).__mro__
        if "write" in vars(cls) and not cls.__module__.startswith(ADDON)
    )
    return odoo_class.write(records, vals)


def run(env, rounds=ROUNDS, count=COUNT):
    Lead = env["crm.lead"].with_user(bench_user(env, "bench_stage_manager"))
    first = env.ref("key_account_management.crm_stage_key_evaluate")
    second = env.ref("key_account_management.crm_stage_key_roles")
    deals = Lead.search([("is_key_account", "=", True), ("stage_id", "=", first.id)], limit=count)
    new, qualified = env.ref("crm.stage_lead1"), env.ref("crm.stage_lead2")
    standard = Lead.search(
        [
            ("team_id", "=", env.ref("sales_team.team_sales_department").id),
            ("stage_id", "=", new.id),
        ],
        limit=count,
    )
    if len(deals) < count or len(standard) < count:
        raise RuntimeError(
            f"{len(deals)} key-account and {len(standard)} standard deals in the first "
            f"stages, {count} needed: bench-data --standard-opportunities"
        )

    def evaluated():
        # their first key node is reached: the benchmark times the move, not
        # the evaluation and needs analysis of 500 deals (the move regrades
        # them: a new stage brings a new probability, and the node is
        # computed again)
        env.cr.execute(
            "UPDATE crm_lead SET kam_evaluation_passed = TRUE, kam_node_evaluated = TRUE, "
            "kam_unit_use = 'Production', kam_unit_requirements = 'Standard', "
            "kam_needs_quantity = 1, kam_budget = 1000, kam_purchase_schedule = 'This year', "
            "kam_needs_filled = TRUE WHERE id IN %s",
            [tuple(deals.ids)],
        )

    # the history a move leaves: the stage log and the tracking messages
    with env.cr.savepoint(flush=False) as savepoint:
        evaluated()
        env.invalidate_all()
        deals.with_env(Lead.env).write({"stage_id": second.id})
        env.flush_all()
        env.cr.precommit.run()
        env.flush_all()
        history = {
            "stage history rows": env["key.account.stage.log"].search_count(
                [("lead_id", "in", deals.ids)]
            ),
            "tracking messages": env["mail.message"].search_count(
                [
                    ("model", "=", "crm.lead"),
                    ("res_id", "in", deals.ids),
                    ("tracking_value_ids", "!=", False),
                ]
            ),
        }
        savepoint.rollback()
    env.cr.precommit.clear()
    env.cr.postcommit.clear()
    env.invalidate_all()

    comparison = compare(
        lambda: _move(Lead, deals, second, prepare=evaluated),
        lambda: _move(Lead, standard, qualified),
        rounds,
        TARGET_RATIO,
    )
    slowest = max(comparison["key accounts"]["rounds (s)"])
    # the add-on's overrides on standard deals: the same standard move
    # through them and around them, alternating
    overrides = compare(
        lambda: _move(Lead, standard, qualified),
        lambda: _move(Lead, standard, qualified, write=odoo_write),
        rounds,
    )
    comparison["standard move, through ÷ around the add-on's write overrides"] = {
        "through": overrides["key accounts"],
        "around": overrides["plain Odoo"],
        "ratio of medians": overrides["ratio of medians"],
    }
    return {
        "deals moved per round": count,
        **history,
        "mass stage change, commit-time work included": comparison,
        "target (s)": TARGET_SECONDS,
        "slowest key-account round within target": slowest <= TARGET_SECONDS,
    }
