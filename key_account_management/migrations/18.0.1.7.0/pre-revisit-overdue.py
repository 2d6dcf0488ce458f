"""18.0.1.7.0: a revisit is overdue by its date, no longer by a daily mark.

``is_overdue`` was a stored flag the daily job set; it is now read from the
state and the date. What the flag also recorded, that the responsible was
reminded of the revisit, is kept as ``overdue_reminded``: the column is
renamed before the module loads, so no revisit is reminded of twice.
"""

from odoo.tools.sql import column_exists, rename_column

TABLE = "key_account_revisit"


def migrate(cr, version):
    if column_exists(cr, TABLE, "is_overdue") and not column_exists(cr, TABLE, "overdue_reminded"):
        rename_column(cr, TABLE, "is_overdue", "overdue_reminded")
