"""Odoo's own crm and sale_crm tests keep passing with the module installed."""

import re

from kamlib import odoo_runner

RESULT = re.compile(r"odoo\.tests\.result: (\d+) failed, (\d+) error\(s\) of (\d+) tests")


def test_crm_and_sale_crm_suites(harness):
    database = harness.clone(harness.module_template, "kam_sys_odoo_suites")
    code, log = harness.odoo(
        "-d",
        database,
        "--db-filter",
        f"^{database}$",
        "-u",
        "crm,sale_crm",
        "--test-tags",
        "/crm,/sale_crm",
        "--stop-after-init",
        "--http-port",
        str(odoo_runner.free_port()),
        log_name="odoo-suites",
    )
    failures = [line for line in log.splitlines() if " ERROR " in line or "FAIL:" in line]
    results = RESULT.findall(log)
    assert results, "no test result line in the log:\n" + log[-3000:]
    failed, errors, total = (int(value) for value in results[-1])
    for module in ("crm", "sale_crm"):
        assert f"odoo.addons.{module}.tests." in log, f"no test of {module} ran"
    assert total > 100, f"only {total} tests ran"
    assert (failed, errors) == (0, 0), "\n".join(failures[:60])
    assert code == 0, "\n".join(failures[:60]) or log[-3000:]
