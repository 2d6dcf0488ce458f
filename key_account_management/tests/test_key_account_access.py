from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged

from .common import KeyAccountCommon


@tagged("post_install", "-at_install")
class TestKeyAccountAccess(KeyAccountCommon):
    def test_rep_reads_own_deals_only(self):
        Lead = self.env["crm.lead"].with_user(self.user_rep)
        visible = Lead.search([("is_key_account", "=", True)])
        self.assertIn(self.deal_rep, visible)
        self.assertNotIn(self.deal_rep2, visible)
        with self.assertRaises(AccessError):
            self.deal_rep2.with_user(self.user_rep).read(["name"])
        with self.assertRaises(AccessError):
            self.deal_rep2.with_user(self.user_rep).write({"name": "Taken over"})

    def test_manager_reads_and_edits_every_deal(self):
        Lead = self.env["crm.lead"].with_user(self.user_manager)
        visible = Lead.search([("is_key_account", "=", True)])
        self.assertIn(self.deal_rep, visible)
        self.assertIn(self.deal_rep2, visible)
        self.deal_rep2.with_user(self.user_manager).write({"priority": "2"})
        self.assertEqual(self.deal_rep2.priority, "2")

    def test_finance_reads_key_deals_edits_none(self):
        deal = self.deal_rep.with_user(self.user_finance)
        self.assertEqual(deal.read(["name"])[0]["name"], self.deal_rep.name)
        with self.assertRaises(AccessError):
            deal.write({"name": "Finance's name"})

    def test_rep_cannot_turn_a_team_into_a_key_account_team(self):
        with self.assertRaises(AccessError):
            self.standard_team.with_user(self.user_rep).is_key_account_team = True

    def test_menu_visible_to_reps_not_to_finance(self):
        root = self.env.ref("key_account_management.key_account_menu_root")
        config = self.env.ref("key_account_management.key_account_menu_config")
        rep_menus = self.env["ir.ui.menu"].with_user(self.user_rep)._visible_menu_ids()
        self.assertIn(root.id, rep_menus)
        self.assertNotIn(config.id, rep_menus)
        manager_menus = self.env["ir.ui.menu"].with_user(self.user_manager)._visible_menu_ids()
        self.assertIn(config.id, manager_menus)
        finance_menus = self.env["ir.ui.menu"].with_user(self.user_finance)._visible_menu_ids()
        self.assertNotIn(root.id, finance_menus)

    def test_standard_salesman_uses_crm_as_before(self):
        # a salesperson outside the key-account groups opens and edits a
        # standard opportunity; the key-account fields stay out of their way
        salesman = new_test_user(
            self.env, login="plain_salesman", groups="sales_team.group_sale_salesman"
        )
        lead = self.env["crm.lead"].create(
            {
                "name": "Retail deal",
                "type": "opportunity",
                "team_id": self.standard_team.id,
                "user_id": salesman.id,
            }
        )
        with Form(lead.with_user(salesman)) as form:
            form.expected_revenue = 1200
        self.assertEqual(lead.expected_revenue, 1200)
