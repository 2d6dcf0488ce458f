from odoo import fields
from odoo.tests import tagged
from odoo.tools import format_date

from .common_health import KeyAccountHealthCommon


@tagged("post_install", "-at_install")
class TestHealthFresh(KeyAccountHealthCommon):
    """A record that changes a factor's data measures its account again when
    the transaction commits: the Health tab's factors keep step with its
    last contact."""

    def _commit(self):
        self.env.flush_all()
        self.env.cr.precommit.run()

    def test_a_visit_measures_its_account_again(self):
        self._contact(40)
        self._commit()
        before = self._factor(self._measure(), "contact").detail
        self.assertIn("40", before)
        self.env["key.account.visit"].with_user(self.user_rep).create(
            {
                "account_id": self.account.id,
                "visit_datetime": fields.Datetime.now(),
                "method": "visit",
                "progress": "contact",
                "customer_attitude": "neutral",
            }
        )
        self.assertIn(
            "40",
            self._factor(self.account.kam_health_snapshot_id, "contact").detail,
            "until commit",
        )
        self._commit()
        snapshot = self.account.kam_health_snapshot_id
        self.assertEqual(self.account.kam_last_contact_date, fields.Date.today())
        self.assertNotEqual(self._factor(snapshot, "contact").detail, before)
        self.assertNotIn("40", self._factor(snapshot, "contact").detail or "")

    def test_the_measure_at_commit_reaches_the_database(self):
        # the measure runs after the commit's flush: what it writes must be
        # in the database when the commit happens, not only in the cache
        self._contact(40)
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.env.cr.execute(
            "SELECT snapshot.id, snapshot.date, partner.kam_health_date "
            "FROM res_partner partner "
            "JOIN key_account_health_snapshot snapshot ON snapshot.partner_id = partner.id "
            "WHERE partner.id = %s AND partner.kam_health_snapshot_id = snapshot.id",
            [self.account.id],
        )
        self.assertEqual(
            self.env.cr.fetchall(), [(self.account.kam_health_snapshot_id.id,) + (self.today,) * 2]
        )

    def test_a_revisit_done_measures_its_account_again(self):
        plan = self._plan()
        self._rate(plan, 1)
        self._commit()
        low = self._factor(self.account.kam_health_snapshot_id, "satisfaction").score
        second = plan.revisit_ids.sorted("scheduled_date")[1]
        second.action_done()
        second.write({"satisfaction": "5", "done_date": second.scheduled_date})
        self._commit()
        self.assertGreater(
            self._factor(self.account.kam_health_snapshot_id, "satisfaction").score, low
        )

    def test_one_measure_for_many_records(self):
        self._commit()
        calls = []
        original = type(self.account)._kam_refresh_health

        def count(records):
            calls.append(records.ids)
            return original(records)

        self.patch(type(self.account), "_kam_refresh_health", count)
        for days in (3, 2, 1):
            self._contact(days)
        self._commit()
        self.assertEqual(calls, [[self.account.id]])

    def test_dates_in_the_texts_in_the_readers_format(self):
        economic_buyer = self._role(self.economic_buyer, "economic_buyer", met_days_ago=20)
        snapshot = self._measure()
        met_on = economic_buyer.last_contact_date
        self.assertNotIn(fields.Date.to_string(met_on), self._factor(snapshot, "coverage").detail)
        self.assertIn(format_date(self.env, met_on), self._factor(snapshot, "coverage").detail)

    def test_measured_again_the_month_keeps_its_lines(self):
        """The month's lines are rewritten where their figures moved, not
        deleted and created again; a line as measured before figures were
        kept, and a factor's second line, do not survive a new measure."""
        self._contact(40)
        snapshot = self._measure()
        lines = snapshot.line_ids
        contact = self._factor(snapshot, "contact")
        other = (lines.filtered("has_data") - contact)[:1]
        self.assertTrue(other, "a second factor with data")
        figures = other.figures
        other.write({"legacy_detail": "as written once", "figures": False, "has_data": False})
        second = contact.copy({"score": 0.0})
        self._contact(3)
        self.env.invalidate_all()
        self.assertEqual(self._measure(), snapshot)
        self.assertEqual(snapshot.line_ids, lines, "the same lines, the second one gone")
        self.assertFalse(second.exists())
        self.assertNotIn("40", contact.detail)
        self.assertFalse(other.legacy_detail)
        self.assertEqual(other.figures, figures)
        self.assertTrue(other.has_data)
