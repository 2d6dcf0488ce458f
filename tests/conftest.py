"""Fixtures of the system tests: databases cloned from the harness templates.

These tests drive Odoo from outside (odoo-bin, XML-RPC, JSON-RPC); they run
through `python3 tools/kam.py test`, which builds the templates and exports
their names.
"""

import os
import re
from pathlib import Path

import pytest
from kamlib import odoo_runner, postgres, templates

MODULE = odoo_runner.MODULE


class Harness:
    def __init__(self):
        missing = [
            name
            for name in ("KAM_BUILD_CONFIG", "KAM_BASE_TEMPLATE", "KAM_MODULE_TEMPLATE")
            if not os.environ.get(name)
        ]
        if missing:
            pytest.fail(f"{', '.join(missing)} not set: run these tests with tools/kam.py test")
        self.config = Path(os.environ["KAM_BUILD_CONFIG"])
        self.base_template = os.environ["KAM_BASE_TEMPLATE"]
        self.module_template = os.environ["KAM_MODULE_TEMPLATE"]
        self.server = postgres.from_odoo_config(self.config)
        self.created = []

    def clone(self, template, name):
        self.created.append(name)
        return templates.clone(self.server, template, name)

    def odoo(self, *args, log_name, stdin=None, subcommand=None):
        code, log_file = odoo_runner.run(
            self.config, *args, log_name=log_name, stdin=stdin, check=False, subcommand=subcommand
        )
        return code, log_file.read_text()

    def odoo_shell(self, database, code, log_name):
        script = f"{code}\nenv.cr.commit()\n"
        return self.odoo(
            "-d", database, "--no-http", log_name=log_name, stdin=script, subcommand="shell"
        )

    def query(self, database, sql, params=()):
        with self.server.connect(database) as conn, conn.cursor() as cr:
            cr.execute(sql, params)
            return cr.fetchall()

    def cleanup(self):
        for name in self.created:
            self.server.drop_database(name, odoo_runner.DATA_DIR)


@pytest.fixture(scope="session")
def harness():
    harness = Harness()
    yield harness
    harness.cleanup()


LOG_LEVEL = re.compile(r"^\S+ \S+ \d+ (WARNING|ERROR|CRITICAL) ")


def problem_lines(log, module=MODULE):
    """Warnings that name the module, and every error, of an Odoo log."""
    problems = []
    for line in log.splitlines():
        match = LOG_LEVEL.match(line)
        if not match:
            continue
        if match[1] != "WARNING" or module in line:
            problems.append(line)
    return problems
