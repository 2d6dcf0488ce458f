"""18.0.1.2.0: account health.

Existing companies get the default weights of the health factors (new
companies get them when created), and the key accounts are measured once,
so that their health shows from the upgrade on.
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["res.company"].search([])._kam_create_default_tables()
    env["res.partner"].search([("is_key_account", "=", True)])._kam_refresh_health()
