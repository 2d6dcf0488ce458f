"""`kam.py load-test`: simulated reps against Odoo with several workers.

Gives the first ``--users`` bench reps a password, starts Odoo on 127.0.0.1
with ``--workers`` HTTP workers and a cron worker, then runs locust
(headless, in a virtual environment of its own: locust needs a newer gevent
than Odoo 18 pins) once on the key-account pipeline and once on the standard
pipeline of the same reps, for ``--minutes`` each. Prints throughput,
latencies and failures per request, and the serialization failures the
server retried or let through.
"""

import csv
import json
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from . import postgres
from .benchdata import load_registry
from .bootstrap import PROJECT, STATE, HarnessError
from .odoo_runner import LOG_DIR, command, environment, free_port, write_config

LOAD_DIR = PROJECT / "benchmarks" / "load"
VENV = STATE / "load-venv"
RESULTS = STATE / "load"
PIPELINES = ("key", "standard")


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
        cr.commit()
        return {
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


def _run_locust(locust, url, pipeline, users, minutes, settings):
    prefix = RESULTS / pipeline
    environment_ = {
        **environment(),
        "KAM_LOAD_CONFIG": str(settings),
        "KAM_LOAD_PIPELINE": pipeline,
    }
    environment_.pop("PYTHONPATH", None)
    with (RESULTS / f"{pipeline}.log").open("w") as log:
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
    return rows, exceptions


def _server_concurrency(log_file):
    """Serialization failures the server retried, and those that reached a user."""
    text = Path(log_file).read_text(errors="replace").splitlines()
    retried = sum(1 for line in text if "tries left, try again" in line)
    surfaced = sum(
        1
        for line in text
        if " ERROR " in line
        and ("could not serialize" in line or "SerializationFailure" in line or "deadlock" in line)
    )
    return retried, surfaced


def _print(pipeline, rows):
    print(f"kam: {pipeline} pipeline")
    print(f"  {'request':<44}{'count':>7}{'fail':>6}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}")
    for row in rows:
        print(
            f"  {row['Name']:<44}{row['Request Count']:>7}{row['Failure Count']:>6}"
            f"{float(row['Requests/s']):>8.2f}{row['50%']:>8}{row['95%']:>8}"
        )


def run_load_test(args):
    server = postgres.start(args.odoo_config)
    odoo = None
    try:
        if not server.database_exists(args.database):
            raise HarnessError(f"no database {args.database}: build it first with bench-data")
        locust = _locust()
        config = write_config("load", server)
        RESULTS.mkdir(parents=True, exist_ok=True)
        settings = RESULTS / "config.json"
        settings.write_text(json.dumps(_prepare(config, args.database, args.users)))
        LOG_DIR.mkdir(parents=True, exist_ok=True)
        log_file = LOG_DIR / "load-test.log"
        odoo, url = _start_odoo(config, args.database, args.workers, free_port(), log_file)
        summary, exceptions = {}, 0
        for pipeline in PIPELINES:
            rows, raised = _run_locust(locust, url, pipeline, args.users, args.minutes, settings)
            _print(pipeline, rows)
            if raised:
                print(f"kam:   {raised} errors in the simulated reps; see {RESULTS}/{pipeline}.log")
            summary[pipeline] = rows
            exceptions += raised
        retried, surfaced = _server_concurrency(log_file)
        print(
            f"kam: serialization failures retried by the server: {retried}; "
            f"reaching a user: {surfaced} (server log {log_file})"
        )
        (RESULTS / "summary.json").write_text(
            json.dumps({**summary, "retried": retried, "surfaced": surfaced}, indent=2)
        )
        failures = sum(int(row["Failure Count"]) for rows in summary.values() for row in rows)
        return 1 if surfaced or failures or exceptions else 0
    finally:
        if odoo:
            odoo.terminate()
            odoo.wait(60)
        server.stop()
