"""18.0.1.5.0: the contract review's configuration and price items get names
of their own.

"Configuration" and "Price" were the source texts of Odoo's menus too, so
their Chinese could only be the menus' (配置, 价格). The items are now
"Unit Configuration" and "Product Price", translated with 003's words
(车辆配置, 产品价格). The items are noupdate: an item that still has the
shipped English name gets the new one, and loses the shipped translations of
the old name so that the module's translations, loaded after this script,
give it the new ones. A name the company changed stays as it is.
"""

from psycopg2.extras import Json

# xml id: the shipped name (in English and as the module translated it), the new name
RENAMED = {
    "contract_review_item_configuration": (
        {"en_US": "Configuration", "zh_CN": "配置"},
        "Unit Configuration",
    ),
    "contract_review_item_price": ({"en_US": "Price", "zh_CN": "价格"}, "Product Price"),
}


def migrate(cr, version):
    for xmlid, (old, new) in RENAMED.items():
        cr.execute(
            """
            SELECT i.id, i.name FROM key_account_contract_review_item i
              JOIN ir_model_data d ON d.model = 'key.account.contract.review.item'
                   AND d.res_id = i.id
             WHERE d.module = 'key_account_management' AND d.name = %s
               AND i.name->>'en_US' = %s
            """,
            [xmlid, old["en_US"]],
        )
        for item_id, name in cr.fetchall():
            kept = {
                lang: value
                for lang, value in name.items()
                if lang != "en_US" and value not in (old["en_US"], old.get(lang))
            }
            cr.execute(
                "UPDATE key_account_contract_review_item SET name = %s WHERE id = %s",
                [Json({**kept, "en_US": new}), item_id],
            )
