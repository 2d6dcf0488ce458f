"""`kam.py load-test`: simulated reps against Odoo with several workers.

Gives the first ``--users`` bench reps a password, starts Odoo on 127.0.0.1
with ``--workers`` HTTP workers and a cron worker, then runs locust
(headless, in a virtual environment of its own: locust needs a newer gevent
than Odoo 18 pins) for ``--minutes`` on the key-account pipeline and on the
standard pipeline of the same reps, the add-on's daily jobs held back; then,
unless ``--no-daily-jobs``, for ``--jobs-minutes`` on the key-account pipeline while the
cron worker runs the daily jobs in their worst case (every grade, tier and
health snapshot to write), as when reps work through the nightly run. Prints
throughput, latencies and failures per request, the serialization failures
the server retried or let through, and the cron jobs that failed.

It works on a copy of the data set, vacuumed and analysed, dropped at the
end: the runs commit (stage moves, notes, the jobs' grades and snapshots),
and the benchmarks that follow must find the data set as it was built.
"""

import csv
import json
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from . import postgres
from .bench import vacuum_analyze
from .benchdata import load_registry
from .bootstrap import PROJECT, STATE, HarnessError
from .odoo_runner import DATA_DIR, LOG_DIR, command, environment, free_port, write_config

LOAD_DIR = PROJECT / "benchmarks" / "load"
VENV = STATE / "load-venv"
RESULTS = STATE / "load"
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
        return {
            "jobs": jobs.ids,
            "database": database,
            "logins": reps[:users].mapped("login"),
            "pipelines": pipelines,
        }


def _start_odoo(config, database, workers, port, log_file):
    args = [
        "-d",
        database,
        "--db-filter",
        f"^{database}$",
        f"--workers={workers}",
        "--max-cron-threads=1",
        "--http-interface=127.0.0.1",
        f"--http-port={port}",
        f"--gevent-port={free_port()}",
        "--limit-time-real=600",
        "--limit-time-cpu=300",
        "--log-level=info",
        f"--logfile={log_file}",
    ]
    server = subprocess.Popen(command(config, *args), env=environment())
    url = f"http://127.0.0.1:{port}"
    for _second in range(180):
        if server.poll() is not None:
            raise HarnessError(f"Odoo stopped at start; see {log_file}")
        try:
            with urllib.request.urlopen(f"{url}/web/login", timeout=5) as response:
                if response.status == 200:
                    return server, url
        except OSError:
            time.sleep(1)
    server.terminate()
    raise HarnessError(f"Odoo did not answer on {url} within 3 minutes; see {log_file}")


def _run_locust(locust, url, pipeline, users, minutes, settings, name):
    prefix = RESULTS / name
    environment_ = {
        **environment(),
        "KAM_LOAD_CONFIG": str(settings),
        "KAM_LOAD_PIPELINE": pipeline,
    }
    environment_.pop("PYTHONPATH", None)
    with (RESULTS / f"{name}.log").open("w") as log:
        subprocess.run(
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
                url,
                "--csv",
                str(prefix),
                "--only-summary",
            ],
            env=environment_,
            stdout=log,
            stderr=subprocess.STDOUT,
            check=False,
        )
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


def _jobs_left(server, database, seconds):
    """What the daily jobs had left to do when the last run ended; true when
    something was left."""
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
    print(
        f"kam: {seconds / 60:.1f} minutes after the daily jobs were released, left to do: "
        f"{grades} deals to regrade, {tiers} tiers, {health} accounts to measure"
    )
    return bool(grades or tiers or health)


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
        log_file = LOG_DIR / "load-test.log"
        log_file.unlink(missing_ok=True)  # Odoo appends to its log file
        odoo, url = _start_odoo(config, database, args.workers, free_port(), log_file)
        runs = [("key", "key"), ("standard", "standard")]
        if args.daily_jobs:
            runs.append(("key, daily jobs running", "key"))
        summary, exceptions, surfaced = {}, 0, 0
        for label, pipeline in runs:
            if label.endswith("daily jobs running"):
                released = time.monotonic()
                _release_daily_jobs(server, database, json.loads(settings.read_text())["jobs"])
            name = label.replace(", ", "-").replace(" ", "-")
            with_jobs = label.endswith("daily jobs running")
            minutes = args.jobs_minutes if with_jobs else args.minutes
            rows, raised, concurrency = _run_locust(
                locust, url, pipeline, args.users, minutes, settings, name
            )
            _print(label, rows)
            if raised:
                print(f"kam:   {raised} errors in the simulated reps; see {RESULTS}/{name}.log")
            summary[label] = rows
            exceptions += raised
            surfaced += concurrency
        work_left = args.daily_jobs and _jobs_left(server, database, time.monotonic() - released)
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
            # Odoo's graceful stop waits for a running cron job: cut it short
            odoo.terminate()
            try:
                odoo.wait(30)
            except subprocess.TimeoutExpired:
                odoo.kill()
                odoo.wait(30)
        server.drop_database(database, DATA_DIR)
        server.stop()
