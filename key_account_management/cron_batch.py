"""Batches of the daily jobs, each in a transaction of its own."""

import logging
import threading
import time
from datetime import timedelta

from odoo import fields
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY, retrying
from odoo.tools import SQL, config

_logger = logging.getLogger(__name__)

# rows someone still held at the end of a run: the job runs again this much later
HELD_ROWS_DELAY = timedelta(minutes=1)


def running_cron(env):
    """The job the cron is running: Odoo passes its progress record in the
    context (``ir_cron_progress_id``), not the job itself."""
    progress_id = env.context.get("ir_cron_progress_id")
    if not progress_id:
        return env["ir.cron"]
    return env["ir.cron.progress"].sudo().browse(progress_id).cron_id


def run_cron_batch(env, batch):
    """Run ``batch`` (writes one batch and reports the job's progress through
    ``ir.cron._notify_progress``) and commit it. A rep who writes one of the
    batch's records meanwhile makes PostgreSQL refuse the batch's update (a
    serialization failure): Odoo's own retry, the one the reps' requests go
    through, rolls the batch back and runs it again in a fresh transaction,
    instead of failing the job until the next day."""
    retrying(batch, env)


def run_cron_batches(records, process, batch_size, cron=None):
    """Run ``process`` on ``records`` (what a daily job has to do, found by
    the job) ``batch_size`` records at a time, and return how many were done.

    Each batch starts by locking its rows with ``FOR NO KEY UPDATE SKIP
    LOCKED``: a row a user's transaction holds is left out of the batch
    instead of making it wait or fail, and goes round again at the end of
    the run. Under the cron each batch is committed with the job's progress
    (``ir.cron._notify_progress``), as ``res.users.deletion`` does in Odoo:

    - a batch that collides with a user's write anyway (a serialization
      failure, a deadlock) is rolled back alone and goes round again at the
      end of the run;
    - a batch that fails otherwise is rolled back alone, the next batches
      run, and the error is raised at the end: Odoo then sees committed
      progress with work remaining and runs the job again at once, and the
      next run finds only what is left;
    - past half of Odoo's time limit for a cron, the run stops and reports
      what remains: Odoo runs the job again at once;
    - rows still held when the run ends are done by a run of ``cron`` (the
      running job by default) triggered ``HELD_ROWS_DELAY`` later.

    Nothing is committed outside the cron or in tests: there each batch is
    a savepoint, rolled back alone when it fails."""
    env = records.env
    cr = env.cr
    in_cron = bool(env.context.get("ir_cron_progress_id"))
    commit = in_cron and not getattr(threading.current_thread(), "testing", False)
    deadline = _deadline() if in_cron else None
    todo, again, failed = list(records.ids), [], []
    done, error = 0, None

    def report():
        env["ir.cron"]._notify_progress(done=done, remaining=len(todo) + len(again) + len(failed))
        if commit:
            # the batch and the job's progress together, as Odoo's own
            # res.users.deletion does: a later failure keeps them
            cr.commit()  # pylint: disable=invalid-commit

    if commit:
        # the reads that found the records end here: each batch's snapshot
        # starts with its lock, so that rows written meanwhile are not refused
        cr.commit()  # pylint: disable=invalid-commit
    stopped = False
    for retry in (False, True):
        if retry:
            # the rows held or collided with go round once more
            todo, again = again, []
        while todo and not stopped:
            ids, todo = todo[:batch_size], todo[batch_size:]
            try:
                with cr.savepoint():
                    locked = _lock_rows(records, ids)
                    process(records.browse(locked))
            except Exception as exc:
                # rolled back alone: a collision goes round again, another
                # error is raised at the end
                if commit:
                    cr.rollback()
                if isinstance(exc, PG_CONCURRENCY_EXCEPTIONS_TO_RETRY):
                    again.extend(ids)
                else:
                    _logger.warning("%s: a batch failed", records._name, exc_info=True)
                    failed.extend(ids)
                    error = error or exc
            else:
                done += len(locked)
                again.extend(sorted(set(ids) - set(locked)))
                report()
            stopped = deadline is not None and time.monotonic() > deadline
        if stopped:
            break
    else:
        # still held after both rounds: a run of the job a little later
        again = records.browse(again).exists().ids
        cron = cron or running_cron(env)
        if again and cron:
            cron.sudo()._trigger(fields.Datetime.now() + HELD_ROWS_DELAY)
    report()
    if error:
        raise error
    return done


def _deadline():
    """When a cron run stops taking batches: half of the real-time limit of
    a cron worker (``--limit-time-real-cron``, else ``--limit-time-real``);
    none when Odoo sets no limit."""
    limit = config["limit_time_real_cron"]
    if limit < 0:
        limit = config["limit_time_real"]
    return time.monotonic() + limit / 2 if limit > 0 else None


def _lock_rows(records, ids):
    """The ids among ``ids`` this transaction could lock, in order; the rows
    other transactions hold are skipped. ``NO KEY UPDATE`` is the lock an
    ``UPDATE`` takes, the one Odoo's cron takes on its jobs: it lets other
    transactions insert rows that refer to these."""
    env = records.env
    return [
        row[0]
        for row in env.execute_query(
            SQL(
                "SELECT id FROM %s WHERE id = ANY(%s) ORDER BY id FOR NO KEY UPDATE SKIP LOCKED",
                SQL.identifier(records._table),
                list(ids),
            )
        )
    ]
