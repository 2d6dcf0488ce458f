"""`kam.py demo`: serve a demo database with the module and its demo data."""

import signal
import subprocess

from . import postgres, templates
from .bootstrap import HarnessError
from .odoo_runner import (
    DATA_DIR,
    MODULE,
    command,
    environment,
    port_is_free,
    run,
    shell,
    write_config,
)

STAMP_KEY = "key_account_management.demo_build"
LOGINS = (
    ("administrator", "admin", "admin"),
    ("key-account manager", "kam_manager", "kam_manager"),
    ("key-account rep", "kam_rep", "kam_rep"),
    ("finance", "kam_finance", "kam_finance"),
)


def _query(server, database, query, params=()):
    with server.connect(database) as conn, conn.cursor() as cr:
        cr.execute("SELECT to_regclass('ir_config_parameter') IS NOT NULL")
        if not cr.fetchone()[0]:
            return None
        cr.execute(query, params)
        row = cr.fetchone()
        return row[0] if row else None


def _stamp(server, database):
    return _query(
        server, database, "SELECT value FROM ir_config_parameter WHERE key = %s", [STAMP_KEY]
    )


def _set_stamp(server, database, value):
    with server.connect(database) as conn, conn.cursor() as cr:
        cr.execute(
            "INSERT INTO ir_config_parameter (key, value) VALUES (%s, %s) "
            "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            [STAMP_KEY, value],
        )


def _module_state(server, database):
    return _query(server, database, "SELECT state FROM ir_module_module WHERE name = %s", [MODULE])


def _prepare(server, config, args):
    wanted = f"{templates.module_hash()}:{args.lang}"
    database = args.database
    if args.reset:
        server.drop_database(database, DATA_DIR)
    if server.database_exists(database):
        stamp = _stamp(server, database)
        if stamp == wanted:
            print(f"kam: reusing the current demo database {database}", flush=True)
            return
        if _module_state(server, database) != "installed":
            raise HarnessError(
                f"the database {database} exists but is not a key-account demo database. "
                f"Use --database NAME for another one, or --reset to replace it (its data is lost)."
            )
        print(
            f"kam: upgrading the demo database {database} to this version of {MODULE}…", flush=True
        )
        code, log = run(
            config,
            "-d",
            database,
            "-u",
            MODULE,
            "--stop-after-init",
            "--no-http",
            log_name="demo-upgrade",
            check=False,
        )
        if code:
            raise HarnessError(
                f"the demo database {database} was made by an older version and could not be "
                f"upgraded (log: {log}). Rerun with --reset to build it anew (its data is lost)."
            )
    else:
        template = templates.ensure_module_template(server, config)
        print(f"kam: creating the demo database {database} from {template}", flush=True)
        templates.clone(server, template, database)
    if args.lang == "zh_CN":
        print("kam: loading Simplified Chinese for the demo users…", flush=True)
        run(
            config,
            "-d",
            database,
            "--load-language=zh_CN",
            "--stop-after-init",
            "--no-http",
            log_name="demo-lang",
        )
        shell(
            config,
            database,
            (
                "users = env['res.users'].with_context(active_test=False)"
                ".search([('share', '=', False)])\n"
                "users.write({'lang': 'zh_CN', 'tz': 'Asia/Shanghai'})"
            ),
            log_name="demo-lang-users",
        )
    _set_stamp(server, database, wanted)


def run_demo(args):
    if not port_is_free(args.port):
        raise HarnessError(
            f"port {args.port} is busy (another Odoo?). Stop that server or "
            f"choose another port with --port."
        )
    server = postgres.start(args.odoo_config)
    try:
        config = write_config("demo", server)
        _prepare(server, config, args)
        odoo = subprocess.Popen(
            command(
                config,
                "-d",
                args.database,
                "--db-filter",
                f"^{args.database}$",
                "--http-port",
                str(args.port),
            ),
            env=environment(),
        )
        print(f"\n  Odoo is starting on http://localhost:{args.port}  (database {args.database})")
        for who, login, password in LOGINS:
            print(f"    {who:<22} login {login:<12} password {password}")
        print("  Ctrl-C stops Odoo and the embedded PostgreSQL.\n", flush=True)
        signal.signal(signal.SIGTERM, lambda *_: odoo.send_signal(signal.SIGINT))
        try:
            odoo.wait()
        except KeyboardInterrupt:
            odoo.send_signal(signal.SIGINT)
            odoo.wait()
        return 0
    finally:
        server.stop()
