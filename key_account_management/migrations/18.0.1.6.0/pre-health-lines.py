"""18.0.1.6.0: account health stored as data, before the module loads.

The factors of a health snapshot become lines of a stored model,
``key.account.health.line``, which was an SQL view over the snapshot's
fourteen factor columns: the view goes, so that the table takes its name
(the post-migration fills it from those columns).
"""

from odoo.tools import SQL
from odoo.tools.sql import TableKind, table_kind

VIEW = "key_account_health_line"


def migrate(cr, version):
    if table_kind(cr, VIEW) == TableKind.View:
        cr.execute(SQL("DROP VIEW %s", SQL.identifier(VIEW)))
