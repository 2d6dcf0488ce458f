from odoo import fields, models


class CalendarAttendee(models.Model):
    _inherit = "calendar.attendee"

    # Revisit plans cancelled or regenerated delete their meetings by the
    # thousand; each delete looks the attendees up by meeting (the cascade
    # and the ORM's own unlink), which Odoo leaves unindexed.
    event_id = fields.Many2one(index=True)
