"""The look-ups of the add-on's batched reads and deletes, which plain Odoo
leaves to a scan of the whole table, are served by an index."""

import re

from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL


def _scans(node):
    """The nodes of a query plan (``EXPLAIN (FORMAT JSON)``), this one first."""
    yield node
    for child in node.get("Plans", ()):
        yield from _scans(child)


@tagged("post_install", "-at_install")
class TestLookupIndexes(TransactionCase):
    def _index_conditions(self, model, field):
        """How PostgreSQL finds the records of ``model`` whose ``field`` is
        one of a few values, in the search the ORM makes for them: the
        conditions an index is looked up with, on ``model``'s table. The
        planner is told to avoid scanning the whole table, so that the plan
        does not depend on how many rows the table holds: it scans it whole
        only when no index serves the look-up."""
        Model = self.env[model]
        query = Model._search([(field, "in", [1, 2, 3])])
        cr = self.env.cr
        cr.execute("SET LOCAL enable_seqscan = off")
        try:
            [(plan,)] = self.env.execute_query(SQL("EXPLAIN (FORMAT JSON) %s", query.select()))
        finally:
            cr.execute("RESET enable_seqscan")
        conditions = []
        for scan in _scans(plan[0]["Plan"]):
            if scan.get("Relation Name") == Model._table:
                # a bitmap scan's index conditions are on its children
                conditions += [
                    index_scan["Index Cond"]
                    for index_scan in _scans(scan)
                    if "Index Cond" in index_scan
                ]
        return conditions, plan

    def test_lookups_are_indexed(self):
        for model, field in (
            # deleting meetings looks their attendees and activities up
            ("calendar.attendee", "event_id"),
            ("mail.activity", "calendar_event_id"),
            # receivables, tiers and health read invoices by customer
            ("account.move", "commercial_partner_id"),
            # the whitespace map reads a site's invoices by delivery address
            ("account.move", "partner_shipping_id"),
        ):
            with self.subTest(model=model, field=field):
                conditions, plan = self._index_conditions(model, field)
                self.assertTrue(
                    any(re.search(rf"\b{field}\b", condition) for condition in conditions),
                    f"{model} by {field}: no index looked up\n{plan}",
                )
