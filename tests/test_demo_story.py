"""`kam.py demo --lang zh_CN` tells the demo's story in Chinese, from end to end."""

import re
from pathlib import Path

from kamlib import demo_story

from odoo import http
from odoo.tests import HttpCase, tagged
from odoo.tools import html2plaintext

from odoo.addons.key_account_management.tests.common_report import PdfTextMixin

TOOLS = Path(__file__).resolve().parents[1] / "tools"

MODULE = "key_account_management"
STORY = TOOLS / "kamlib" / "demo_story_zh_CN.json"
LATIN = re.compile(r"[A-Za-z]{3,}")
CHINESE = re.compile(r"[\u4e00-\u9fff]")
# What stays Latin in a Chinese company's database, and nothing else:
ALLOWED = re.compile(
    "|".join(
        (
            # e-mail addresses (people's, companies', the bot's)
            r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
            # document numbers: Odoo numbers invoices and payments by journal
            # code and year (INV/2026/00005, PBNK1/2026/00001), and the
            # customer numbers its tender so (HD-MNT-2026-07)
            # (bounded by what is not Latin: Chinese text runs into them)
            r"(?<![A-Za-z0-9])[A-Z]{2,}\d*(?:[-/][A-Z0-9]+)+(?![A-Za-z0-9])",
            # Odoo's own system user, named so in every language: it did what
            # the demo data did as the add-on was installed
            r"\bOdooBot\b",
        )
    )
)
# Fields that hold identifiers, not text anyone reads: keys, tokens,
# addresses, model names, and the values the contract review compares
IDENTIFIERS = {
    "access_token",
    "approved_key",
    "email",
    "email_domain_criterion",
    "email_formatted",
    "email_from",
    "email_layout_xmlid",
    "email_normalized",
    "login",
    "message_id",
    "model",
    "reply_to",
    "res_model",
    "sequence_prefix",
    "signup_type",
    "value_key",
}


def english(text):
    """The English words of a text, outside what legitimately stays Latin."""
    return LATIN.findall(ALLOWED.sub(" ", text or ""))


