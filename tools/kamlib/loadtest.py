"""`kam.py load-test`: simulated reps against Odoo with several workers.

Gives the first ``--users`` bench reps a password, starts Odoo on 127.0.0.1
with ``--workers`` HTTP workers and a cron worker, then runs locust
(headless, in a virtual environment of its own: locust needs a newer gevent
than Odoo 18 pins) for ``--minutes`` on the key-account pipeline and on the
standard pipeline of the same reps, the add-on's daily jobs held back; then,
unless ``--no-daily-jobs``, on the key-account pipeline while the cron worker
runs the daily jobs in their worst case (every grade, tier and health
snapshot to write), as when reps work through the nightly run, until the
jobs have no work left or for at most ``--jobs-minutes``. Prints
throughput, latencies and failures per request, the serialization failures
the server retried or let through, and the cron jobs that failed.

It works on a copy of the data set, vacuumed and analysed, dropped at the
end: the runs commit (stage moves, notes, the jobs' grades and snapshots),
and the benchmarks that follow must find the data set as it was built.

With ``--replica``, Odoo's own scale-out instead: a streaming read replica
of the database on loopback (``replica.py``), then the key-account pipeline
for ``--minutes`` on one node without it, on one node with it, and on two
nodes with it (the reps spread over both, the data directory shared), each
rep also opening the deal's account (its Health tab) and the relationship
map. Prints the same figures per run, where each node's requests were
served (the replica or the primary, and any read served again on the
primary because it wrote), the transactions of the database on the primary
and on the replica, the replica's largest replay lag, and whether the
replica, caught up, holds what the primary holds.
"""

import csv
import json
import os
import re
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

from . import odoo_runner, postgres, replica
from .bench import vacuum_analyze
from .benchdata import load_registry
from .bootstrap import PROJECT, STATE, HarnessError
from .odoo_runner import DATA_DIR, LOG_DIR, environment, free_port, write_config

LOAD_DIR = PROJECT / "benchmarks" / "load"
VENV = STATE / "load-venv"
RESULTS = STATE / "load"
# a web client request's line: its queries, their seconds, the rest (Python)
# how often a run that ends on a condition asks for it, in seconds
UNTIL_POLL = 10
REQUEST_TIMES = re.compile(
    r'"POST /web/dataset/\S+ [^"]*" \d+ - \d+ (?P<sql>[\d.]+) (?P<python>[\d.]+)'
)
DAILY_JOBS = (
    "key_account_management.ir_cron_kam_recompute_grades",
    "key_account_management.ir_cron_kam_compute_tiers",
    "key_account_management.ir_cron_kam_compute_health",
)


