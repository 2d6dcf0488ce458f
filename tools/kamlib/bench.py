"""`kam.py bench NAME`: run benchmarks/bench_NAME.py in a database, then roll back.

Before each run the database is vacuumed and analysed: rounds rolled back by
an earlier benchmark leave dead rows and stale statistics behind, and a
figure must not depend on which benchmark ran before it. With ``--runs N``
the benchmark runs N times and every ratio it reports is summed up as its
median and its min–max over the runs: one run's ratio moves by more than
the effects measured on a shared machine.

A benchmark whose module sets ``ON_A_COPY = True`` commits (the daily jobs
run as the cron runs them): each run works on a fresh copy of the database,
dropped afterwards, so that the data set stays as it was built."""

import importlib
import json
import statistics
import sys

from . import postgres
from .benchdata import load_registry
from .bootstrap import PROJECT, HarnessError
from .odoo_runner import DATA_DIR, odoo_path, write_config

RATIO = "ratio of medians"


def vacuum_analyze(server, database):
    """VACUUM ANALYZE ``database`` on ``server``."""
    sys.path.insert(0, str(PROJECT))
    from benchmarks.database import vacuum_analyze as vacuum

    vacuum(
        {
            "host": server.host,
            "port": server.port,
            "user": server.user,
            "password": server.password or None,
            "dbname": database,
        }
    )


def ratio_spread(results):
    """Every ratio the runs reported, by its place in the report: the list,
    its median and its min–max, and the target where the benchmark set one."""
    spread = {}

    def walk(node, path, run):
        if not isinstance(node, dict):
            return
        if RATIO in node:
            entry = spread.setdefault(": ".join(path), {"ratios": []})
            entry["ratios"].append(node[RATIO])
            if "target ratio" in node:
                entry["target ratio"] = node["target ratio"]
        for key, value in node.items():
            walk(value, [*path, key], run)

    for run, result in enumerate(results):
        walk(result, [], run)
    for entry in spread.values():
        ratios = entry["ratios"]
        entry.update(
            median=round(statistics.median(ratios), 3),
            min=min(ratios),
            max=max(ratios),
        )
    return spread


def _run_once(server, config, benchmark, database):
    copy = None
    if getattr(benchmark, "ON_A_COPY", False):
        copy = f"{database}_copy"
        server.drop_database(copy, DATA_DIR)
        server.create_database(copy, template=database, data_dir=DATA_DIR)
        database = copy
    try:
        vacuum_analyze(server, database)
        registry = load_registry(config, database)
        import odoo

        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            result = benchmark.run(env)
            cr.rollback()
        return result
    finally:
        if copy:
            import odoo

            odoo.sql_db.close_db(copy)
            odoo.modules.registry.Registry.delete(copy)
            server.drop_database(copy, DATA_DIR)


def run_bench(args):
    server = postgres.start(args.odoo_config)
    try:
        if not server.database_exists(args.database):
            raise HarnessError(
                f"no database {args.database}: build it first with "
                f"python3 tools/kam.py bench-data --database {args.database} …"
            )
        config = write_config("bench", server)
        sys.path.insert(0, str(odoo_path()))
        sys.path.insert(0, str(PROJECT))
        benchmark = importlib.import_module(f"benchmarks.bench_{args.name}")
        results = []
        for run in range(args.runs):
            result = _run_once(server, config, benchmark, args.database)
            results.append(result)
            if args.runs > 1:
                print(f"run {run + 1} of {args.runs}:", file=sys.stderr)
                print(json.dumps(result, indent=2, ensure_ascii=False), file=sys.stderr)
        if args.runs == 1:
            print(json.dumps(results[0], indent=2, ensure_ascii=False))
        else:
            report = {"runs": args.runs, "spread of the ratios": ratio_spread(results)}
            print(json.dumps(report, indent=2, ensure_ascii=False))
        return 0
    finally:
        server.stop()
