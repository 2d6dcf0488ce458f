"""Install, upgrade and uninstall the module on a fresh database."""

from conftest import MODULE, problem_lines


def _module_state(harness, database):
    rows = harness.query(database, "SELECT state FROM ir_module_module WHERE name = %s", [MODULE])
    return rows[0][0] if rows else None


def _partner_columns(harness, database):
    rows = harness.query(
        database,
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'res_partner'",
    )
    return {row[0] for row in rows}


def test_install_upgrade_uninstall(harness):
    database = harness.clone(harness.base_template, "kam_sys_lifecycle")
    assert _module_state(harness, database) == "uninstalled"

    code, log = harness.odoo(
        "-d", database, "-i", MODULE, "--stop-after-init", "--no-http", log_name="sys-install"
    )
    assert code == 0, log[-3000:]
    assert f"odoo.modules.loading: loading {MODULE}/security/key_account_security.xml" in log
    assert problem_lines(log) == []
    assert _module_state(harness, database) == "installed"
    assert "is_key_account" in _partner_columns(harness, database)

    code, log = harness.odoo(
        "-d", database, "-u", MODULE, "--stop-after-init", "--no-http", log_name="sys-upgrade"
    )
    assert code == 0, log[-3000:]
    assert problem_lines(log) == []
    assert _module_state(harness, database) == "installed"

    code, log = harness.odoo_shell(
        database,
        f"env['ir.module.module'].search([('name', '=', '{MODULE}')]).button_immediate_uninstall()",
        log_name="sys-uninstall",
    )
    assert code == 0, log[-3000:]
    assert problem_lines(log) == []
    assert _module_state(harness, database) == "uninstalled"
    assert "is_key_account" not in _partner_columns(harness, database)
    menus = harness.query(
        database,
        "SELECT count(*) FROM ir_model_data WHERE module = %s",
        [MODULE],
    )
    assert menus[0][0] == 0