def _locust():
    """The locust command, installed from the pinned requirements once."""
    requirements = (LOAD_DIR / "requirements.txt").read_text()
    stamp = VENV / ".kam-requirements"
    if not (stamp.is_file() and stamp.read_text() == requirements):
        print(f"kam: preparing {VENV} for locust…", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run(
            [str(VENV / "bin" / "pip"), "install", "-q", "--disable-pip-version-check", "-r"]
            + [str(LOAD_DIR / "requirements.txt")],
            check=True,
        )
        stamp.write_text(requirements)
    return VENV / "bin" / "locust"


def _prepare(config, database, users):
    """Passwords for the reps (their login), their e-mail addresses, and the
    pipelines' ids."""
    sys.path.insert(0, str(PROJECT))
    registry = load_registry(config, database)
    import odoo
    from odoo import fields

    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        reps = env["res.users"].search([("login", "=like", "bench_rep_%")], order="login")
        if len(reps) < users:
            raise HarnessError(f"{database} has {len(reps)} bench reps; build it with bench-data")
        for rep in reps[:users]:
            # a note needs its author's e-mail address
            rep.write({"password": rep.login, "email": rep.email or f"{rep.login}@example.com"})
        from benchmarks.datagen import STAGE_XMLIDS

        key_stages = [env.ref(xmlid).id for xmlid in STAGE_XMLIDS]
        standard_team = env.ref("sales_team.team_sales_department")
        standard_stages = (
            env["crm.stage"]
            .search(
                [("team_id", "in", [False, standard_team.id]), ("is_won", "=", False)],
                order="sequence, id",
            )
            .ids
        )
        pipelines = {}
        for name, team, stages in (
            ("key", env.ref("key_account_management.crm_team_key_accounts"), key_stages),
            ("standard", standard_team, standard_stages),
        ):
            pipelines[name] = {
                "team_id": team.id,
                "next_stage": dict(zip(stages[:-1], stages[1:], strict=True)),
            }
        # held back until the last run (in SQL: the ORM refuses to change a
        # job that a cron worker of an earlier run may still hold)
        jobs = env["ir.cron"].browse([env.ref(xmlid).id for xmlid in DAILY_JOBS])
        cr.execute(
            "UPDATE ir_cron SET nextcall = %s WHERE id IN %s",
            [fields.Datetime.add(fields.Datetime.now(), days=1), tuple(jobs.ids)],
        )
        # a pending trigger (left by whatever last changed the jobs' inputs)
        # would start a job anyway
        cr.execute("DELETE FROM ir_cron_trigger WHERE cron_id IN %s", [tuple(jobs.ids)])
        cr.commit()
        prepared = {
            "jobs": jobs.ids,
            "database": database,
            "logins": reps[:users].mapped("login"),
            "pipelines": pipelines,
        }
    # only the servers under test hold sessions from now on
    odoo.sql_db.close_db(database)
    return prepared


def _start_odoo(config, database, workers, log_file):
    log_file.unlink(missing_ok=True)  # Odoo appends to its log file
    return odoo_runner.serve(
        config,
        database,
        log_file,
        f"--workers={workers}",
        "--max-cron-threads=1",
        f"--gevent-port={free_port()}",
        "--limit-time-real=600",
        "--limit-time-cpu=300",
        "--log-level=info",
    )


def _run_locust(locust, urls, pipeline, users, minutes, settings, name, until=None, **extra_env):
    """Locust for ``minutes``, its reps spread over the servers at ``urls``;
    stopped (SIGTERM, on which locust writes its figures) as soon as
    ``until()``, asked every few seconds, is true."""
    prefix = RESULTS / name
    environment_ = {
        **environment(),
        "KAM_LOAD_CONFIG": str(settings),
        "KAM_LOAD_PIPELINE": pipeline,
        "KAM_LOAD_HOSTS": ",".join(urls),
        **extra_env,
    }
    environment_.pop("PYTHONPATH", None)
    with (RESULTS / f"{name}.log").open("w") as log:
        locust_run = subprocess.Popen(
            [
                str(locust),
                "-f",
                str(LOAD_DIR / "locustfile.py"),
                "--headless",
                "--users",
                str(users),
                "--spawn-rate",
                str(users),
                "--run-time",
                f"{int(minutes * 60)}s",
                "--stop-timeout",
                "30",
                "--host",
                urls[0],
                "--csv",
                str(prefix),
                "--only-summary",
            ],
            env=environment_,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        while True:
            try:
                locust_run.wait(timeout=UNTIL_POLL)
                break
            except subprocess.TimeoutExpired:
                if until and until():
                    locust_run.terminate()
    with Path(f"{prefix}_stats.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    with Path(f"{prefix}_exceptions.csv").open() as handle:
        exceptions = sum(int(row["Count"]) for row in csv.DictReader(handle))
    return rows, exceptions, _concurrency_failures(name)


def _release_daily_jobs(server, database, job_ids):
    """Every daily job due now, with all its work to do again."""
    with server.connect(database) as conn, conn.cursor() as cr:
        cr.execute("UPDATE crm_lead SET kam_grade_computed = NULL WHERE is_key_account AND active")
        cr.execute(
            "UPDATE res_partner SET kam_tier = NULL, kam_sales_class = NULL, "
            "kam_health_date = kam_health_date - 1 WHERE is_key_account"
        )
        cr.execute(
            "UPDATE ir_cron SET nextcall = now() AT TIME ZONE 'UTC' WHERE id IN %s",
            [tuple(job_ids)],
        )
        cr.execute("NOTIFY cron_trigger, %s", [database])
    conn.close()


def _server_log(log_file):
    """Serialization failures the server retried, and the cron jobs that
    failed (their lines)."""
    text = Path(log_file).read_text(errors="replace").splitlines()
    retried = sum(1 for line in text if "tries left, try again" in line)
    failed_jobs = [line for line in text if "ir_cron: Job" in line and " failed" in line]
    return retried, failed_jobs


def _concurrency_failures(name):
    """Requests of a run that failed on a concurrency error: what reached a user."""
    with (RESULTS / f"{name}_failures.csv").open() as handle:
        return sum(
            int(row["Occurrences"])
            for row in csv.DictReader(handle)
            if any(
                word in row["Error"]
                for word in ("serializ", "concurrent update", "deadlock", "TransactionRollback")
            )
        )


def _jobs_left(server, database):
    """What the daily jobs have left to do: (deals to regrade, tiers,
    accounts to measure)."""
    with server.connect(database) as conn, conn.cursor() as cr:
        cr.execute(
            "SELECT count(*) FROM crm_lead WHERE is_key_account AND active "
            "AND probability < 100 AND kam_grade_computed IS NULL"
        )
        grades = cr.fetchone()[0]
        cr.execute(
            "SELECT count(*) FILTER (WHERE kam_tier IS NULL), "
            "count(*) FILTER (WHERE kam_health_date < current_date OR kam_health_date IS NULL) "
            "FROM res_partner WHERE is_key_account"
        )
        tiers, health = cr.fetchone()
    conn.close()
    return grades, tiers, health


def _print(pipeline, rows):
    print(f"kam: {pipeline}")
    print(f"  {'request':<44}{'count':>7}{'fail':>6}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}")
    for row in rows:
        print(
            f"  {row['Name']:<44}{row['Request Count']:>7}{row['Failure Count']:>6}"
            f"{float(row['Requests/s']):>8.2f}{row['50%']:>8}{row['95%']:>8}"
        )


def run_load_test(args):
    server = postgres.start(args.odoo_config)
    odoo = None
    database = f"{args.database}_load"
    try:
        if not server.database_exists(args.database):
            raise HarnessError(f"no database {args.database}: build it first with bench-data")
        locust = _locust()
        config = write_config("load", server)
        server.drop_database(database, DATA_DIR)
        server.create_database(database, template=args.database, data_dir=DATA_DIR)
        vacuum_analyze(server, database)
        RESULTS.mkdir(parents=True, exist_ok=True)
        settings = RESULTS / "config.json"
        settings.write_text(json.dumps(_prepare(config, database, args.users)))
        LOG_DIR.mkdir(parents=True, exist_ok=True)
        if args.replica:
            return _run_scale_out(args, database, server, locust, config, settings)
        log_file = LOG_DIR / "load-test.log"
        log_file.unlink(missing_ok=True)  # Odoo appends to its log file
        odoo, url = _start_odoo(config, database, args.workers, log_file)
        runs = [("key", "key"), ("standard", "standard")]
        if args.daily_jobs:
            runs.append(("key, daily jobs running", "key"))
        summary, exceptions, surfaced = {}, 0, 0
        released = finished = None

        def jobs_done():
            nonlocal finished
            if finished is None and not any(_jobs_left(server, database)):
                finished = time.monotonic() - released
            return finished is not None

        for label, pipeline in runs:
            if label.endswith("daily jobs running"):
                released = time.monotonic()
                _release_daily_jobs(server, database, json.loads(settings.read_text())["jobs"])
            name = label.replace(", ", "-").replace(" ", "-")
            with_jobs = label.endswith("daily jobs running")
            minutes = args.jobs_minutes if with_jobs else args.minutes
            rows, raised, concurrency = _run_locust(
                locust,
                [url],
                pipeline,
                args.users,
                minutes,
                settings,
                name,
                until=jobs_done if with_jobs else None,
            )
            _print(label, rows)
            if raised:
                print(f"kam:   {raised} errors in the simulated reps; see {RESULTS}/{name}.log")
            summary[label] = rows
            exceptions += raised
            surfaced += concurrency
        work_left = False
        if args.daily_jobs:
            grades, tiers, health = _jobs_left(server, database)
            work_left = bool(grades or tiers or health)
            if work_left:
                print(
                    f"kam: {(time.monotonic() - released) / 60:.1f} minutes after the daily jobs "
                    f"were released, left to do: {grades} deals to regrade, {tiers} tiers, "
                    f"{health} accounts to measure"
                )
            else:
                jobs_done()
                print(
                    f"kam: the daily jobs finished all their work {finished / 60:.1f} minutes "
                    "after they were released, under the reps' load"
                )
        retried, failed_jobs = _server_log(log_file)
        print(
            f"kam: serialization failures retried by the server: {retried}; "
            f"reaching a user: {surfaced}; cron jobs failed: {len(failed_jobs)} "
            f"(server log {log_file})"
        )
        for line in failed_jobs:
            print(f"kam:   {line}")
        (RESULTS / "summary.json").write_text(
            json.dumps(
                {**summary, "retried": retried, "surfaced": surfaced, "failed jobs": failed_jobs},
                indent=2,
            )
        )
        failures = sum(int(row["Failure Count"]) for rows in summary.values() for row in rows)
        return 1 if surfaced or failures or exceptions or failed_jobs or work_left else 0
    finally:
        if odoo:
            odoo_runner.stop(odoo)
        server.drop_database(database, DATA_DIR)
        server.stop()


# scale-out -----------------------------------------------------------------
def _database_work(connect, database):
    """(transactions, seconds spent in statements) of ``database`` so far,
    on the server ``connect`` opens."""
    conn = connect("postgres")
    try:
        with conn.cursor() as cr:
            cr.execute(
                "SELECT xact_commit + xact_rollback, active_time / 1000 "
                "FROM pg_stat_database WHERE datname = %s",
                [database],
            )
            return cr.fetchone()
    finally:
        conn.close()


def _wait_until_closed(connect, database, timeout=60):
    """Wait until no session of ``database`` is left on the server."""
    deadline = time.monotonic() + timeout
    while True:
        conn = connect("postgres")
        try:
            with conn.cursor() as cr:
                cr.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s", [database])
                if not cr.fetchone()[0]:
                    return
        finally:
            conn.close()
        if time.monotonic() > deadline:
            raise HarnessError(f"sessions of {database} still open {timeout} s after Odoo stopped")
        time.sleep(0.1)


def _fingerprint(connect, database):
    """What the reps changed, summed: equal on a replica that caught up."""
    conn = connect(database)
    try:
        with conn.cursor() as cr:
            cr.execute(
                "SELECT (SELECT count(*) || '/' || sum(stage_id) || '/' || max(write_date) "
                "FROM crm_lead), (SELECT count(*) || '/' || max(write_date) "
                "FROM key_account_visit), (SELECT max(write_date) FROM key_account_buying_role)"
            )
            return cr.fetchone()
    finally:
        conn.close()


class _LagSampler(threading.Thread):
    """The replica's replay lag, as the primary measures it, every second."""

    def __init__(self, standby):
        super().__init__(daemon=True)
        self.standby, self.largest, self.done = standby, 0.0, threading.Event()

    def run(self):
        while not self.done.wait(1):
            lag = self.standby.replay_lag()
            if lag is not None:
                self.largest = max(self.largest, lag)


def _served(log_files):
    """What the Odoo logs tell of the web client's requests: {cursor mode:
    count}, the mean SQL and Python seconds of one, and the lines telling
    that a read wrote or found no replica."""
    modes, problems, sql, python = Counter(), [], [], []
    for log_file in log_files:
        text = log_file.read_text(errors="replace")
        for path, _status, mode in odoo_runner.requests_served(text):
            if path.startswith("/web/dataset/"):
                modes[mode] += 1
        for match in REQUEST_TIMES.finditer(text):
            sql.append(float(match["sql"]))
            python.append(float(match["python"]))
        problems += [
            line
            for line in text.splitlines()
            if "retrying with a read/write cursor" in line
            or "Failed to open a readonly cursor" in line
        ]
    count = len(sql) or 1
    return modes, sum(sql) / count, sum(python) / count, problems


def _print_scale_out(summary):
    print("kam: all requests of each run")
    print(
        f"  {'run':<34}{'req/s':>7}{'p50 ms':>8}{'p95 ms':>8}{'fail':>6}"
        f"{'SQL ms':>8}{'Py ms':>7}{'on replica':>12}{'tx primary':>12}{'tx replica':>12}"
        f"{'replica SQL':>13}{'load':>6}"
    )
    for label, run in summary.items():
        total = next(row for row in run["requests"] if row["Name"] == "Aggregated")
        cursors = run["cursors"]
        served = sum(cursors.values())
        share = f"{100 * cursors.get('ro', 0) / served:.0f} %" if served else "-"
        # the replica's share of the time the database spent in statements
        statements = run["statement seconds"]
        spent = statements["primary"] + statements["replica"]
        sql_share = f"{100 * statements['replica'] / spent:.0f} %" if spent else "-"
        print(
            f"  {label:<34}{float(total['Requests/s']):>7.2f}{total['50%']:>8}{total['95%']:>8}"
            f"{total['Failure Count']:>6}{1000 * run['sql seconds']:>8.0f}"
            f"{1000 * run['python seconds']:>7.0f}{share:>12}"
            f"{run['transactions']['primary']:>12}{run['transactions']['replica']:>12}"
            f"{sql_share:>13}{run['load average']:>6.1f}"
        )


def _scale_out_run(args, database, server, standby, locust, settings, label, config, count):
    """One run of the reps on ``count`` nodes with ``config``; its figures."""
    name = label.replace(", ", "-").replace(" ", "-")
    log_files = [LOG_DIR / f"load-{name}-{index}.log" for index in range(count)]
    nodes, sampler = [], _LagSampler(standby)
    try:
        for log_file in log_files:
            nodes.append(_start_odoo(config, database, args.workers, log_file))
        before = [_database_work(db.connect, database) for db in (server, standby)]
        sampler.start()
        rows, raised, concurrency = _run_locust(
            locust,
            [url for _process, url in nodes],
            "key",
            args.users,
            args.minutes,
            settings,
            name,
            KAM_LOAD_ACCOUNT="1",
        )
        # the machine's load at the end of the run: neighbours count
        load = os.getloadavg()[0]
    finally:
        sampler.done.set()
        for process, _url in nodes:
            odoo_runner.stop(process)
    # a session reports its statistics at the latest when it ends
    for db in (server, standby):
        _wait_until_closed(db.connect, database)
    after = [_database_work(db.connect, database) for db in (server, standby)]
    started = time.monotonic()
    standby.wait_for_replay()
    caught_up = time.monotonic() - started
    same = _fingerprint(server.connect, database) == _fingerprint(standby.connect, database)
    modes, sql, python, problems = _served(log_files)
    _print(label, rows)
    if modes:
        print(
            f"kam:   requests served by the replica (ro) {modes['ro']}, by the primary (rw) "
            f"{modes['rw']}, reads served again on the primary (ro->rw) {modes['ro->rw']}; "
            f"largest replay lag {sampler.largest:.2f} s"
        )
    (transactions, active), (replica_transactions, replica_active) = (
        (end[0] - start[0], end[1] - start[1]) for start, end in zip(before, after, strict=True)
    )
    print(
        f"kam:   transactions on the primary {transactions} ({active:.1f} s in statements), "
        f"on the replica {replica_transactions} ({replica_active:.1f} s); the replica caught "
        f"up {caught_up:.1f} s after the run, "
        f"{'the same data as' if same else 'NOT the same data as'} the primary"
    )
    for line in problems[:10]:
        print(f"kam:   {line}")
    if raised:
        print(f"kam:   {raised} errors in the simulated reps; see {RESULTS}/{name}.log")
    failures = sum(int(row["Failure Count"]) for row in rows)
    return {
        "requests": rows,
        "cursors": dict(modes),
        "sql seconds": sql,
        "python seconds": python,
        "transactions": {"primary": transactions, "replica": replica_transactions},
        "statement seconds": {"primary": active, "replica": replica_active},
        "largest replay lag": sampler.largest,
        "same data": same,
        "load average": load,
        "failed": failures + raised + concurrency + len(problems) + (not same),
    }


def _run_scale_out(args, database, server, locust, config, settings):
    """The reps on one node, on one node and a replica, on two nodes and a
    replica; fails if a request failed, a read wrote or the replica differs."""
    with replica.start(server, name="load-replica") as standby:
        print(
            f"kam: a read replica on {standby.host}:{standby.port} (log {standby.log_file})",
            flush=True,
        )
        replica_config = write_config("load-replica", server, **standby.odoo_options())
        summary = {
            label: _scale_out_run(args, database, server, standby, locust, settings, label, *node)
            for label, node in (
                ("key, one node", (config, 1)),
                ("key, one node and the replica", (replica_config, 1)),
                ("key, two nodes and the replica", (replica_config, 2)),
            )
        }
    _print_scale_out(summary)
    (RESULTS / "scale-out.json").write_text(json.dumps(summary, indent=2))
    return 1 if any(run["failed"] for run in summary.values()) else 0
