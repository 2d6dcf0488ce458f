"""Shared pytest hooks: browser tests may fail, never be skipped silently."""

import logging

import pytest


class _ImportWarningFilter(logging.Filter):
    # pytest-odoo imports odoo.tests before Odoo's test mode is set (setting
    # test_enable earlier would run every at_install test at registry load),
    # so Odoo logs a spurious "Importing test framework" error.
    def filter(self, record):
        return not str(record.msg).startswith("Importing test framework")


logging.getLogger("odoo.tests.common").addFilter(_ImportWarningFilter())


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    instance = getattr(item, "instance", None)
    if not report.skipped or instance is None:
        return
    from odoo.tests import HttpCase

    if isinstance(instance, HttpCase):
        # Odoo skips tours when Chromium or websocket-client is missing, and
        # pytest-odoo skips them without --odoo-http: both hide broken UIs.
        report.outcome = "failed"
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.longrepr = (
            f"browser test was skipped ({reason}): install Chromium and "
            "websocket-client and run with --odoo-http"
        )


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    # Python 3.11.7's compile() fails ("AST constructor recursion depth
    # mismatch") when threads parse manifests at once: the first parallel
    # requests of a tour or of wkhtmltopdf would. Load the static paths here.
    import odoo.http

    odoo.http.root.statics  # noqa: B018
    # Odoo's own runner marks the running test; HTTP requests of tours check
    # it before using the test cursor. pytest-odoo does this only for 19.0+.
    instance = getattr(item, "instance", None)
    if instance is not None:
        import odoo.modules.module

        odoo.modules.module.current_test = instance


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item):
    import odoo.modules.module

    odoo.modules.module.current_test = False
