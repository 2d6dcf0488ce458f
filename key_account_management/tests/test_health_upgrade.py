"""18.0.1.6.0: the snapshots' factor columns become health lines."""

import importlib.util

from odoo.tests import tagged
from odoo.tools import SQL
from odoo.tools.misc import file_path
from odoo.tools.sql import TableKind, column_exists, table_kind

from .common_health import KeyAccountHealthCommon

MODULE = "key_account_management"
VERSION = "18.0.1.6.0"
FACTORS = ("contact", "coverage", "satisfaction", "money", "purchases", "problems", "momentum")


def _migration(name):
    path = file_path(f"{MODULE}/migrations/{VERSION}/{name}.py")
    spec = importlib.util.spec_from_file_location(f"kam_{name.replace('-', '_')}", path)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    return migration


@tagged("post_install", "-at_install")
class TestHealthUpgrade(KeyAccountHealthCommon):
    def _old_snapshot(self, snapshot, factors, next_action):
        """Give the snapshot the columns of 18.0.1.5.0 and their values,
        without its lines and the figures of its next action."""
        self.env.flush_all()
        cr = self.env.cr
        for factor in FACTORS:
            cr.execute(
                SQL(
                    "ALTER TABLE key_account_health_snapshot ADD COLUMN %s numeric, "
                    "ADD COLUMN %s varchar",
                    SQL.identifier(f"{factor}_score"),
                    SQL.identifier(f"{factor}_detail"),
                )
            )
        cr.execute("ALTER TABLE key_account_health_snapshot ADD COLUMN next_action varchar")
        for factor, (score, detail) in factors.items():
            cr.execute(
                SQL(
                    "UPDATE key_account_health_snapshot SET %s = %s, %s = %s WHERE id = %s",
                    SQL.identifier(f"{factor}_score"),
                    score,
                    SQL.identifier(f"{factor}_detail"),
                    detail,
                    snapshot.id,
                )
            )
        cr.execute(
            "UPDATE key_account_health_snapshot SET next_action = %s, next_action_figures = NULL "
            "WHERE id = %s",
            [next_action, snapshot.id],
        )
        cr.execute("DELETE FROM key_account_health_line WHERE snapshot_id = %s", [snapshot.id])
        self.env.invalidate_all()

    def _upgrade(self):
        _migration("pre-health-lines").migrate(self.env.cr, "18.0.1.5.0")
        _migration("post-health-lines").migrate(self.env.cr, "18.0.1.5.0")
        self.env.invalidate_all()

    def test_columns_become_lines_and_keep_their_text(self):
        self._contact(40)
        snapshot = self._measure()
        other = self._measure(self.account2)
        other_lines = other.line_ids
        self._old_snapshot(
            snapshot,
            {
                "contact": (67, "Days since the last contact: 40 (contact every 30 days)"),
                "money": (100, "Nothing overdue"),
                # a factor without data: a score, no text
                "coverage": (0, None),
            },
            "Key account not contacted for 40 days (every 30 days): plan a visit with Cao Wen",
        )
        self._upgrade()

        self.assertEqual(table_kind(self.env.cr, "key_account_health_line"), TableKind.Regular)
        lines = snapshot.line_ids
        self.assertEqual(lines.mapped("factor"), list(FACTORS), "one line per factor, in order")
        contact = self._factor(snapshot, "contact")
        self.assertEqual((contact.score, contact.has_data), (67, True))
        self.assertFalse(contact.figures)
        # the old sentence is all there is: shown as it was written
        self.assertEqual(
            contact.with_context(lang="en_US").detail,
            "Days since the last contact: 40 (contact every 30 days)",
        )
        self.assertEqual(self._factor(snapshot, "money").detail, "Nothing overdue")
        coverage = self._factor(snapshot, "coverage")
        self.assertFalse(coverage.has_data or coverage.detail)
        self.assertFalse(self._factor(snapshot, "purchases").has_data)
        self.assertEqual(
            (contact.partner_id, contact.month, contact.user_id),
            (snapshot.partner_id, snapshot.month, snapshot.user_id),
        )
        self.assertIn("plan a visit with Cao Wen", snapshot.next_action)
        self.assertEqual(snapshot.legacy_next_action, snapshot.next_action)
        # the lines of a snapshot measured since stay as they are
        self.assertEqual(other.line_ids, other_lines)
        for factor in FACTORS:
            for column in (f"{factor}_score", f"{factor}_detail"):
                self.assertFalse(column_exists(self.env.cr, "key_account_health_snapshot", column))
        self.assertFalse(column_exists(self.env.cr, "key_account_health_snapshot", "next_action"))

        # the next measure of the month writes figures in their place
        self._measure()
        contact = self._factor(snapshot, "contact")
        self.assertTrue(contact.figures)
        self.assertFalse(contact.legacy_detail or snapshot.legacy_next_action)
        self.assertTrue(snapshot.next_action_figures)

    def test_upgrade_again_changes_nothing(self):
        self._contact(40)
        snapshot = self._measure()
        lines = snapshot.line_ids
        self._upgrade()
        self.assertEqual(snapshot.line_ids, lines)
