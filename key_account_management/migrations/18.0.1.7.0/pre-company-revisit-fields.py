"""18.0.1.7.0: the company's revisit settings carry the add-on's prefix.

``revisit_plan_trigger``, ``revisit_template_id`` and
``revisit_horizon_months`` are fields the add-on adds to Odoo's company:
they become ``kam_revisit_…``. The columns are renamed before the module
loads, so each company keeps its settings.
"""

from odoo.tools.sql import column_exists, rename_column

TABLE = "res_company"
FIELDS = ("revisit_plan_trigger", "revisit_template_id", "revisit_horizon_months")


def migrate(cr, version):
    for name in FIELDS:
        if column_exists(cr, TABLE, name) and not column_exists(cr, TABLE, f"kam_{name}"):
            rename_column(cr, TABLE, name, f"kam_{name}")
