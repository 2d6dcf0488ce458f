"""The indexes the add-on's batched reads and deletes need, which plain
Odoo does not have."""

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestLookupIndexes(TransactionCase):
    def test_lookups_are_indexed(self):
        for table, column in (
            # deleting meetings looks their attendees and activities up
            ("calendar_attendee", "event_id"),
            ("mail_activity", "calendar_event_id"),
            # receivables, tiers and health read invoices by customer
            ("account_move", "commercial_partner_id"),
            # the whitespace map reads a site's invoices by delivery address
            ("account_move", "partner_shipping_id"),
        ):
            self.env.cr.execute(
                "SELECT indexdef FROM pg_indexes WHERE tablename = %s AND indexdef LIKE %s",
                [table, f"%({column})%"],
            )
            self.assertTrue(self.env.cr.fetchall(), f"{table}.{column} has no index")
