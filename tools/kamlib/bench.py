"""`kam.py bench NAME`: run benchmarks/bench_NAME.py in a database, then roll back.

A benchmark whose module sets ``ON_A_COPY = True`` commits (the daily jobs
run as the cron runs them): it runs on a copy of the database, dropped
afterwards, so that the data set stays as it was built."""

import importlib
import json
import sys

from . import postgres
from .benchdata import load_registry
from .bootstrap import PROJECT, HarnessError
from .odoo_runner import DATA_DIR, odoo_path, write_config


def run_bench(args):
    server = postgres.start(args.odoo_config)
    database = args.database
    copy = None
    try:
        if not server.database_exists(database):
            raise HarnessError(
                f"no database {database}: build it first with "
                f"python3 tools/kam.py bench-data --database {database} …"
            )
        config = write_config("bench", server)
        sys.path.insert(0, str(odoo_path()))
        sys.path.insert(0, str(PROJECT))
        benchmark = importlib.import_module(f"benchmarks.bench_{args.name}")
        if getattr(benchmark, "ON_A_COPY", False):
            copy = f"{database}_copy"
            server.drop_database(copy, DATA_DIR)
            server.create_database(copy, template=database, data_dir=DATA_DIR)
            database = copy
        registry = load_registry(config, database)
        import odoo

        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            result = benchmark.run(env)
            cr.rollback()
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return 0
    finally:
        if copy:
            import odoo

            odoo.sql_db.close_db(copy)
            server.drop_database(copy, DATA_DIR)
        server.stop()
