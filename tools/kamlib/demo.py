"""`kam.py demo`: serve a demo database with the module and its demo data."""

import hashlib
import signal
import subprocess
from pathlib import Path

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
TOOLS = Path(__file__).resolve().parent.parent
STORY_ZH_CN = Path(__file__).with_name("demo_story_zh_CN.json")
STORY_CODE = Path(__file__).with_name("demo_story.py")
LOGINS = (
    ("administrator", "admin", "admin"),
    ("key-account manager", "kam_manager", "kam_manager"),
    ("key-account rep", "kam_rep", "kam_rep"),
    ("key-account rep", "kam_rep2", "kam_rep2"),
    ("finance", "kam_finance", "kam_finance"),
    ("customer (portal, /my)", "kam_customer", "kam_customer"),
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


def _chinese_stamp():
    """zh_CN and the version of the story told: a new story is told again."""
    digest = hashlib.sha256(STORY_CODE.read_bytes() + STORY_ZH_CN.read_bytes())
    return f"zh_CN@{digest.hexdigest()[:12]}"


def _load_chinese(config, database):
    """Install zh_CN with every installed module's terms; demo users use it,
    and the demo's story is told in Chinese: a Chinese company, in yuan."""
    print("kam: telling the demo's story in Simplified Chinese…", flush=True)
    shell(
        config,
        database,
        "import sys\n"
        f"sys.path.insert(0, {str(TOOLS)!r})\n"
        "from kamlib.demo_story import speak_chinese, tell_story\n"
        "speak_chinese(env)\n"
        f"tell_story(env, {str(STORY_ZH_CN)!r})",
        log_name="demo-lang",
    )


def _prepare(server, config, args):
    module_hash = templates.module_hash()
    database = args.database
    if args.reset:
        server.drop_database(database, DATA_DIR)
    built_hash, built_lang = None, None
    if server.database_exists(database):
        built_hash, _, built_lang = (_stamp(server, database) or "::").partition(":")
        if _module_state(server, database) != "installed":
            raise HarnessError(
                f"the database {database} exists but is not a key-account demo database. "
                f"Use --database NAME for another one, or --reset to replace it (its data is lost)."
            )
        if built_hash == module_hash:
            print(f"kam: reusing the current demo database {database}", flush=True)
        else:
            print(
                f"kam: upgrading the demo database {database} to this version of {MODULE}…",
                flush=True,
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
                    f"the demo database {database} was made by an older version and could not "
                    f"be upgraded (log: {log}). Rerun with --reset to build it anew "
                    f"(its data is lost)."
                )
    else:
        template = templates.ensure_module_template(server, config)
        print(f"kam: creating the demo database {database} from {template}", flush=True)
        templates.clone(server, template, database)
    # upgrades load new terms only for installed languages: reload after one
    chinese = _chinese_stamp()
    if args.lang == "zh_CN" and (built_lang != chinese or built_hash != module_hash):
        _load_chinese(config, database)
    if args.lang == "zh_CN":
        lang = chinese
    else:
        lang = built_lang if (built_lang or "").startswith("zh_CN") else "en_US"
    _set_stamp(server, database, f"{module_hash}:{lang}")


def _set_base_url(server, database, port):
    """Reports fetch their styles from web.base.url: point it at this port."""
    with server.connect(database) as conn, conn.cursor() as cr:
        for key, value in (
            ("web.base.url", f"http://localhost:{port}"),
            ("web.base.url.freeze", "True"),
        ):
            cr.execute(
                """
                INSERT INTO ir_config_parameter (key, value, create_date, write_date)
                VALUES (%s, %s, now(), now())
                ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, write_date = now()
                """,
                [key, value],
            )


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
        _set_base_url(server, args.database, args.port)
        odoo = subprocess.Popen(
            command(
                config,
                "-d",
                args.database,
                "--db-filter",
                f"^{args.database}$",
                "--http-port",
                str(args.port),
                # Werkzeug's deprecation warnings are not ours: keep the log readable
                "--log-handler",
                "py.warnings:ERROR",
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
