"""`kam.py bench-data`: build a synthetic data set in a database with the module."""

import sys
import time

from . import postgres, templates
from .bootstrap import PROJECT
from .odoo_runner import odoo_path, write_config


def load_registry(config, database):
    """Odoo in this process, on ``database``; returns its registry. Odoo's
    configuration is read once per process (it cannot be parsed twice)."""
    sys.path.insert(0, str(odoo_path()))
    import odoo

    if not getattr(load_registry, "configured", False):
        odoo.tools.config.parse_config(["-c", str(config), "-d", database, "--log-level=warn"])
        load_registry.configured = True
    return odoo.modules.registry.Registry(database)


def run_bench_data(args):
    server = postgres.start(args.odoo_config)
    try:
        config = write_config("bench", server)
        template = templates.ensure_module_template(server, config)
        templates.clone(server, template, args.database)
        registry = load_registry(config, args.database)
        sys.path.insert(0, str(PROJECT))
        import odoo

        from benchmarks.datagen import generate

        started = time.monotonic()
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            result = generate(
                env,
                accounts=args.accounts,
                contacts=args.contacts,
                opportunities=args.opportunities,
                invoices=args.invoices,
                orm_invoices=args.orm_invoices,
                buying_roles=args.buying_roles,
                visits=args.visits,
                revisits=args.revisits,
                standard_opportunities=args.standard_opportunities,
            )
            cr.commit()
            # the deals in the order they were created, as a restored dump
            # has them: the generator writes the key-account deals again
            # (their buying centres' figures), which scatters them over the
            # table while the standard ones stay packed, and a column of
            # the key-account pipeline would read twice the pages of the
            # standard one's for as many deals
            clustered = time.monotonic()
            cr.execute("CLUSTER crm_lead USING crm_lead_pkey")
            cr.commit()
            result["timings"]["CLUSTER crm_lead"] = time.monotonic() - clustered
            # fresh planner statistics, so that the first benchmark reads
            # do not race autovacuum after the bulk inserts
            analyzed = time.monotonic()
            cr.execute("ANALYZE")
            cr.commit()
            result["timings"]["ANALYZE"] = time.monotonic() - analyzed
        elapsed = time.monotonic() - started
        print(
            f"kam: {args.database}: {len(result['accounts'])} accounts, "
            f"{len(result['contacts'])} contacts, {len(result['opportunities'])} key-account and "
            f"{len(result['standard_opportunities'])} standard opportunities, "
            f"{len(result['buying_roles'])} buying-centre members, "
            f"{len(result['orders'])} orders, {len(result['orm_invoices'])} ORM invoices, "
            f"{result['cloned_invoices']} cloned invoices, "
            f"{len(result['visits'])} development records, "
            f"{len(result['revisits'])} revisits in {elapsed:.1f} s"
        )
        for phase, seconds in result["timings"].items():
            print(f"kam:   {phase}: {seconds:.1f} s")
        return 0
    finally:
        server.stop()
