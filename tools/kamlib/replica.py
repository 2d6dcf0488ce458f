"""A streaming read replica of a PostgreSQL server, on loopback, for Odoo's
``db_replica_host``/``db_replica_port``.

``pg_basebackup -R`` copies the primary into a folder under ``.kam/`` and the
standby (``postgres`` of the same major version, the embedded server's own
binaries when they match) runs from it on 127.0.0.1 and a free port, as the
operating-system user the primary runs as (PostgreSQL refuses root). It is a
copy of the whole cluster, streaming without a replication slot: nothing is
left on the primary when it stops.

The embedded server replicates as its superuser ``postgres`` (trusted on its
socket, ``local replication`` in its pg_hba.conf). An existing server needs
the Odoo role to have the REPLICATION right and a ``replication`` line in
its pg_hba.conf; when it has not, ``ReplicaUnavailable`` says why.
"""

import os
import pwd
import re
import shutil
import signal
import subprocess
import tempfile
import time
import warnings
from pathlib import Path

import psycopg2

from .bootstrap import STATE, HarnessError
from .odoo_runner import LOG_DIR, free_port

HOST = "127.0.0.1"
# the standby's name, which it gives the primary for its replication
CLUSTER_NAME = "kam_replica"
# settings a hot standby must hold at least as high as its primary
STANDBY_MINIMUMS = (
    "max_connections",
    "max_worker_processes",
    "max_wal_senders",
    "max_prepared_transactions",
    "max_locks_per_transaction",
)


class ReplicaUnavailable(HarnessError):
    """An existing server that cannot be replicated from here (rights,
    pg_hba.conf, binaries); the embedded server always can."""


def is_embedded(server):
    """The embedded server (of this checkout or another): its socket is in its
    data directory."""
    return bool(server.host) and (Path(server.host) / "PG_VERSION").is_file()


def _pgserver_bin():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs, as in postgres.py
        from pgserver._commands import POSTGRES_BIN_PATH
    return Path(POSTGRES_BIN_PATH)


def _major(binary):
    output = subprocess.run(
        [str(binary), "--version"], capture_output=True, text=True, check=False
    ).stdout
    match = re.search(r"(\d+)(?:\.\d+)?", output)
    return int(match[1]) if match else None


def _binaries(major):
    """A folder with pg_basebackup and postgres of this major version: the
    embedded server's, else the system's."""
    candidates = [_pgserver_bin(), Path(f"/usr/lib/postgresql/{major}/bin")]
    pg_config = shutil.which("pg_config")
    if pg_config:
        bindir = subprocess.run(
            [pg_config, "--bindir"], capture_output=True, text=True, check=False
        ).stdout.strip()
        if bindir:
            candidates.append(Path(bindir))
    for folder in candidates:
        if (folder / "pg_basebackup").is_file() and _major(folder / "postgres") == major:
            return folder
    raise ReplicaUnavailable(
        f"no PostgreSQL {major} binaries (postgres, pg_basebackup) to run a standby of the server"
    )


def _system_user(server):
    """Who runs the standby: the owner of the primary's data directory when
    known, else ``pgserver`` (as the embedded server does) when we are root."""
    if os.geteuid():
        return None
    if is_embedded(server):
        return pwd.getpwuid(Path(server.host).stat().st_uid).pw_name
    from pgserver.utils import ensure_user_exists

    return ensure_user_exists("pgserver").pw_name


class Replica:
    """A running standby; ``stop()`` (or leaving the ``with`` block) removes it."""

    def __init__(self, primary, role, port, folder, process, log_file):
        self.primary = primary
        self.role = role
        self.host = HOST
        self.port = port
        self.folder = folder
        self.process = process
        self.log_file = log_file

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

    def odoo_options(self):
        return {"db_replica_host": self.host, "db_replica_port": str(self.port)}

    def connect(self, dbname="postgres"):
        return psycopg2.connect(
            host=self.host,
            port=self.port,
            user=self.primary.user,
            password=self.primary.password or None,
            dbname=dbname,
            connect_timeout=10,
        )

    def query(self, dbname, sql, params=()):
        conn = self.connect(dbname)
        try:
            with conn.cursor() as cr:
                cr.execute(sql, params)
                return cr.fetchall()
        finally:
            conn.close()

    def replay_lag(self):
        """Seconds the replica's replay lags behind the primary, as the
        primary last measured it; None when the role may not see it."""
        conn = psycopg2.connect(
            host=self.primary.host,
            port=self.primary.port,
            user=self.role,
            password=self.primary.password or None,
            dbname="postgres",
        )
        try:
            with conn.cursor() as cr:
                cr.execute(
                    "SELECT extract(epoch FROM replay_lag) FROM pg_stat_replication "
                    "WHERE application_name = %s",
                    [CLUSTER_NAME],
                )
                row = cr.fetchone()
        finally:
            conn.close()
        return float(row[0]) if row and row[0] is not None else None

    def wait_until_accepting(self, timeout):
        """Wait until the standby lets Odoo's role in (it refuses while it
        starts up); a refusal of another kind is raised."""
        deadline = time.monotonic() + timeout
        while True:
            self._check_running()
            try:
                self.query("postgres", "SELECT 1")
                return
            except psycopg2.OperationalError as error:
                message = str(error)
                if not any(
                    state in message
                    for state in ("starting up", "Connection refused", "not yet accepting")
                ):
                    raise
            if time.monotonic() > deadline:
                raise HarnessError(
                    f"the replica did not accept connections in {timeout} s; see {self.log_file}"
                )
            time.sleep(0.1)

    def wait_for_replay(self, timeout=120):
        """Wait until the standby has replayed everything the primary had
        flushed when called (what every committed transaction wrote)."""
        with self.primary.connect() as conn, conn.cursor() as cr:
            cr.execute("SELECT pg_current_wal_flush_lsn()")
            [target] = cr.fetchone()
        conn.close()
        deadline = time.monotonic() + timeout
        while True:
            self._check_running()
            [[replayed]] = self.query(
                "postgres",
                "SELECT pg_is_in_recovery() AND pg_last_wal_replay_lsn() >= %s::pg_lsn",
                [target],
            )
            if replayed:
                return target
            if time.monotonic() > deadline:
                raise HarnessError(
                    f"the replica did not replay up to {target} in {timeout} s; see {self.log_file}"
                )
            time.sleep(0.1)

    def _check_running(self):
        if self.process.poll() is not None:
            tail = "\n".join(self.log_file.read_text(errors="replace").splitlines()[-15:])
            raise HarnessError(f"the replica stopped; its log {self.log_file}:\n{tail}")

    def stop(self):
        if self.process.poll() is None:
            # fast shutdown; pg_ctl refuses root, a signal does not
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(30)
        shutil.rmtree(self.folder, ignore_errors=True)