@tagged("post_install", "-at_install")
class TestDemoStory(PdfTextMixin, HttpCase):
    """The story on the test database (which has the demo data), as
    `demo --lang zh_CN` tells it; an HttpCase, because wkhtmltopdf fetches
    the printed forms' style sheets from the running test server."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # see key_account_management's report tests: static paths first
        cls.static_paths = http.root.statics
        cls.ref = cls.env.ref
        assert cls.ref(f"{MODULE}.crm_lead_pacific_cranes_demo", False), "no demo data"
        accounts = cls.env["res.partner"].search([("is_key_account", "=", True)])
        cls.figures = cls._figures(accounts)
        demo_story.speak_chinese(cls.env)
        demo_story.tell_story(cls.env, STORY)
        cls.env.invalidate_all()

    @classmethod
    def _figures(cls, accounts):
        deals = cls.env["crm.lead"].search([("is_key_account", "=", True)], order="id")
        return {
            "tiers": accounts.sorted("id").mapped(lambda a: (a.kam_tier, a.kam_sales_class)),
            "deals": deals.mapped(lambda d: (d.stage_id.id, d.kam_grade, d.expected_revenue)),
            "receivable": sum(
                cls.env["account.move"]
                .search([("partner_id", "in", accounts.ids), ("state", "=", "posted")])
                .mapped("amount_residual_signed")
            ),
            "review": cls.env["key.account.contract.review.line"]
            .search([], order="id")
            .mapped("state"),
        }

    # the records ---------------------------------------------------------

    def _story_records(self):
        """The add-on's demo records and the records the demo generated, with
        the activities and chatter of every one of them."""
        env = self.env(context=dict(self.env.context, lang="zh_CN", active_test=False))
        found = {}
        for row in env["ir.model.data"].search(
            [("module", "=", MODULE), ("name", "=like", "%_demo")]
        ):
            found.setdefault(row.model, env[row.model])
            found[row.model] |= env[row.model].browse(row.res_id)
        for name in env.registry:
            model = env[name]
            if name.startswith("key.account.") and not (model._abstract or model._transient):
                found[name] = found.get(name, model) | model.search([])
        partners = found["res.partner"] | found["res.partner"].child_ids
        found["res.partner"] = partners
        orders = env["sale.order"].search([("partner_id", "in", partners.ids)])
        moves = env["account.move"].search([("partner_id", "in", partners.ids)])
        events = env["calendar.event"].search(
            [
                "|",
                ("opportunity_id", "in", found["crm.lead"].ids),
                ("partner_ids", "in", partners.ids),
            ]
        )
        for name, records in found.items():
            events |= events.search([("res_model", "=", name), ("res_id", "in", records.ids)])
        products = found["product.product"].product_tmpl_id
        for records in (orders, orders.order_line, moves, moves.line_ids, events, products):
            found[records._name] = found.get(records._name, records) | records
        found = {name: records.exists() for name, records in found.items()}
        activities = env["mail.activity"]
        messages = env["mail.message"]
        for name, records in found.items():
            activities |= activities.search(
                [("res_model", "=", name), ("res_id", "in", records.ids)]
            )
            messages |= messages.search([("model", "=", name), ("res_id", "in", records.ids)])
        found["mail.activity"] = activities
        found["mail.message"] = messages
        found["mail.tracking.value"] = messages.sudo().tracking_value_ids
        return found

    def test_every_text_is_chinese(self):
        found = self._story_records()
        for name in ("key.account.visit", "key.account.revisit", "calendar.event", "mail.message"):
            self.assertTrue(found.get(name), name)
        leftovers = []
        for name, records in found.items():
            fields = [
                (fname, field)
                for fname, field in records._fields.items()
                if field.type in ("char", "text", "html")
                # a record's own text: stored, or translated (in Chinese here)
                and (field.store or (field.translate and not field.related))
                and fname not in IDENTIFIERS
            ]
            for record in records.sudo():
                for fname, field in fields:
                    value = record[fname]
                    text = html2plaintext(value) if field.type == "html" and value else value
                    if english(text):
                        leftovers.append(f"{name}.{fname} #{record.id}: {text[:160]!r}")
        self.assertFalse(leftovers, "English in the Chinese demo:\n" + "\n".join(leftovers))

    # the printed forms ---------------------------------------------------

    def _printed(self, report, records):
        rep = self.ref(f"{MODULE}.res_users_kam_rep_demo")
        return self._pdf_text(f"{MODULE}.{report}", records, "zh_CN", rep)

    def test_development_record_form_is_chinese(self):
        text = self._printed(
            "action_report_key_account_visit", self.ref(f"{MODULE}.res_partner_huadong_demo")
        )
        for words in ("开发记录表", "华东重型机械有限公司", "孙丽", "非常积极"):
            self.assertIn(words, text)
        self.assertFalse(english(text), text)

    def test_contract_review_sheet_is_chinese(self):
        for order, words in (
            (
                "sale_order_pacific_cranes_demo",
                ("合同审核表", "太平洋港口物流", "已与报价核对", "¥"),
            ),
            ("sale_order_huadong_service_demo", ("合同审核表", "两条压力机生产线", "张敏")),
        ):
            text = self._printed("action_report_contract_review", self.ref(f"{MODULE}.{order}"))
            for word in words:
                self.assertIn(word, text, order)
            self.assertFalse(english(text), text)

    # the company ---------------------------------------------------------

    def test_a_chinese_company_in_yuan(self):
        company = self.ref("base.main_company")
        self.assertEqual(company.currency_id, self.ref("base.CNY"))
        self.assertRegex(company.name, CHINESE)
        self.assertFalse(LATIN.search(company.name), company.name)
        self.assertEqual(company.country_id, self.ref("base.cn"))
        orders = self.env["sale.order"].search([("opportunity_id.is_key_account", "=", True)])
        moves = self.env["account.move"].search([("partner_id.is_key_account", "=", True)])
        self.assertTrue(orders and moves)
        self.assertEqual(orders.currency_id | moves.currency_id, company.currency_id)
        self.assertEqual(moves.line_ids.company_currency_id, company.currency_id)
        # customers and their people read Chinese
        accounts = self.env["res.partner"].search([("is_key_account", "=", True)])
        self.assertEqual(set((accounts | accounts.child_ids).mapped("lang")), {"zh_CN"})
        # the same story: the same figures, tiers, grades and decisions
        self.assertEqual(self._figures(accounts), self.figures)

    def test_story_reads_in_chinese(self):
        ref = self.ref
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
        # a development record, as the handbook's form has it
        visit = ref(f"{MODULE}.key_account_visit_huadong_3_demo")
        self.assertEqual(visit.location, "我司苏州演示中心")
        self.assertIn("伺服", visit.customer_views)
        # account health: written when read, in the reader's language, from
        # figures the story did not have to tell (the yuan included)
        snapshots = (
            self.env["key.account.health.snapshot"]
            .with_context(lang="zh_CN")
            .search([("partner_id", "in", accounts.ids)])
        )
        lines = snapshots.line_ids
        self.assertTrue(snapshots.filtered("next_action") and lines.filtered("detail"))
        for text in snapshots.filtered("next_action").mapped("next_action") + lines.filtered(
            "detail"
        ).mapped("detail"):
            self.assertFalse(LATIN.search(text), text)
        money = lines.filtered(lambda line: line.factor == "money" and line.figures)
        self.assertIn("¥", "".join(money.mapped("detail")))
