from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..trust import trusted
from .base import DECIDED_WRITE

PLAN_MODEL = "key.account.plan"


class MailActivity(models.Model):
    """The actions of an account plan are its activities. Those shared with
    the customer show in its contacts' portal, where one of them confirms
    each: who and when are the portal's to record (see ``base.py``: stored
    readonly fields of the add-on are refused to a form, an import or the
    API)."""

    _inherit = "mail.activity"

    # Same reason as the attendees' meeting: deleting a meeting looks up its
    # activities; only meeting activities have one, hence a partial index.
    calendar_event_id = fields.Many2one(index="btree_not_null")
    kam_plan_shared = fields.Boolean(
        "Shared with the Customer",
        help="An action of the account plan shown to the account's contacts in their portal "
        "(summary, deadline and owner, never its note), where they confirm it.",
    )
    kam_confirmed_date = fields.Datetime(
        "Confirmed On",
        readonly=True,
        copy=False,
        help="When a contact of the account confirmed the action in their portal.",
    )
    kam_confirmed_partner_id = fields.Many2one(
        "res.partner",
        string="Confirmed By",
        readonly=True,
        copy=False,
        ondelete="set null",
        help="The contact of the account who confirmed the action in their portal.",
    )

    @api.constrains("kam_plan_shared", "res_model")
    def _check_kam_plan_shared(self):
        for activity in self:
            if activity.kam_plan_shared and activity.res_model != PLAN_MODEL:
                raise ValidationError(
                    _(
                        "Only the actions of an account plan are shared with the customer: "
                        "%(action)s belongs to another document.",
                        action=activity.summary or activity.activity_type_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        activities = super().create(vals_list)
        activities.filtered("kam_plan_shared")._kam_check_plan_write()
        return activities

    def write(self, vals):
        if "kam_plan_shared" in vals:
            self._kam_check_plan_write()
        return super().write(vals)

    def _kam_check_plan_write(self):
        """Sharing an action (or not) is for those who keep its plan: the
        colleague it is assigned to may do it, and still not share it."""
        if self.env.su:
            return
        plan_ids = {activity.res_id for activity in self.sudo() if activity.res_model == PLAN_MODEL}
        self.env[PLAN_MODEL].browse(plan_ids).check_access("write")

    def _kam_confirm_by_customer(self, partner):
        """A contact of the plan's account (``partner``) confirms these shared
        actions: the date and the person are recorded, and a note in the
        plan's chatter tells its team. An action confirmed already keeps its
        first confirmation. The portal's confirm route calls this after its
        checks; the checks are made again here."""
        activities = self.sudo().filtered(lambda activity: not activity.kam_confirmed_date)
        plans = self.env[PLAN_MODEL].sudo().browse(activities.mapped("res_id"))
        account = partner.commercial_partner_id
        for activity in activities:
            plan = plans.browse(activity.res_id)
            if not (
                activity.res_model == PLAN_MODEL
                and activity.kam_plan_shared
                and plan.state == "agreed"
                and plan.partner_id == account
            ):
                raise UserError(
                    _(
                        "%(partner)s cannot confirm %(action)s: only the shared actions of "
                        "their account's plan in force are theirs to confirm.",
                        partner=partner.display_name,
                        action=activity.summary or activity.activity_type_id.name,
                    )
                )
        if not activities:
            return
        trusted(activities, DECIDED_WRITE).write(
            {"kam_confirmed_date": fields.Datetime.now(), "kam_confirmed_partner_id": partner.id}
        )
        for activity in activities:
            plan = plans.browse(activity.res_id)
            # written once, in the language of the plan's owner, who is told
            owner = plan.user_id
            plan_env = plan.with_context(lang=owner.lang or self.env.lang).env
            body = plan_env._(
                "%(partner)s confirmed in the customer portal: %(action)s",
                partner=partner.name,
                action=activity.summary or activity.activity_type_id.with_env(plan_env).name,
            )
            plan.message_post(
                body=Markup("<p>%s</p>") % body,
                author_id=partner.id,
                message_type="comment",
                subtype_xmlid="mail.mt_note",
                partner_ids=(owner | activity.user_id).partner_id.ids,
            )
