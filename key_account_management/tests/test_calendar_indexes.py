"""The indexes that deleting meetings needs (plain Odoo has neither)."""

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestCalendarIndexes(TransactionCase):
    def test_meeting_lookups_are_indexed(self):
        for table, column in (
            ("calendar_attendee", "event_id"),
            ("mail_activity", "calendar_event_id"),
        ):
            self.env.cr.execute(
                "SELECT indexdef FROM pg_indexes WHERE tablename = %s AND indexdef LIKE %s",
                [table, f"%({column})%"],
            )
            self.assertTrue(self.env.cr.fetchall(), f"{table}.{column} has no index")
