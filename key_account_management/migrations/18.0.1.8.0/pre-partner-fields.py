"""18.0.1.8.0: the contact's department and manager carry the add-on's prefix.

``department`` and ``reports_to_id`` are fields the add-on adds to Odoo's
contacts (and, through them, to users): they become ``kam_department`` and
``kam_reports_to_id``. Renamed before the module loads, so that every person
keeps their department and place in the organisation chart, and the fields
keep their records (their XML ids, and what points at them) instead of being
deleted and created anew. The manager's index and foreign key take the names
a new installation gives them.
"""

from odoo.tools import SQL
from odoo.tools.sql import column_exists, index_exists, make_index_name, rename_column

TABLE = "res_partner"
FIELDS = ("department", "reports_to_id")
# res.users inherits the contact's fields: they are reflected on it too
MODELS = ("res.partner", "res.users")
MODULE = "key_account_management"


def _constraint_exists(cr, table, name):
    cr.execute(
        SQL(
            "SELECT 1 FROM pg_constraint WHERE conname = %s AND conrelid = %s::regclass",
            name,
            table,
        )
    )
    return bool(cr.rowcount)


def _rename_columns(cr):
    for name in FIELDS:
        if column_exists(cr, TABLE, name) and not column_exists(cr, TABLE, f"kam_{name}"):
            rename_column(cr, TABLE, name, f"kam_{name}")
    old_index = make_index_name(TABLE, "reports_to_id")
    new_index = make_index_name(TABLE, "kam_reports_to_id")
    if index_exists(cr, old_index) and not index_exists(cr, new_index):
        cr.execute(
            SQL(
                "ALTER INDEX %s RENAME TO %s",
                SQL.identifier(old_index),
                SQL.identifier(new_index),
            )
        )
    old_key = f"{TABLE}_reports_to_id_fkey"
    new_key = f"{TABLE}_kam_reports_to_id_fkey"
    if _constraint_exists(cr, TABLE, old_key) and not _constraint_exists(cr, TABLE, new_key):
        cr.execute(
            SQL(
                "ALTER TABLE %s RENAME CONSTRAINT %s TO %s",
                SQL.identifier(TABLE),
                SQL.identifier(old_key),
                SQL.identifier(new_key),
            )
        )
        cr.execute(
            SQL(
                """
                UPDATE ir_model_constraint
                   SET name = %s
                 WHERE name = %s
                   AND module = (SELECT id FROM ir_module_module WHERE name = %s)
                """,
                new_key,
                old_key,
                MODULE,
            )
        )


def _rename_fields(cr):
    for model in MODELS:
        for name in FIELDS:
            new_name = f"kam_{name}"
            cr.execute(
                SQL(
                    """
                    UPDATE ir_model_fields
                       SET name = %(new)s
                     WHERE model = %(model)s AND name = %(old)s
                       AND NOT EXISTS (
                           SELECT 1 FROM ir_model_fields
                            WHERE model = %(model)s AND name = %(new)s
                       )
                    """,
                    model=model,
                    old=name,
                    new=new_name,
                )
            )
            prefix = f"field_{model.replace('.', '_')}__"
            cr.execute(
                SQL(
                    """
                    UPDATE ir_model_data
                       SET name = %(new)s
                     WHERE module = %(module)s AND model = 'ir.model.fields'
                       AND name = %(old)s
                       AND NOT EXISTS (
                           SELECT 1 FROM ir_model_data
                            WHERE module = %(module)s AND name = %(new)s
                       )
                    """,
                    module=MODULE,
                    old=prefix + name,
                    new=prefix + new_name,
                )
            )


def migrate(cr, version):
    _rename_columns(cr)
    _rename_fields(cr)
