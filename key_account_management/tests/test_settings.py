from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, HttpCase, tagged

from .common import KeyAccountCommon


@tagged("post_install", "-at_install")
class TestKeyAccountSettings(KeyAccountCommon):
    """Key-account managers keep the app's settings; reps cannot."""

    def test_manager_saves_company_settings(self):
        follow_up = self.env.ref("key_account_management.mail_activity_type_visit_follow_up")
        Settings = self.env["key.account.settings"].with_user(self.user_manager)
        with Form(Settings) as form:
            self.assertEqual(form.kam_stalled_days, self.company.kam_stalled_days)
            self.assertEqual(form.kam_visit_follow_up_days, follow_up.delay_count)
            form.kam_stalled_days = 45
            form.kam_visit_follow_up_days = 5
            form.kam_tier_key_amount = 300_000
            form.kam_tier_strategic_amount = 2_000_000
            form.kam_tier_key_volume = 30
            form.kam_tier_strategic_volume = 150
        form.record.execute()
        self.assertEqual(self.company.kam_stalled_days, 45)
        self.assertEqual(self.company.kam_tier_key_amount, 300_000)
        self.assertEqual(self.company.kam_tier_strategic_amount, 2_000_000)
        self.assertEqual(
            (self.company.kam_tier_key_volume, self.company.kam_tier_strategic_volume), (30, 150)
        )
        self.assertEqual(follow_up.delay_count, 5)

    def test_rep_cannot_change_settings(self):
        with self.assertRaises(AccessError):
            self.env["key.account.settings"].with_user(self.user_rep).create(
                {"kam_stalled_days": 1}
            )
        settings = self.env["key.account.settings"].create({})
        with self.assertRaises(AccessError):
            settings.with_user(self.user_rep).execute()
        self.assertNotEqual(self.company.kam_stalled_days, 1)

    def test_bad_values_refused(self):
        Settings = self.env["key.account.settings"].with_user(self.user_manager)
        with self.assertRaisesRegex(ValidationError, "Strategic accounts must start above"):
            Settings.create({"kam_tier_strategic_amount": 100, "kam_tier_key_amount": 200})
        with self.assertRaisesRegex(ValidationError, "must buy more a year"):
            Settings.create({"kam_tier_strategic_volume": 10, "kam_tier_key_volume": 20})
        with self.assertRaisesRegex(ValidationError, "stalled after one day"):
            Settings.create({"kam_stalled_days": 0})


@tagged("post_install", "-at_install")
class TestKeyAccountSettingsUi(HttpCase, KeyAccountCommon):
    def test_settings_tour(self):
        self.company.revisit_template_id = False
        self.company._kam_create_default_tables()
        self.start_tour(
            "/odoo/action-key_account_management.key_account_settings_action",
            "key_account_settings_tour",
            login="kam_test_manager",
        )
        self.assertEqual(self.company.kam_stalled_days, 45)
