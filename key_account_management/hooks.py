MODULE = "key_account_management"


def post_init_hook(env):
    """Every company starts with the add-on's default grade rules, 003's
    budgets per market and our health weights; the key accounts already
    there (the demo's) are measured at once."""
    env["res.company"].search([])._kam_create_default_tables()
    env["res.partner"].search([("is_key_account", "=", True)])._kam_refresh_health()


def uninstall_hook(env):
    """Remove this module's demo invoices and payments before its data goes.

    Odoo keeps reconciled and posted entries when their module is uninstalled,
    so the demo customers and product they point to could not be removed
    either. Only the entries this module created (its own XML ids) are
    touched: reconciliations undone, reset to draft, deleted."""
    data = env["ir.model.data"].search(
        [("module", "=", MODULE), ("model", "in", ("account.move", "account.payment"))]
    )
    ids = {model: [] for model in ("account.move", "account.payment")}
    for record in data:
        ids[record.model].append(record.res_id)
    payments = env["account.payment"].browse(ids["account.payment"]).exists()
    moves = env["account.move"].browse(ids["account.move"]).exists()
    entries = moves | payments.move_id
    entries.line_ids.remove_move_reconcile()
    payments.action_draft()
    entries.filtered(lambda move: move.state != "draft").button_draft()
    payments.with_context(force_delete=True).unlink()
    moves.with_context(force_delete=True).unlink()
