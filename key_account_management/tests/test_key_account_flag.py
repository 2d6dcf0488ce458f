from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from .common import KeyAccountCommon


@tagged("post_install", "-at_install")
class TestKeyAccountFlag(KeyAccountCommon):
    def test_deal_flag_follows_team(self):
        self.assertTrue(self.deal_rep.is_key_account)
        self.deal_rep.team_id = self.standard_team
        self.assertFalse(self.deal_rep.is_key_account)
        self.deal_rep.team_id = self.key_team
        self.assertTrue(self.deal_rep.is_key_account)

    def test_flagging_a_team_flags_its_deals(self):
        lead = self.env["crm.lead"].create(
            {"name": "Retail deal", "type": "opportunity", "team_id": self.standard_team.id}
        )
        self.assertFalse(lead.is_key_account)
        self.standard_team.is_key_account_team = True
        self.assertTrue(lead.is_key_account)
        self.assertIn(lead, self.env["crm.lead"].search([("is_key_account", "=", True)]))

    def test_customer_flag_on_deal(self):
        self.assertTrue(self.deal_rep.partner_is_key_account)
        self.deal_rep.partner_id = self.account_contact
        self.assertTrue(
            self.deal_rep.partner_is_key_account,
            "a contact of a key account is key-account business too",
        )

    def test_only_companies_are_key_accounts(self):
        # assertRaises (not assertRaisesRegex) rolls back to a savepoint, as a
        # user's transaction would be rolled back
        with self.assertRaises(ValidationError) as error:
            self.account_contact.is_key_account = True
        self.assertIn("mark the company", str(error.exception))
        self.assertFalse(self.account_contact.is_key_account)

    def test_flag_change_is_tracked(self):
        partner = self.env["res.partner"].create({"name": "Tracked Co", "is_company": True})
        # tracking is written at commit, and a record's first transaction only
        # logs its creation: commit the creation, then change the flag
        self.env.flush_all()
        self.env.cr.precommit.run()
        partner.with_user(self.user_manager).is_key_account = True
        self.env.flush_all()
        self.env.cr.precommit.run()
        tracked = self.env["mail.tracking.value"].search(
            [
                ("mail_message_id.model", "=", "res.partner"),
                ("mail_message_id.res_id", "=", partner.id),
                ("field_id.name", "=", "is_key_account"),
            ]
        )
        self.assertEqual(len(tracked), 1)
        self.assertTrue(tracked.new_value_integer)

    def test_rep_cannot_flag_an_account(self):
        partner = self.env["res.partner"].create({"name": "Prospect Co", "is_company": True})
        with self.assertRaisesRegex(AccessError, "Only key-account managers"):
            partner.with_user(self.user_rep).is_key_account = True
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.user_rep).create(
                {"name": "Self-made key account", "is_company": True, "is_key_account": True}
            )
        # writing the unchanged value (an import of all columns) is harmless
        self.account.with_user(self.user_rep).write({"is_key_account": True, "city": "Wuxi"})
        self.assertEqual(self.account.city, "Wuxi")

    def test_manager_flags_an_account_in_the_form(self):
        partner = self.env["res.partner"].create({"name": "Prospect Co", "is_company": True})
        with Form(partner.with_user(self.user_manager)) as form:
            form.is_key_account = True
        self.assertTrue(partner.is_key_account)

    def test_rep_form_shows_flag_read_only(self):
        with Form(self.account.with_user(self.user_rep)) as form:
            self.assertTrue(form.is_key_account)
            with self.assertRaises(AssertionError):
                form.is_key_account = False
