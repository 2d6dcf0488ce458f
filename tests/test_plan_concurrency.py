"""The plans' daily job while a rep saves a plan: the job goes on without it.

Two real transactions on a committed database, in an `odoo-bin shell`: a
rep's save holds plans (uncommitted) or commits while the job runs as a cron
worker runs it (a progress record, the cron's server action, one batch
committed by the job). The job's cursor gives up a lock wait after 3 s, so
that a batch waiting on the rep fails (after Odoo's retries) instead of
hanging the test.
"""

import json

DATABASE = "kam_sys_plan_concurrency"
COLLISION_DATABASE = "kam_sys_plan_collision"

# the plans, the job, and one call of the job as a cron worker makes it
SET_UP = """
import json
from datetime import timedelta

from odoo import Command, api, fields

registry = env.registry
today = fields.Date.context_today(env["key.account.plan"])
accounts = env["res.partner"].create(
    [{"name": f"Locked Works {index}", "is_company": True, "is_key_account": True}
     for index in range(PLANS)]
)
plans = env["key.account.plan"].create(
    [
        {
            "partner_id": account.id,
            "objective_ids": [
                Command.create(
                    {"name": "Value", "measure": "manual", "target": 10, "manual_value": 4}
                )
            ],
        }
        for account in accounts
    ]
)
plans.action_agree()
# the other plans in force (the demo's) measured today; these yesterday, with a new value
env.cr.execute("UPDATE key_account_plan SET measured_date = %s WHERE state = 'agreed'", [today])
env.cr.execute(
    "UPDATE key_account_plan SET measured_date = %s WHERE id IN %s",
    [today - timedelta(days=1), tuple(plans.ids)],
)
env.cr.execute(
    "UPDATE key_account_plan_objective SET manual_value = 7 WHERE plan_id IN %s",
    [tuple(plans.ids)],
)
cron = env.ref("key_account_management.key_account_plan_cron_update")
cron_id, user_id, name, action_id = (
    cron.id, cron.user_id.id, cron.cron_name, cron.ir_actions_server_id.id
)
env.cr.commit()


def cron_run(meanwhile=None):
    # one call of the job as ir.cron._run_job makes it, in a cursor of its
    # own; ``meanwhile`` runs once the call's transaction has begun
    with registry.cursor() as cr:
        cr.execute("SET lock_timeout = '3s'")
        cr.commit()
        job = api.Environment(cr, user_id, {})["ir.cron"].browse(cron_id)
        job, progress = job._add_progress(timed_out_counter=0)
        cr.commit()
        if meanwhile:
            cr.execute("SELECT 1")  # the call's snapshot: its first query
            meanwhile()
        try:
            job._callback(name, action_id)
            outcome = "done"
        except Exception as error:
            outcome = type(error).__name__
        cr.commit()
        result = [outcome, progress.done, progress.remaining]
        cr.execute("RESET lock_timeout")
        cr.commit()
        return result


def measured():
    with registry.cursor() as cr:
        cr.execute(
            "SELECT o.current_value, p.measured_date = %s FROM key_account_plan p "
            "JOIN key_account_plan_objective o ON o.plan_id = p.id WHERE p.id = ANY(%s) "
            "ORDER BY p.id",
            [today, plans.ids],
        )
        return cr.fetchall()
"""

REP_SAVING = (
    SET_UP.replace("PLANS", "3")
    + """
saved_plan, saved_objective, free = plans
with registry.cursor() as rep_cr:
    # the rep's save in progress: one plan, and another plan's objective
    rep_cr.execute(
        "UPDATE key_account_plan SET strategy = '<p>Saving</p>' WHERE id = %s", [saved_plan.id]
    )
    rep_cr.execute(
        "UPDATE key_account_plan_objective SET name = 'Renamed' WHERE plan_id = %s",
        [saved_objective.id],
    )
    # Odoo calls the job again at once while some remain: nothing free is left
    while_saving = [cron_run(), cron_run()]
    measured_while_saving = measured()
    rep_cr.commit()
with registry.cursor() as cr:
    # the run that found nothing free asked for a run a little later
    cr.execute(
        "SELECT count(*) FROM ir_cron_trigger WHERE cron_id = %s "
        "AND call_at > now() AT TIME ZONE 'UTC'",
        [cron_id],
    )
    triggered_later = cr.fetchone()[0]
later = cron_run()
env.cr.commit()  # a new snapshot: what the rep saved
env.invalidate_all()
print("KAM-PLAN-CONCURRENCY " + json.dumps({
    "while_saving": while_saving,
    "measured_while_saving": measured_while_saving,
    "later": later,
    "triggered_later": triggered_later,
    "measured_later": measured(),
    "rep_saved": [saved_plan.strategy, saved_objective.objective_ids.name],
}))
"""
)

REP_SAVED_MEANWHILE = (
    SET_UP.replace("PLANS", "1")
    + """


def rep_saves():
    # a rep's save of the plan, committed after the call's first query and
    # before its batch takes its plans
    with registry.cursor() as rep_cr:
        rep_cr.execute(
            "UPDATE key_account_plan SET strategy = '<p>Saved</p>' WHERE id = %s", [plans.id]
        )
        rep_cr.execute(
            "UPDATE key_account_plan_objective SET manual_value = 9 WHERE plan_id = %s",
            [plans.id],
        )
        rep_cr.commit()


run = cron_run(meanwhile=rep_saves)
env.cr.commit()  # a new snapshot: what the job and the rep committed
env.invalidate_all()
print("KAM-PLAN-COLLISION " + json.dumps({
    "run": run,
    "measured": measured(),
    "rep_saved": plans.strategy,
}))
"""
)


def _result(harness, database, script, prefix):
    """What the script printed after ``prefix``, run on a fresh database."""
    harness.clone(harness.module_template, database)
    log_name = database.removeprefix("kam_").replace("_", "-")
    code, log = harness.odoo_shell(database, script, log_name=log_name)
    assert code == 0, log[-3000:]
    line = next((line for line in log.splitlines() if line.startswith(prefix + " ")), None)
    assert line, log[-3000:]
    return json.loads(line.removeprefix(prefix + " "))


def test_plan_job_leaves_a_plan_a_rep_is_saving_to_a_later_run(harness):
    result = _result(harness, DATABASE, REP_SAVING, "KAM-PLAN-CONCURRENCY")
    # the batch measures the free plan; the next call finds nothing free,
    # which ends Odoo's loop: it asks for a run a little later
    assert result["while_saving"] == [["done", 1, 2], ["done", 0, 2]], result
    assert result["triggered_later"] >= 1, result
    assert result["measured_while_saving"] == [[4.0, False], [4.0, False], [7.0, True]], result
    # once the rep has saved, a later run measures the two plans
    assert result["later"] == ["done", 2, 0], result
    assert result["measured_later"] == [[7.0, True]] * 3, result
    assert result["rep_saved"] == ["<p>Saving</p>", "Renamed"], result


def test_plan_job_runs_its_batch_again_after_a_rep_saved_a_plan_of_it(harness):
    result = _result(harness, COLLISION_DATABASE, REP_SAVED_MEANWHILE, "KAM-PLAN-COLLISION")
    # the batch's snapshot predates the rep's save: PostgreSQL refuses to
    # lock the plan (a serialization failure); the batch runs again in a new
    # transaction and measures the plan as the rep saved it
    assert result["run"] == ["done", 1, 0], result
    assert result["measured"] == [[9.0, True]], result
    assert result["rep_saved"] == "<p>Saved</p>", result
