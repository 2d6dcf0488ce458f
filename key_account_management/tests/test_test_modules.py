"""Odoo's own runner sees only the test modules that tests/__init__.py imports."""

from pathlib import Path

from odoo.tests import BaseCase, tagged

from odoo.addons.key_account_management import tests as test_package


@tagged("post_install", "-at_install")
class TestTestModules(BaseCase):
    def test_every_test_module_is_imported(self):
        files = sorted(path.stem for path in Path(__file__).parent.glob("test_*.py"))
        self.assertTrue(files)
        missing = [name for name in files if not hasattr(test_package, name)]
        self.assertEqual(missing, [], "import these in key_account_management/tests/__init__.py")
