"""PostgreSQL for the demo and the tests: an existing server or embedded pgserver."""

import configparser
import os
import shutil
import signal
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import psycopg2
from psycopg2 import sql

from .bootstrap import STATE, HarnessError

ROLE = "odoo"
PG_VARIABLES = ("PGHOST", "PGPORT", "PGUSER", "PGPASSWORD")


@dataclass
class Server:
    host: str
    port: int
    user: str
    password: str = ""
    embedded_datadir: Path | None = None
    _owner: object = field(default=None, repr=False)

    def connect(self, dbname="postgres"):
        return psycopg2.connect(
            host=self.host,
            port=self.port,
            user=self.user,
            password=self.password or None,
            dbname=dbname,
        )

    def odoo_options(self):
        return {
            "db_host": self.host,
            "db_port": str(self.port),
            "db_user": self.user,
            "db_password": self.password or "False",
        }

    def stop(self):
        """Stop the embedded server (pg_ctl refuses root, so signal the postmaster)."""
        if not self.embedded_datadir:
            return
        pid_file = self.embedded_datadir / "postmaster.pid"
        if not pid_file.is_file():
            return
        pid = int(pid_file.read_text().splitlines()[0])
        try:
            os.kill(pid, signal.SIGINT)
        except ProcessLookupError:
            return
        for _ in range(100):
            if not pid_file.exists():
                break
            time.sleep(0.1)

    # databases ------------------------------------------------------------
    def _autocommit(self):
        conn = self.connect()
        conn.autocommit = True
        return conn

    def list_databases(self):
        with self.connect() as conn, conn.cursor() as cr:
            cr.execute("SELECT datname FROM pg_database WHERE NOT datistemplate")
            return {row[0] for row in cr.fetchall()}

    def database_exists(self, name):
        return name in self.list_databases()

    def drop_database(self, name, data_dir=None):
        conn = self._autocommit()
        try:
            with conn.cursor() as cr:
                cr.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = %s AND pid <> pg_backend_pid() AND usename = current_user",
                    [name],
                )
                cr.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        finally:
            conn.close()
        if data_dir:
            shutil.rmtree(Path(data_dir) / "filestore" / name, ignore_errors=True)

    def create_database(self, name, template=None, data_dir=None):
        """Create an empty database (no pg_trgm noise from Odoo) or a clone."""
        conn = self._autocommit()
        try:
            with conn.cursor() as cr:
                if template:
                    cr.execute(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = %s AND usename = current_user",
                        [template],
                    )
                    cr.execute(
                        sql.SQL("CREATE DATABASE {} WITH TEMPLATE {}").format(
                            sql.Identifier(name), sql.Identifier(template)
                        )
                    )
                else:
                    cr.execute(
                        sql.SQL(
                            "CREATE DATABASE {} WITH ENCODING 'UTF8' TEMPLATE template0"
                        ).format(sql.Identifier(name))
                    )
        finally:
            conn.close()
        if template and data_dir:
            source = Path(data_dir) / "filestore" / template
            if source.is_dir():
                shutil.copytree(source, Path(data_dir) / "filestore" / name, dirs_exist_ok=True)

    def rename_database(self, old, new, data_dir=None):
        conn = self._autocommit()
        try:
            with conn.cursor() as cr:
                cr.execute(
                    sql.SQL("ALTER DATABASE {} RENAME TO {}").format(
                        sql.Identifier(old), sql.Identifier(new)
                    )
                )
        finally:
            conn.close()
        if data_dir:
            source = Path(data_dir) / "filestore" / old
            if source.is_dir():
                source.rename(Path(data_dir) / "filestore" / new)


def from_odoo_config(path):
    parser = configparser.ConfigParser()
    parser.read(path)
    options = parser["options"] if parser.has_section("options") else {}
    if not options.get("db_host") and not options.get("db_user"):
        return None
    password = options.get("db_password", "")
    return Server(
        host=options.get("db_host") or "localhost",
        port=int(options.get("db_port") or 5432)
        if options.get("db_port", "False") != "False"
        else 5432,
        user=options.get("db_user") or ROLE,
        password="" if password == "False" else password,
    )


def _from_environment():
    if not any(os.environ.get(name) for name in PG_VARIABLES):
        return None
    return Server(
        host=os.environ.get("PGHOST", "localhost"),
        port=int(os.environ.get("PGPORT", "5432")),
        user=os.environ.get("PGUSER", ROLE),
        password=os.environ.get("PGPASSWORD", ""),
    )


def _embedded():
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (root, CI); harmless
        warnings.simplefilter("ignore")
        import pgserver

    datadir = STATE / "pgdata"
    datadir.parent.mkdir(parents=True, exist_ok=True)
    # a server another command started (a running demo) is left running
    already_running = (datadir / "postmaster.pid").is_file()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            owner = pgserver.get_server(str(datadir), cleanup_mode=None)
        owner.psql(
            f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{ROLE}') "
            f"THEN CREATE ROLE {ROLE} LOGIN CREATEDB; END IF; END $$;"
        )
    except Exception as error:  # pgserver raises plain exceptions with the server log
        raise HarnessError(
            f"the embedded PostgreSQL in {datadir} did not start: {error}\n"
            f"  Its log is {datadir / 'log'}. Delete {datadir} to start afresh, "
            "or use your own server through PGHOST/PGPORT/PGUSER/PGPASSWORD."
        ) from error
    return Server(
        host=str(datadir),
        port=5432,
        user=ROLE,
        embedded_datadir=None if already_running else datadir,
        _owner=owner,
    )


def start(odoo_config=None):
    """The server named by an Odoo config or PG* variables, else the embedded one."""
    odoo_config = odoo_config or os.environ.get("ODOO_RC")
    server = (from_odoo_config(odoo_config) if odoo_config else None) or _from_environment()
    source = "an existing server"
    if server is None:
        server = _embedded()
        source = "the embedded server"
    try:
        server.connect().close()
    except psycopg2.OperationalError as error:
        server.stop()
        message = str(error).strip().splitlines()[0]
        raise HarnessError(
            f"PostgreSQL ({source}, host {server.host} port {server.port} user {server.user}) "
            f"is unreachable: {message}\n"
            "  Check PGHOST/PGPORT/PGUSER/PGPASSWORD (or the Odoo config), or unset them "
            "to use the embedded server. Odoo refuses the 'postgres' role: "
            "use a role with CREATEDB."
        ) from error
    if server.user == "postgres":
        raise HarnessError(
            "Odoo refuses to run as the 'postgres' role: create a role with CREATEDB "
            "(createuser --createdb odoo) and set PGUSER."
        )
    return server
