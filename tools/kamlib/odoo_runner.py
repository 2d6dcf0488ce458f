"""Run odoo-bin against a generated configuration file."""

import configparser
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from .bootstrap import PROJECT, STATE, HarnessError

MODULE = "key_account_management"
DEPENDENCIES = "crm,sale_crm,account,calendar,web_hierarchy,spreadsheet_dashboard"
DATA_DIR = STATE / "data"
LOG_DIR = STATE / "logs"


def odoo_path():
    return Path(os.environ["ODOO_PATH"])


def odoo_bin():
    return odoo_path() / "odoo-bin"


def addons_path():
    return f"{odoo_path() / 'odoo' / 'addons'},{PROJECT}"


def write_config(name, server, **options):
    """Write .kam/<name>.conf for this server; return its path."""
    STATE.mkdir(exist_ok=True)
    parser = configparser.ConfigParser()
    parser["options"] = {
        "addons_path": addons_path(),
        "data_dir": str(DATA_DIR),
        "admin_passwd": "admin",
        "without_demo": "False",
        "max_cron_threads": "0",
        **server.odoo_options(),
        **{key: str(value) for key, value in options.items()},
    }
    path = STATE / f"{name}.conf"
    with path.open("w") as handle:
        parser.write(handle)
    return path


def environment():
    """Odoo importable, bytecode cached in a git-ignored folder (halves start-up)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(STATE / "pycache")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(odoo_path()), env.get("PYTHONPATH")]))
    return env


def command(config, *args, subcommand=None):
    # `odoo-bin shell -c conf` works, `odoo-bin -c conf shell` does not
    head = [subcommand] if subcommand else []
    return [sys.executable, str(odoo_bin()), *head, "-c", str(config), *args]


def run(config, *args, log_name=None, stdin=None, check=True, subcommand=None):
    """Run odoo-bin to completion; its log goes to .kam/logs/<log_name>.log."""
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    log_file = LOG_DIR / f"{log_name or 'odoo'}.log"
    with log_file.open("w") as log:
        result = subprocess.run(
            command(config, *args, subcommand=subcommand),
            env=environment(),
            stdout=log,
            stderr=subprocess.STDOUT,
            input=stdin,
            text=True,
            check=False,
        )
    if check and result.returncode:
        tail = "\n".join(log_file.read_text().splitlines()[-25:])
        raise HarnessError(
            f"odoo-bin {' '.join(args)} failed (exit {result.returncode}); log: {log_file}\n{tail}"
        )
    return result.returncode, log_file


def shell(config, database, code, log_name="shell"):
    """Run Python code in `odoo-bin shell` (env is bound) and commit."""
    script = f"{code}\nenv.cr.commit()\n"
    return run(
        config, "-d", database, "--no-http", log_name=log_name, stdin=script, subcommand="shell"
    )


def port_is_free(port):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("0.0.0.0", port))
        except OSError:
            return False
    return True


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(config, database, log_file, *args, env=None, timeout=180):
    """Start an Odoo HTTP server for ``database`` on a free port of
    127.0.0.1, logging to ``log_file``; return (process, url) once it answers."""
    port = free_port()
    process = subprocess.Popen(
        command(
            config,
            "-d",
            database,
            "--db-filter",
            f"^{database}$",
            "--http-interface=127.0.0.1",
            f"--http-port={port}",
            f"--logfile={log_file}",
            *args,
        ),
        env={**environment(), **(env or {})},
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise HarnessError(f"Odoo stopped at start; see {log_file}")
        try:
            with urllib.request.urlopen(f"{url}/web/health", timeout=5) as response:
                if response.status == 200:
                    return process, url
        except OSError:
            pass
        if time.monotonic() > deadline:
            process.terminate()
            raise HarnessError(f"Odoo did not answer on {url} within {timeout} s; see {log_file}")
        time.sleep(0.5)


def stop(process, timeout=30):
    """Stop a server started by ``serve``: cut a running cron job short."""
    process.terminate()
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout)


# a request's line in an Odoo log with a replica configured: its path, HTTP
# status and the cursor it was served with ('ro': the replica, 'rw': the
# primary, 'ro->rw': a read-only request that went to the primary)
REQUEST_LINE = re.compile(
    r' werkzeug: \S+ - - \[[^]]+\] "(?P<verb>[A-Z]+) (?P<path>\S+) [^"]*" (?P<status>\d+) '
    r".* (?P<mode>ro|rw|ro->rw|-)$"
)


def requests_served(log_text):
    """[(path, status, cursor mode)] of the requests in an Odoo log."""
    return [
        (match["path"], int(match["status"]), match["mode"])
        for match in map(REQUEST_LINE.search, log_text.splitlines())
        if match
    ]
