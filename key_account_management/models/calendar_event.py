from odoo import api, fields, models

from .crm_lead import USER_GROUP


class CalendarEvent(models.Model):
    _inherit = "calendar.event"

    kam_account_id = fields.Many2one(
        "res.partner",
        string="Key Account",
        compute="_compute_kam_account_id",
        store=True,
        index="btree_not_null",
        groups=USER_GROUP,
        help="The key account this meeting is with: that of its key-account opportunity, "
        "or the key account it was planned from.",
    )
    kam_visit_ids = fields.One2many(
        "key.account.visit", "event_id", string="Development Records", groups=USER_GROUP
    )
    kam_visit_recorded = fields.Boolean(
        string="Visit Recorded",
        compute="_compute_kam_visit_recorded",
        store=True,
        groups=USER_GROUP,
    )

    # Not on the opportunity's team: lead assignment writes teams in bulk and
    # would search the meetings of every lead written.
    @api.depends(
        "opportunity_id",
        "opportunity_id.partner_id.commercial_partner_id.is_key_account",
        "res_model",
        "res_id",
    )
    def _compute_kam_account_id(self):
        partner_ids = {
            event.res_id for event in self if event.res_model == "res.partner" and event.res_id
        }
        partners = self.env["res.partner"].browse(partner_ids).exists()
        partner_id_set = set(partners.ids)
        for event in self:
            account = self.env["res.partner"]
            # revisits have an outcome of their own and need no development record
            if (
                event.res_model != "key.account.revisit"
                and event.opportunity_id
                and (
                    event.opportunity_id.is_key_account
                    or event.opportunity_id.partner_is_key_account
                )
            ):
                account = event.opportunity_id.partner_id.commercial_partner_id
            elif event.res_model == "res.partner" and event.res_id in partner_id_set:
                commercial = partners.browse(event.res_id).commercial_partner_id
                if commercial.is_key_account:
                    account = commercial
            event.kam_account_id = account

    @api.depends("kam_visit_ids")
    def _compute_kam_visit_recorded(self):
        for event in self:
            event.kam_visit_recorded = bool(event.kam_visit_ids)

    @api.model_create_multi
    def create(self, vals_list):
        events = super().create(vals_list)
        events._kam_measure_held_meetings()
        return events

    def write(self, vals):
        result = super().write(vals)
        if {"start", "res_id", "res_model_id", "opportunity_id", "user_id"} & vals.keys():
            self._kam_measure_held_meetings()
        return result

    def _kam_measure_held_meetings(self):
        """A meeting already held is a contact: its account's health is
        measured again at commit (a future one counts once its time comes,
        through the daily job)."""
        now = fields.Datetime.now()
        held = self.sudo().filtered(
            lambda event: event.kam_account_id and event.start and event.start <= now
        )
        held.kam_account_id._kam_measure_at_commit()

    @api.readonly
    def action_kam_record_visit(self):
        """Open the development record of this meeting, new and pre-filled if none."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "key_account_management.key_account_visit_action"
        )
        action.update({"view_mode": "form", "views": [(False, "form")]})
        if self.kam_visit_ids:
            action["res_id"] = self.kam_visit_ids[0].id
            return action
        values = self.env["key.account.visit"]._values_from_event(self)
        action["context"] = {f"default_{name}": value for name, value in values.items()}
        return action
