from odoo import Command, http
from odoo.tests import HttpCase, tagged

from .common_report import PdfTextMixin
from .common_visit import KeyAccountVisitCommon


@tagged("post_install", "-at_install")
class TestVisitReport(PdfTextMixin, HttpCase, KeyAccountVisitCommon):
    """The printed development record form, read back from the PDF.

    An HttpCase: wkhtmltopdf fetches the report's style sheets from the
    running test server.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Load the static paths once here: wkhtmltopdf's parallel requests
        # would otherwise parse the manifests in several threads at once,
        # which Python 3.11.7's compile() does not survive.
        cls.static_paths = http.root.statics
        cls._visit(
            duration=1.5,
            progress="demonstration",
            customer_attitude="warm",
            note="Asked for a quote",
            attendee_ids=[Command.create({"partner_id": cls.account_contact.id})],
        )

    def _pdf_text(self, lang):
        return super()._pdf_text(
            "key_account_management.action_report_key_account_visit",
            self.account,
            lang,
            self.user_rep,
        )

    def test_pdf_in_english(self):
        text = self._pdf_text("en_US")
        for label in ("Key Account Development Record", "Time Spent", "Business Progress"):
            self.assertIn(label, text)
        self.assertIn("Test Technical Director", text)
        self.assertIn("01:30", text)
        self.assertIn("Asked for a quote", text)

    def test_pdf_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"].search(
            [("name", "in", ("base", "web", "key_account_management"))]
        )._update_translations(["zh_CN"])
        text = self._pdf_text("zh_CN")
        # (labels without 户: pdftotext reads that glyph of the font as the radical ⼾)
        for label in (
            "开发记录表",
            "日期和时间",
            "访问对象",
            "滞留时间",
            "开发方式",
            "业务进度",
            # 客户态度, the form's column (not the buying centre's 目前的关系)
            "态度",
            "热心",
        ):
            self.assertIn(label, text)
        self.assertIn("Test Technical Director", text)
