"""`kam.py bench NAME`: run benchmarks/bench_NAME.py in a database, then roll back."""

import importlib
import json
import sys

from . import postgres
from .benchdata import load_registry
from .bootstrap import PROJECT, HarnessError
from .odoo_runner import write_config


def run_bench(args):
    server = postgres.start(args.odoo_config)
    try:
        if not server.database_exists(args.database):
            raise HarnessError(
                f"no database {args.database}: build it first with "
                f"python3 tools/kam.py bench-data --database {args.database} …"
            )
        config = write_config("bench", server)
        registry = load_registry(config, args.database)
        sys.path.insert(0, str(PROJECT))
        import odoo

        benchmark = importlib.import_module(f"benchmarks.bench_{args.name}")
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            result = benchmark.run(env)
            cr.rollback()
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return 0
    finally:
        server.stop()
