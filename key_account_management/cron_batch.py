"""Batches of the daily jobs, each in a transaction of its own."""

import logging
import resource
import threading
import time
from datetime import timedelta

from odoo import fields
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY, retrying
from odoo.service.server import SLEEP_INTERVAL
from odoo.tools import SQL, config

_logger = logging.getLogger(__name__)

# rows someone still held at the end of a run: the job runs again this much later
HELD_ROWS_DELAY = timedelta(minutes=1)
# the longest a cron worker sleeps between two polling cycles (Odoo's
# SLEEP_INTERVAL and up to 10 s of "chorus effect"): its watchdog counts it
WORKER_SLEEP = SLEEP_INTERVAL + 10


def start_cycle(cron_cr):
    """Note, for each job the cron's polling cycle runs on ``cron_cr``, when
    that cycle started (see ``ir.cron._process_job``). Odoo's limits are on
    the cycle, not on one run: a cron worker's watchdog and CPU limit are
    set once before it sleeps and then runs every ready job, each up to ten
    times, and a worker past them is killed with the batch it was writing."""
    thread = threading.current_thread()
    cycle = getattr(thread, "kam_cron_cycle", None)
    if cycle is None or cycle.cursor is not cron_cr:
        thread.kam_cron_cycle = _Cycle(cron_cr)


class _Cycle:
    """A cron polling cycle: its cursor, when it started (real and CPU
    time), and, per job, the ids a run that stopped on the cycle's time
    still had to do."""

    def __init__(self, cursor):
        self.cursor = cursor
        self.started, self.cpu_started = time.monotonic(), _cpu_time()
        self.left = {}


def _current_cycle():
    cycle = getattr(threading.current_thread(), "kam_cron_cycle", None)
    return cycle if cycle is not None and not cycle.cursor.closed else None


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


def run_cron_batches(model, find, process, batch_size, cron=None):
    """Run ``process`` on the records of ``model`` that ``find()`` returns
    (what a daily job has to do) ``batch_size`` records at a time, and
    return how many were done.

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
    - past half of the time Odoo gives the cron's polling cycle (see
      ``_Budget``), the run stops, reports what remains and triggers the job
      now (``HELD_ROWS_DELAY`` later when its batch did nothing), which
      wakes the worker for a new cycle, with its limits reset, as soon as
      this one ends, instead of after its sleep. A run always takes
      one batch, so that Odoo sees progress and keeps the job ready (a run
      reporting nothing done is taken for a finished one); Odoo's next runs
      of the job in the same cycle take one batch each from what the run
      left, without ``find()`` again (at 100,000 records, finding the work
      costs about a batch);
    - rows still held when the run ends are done by a run of ``cron`` (the
      running job by default) triggered ``HELD_ROWS_DELAY`` later.

    Nothing is committed outside the cron or in tests: there each batch is
    a savepoint, rolled back alone when it fails."""
    env = model.env
    cr = env.cr
    in_cron = bool(env.context.get("ir_cron_progress_id"))
    commit = in_cron and not getattr(threading.current_thread(), "testing", False)
    budget = _Budget() if in_cron else None
    cron = cron or running_cron(env)
    cycle = _current_cycle() if in_cron else None
    records = _work(model, find, cron, budget, cycle)
    todo, again, failed = list(records.ids), [], []
    done, error = 0, None

    def report():
        env["ir.cron"]._notify_progress(done=done, remaining=len(todo) + len(again) + len(failed))
        if commit:
            # the batch and the job's progress together, as Odoo's own
            # res.users.deletion does: a later failure keeps them
            _commit(env)

    if commit:
        # the reads that found the records end here: each batch's snapshot
        # starts with its lock, so that rows written meanwhile are not refused
        _commit(env)
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
            stopped = budget is not None and budget.spent()
        if stopped:
            if (todo or again) and cron:
                # a new cycle at once, not after the worker's sleep; a run
                # that did nothing is taken by Odoo for a finished one, which
                # drops the job's triggers already due: a run a little later
                cron.sudo()._trigger(None if done else fields.Datetime.now() + HELD_ROWS_DELAY)
                if cycle is not None:
                    cycle.left[cron.id] = todo + again
            break
    else:
        # still held after both rounds: a run of the job a little later
        again = records.browse(again).exists().ids
        if again and cron:
            cron.sudo()._trigger(fields.Datetime.now() + HELD_ROWS_DELAY)
    report()
    if error:
        raise error
    return done


def _commit(env):
    """Commit, and let what the transaction read leave the memory: a cache
    that kept every batch's records would grow with the run (20,000
    accounts' figures by the end of the health job), and each of Python's
    garbage collections with it."""
    env.cr.commit()  # pylint: disable=invalid-commit
    env.invalidate_all()


def _work(model, find, cron, budget, cycle):
    """What the run does: once the cycle's time is spent, what the cycle's
    last run of ``cron`` left; else what ``find()`` finds."""
    left = cycle.left.pop(cron.id, None) if cycle is not None and cron else None
    if left is not None and budget.spent():
        return model.browse(left)
    return find()


class _Budget:
    """Half of the real time and of the CPU time Odoo lets a cron run use
    before stopping it, counted from the start of the cron's polling cycle
    (``start_cycle``), or of the run when it runs outside one ("Run
    Manually"). The real-time limit is ``--limit-time-real-cron``, else
    ``--limit-time-real``; a cron worker's watchdog also counts the sleep
    before the cycle, hence ``WORKER_SLEEP`` less (at least a quarter of
    the limit is kept); the CPU limit (``--limit-time-cpu``) holds in
    workers only. No limit where Odoo sets none."""

    def __init__(self):
        cycle = _current_cycle()
        in_cycle = cycle is not None
        if in_cycle:
            self.started, self.cpu_started = cycle.started, cycle.cpu_started
        else:
            self.started, self.cpu_started = time.monotonic(), _cpu_time()
        real = config["limit_time_real_cron"]
        if real < 0:
            real = config["limit_time_real"]
        if real > 0 and in_cycle and config["workers"]:
            real = max(real - WORKER_SLEEP, real / 4)
        self.real = real / 2 if real > 0 else None
        cpu = config["limit_time_cpu"] if config["workers"] else 0
        self.cpu = cpu / 2 if cpu > 0 else None

    def spent(self):
        return (self.real is not None and time.monotonic() - self.started > self.real) or (
            self.cpu is not None and _cpu_time() - self.cpu_started > self.cpu
        )


def _cpu_time():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


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
