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
        amounts = (self.company.kam_tier_strategic_amount, self.company.kam_tier_key_amount)
        for values, message in (
            (
                {"kam_tier_strategic_amount": 100, "kam_tier_key_amount": 200},
                "Strategic accounts must start above",
            ),
            ({"kam_tier_strategic_volume": 10, "kam_tier_key_volume": 20}, "must buy more a year"),
            ({"kam_stalled_days": 0}, "stalled after one day"),
            ({"kam_visit_follow_up_days": -1}, "cannot be due before the visit"),
        ):
            # Odoo's assertRaises rolls the refused save back, as a request would be
            with self.assertRaises(ValidationError) as refused:
                Settings.create(values)
            self.assertIn(message, str(refused.exception))
        self.env.invalidate_all()
        self.assertEqual(
            (self.company.kam_tier_strategic_amount, self.company.kam_tier_key_amount), amounts
        )

    def test_company_checks_hold_outside_the_settings(self):
        # the values are the company's: the same checks through any door
        with self.assertRaises(ValidationError) as refused:
            self.company.write({"kam_health_watch_score": 90})
        self.assertIn("0 < watch < healthy", str(refused.exception))

    def test_settings_of_another_company_refused(self):
        other = self.env["res.company"].create({"name": "Other Works Ltd"})
        with self.assertRaises(AccessError) as refused:
            self.env["key.account.settings"].with_user(self.user_manager).create(
                {"company_id": other.id, "kam_stalled_days": 5}
            )
        self.assertNotIn("Other Works Ltd", str(refused.exception))
        self.assertEqual(other.kam_stalled_days, 30)
        # nor by moving a saved form of one's own company to the other one
        mine = self.env["key.account.settings"].with_user(self.user_manager).create({})
        with self.assertRaises(AccessError):
            mine.write({"company_id": other.id, "kam_stalled_days": 5})
        self.env.invalidate_all()
        self.assertEqual(other.kam_stalled_days, 30)

    # the health weights: the company's factor table, edited in the settings
    def test_weights_edit_the_factor_table(self):
        contact = self.company.kam_health_factor_ids.filtered(lambda f: f.factor == "contact")
        with self.assertRaises(ValidationError):
            contact.weight = 30
        # the settings edit the factors themselves, the total checked at save
        Settings = self.env["key.account.settings"].with_user(self.user_manager)
        with Form(Settings) as form:
            self.assertEqual(form.total_weight, 100)
            self._set_weight(form, "contact", 30)
            self.assertEqual(form.total_weight, 105)
            self._set_weight(form, "problems", 0)
            self.assertEqual(form.total_weight, 100)
        form.record.execute()
        self.assertEqual(contact.weight, 30)
        problems = self.company.kam_health_factor_ids.filtered(lambda f: f.factor == "problems")
        self.assertEqual(problems.weight, 0)

    def test_settings_refuse_weights_not_adding_up(self):
        weights = {line.factor: line.weight for line in self.company.kam_health_factor_ids}
        Settings = self.env["key.account.settings"].with_user(self.user_manager)
        form = Form(Settings)
        self._set_weight(form, "contact", 40)
        self._set_weight(form, "money", 20)
        with self.assertRaises(ValidationError) as refused:
            form.save()
        self.assertIn("add up to 120.0 %", str(refused.exception))
        self.env.invalidate_all()
        self.assertEqual(
            {line.factor: line.weight for line in self.company.kam_health_factor_ids},
            weights,
            "nothing saved",
        )

    def test_settings_weights_are_for_managers(self):
        settings = self.env["key.account.settings"].create({})
        line = settings.health_factor_ids[:1]
        with self.assertRaises(AccessError):
            settings.with_user(self.user_rep).write(
                {"health_factor_ids": [(1, line.id, {"weight": 0})]}
            )
        with self.assertRaises(AccessError):
            line.with_user(self.user_rep).weight = 0

    @staticmethod
    def _set_weight(form, factor, weight):
        for index in range(len(form.health_factor_ids)):
            with form.health_factor_ids.edit(index) as line:
                if line.factor == factor:
                    line.weight = weight


@tagged("post_install", "-at_install")
class TestKeyAccountSettingsUi(HttpCase, KeyAccountCommon):
    def test_settings_tour(self):
        self.company.kam_revisit_template_id = False
        self.company._kam_create_default_tables()
        self.start_tour(
            "/odoo/action-key_account_management.key_account_settings_action",
            "key_account_settings_tour",
            login="kam_test_manager",
        )
        self.assertEqual(self.company.kam_stalled_days, 45)
        weights = {line.factor: line.weight for line in self.company.kam_health_factor_ids}
        self.assertEqual((weights["contact"], weights["problems"]), (30, 0))
