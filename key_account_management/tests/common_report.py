import shutil
import subprocess
import unicodedata

# pdftotext gives some CJK characters as radicals: NFKC maps the Kangxi
# radicals back (⼤ for 大), this table the simplified ones it does not (⻋ for 车)
SIMPLIFIED_RADICALS = str.maketrans({"⻋": "车", "⻔": "门", "⻅": "见"})


class PdfTextMixin:
    """Print a QWeb report as a user and read its text back from the PDF.

    For HttpCase classes: wkhtmltopdf fetches the report's style sheets
    from the running test server."""

    def _pdf_text(self, report_xmlid, records, lang, user):
        for tool in ("wkhtmltopdf", "pdftotext"):
            self.assertTrue(shutil.which(tool), f"{tool} is needed to print and read the report")
        self.env["ir.config_parameter"].sudo().set_param("report.url", self.base_url())
        report = self.env.ref(report_xmlid)
        pdf, kind = (
            self.env["ir.actions.report"]
            .with_user(user)
            .with_context(lang=lang, force_report_rendering=True)
            ._render_qweb_pdf(report, records.ids)
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode()
        text = unicodedata.normalize("NFKC", text).translate(SIMPLIFIED_RADICALS)
        return " ".join(text.split())
