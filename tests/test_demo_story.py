"""`kam.py demo --lang zh_CN` tells the demo's story in Chinese."""

import re
import sys
from pathlib import Path

from odoo.tests import TransactionCase, tagged

TOOLS = Path(__file__).resolve().parents[1] / "tools"
sys.path.insert(0, str(TOOLS))

from kamlib import demo_story  # noqa: E402

from odoo.addons.key_account_management.models.key_account_health_factor import (  # noqa: E402
    HEALTH_FACTORS,
)

MODULE = "key_account_management"
LATIN = re.compile(r"[A-Za-z]{3,}")


@tagged("post_install", "-at_install")
class TestDemoStory(TransactionCase):
    def setUp(self):
        super().setUp()
        if not self.env.ref(f"{MODULE}.crm_lead_pacific_cranes_demo", False):
            self.skipTest("the demo data is not installed")
        self.env["res.lang"]._activate_lang("zh_CN")
        # the module's zh_CN terms (selection labels), as a Chinese install has them
        self.env["ir.module.module"]._load_module_terms([MODULE], ["zh_CN"])

    def test_story_reads_in_chinese(self):
        demo_story.tell_story(self.env, TOOLS / "kamlib" / "demo_story_zh_CN.json")
        ref = self.env.ref
        deals = self.env["crm.lead"].search([("is_key_account", "=", True)])
        accounts = self.env["res.partner"].search([("is_key_account", "=", True)])
        people = accounts.child_ids
        revisits = self.env["key.account.revisit"].search([("partner_id", "in", accounts.ids)])
        self.assertTrue(deals and accounts and people and revisits)
        for text in (
            deals.mapped("name")
            + accounts.mapped("name")
            + people.mapped("name")
            + people.filtered("function").mapped("function")
            + revisits.mapped("name")
            + revisits.calendar_event_id.mapped("name")
        ):
            self.assertFalse(LATIN.search(text), text)
        self.assertRegex(revisits[0].name, r"^回访 \d+$")
        # translatable text keeps its English and gains its Chinese
        product = ref(f"{MODULE}.product_product_crane_control_demo")
        self.assertFalse(LATIN.search(product.with_context(lang="zh_CN").name))
        self.assertEqual(product.with_context(lang="en_US").name, "Automated crane control system")
        summaries = self.env["mail.activity"].search([("res_model", "like", "key.account.%")])
        self.assertTrue(summaries)
        for summary in summaries.filtered("summary").mapped("summary"):
            self.assertFalse(LATIN.search(summary), summary)
        # account health: today's next actions and every month's factors
        snapshots = self.env["key.account.health.snapshot"].search(
            [("partner_id", "in", accounts.ids)]
        )
        self.assertTrue(snapshots)
        for text in snapshots.filtered("next_action").mapped("next_action") + [
            snapshot[f"{factor}_detail"]
            for snapshot in snapshots
            for factor, _label in HEALTH_FACTORS
            if snapshot[f"{factor}_detail"]
        ]:
            self.assertFalse(LATIN.search(text), text)
