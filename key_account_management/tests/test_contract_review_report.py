from odoo import http
from odoo.tests import HttpCase, tagged

from .common_contract_review import KeyAccountContractReviewCommon
from .common_report import PdfTextMixin


@tagged("post_install", "-at_install")
class TestContractReviewReport(PdfTextMixin, HttpCase, KeyAccountContractReviewCommon):
    """The printed contract review sheet (合同审核表), read back from the PDF.

    An HttpCase: wkhtmltopdf fetches the report's style sheets from the
    running test server.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # see test_visit_report: load the static paths once, before wkhtmltopdf
        cls.static_paths = http.root.statics
        cls.order.with_user(cls.user_rep).action_kam_submit_review()
        cls._lines_of(cls.order, "payment", "retention").with_user(cls.user_finance)._decide(
            "approved", "Plan checked by finance"
        )
        cls._lines_of(cls.order, "liability").with_user(cls.user_manager)._decide(
            "refused", "Ten percent at most"
        )

    @classmethod
    def _lines_of(cls, order, *xmlids):
        items = [cls.env.ref(f"key_account_management.contract_review_item_{x}") for x in xmlids]
        return order.kam_review_line_ids.filtered(lambda line: line.item_id in items)

    def _pdf_text(self, lang):
        return super()._pdf_text(
            "key_account_management.action_report_contract_review",
            self.order,
            lang,
            self.user_rep,
        )

    def test_pdf_in_english(self):
        text = self._pdf_text("en_US")
        for label in ("Contract Review Sheet", "Review Item", "Agreed Value", "Decided By"):
            self.assertIn(label, text)
        for item in ("Unit Configuration", "Product Price", "Payment Method", "Liability for"):
            self.assertIn(item, text)
        self.assertIn(self.order.name, text)
        self.assertIn("Two batches, Wuxi plant", text)
        self.assertIn("10 % after 365 days", text)
        self.assertIn("Plan checked by finance", text)
        self.assertIn("Ten percent at most", text)
        self.assertIn("Refused", text)
        self.assertIn("Finance", text)

    def test_pdf_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"].search(
            [("name", "in", ("base", "web", "account", "key_account_management"))]
        )._update_translations(["zh_CN"])
        text = self._pdf_text("zh_CN")
        for label in (
            "合同审核表",
            "审核项目",
            # 003's words, not Odoo's menus (配置, 价格)
            "车辆配置",
            "产品价格",
            "付款方式",
            "违约责任",
            "质保金",
            "已驳回",
            "12个月",
        ):
            self.assertIn(label, text)
        self.assertIn("Ten percent at most", text)
