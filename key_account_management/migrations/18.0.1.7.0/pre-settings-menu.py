"""18.0.1.7.0: the settings menu named after what it is.

``res_config_settings_menu_key_accounts`` opened the add-on's own settings
form, not Odoo's ``res.config.settings``: it becomes
``key_account_settings_menu``. Renamed before the module loads, so that the
menu keeps its record (and whatever points at it) instead of being deleted
and created anew.
"""

from odoo.tools import SQL


def migrate(cr, version):
    cr.execute(
        SQL(
            """
            UPDATE ir_model_data
               SET name = 'key_account_settings_menu'
             WHERE module = 'key_account_management'
               AND name = 'res_config_settings_menu_key_accounts'
               AND NOT EXISTS (
                   SELECT 1 FROM ir_model_data
                    WHERE module = 'key_account_management'
                      AND name = 'key_account_settings_menu'
               )
            """
        )
    )
