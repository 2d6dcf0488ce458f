"""Command line of tools/kam.py (runs inside the virtual environment)."""

import argparse
import sys

from .bootstrap import HarnessError


def _parser():
    parser = argparse.ArgumentParser(prog="tools/kam.py", description=__doc__)
    parser.add_argument("--odoo-config", help="use the PostgreSQL server named in this Odoo config")
    commands = parser.add_subparsers(dest="command", required=True)

    demo = commands.add_parser(
        "demo", help="serve a demo database with the module and its demo data"
    )
    demo.add_argument("--port", type=int, default=8069)
    demo.add_argument("--database", default="kam_demo")
    demo.add_argument(
        "--lang",
        choices=["en_US", "zh_CN"],
        default="en_US",
        help="language of the demo users (zh_CN: Simplified Chinese)",
    )
    demo.add_argument(
        "--reset", action="store_true", help="drop the demo database and build it anew"
    )

    test = commands.add_parser(
        "test", help="lint, unit and system tests, Odoo's crm and sale_crm suites"
    )
    test.add_argument("pytest_args", nargs="*", help="extra pytest arguments (e.g. -k name)")
    test.add_argument("--no-lint", action="store_true")

    commands.add_parser("i18n", help="export the .pot with Odoo and update zh_CN.po from it")

    bench = commands.add_parser("bench-data", help="build a synthetic data set in a database")
    bench.add_argument("--database", default="kam_bench")
    bench.add_argument("--accounts", type=int, default=1000)
    bench.add_argument("--contacts", type=int, default=6000)
    bench.add_argument("--opportunities", type=int, default=5000)
    bench.add_argument("--invoices", type=int, default=0)
    bench.add_argument(
        "--orm-invoices",
        type=int,
        default=20,
        help="invoices posted through the ORM; the rest are SQL clones of them",
    )
    bench.add_argument(
        "--buying-roles",
        type=int,
        default=0,
        help="buying-centre members per opportunity (0 to 6)",
    )
    bench.add_argument(
        "--visits", type=int, default=0, help="development records over the accounts"
    )
    bench.add_argument(
        "--revisits", type=int, default=0, help="done, rated revisits over the accounts"
    )
    bench.add_argument(
        "--standard-opportunities",
        type=int,
        default=0,
        help="deals of the standard sales team, plain Odoo's counterpart",
    )
    run_bench = commands.add_parser("bench", help="run benchmarks/bench_NAME.py in a database")
    run_bench.add_argument("name", help="e.g. tiers")
    run_bench.add_argument("--database", default="kam_bench")
    run_bench.add_argument(
        "--runs",
        type=int,
        default=1,
        help="repeat the benchmark, VACUUM ANALYZE before each run, and report "
        "the spread of its ratios over the runs",
    )

    load = commands.add_parser(
        "load-test",
        help="simulated reps (locust) against Odoo with several workers, key vs standard pipeline",
    )
    load.add_argument("--database", default="kam_bench_10k")
    load.add_argument("--users", type=int, default=8, help="simulated reps")
    load.add_argument("--minutes", type=float, default=3, help="per pipeline")
    load.add_argument("--workers", type=int, default=2, help="Odoo HTTP workers")
    load.add_argument(
        "--no-daily-jobs",
        dest="daily_jobs",
        action="store_false",
        help="skip the last run, on the key-account pipeline while the daily jobs run",
    )
    load.add_argument(
        "--replica",
        action="store_true",
        help="Odoo's scale-out instead: one node, then one and two nodes with a read replica",
    )
    load.add_argument(
        "--jobs-minutes",
        type=float,
        default=30,
        help="the most the last run lasts: it ends when the daily jobs have no work left",
    )
    return parser


def main(argv):
    args = _parser().parse_args(argv)
    try:
        if args.command == "demo":
            from .demo import run_demo

            return run_demo(args)
        if args.command == "test":
            from .testing import run_tests

            return run_tests(args)
        if args.command == "bench":
            from .bench import run_bench

            return run_bench(args)
        if args.command == "i18n":
            from .i18n import run_i18n

            return run_i18n(args)
        if args.command == "load-test":
            from .loadtest import run_load_test

            return run_load_test(args)
        if args.command == "bench-data":
            from .benchdata import run_bench_data

            return run_bench_data(args)
        raise HarnessError(f"unknown command {args.command}")
    except HarnessError as error:
        print(f"\nkam: {error}\n", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