def _settings(server):
    with server.connect() as conn, conn.cursor() as cr:
        cr.execute("SHOW server_version_num")
        major = int(cr.fetchone()[0]) // 10000
        values = {}
        for name in ("wal_level", *STANDBY_MINIMUMS):
            cr.execute(f"SHOW {name}")
            values[name] = cr.fetchone()[0]
        cr.execute("SELECT rolreplication OR rolsuper FROM pg_roles WHERE rolname = current_user")
        may_replicate = cr.fetchone()[0]
    conn.close()
    return major, values, may_replicate


def start(server, name="replica", timeout=300):
    """Start a streaming standby of ``server`` and wait until it has caught
    up; use it as a context manager. Its log is .kam/logs/<name>.log."""
    embedded = is_embedded(server)
    unavailable = HarnessError if embedded else ReplicaUnavailable
    major, settings, may_replicate = _settings(server)
    if settings["wal_level"] == "minimal" or settings["max_wal_senders"] == "0":
        raise unavailable(
            f"the server does not stream its WAL (wal_level={settings['wal_level']}, "
            f"max_wal_senders={settings['max_wal_senders']})"
        )
    if may_replicate:
        role = server.user
    elif embedded:
        role = "postgres"  # the embedded server's superuser, trusted on its socket
    else:
        raise unavailable(
            f"the role {server.user} may not replicate: ALTER ROLE {server.user} REPLICATION, "
            "and a 'host replication' line for it in pg_hba.conf"
        )
    binaries = _binaries(major)
    user = _system_user(server)
    STATE.mkdir(exist_ok=True)
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="replica-", dir=STATE))
    data = folder / "data"
    if user:
        from pgserver.utils import ensure_prefix_permissions

        ensure_prefix_permissions(folder)  # the standby's user traverses .kam/
        entry = pwd.getpwnam(user)
        os.chown(folder, entry.pw_uid, entry.pw_gid)
    environment = dict(os.environ, PGPASSWORD=server.password or "")
    backup = subprocess.run(
        [
            str(binaries / "pg_basebackup"),
            f"--host={server.host}",
            f"--port={server.port}",
            f"--username={role}",
            f"--pgdata={data}",
            "--write-recovery-conf",
            "--wal-method=stream",
            "--checkpoint=fast",
            # a copy thrown away at the end: no waiting for the disk
            "--no-sync",
            "--no-password",
        ],
        user=user,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if backup.returncode:
        shutil.rmtree(folder, ignore_errors=True)
        raise unavailable(f"pg_basebackup failed: {backup.stderr.strip()}")
    # a cluster configured outside its data directory (Debian's /etc) copies
    # without its configuration files: the standby needs them to start
    for file_name, content in (
        ("postgresql.conf", ""),
        ("pg_hba.conf", f"host all all {HOST}/32 scram-sha-256\n"),
    ):
        path = data / file_name
        if not path.exists():
            path.write_text(content)
            if user:
                os.chown(path, pwd.getpwnam(user).pw_uid, pwd.getpwnam(user).pw_gid)
    port = free_port()
    log_file = LOG_DIR / f"{name}.log"
    minimums = [
        argument
        for setting in STANDBY_MINIMUMS
        for argument in ("-c", f"{setting}={settings[setting]}")
    ]
    with log_file.open("w") as log:
        process = subprocess.Popen(
            [
                str(binaries / "postgres"),
                "-D",
                str(data),
                "-p",
                str(port),
                "-h",
                HOST,
                "-k",
                str(data),
                # a long read is not cancelled when the primary vacuums the
                # rows it reads
                "-c",
                "hot_standby_feedback=on",
                # a throwaway copy: no syncing every file at start-up and at
                # each restart point
                "-c",
                "fsync=off",
                "-c",
                "logging_collector=off",
                "-c",
                f"cluster_name={CLUSTER_NAME}",
                *minimums,
            ],
            user=user,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    replica = Replica(server, role, port, folder, process, log_file)
    try:
        # Odoo connects as its own role on loopback: the copied pg_hba.conf
        # must let it in
        replica.wait_until_accepting(timeout)
        replica.wait_for_replay(timeout)
    except psycopg2.OperationalError as error:
        replica.stop()
        raise unavailable(
            f"the replica refuses {server.user} on {HOST}:{port}: {str(error).strip()}"
        ) from error
    except BaseException:
        replica.stop()
        raise
    return replica
