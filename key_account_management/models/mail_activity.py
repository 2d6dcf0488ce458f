from odoo import fields, models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    # Same reason as the attendees' meeting: deleting a meeting looks up its
    # activities; only meeting activities have one, hence a partial index.
    calendar_event_id = fields.Many2one(index="btree_not_null")
