"""`kam.py test`: lint, then every test through pytest and pytest-odoo.

pytest runs the module's unit tests and the top-level system tests on a
fresh clone of the cached module template; the top-level tests also run
Odoo's own crm and sale_crm suites with the module installed. pytest's
summary is the last thing printed.
"""

import importlib.util
import os
import shutil
import subprocess
import sys

from . import postgres, templates
from .bootstrap import PROJECT, HarnessError
from .odoo_runner import DATA_DIR, MODULE, environment, free_port, odoo_path, write_config

TEST_DATABASE = "kam_test"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def check_browser():
    """Tours and PDF checks must run, never be skipped: their tools are required."""
    missing = []
    if not any(shutil.which(name) for name in CHROMIUM_NAMES):
        missing.append("Chromium (Debian/Ubuntu: sudo apt-get install -y chromium)")
    if not shutil.which("wkhtmltopdf"):
        missing.append("wkhtmltopdf (Debian/Ubuntu: sudo apt-get install -y wkhtmltopdf)")
    if not shutil.which("pdftotext"):
        missing.append("pdftotext (Debian/Ubuntu: sudo apt-get install -y poppler-utils)")
    if importlib.util.find_spec("websocket") is None:
        missing.append("websocket-client (pip install -r requirements.txt)")
    if missing:
        raise HarnessError("browser tours or PDF checks cannot run; missing: " + "; ".join(missing))


def lint():
    """The hooks of .pre-commit-config.yaml on every file (ruff, pylint-odoo)."""
    venv_bin = os.path.dirname(sys.executable)
    print("kam: lint: pre-commit run --all-files", flush=True)
    env = dict(os.environ, PATH=os.pathsep.join([venv_bin, os.environ.get("PATH", "")]))
    check = [os.path.join(venv_bin, "pre-commit"), "run", "--all-files", "--show-diff-on-failure"]
    if subprocess.run(check, cwd=PROJECT, env=env, check=False).returncode:
        raise HarnessError("lint failed: pre-commit run --all-files (it fixes formatting itself)")


def run_tests(args):
    check_browser()
    if not args.no_lint:
        lint()
    server = postgres.start(args.odoo_config)
    try:
        build_config = write_config("build", server)
        base = templates.ensure_base_template(server, build_config)
        template = templates.ensure_module_template(server, build_config)
        templates.clone(server, template, TEST_DATABASE)
        # a free port: tours still run while a demo server holds 8069
        test_config = write_config(
            "test",
            server,
            db_name=TEST_DATABASE,
            dbfilter=f"^{TEST_DATABASE}$",
            http_port=free_port(),
        )
        env = environment()
        env.update(
            {
                "KAM_BUILD_CONFIG": str(build_config),
                "KAM_BASE_TEMPLATE": base,
                "KAM_MODULE_TEMPLATE": template,
                "KAM_DATA_DIR": str(DATA_DIR),
                "ODOO_PATH": str(odoo_path()),
            }
        )
        # paths among the extra arguments replace the default ones
        paths = [arg for arg in args.pytest_args if not arg.startswith("-")]
        command = [
            sys.executable,
            "-m",
            "pytest",
            f"--odoo-config={test_config}",
            f"--odoo-database={TEST_DATABASE}",
            "--odoo-http",
            *(
                []
                if "--odoo-log-level" in " ".join(args.pytest_args)
                else ["--odoo-log-level=warn"]
            ),
            *args.pytest_args,
            *([] if paths else [MODULE, "tests"]),
        ]
        print(f"kam: {' '.join(command[2:])}", flush=True)
        return subprocess.run(command, cwd=PROJECT, env=env, check=False).returncode
    finally:
        server.stop()
