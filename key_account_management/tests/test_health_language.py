"""Account health is stored as figures and written when read, in the
reader's language; the alert, a message, in its salesperson's."""

import re

from odoo.tests import tagged

from ..models.key_account_health_factor import HEALTH_FACTORS
from .common_health import KeyAccountHealthCommon

MODULE = "key_account_management"
# what a figure may be when it is a string: a key (a buying role, a kind of
# action, a tier) or a date
KEY_OR_DATE = re.compile(r"^(?:[a-z_]+|\d{4}-\d{2}-\d{2})$")


def _strings(value):
    """The strings of a JSON value, at any depth."""
    if isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, str):
        yield value


@tagged("post_install", "-at_install")
class TestHealthLanguage(KeyAccountHealthCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"].search([("name", "=", MODULE)])._update_translations(["zh_CN"])
        cls.company.kam_cadence_key_days = 30
        cls.account.kam_importance = "important"  # key: every 30 days
        (cls.deal_rep | cls.deal_rep2).active = False
        cls._role(cls.economic_buyer, "economic_buyer", met_days_ago=1)
        cls._role(cls.payer, "actual_buyer", met_days_ago=1)

    def _overdue(self):
        """Contacted yesterday, but 5,000 is 100 days overdue: call the payer."""
        self._contact(1)
        self._invoice(5000, due_in=-100, invoice_days_ago=130)
        return self._measure()

    def test_detail_in_the_readers_language(self):
        snapshot = self._overdue()
        money = self._factor(snapshot, "money")
        english = money.with_context(lang="en_US").detail
        chinese = money.with_context(lang="zh_CN").detail
        self.assertIn("100 % of", english)
        self.assertIn("overdue", english)
        self.assertIn("逾期", chinese)
        self.assertNotIn("overdue", chinese)
        self.assertIn("100", chinese)
        # the same line, read again in English: nothing was cached in Chinese
        self.assertEqual(money.with_context(lang="en_US").detail, english)
        contact = self._factor(snapshot, "contact")
        self.assertIn("Days since the last contact: 1", contact.with_context(lang="en_US").detail)
        self.assertIn("距上次联系 1 天", contact.with_context(lang="zh_CN").detail)

    def test_next_action_in_the_readers_language(self):
        snapshot = self._overdue()
        self.assertEqual(snapshot.next_action_factor, "money")
        self.assertEqual(snapshot.next_action_person_id, self.payer)
        english = snapshot.with_context(lang="en_US").next_action
        chinese = snapshot.with_context(lang="zh_CN").next_action
        self.assertIn("call the payer, Test Payer", english)
        self.assertIn("致电付款方", chinese)
        self.assertIn("Test Payer", chinese, "the person is named in either language")
        self.assertNotIn("call the payer", chinese)
        # where the user reads it: the account, the deal
        account = self.account.with_user(self.user_rep)
        self.assertEqual(account.with_context(lang="zh_CN").kam_next_action, chinese)
        self.assertEqual(account.with_context(lang="en_US").kam_next_action, english)
        deal = self.deal_rep
        deal.active = True
        self.assertEqual(deal.with_context(lang="zh_CN").kam_account_next_action, chinese)
        # the person's name is read when the action is: renamed, renamed there
        self.payer.name = "Test Treasurer"
        self.assertIn("Test Treasurer", snapshot.with_context(lang="en_US").next_action)

    def test_nothing_stored_is_a_sentence(self):
        """Figures are numbers, dates and keys; no stored text of a new
        snapshot or of its lines is a sentence."""
        self._role(self.coach, "coach", met_days_ago=20)
        plan = self._plan()
        self._rate(plan, 2)
        snapshot = self._overdue()
        lines = snapshot.line_ids
        self.assertEqual(len(lines), len(HEALTH_FACTORS))
        self.assertTrue(snapshot.next_action and snapshot.next_action_figures)
        self.assertTrue(all(lines.filtered("has_data").mapped("figures")))
        self.assertTrue(all(lines.filtered("has_data").mapped("detail")))
        self.env.flush_all()
        for record in (snapshot, *lines):
            for name, field in record._fields.items():
                if not field.store:
                    continue
                if field.type in ("char", "text", "html"):
                    self.assertFalse(record[name], f"{record._name}.{name}")
                elif field.type == "json":
                    for text in _strings(record[name]):
                        self.assertRegex(text, KEY_OR_DATE, f"{record._name}.{name}")

    def test_alert_in_the_salespersons_language(self):
        self.user_rep.lang = "zh_CN"
        self._contact(100)
        self._invoice(5000, due_in=-100, invoice_days_ago=130)
        self.assertEqual(self._measure().state, "at_risk")
        alert = self._alerts()
        self.assertEqual(alert.user_id, self.user_rep)
        self.assertIn("流失预警", alert.summary)
        self.assertIn("联系频率", alert.note)
        self.assertNotIn("Weakest", alert.note)
        self.assertIn("流失预警", self.account.message_ids[0].body)
