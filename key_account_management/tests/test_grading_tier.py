from datetime import date
from unittest.mock import patch

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import KeyAccountCommon

TODAY = date(2026, 6, 15)


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestAccountTier(KeyAccountCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write({"kam_tier_strategic_amount": 1_000_000, "kam_tier_key_amount": 200_000})
        cls.account.user_id = cls.user_rep
        cls.currency = cls.company.currency_id

    def _invoice(self, amount, move_type="out_invoice", days_ago=10, post=True, **values):
        move = self.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": self.account.id,
                "invoice_date": TODAY - relativedelta(days=days_ago),
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Press line", "quantity": 1, "price_unit": amount, "tax_ids": []}
                    )
                ],
                **values,
            }
        )
        if post:
            move.action_post()
        return move

    def test_revenue_nets_credit_notes_and_skips_cancelled_draft_and_old(self):
        self._invoice(300_000)
        self._invoice(50_000, move_type="out_refund")
        self._invoice(500_000).button_cancel()
        self._invoice(400_000, post=False)
        self._invoice(900_000, days_ago=400)
        self.account._kam_compute_tiers()
        self.assertEqual(self.account.kam_revenue_12m, 250_000)
        self.assertEqual(self.account.kam_tier, "key")
        self.assertEqual(self.account.kam_sales_class, "B")

    def test_other_currency_counts_in_company_currency(self):
        other = (
            self.env["res.currency"]
            .with_context(active_test=False)
            .search(
                [("id", "!=", self.currency.id), ("name", "in", ["EUR", "CNY", "GBP"])], limit=1
            )
        )
        other.active = True
        self.env["res.currency.rate"].create(
            {"currency_id": other.id, "rate": 0.5, "name": TODAY - relativedelta(months=1)}
        )
        # 600,000 in a currency worth twice the company's: 1,200,000 company currency
        self._invoice(600_000, currency_id=other.id)
        self.account._kam_compute_tiers()
        self.assertAlmostEqual(self.account.kam_revenue_12m, 1_200_000, places=2)
        self.assertEqual(self.account.kam_tier, "strategic")
        self.assertEqual(self.account.kam_sales_class, "A")

    def test_importance_raises_the_tier(self):
        self._invoice(10_000)
        self.account._kam_compute_tiers()
        self.assertEqual(self.account.kam_tier, "general")
        self.account.with_user(self.user_manager).kam_importance = "critical"
        self.assertEqual(self.account.kam_tier, "strategic")
        self.assertEqual(self.account.kam_sales_class, "C", "the class follows revenue alone")

    def test_purchase_volume_raises_the_tier(self):
        # 003 客户分类: importance and annual purchases, not only our sales
        self.company.write({"kam_tier_strategic_volume": 100, "kam_tier_key_volume": 20})
        account = self.account.with_user(self.user_rep)
        account.write({"kam_purchase_volume": 30, "kam_purchase_volume_year": 2026})
        self.assertEqual(self.account.kam_tier, "key", "a large prospect without sales yet")
        self.assertEqual(self.account.kam_sales_class, "C")
        note = self.account.message_ids.filtered(lambda m: "Account tier" in (m.body or ""))[:1]
        self.assertIn("30 units (2026)", note.body)
        account.kam_purchase_volume = 150
        self.assertEqual(self.account.kam_tier, "strategic")
        # an estimate of last year still counts, an older one does not
        account.kam_purchase_volume_year = 2025
        self.assertEqual(self.account.kam_tier, "strategic")
        account.kam_purchase_volume_year = 2024
        self.assertEqual(self.account.kam_tier, "general")
        # revenue, volume and importance: the highest tier wins
        account.kam_purchase_volume_year = 2026
        account.kam_purchase_volume = 25
        self._invoice(1_200_000)
        self.account._kam_compute_tiers()
        self.assertEqual(self.account.kam_tier, "strategic")
        self.assertEqual(self.account.kam_sales_class, "A")

    def test_tier_change_is_logged(self):
        self.account._kam_compute_tiers()
        self._invoice(250_000)
        self.account.action_kam_compute_tier()
        notes = self.account.message_ids.filtered(lambda m: "Account tier" in (m.body or ""))
        self.assertTrue(notes)
        self.assertIn("Key", notes[0].body)

    def test_daily_job_computes_every_key_account_in_batches(self):
        accounts = self.env["res.partner"].create(
            [
                {"name": f"Batch {index}", "is_company": True, "is_key_account": True}
                for index in range(7)
            ]
        )
        accounts.kam_tier = False
        self.env["res.partner"]._cron_kam_compute_tiers(batch_size=3)
        self.assertEqual(set(accounts.mapped("kam_tier")), {"general"})

    def test_daily_job_commits_a_batch_at_a_time_under_the_cron(self):
        accounts = self.env["res.partner"].create(
            [
                {"name": f"Cron batch {index}", "is_company": True, "is_key_account": True}
                for index in range(5)
            ]
        )
        self.env["res.partner"]._cron_kam_compute_tiers()
        accounts.kam_tier = False
        cron = self.env.ref("key_account_management.ir_cron_kam_compute_tiers")
        progress = self.env["ir.cron.progress"].create({"cron_id": cron.id})
        Partner = self.env["res.partner"].with_context(ir_cron_progress_id=progress.id)
        batches = []
        compute = type(Partner)._kam_compute_tiers

        def spy(partners):
            batches.append(partners.ids)
            return compute(partners)

        self.startPatcher(
            patch.object(type(Partner), "_kam_compute_tiers", autospec=True, side_effect=spy)
        )
        Partner._cron_kam_compute_tiers(batch_size=2)
        # each batch a transaction of its own under the cron, committed with
        # the job's progress (a savepoint in tests, which cannot commit)
        self.assertEqual(batches, [accounts[:2].ids, accounts[2:4].ids, accounts[4:].ids])
        self.assertEqual((progress.done, progress.remaining), (5, 0))
        self.assertEqual(set(accounts.mapped("kam_tier")), {"general"})

    def test_daily_job_finds_the_accounts_whose_tier_changes(self):
        # the job looks for the accounts to compute again in SQL: exactly
        # those whose tier or class differs from what their revenue, volume
        # and importance give today, whatever the side of each threshold
        self.company.write({"kam_tier_strategic_volume": 100, "kam_tier_key_volume": 20})
        Partner = self.env["res.partner"]

        def account(name, **values):
            return Partner.create(
                {"name": name, "is_company": True, "is_key_account": True, **values}
            )

        cases = {
            "on the key amount": [(200_000, {})],
            "under the key amount": [(199_999.99, {})],
            "on the strategic amount": [(1_000_000, {})],
            "a credit note under it": [(1_000_000, {}), (0.01, {"move_type": "out_refund"})],
            "twelve months less a day ago": [(300_000, {"days_ago": 364})],
            "twelve months ago": [(300_000, {"days_ago": 365})],
            "in a draft": [(300_000, {"post": False})],
        }
        accounts = Partner
        for name, invoices in cases.items():
            partner = account(name)
            for amount, values in invoices:
                self._invoice(amount, partner_id=partner.id, **values)
            accounts |= partner
        accounts |= account("important", kam_importance="important")
        accounts |= account("critical", kam_importance="critical")
        for year, volume in [(2026, 20), (2026, 19), (2025, 100), (2024, 100), (2026, 0)]:
            accounts |= account(
                f"{volume} units in {year}",
                kam_purchase_volume=volume,
                kam_purchase_volume_year=year,
            )
        accounts._kam_compute_tiers()
        self.assertFalse(Partner._kam_tiers_due() & accounts)
        # a class or a tier lost; a day later; a year later
        accounts[0].kam_sales_class = False
        accounts[1].kam_tier = False
        for day in (TODAY, TODAY + relativedelta(days=1), TODAY + relativedelta(years=1)):
            with self.subTest(day=day), freeze_time(day):
                key_accounts = Partner.search([("is_key_account", "=", True)])
                before = {
                    partner: (partner.kam_tier, partner.kam_sales_class) for partner in key_accounts
                }
                with self.env.cr.savepoint() as savepoint:
                    key_accounts._kam_compute_tiers()
                    changing = key_accounts.filtered(
                        lambda partner, before=before: (partner.kam_tier, partner.kam_sales_class)
                        != before[partner]
                    )
                    savepoint.rollback()
                self.env.invalidate_all()
                self.assertTrue(changing & accounts)
                self.assertTrue(accounts - changing)
                self.assertEqual(Partner._kam_tiers_due(), changing)

    def test_budget_follows_market(self):
        self.account.kam_market = "domestic"
        self.assertEqual(self.account.kam_development_fee, 100_000)
        self.assertEqual(self.account.kam_maintenance_fee, 70_000)
        self.company.kam_market_budget_ids.filtered(
            lambda budget: budget.market == "domestic"
        ).development_fee = 120_000
        self.account.invalidate_recordset(["kam_development_fee"])
        self.assertEqual(self.account.kam_development_fee, 120_000)

    def test_our_collection_period(self):
        self._invoice(365_000, days_ago=400)
        self._invoice(200_000, days_ago=100)
        self.account.invalidate_recordset()
        # all of it is still owed: 565,000 owed / 200,000 invoiced in the
        # last year * 365 days
        self.assertAlmostEqual(self.account.kam_dso, 565_000 / 200_000 * 365, places=1)

    def test_rep_reads_figures_but_cannot_set_importance(self):
        self._invoice(300_000)
        account = self.account.with_user(self.user_rep)
        account.invalidate_recordset()
        self.assertEqual(account.kam_revenue_12m, 300_000)
        with self.assertRaises(AccessError):
            account.kam_importance = "critical"
