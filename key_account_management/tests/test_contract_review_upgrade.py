"""18.0.1.5.0: the configuration and price review items get names of their own."""

import importlib.util

from psycopg2.extras import Json

from odoo.tests import TransactionCase, tagged
from odoo.tools.misc import file_path

MODULE = "key_account_management"


def _post_migration(version):
    path = file_path(f"{MODULE}/migrations/{version}/post-migrate.py")
    spec = importlib.util.spec_from_file_location(f"kam_post_migrate_{version}", path)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    return migration


@tagged("post_install", "-at_install")
class TestContractReviewUpgrade(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.configuration = cls.env.ref(f"{MODULE}.contract_review_item_configuration")
        cls.price = cls.env.ref(f"{MODULE}.contract_review_item_price")

    def _upgrade_from(self, names):
        """Give the items the names of an older database, then upgrade them as
        Odoo does: the post-migration, then the module's translations."""
        for item, name in names.items():
            self.env.cr.execute(
                "UPDATE key_account_contract_review_item SET name = %s WHERE id = %s",
                [Json(name), item.id],
            )
        self.env.invalidate_all()
        _post_migration("18.0.1.5.0").migrate(self.env.cr, "18.0.1.4.0")
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"].search([("name", "=", MODULE)])._update_translations(["zh_CN"])
        self.env.invalidate_all()

    def _name(self, item, lang):
        return item.with_context(lang=lang).name

    def test_the_shipped_names_become_the_new_ones(self):
        self._upgrade_from(
            {
                self.configuration: {"en_US": "Configuration", "zh_CN": "配置"},
                # the company's own Chinese for the shipped English name stays
                self.price: {"en_US": "Price", "zh_CN": "合同价格"},
            }
        )
        self.assertEqual(self._name(self.configuration, "en_US"), "Unit Configuration")
        self.assertEqual(self._name(self.configuration, "zh_CN"), "车辆配置")
        self.assertEqual(self._name(self.price, "en_US"), "Product Price")
        self.assertEqual(self._name(self.price, "zh_CN"), "合同价格")

    def test_a_name_the_company_chose_stays(self):
        self._upgrade_from(
            {
                self.configuration: {"en_US": "Chassis and Body", "zh_CN": "底盘和上装"},
                self.price: {"en_US": "Price"},
            }
        )
        self.assertEqual(self._name(self.configuration, "en_US"), "Chassis and Body")
        self.assertEqual(self._name(self.configuration, "zh_CN"), "底盘和上装")
        self.assertEqual(self._name(self.price, "en_US"), "Product Price")
        self.assertEqual(self._name(self.price, "zh_CN"), "产品价格")
