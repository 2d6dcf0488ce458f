"""18.0.1.6.0: account health stored as data.

A snapshot kept each factor as two columns, a score and a finished sentence
(``<factor>_detail``, empty when the factor had no data) in the language of
whoever ran the daily job, and its next best action as a sentence too. Now
each factor is a line (``key.account.health.line``) holding its score,
whether it had data and the figures behind it, and the sentences are written
when read, in the reader's language.

The snapshots keep their history: each old column pair becomes a line with
its score and ``has_data``. An old sentence cannot be turned back into
figures, so it is kept as the line's ``legacy_detail``, shown as it was
written (likewise the next action, as ``legacy_next_action``); the next
daily measure of the current month replaces them with figures. Then the
columns are dropped. Lines that exist already (a snapshot measured again by
an earlier migration of the same upgrade, or the demo's) are kept.
"""

from odoo.tools import SQL
from odoo.tools.sql import column_exists

SNAPSHOT = "key_account_health_snapshot"
# the factors as the old columns named them, in their order
FACTORS = ("contact", "coverage", "satisfaction", "money", "purchases", "problems", "momentum")


def migrate(cr, version):
    for sequence, factor in enumerate(FACTORS):
        score, detail = f"{factor}_score", f"{factor}_detail"
        if not column_exists(cr, SNAPSHOT, score):
            continue
        cr.execute(
            SQL(
                """
                INSERT INTO key_account_health_line (
                    snapshot_id, partner_id, month, company_id, user_id, kam_tier,
                    factor, sequence, score, has_data, legacy_detail,
                    create_uid, create_date, write_uid, write_date
                )
                SELECT s.id, s.partner_id, s.month, s.company_id, s.user_id, s.kam_tier,
                       %(factor)s, %(sequence)s, COALESCE(s.%(score)s, 0),
                       s.%(detail)s IS NOT NULL, s.%(detail)s,
                       s.create_uid, s.create_date, s.write_uid, s.write_date
                  FROM %(snapshot)s s
                 WHERE NOT EXISTS (
                       SELECT 1 FROM key_account_health_line l
                        WHERE l.snapshot_id = s.id AND l.factor = %(factor)s
                 )
                """,
                factor=factor,
                sequence=sequence,
                score=SQL.identifier(score),
                detail=SQL.identifier(detail),
                snapshot=SQL.identifier(SNAPSHOT),
            )
        )
        for column in (score, detail):
            cr.execute(
                SQL(
                    "ALTER TABLE %s DROP COLUMN IF EXISTS %s",
                    SQL.identifier(SNAPSHOT),
                    SQL.identifier(column),
                )
            )
    # the next best action is no longer a stored column
    if column_exists(cr, SNAPSHOT, "next_action"):
        cr.execute(
            SQL(
                """
                UPDATE %(snapshot)s
                   SET legacy_next_action = next_action
                 WHERE next_action IS NOT NULL AND next_action_figures IS NULL
                """,
                snapshot=SQL.identifier(SNAPSHOT),
            )
        )
        cr.execute(SQL("ALTER TABLE %s DROP COLUMN next_action", SQL.identifier(SNAPSHOT)))
