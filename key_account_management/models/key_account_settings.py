from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..const import MANAGER_GROUP

# the company's own settings of the app, edited here field for field
COMPANY_FIELDS = (
    "kam_tier_strategic_amount",
    "kam_tier_key_amount",
    "kam_stalled_days",
    "kam_scorecard_id",
    "revisit_plan_trigger",
    "revisit_template_id",
)


class KeyAccountSettings(models.TransientModel):
    """The app's settings, for key-account managers.

    Odoo's Settings page is for administrators only (it can change anything);
    this form changes the key-account settings of the current company and
    nothing else, so it can belong to the key-account managers.
    """

    _name = "key.account.settings"
    _description = "Key-Account Settings"

    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    kam_tier_strategic_amount = fields.Monetary(
        "Strategic accounts from",
        help="Revenue of the last twelve months from which an account is strategic "
        "(sales class A).",
    )
    kam_tier_key_amount = fields.Monetary(
        "Key accounts from",
        help="Revenue of the last twelve months from which an account is key (sales class B); "
        "below it, general (C).",
    )
    kam_stalled_days = fields.Integer(
        "Stalled after",
        help="A key-account deal without a stage change for this many days is stalled.",
    )
    kam_scorecard_id = fields.Many2one(
        "key.account.scorecard",
        string="Evaluation Scorecard",
        help="The scorecard new key-account deals are evaluated with.",
    )
    revisit_plan_trigger = fields.Selection(
        [("confirm", "Order Confirmation"), ("invoice", "First Posted Invoice")],
        string="Start Revisits At",
        help="When a key-account sales order gets its after-sales revisit plan.",
    )
    revisit_template_id = fields.Many2one(
        "key.account.revisit.template",
        string="Default Revisit Template",
        domain="[('company_id', 'in', (company_id, False))]",
        help="The cadence of the revisit plans made from sales orders.",
    )
    # the follow-up delay is the activity type's own schedule (Odoo's setting)
    kam_visit_follow_up_days = fields.Integer(
        "Follow up a visit within",
        help="A visit to a key account schedules a follow-up for the visitor, due this many "
        "days later.",
    )

    @api.constrains(
        "kam_tier_strategic_amount",
        "kam_tier_key_amount",
        "kam_stalled_days",
        "kam_visit_follow_up_days",
    )
    def _check_values(self):
        for settings in self:
            if settings.kam_tier_key_amount <= 0 or (
                settings.kam_tier_strategic_amount <= settings.kam_tier_key_amount
            ):
                raise ValidationError(
                    _("Strategic accounts must start above key accounts, and both above zero.")
                )
            if settings.kam_stalled_days < 1 or settings.kam_visit_follow_up_days < 0:
                raise ValidationError(
                    _(
                        "A deal is stalled after one day at least, and a follow-up cannot be due "
                        "before the visit."
                    )
                )

    @api.model
    def _follow_up_type(self):
        return self.env.ref(
            "key_account_management.mail_activity_type_visit_follow_up", raise_if_not_found=False
        )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        company = self.env.company
        values.update(company.read(COMPANY_FIELDS, load=None)[0])
        values.pop("id", None)
        values["kam_visit_follow_up_days"] = self._follow_up_type().sudo().delay_count
        return {name: value for name, value in values.items() if name in fields_list}

    def execute(self):
        self.ensure_one()
        if not (self.env.user.has_group(MANAGER_GROUP) or self.env.is_admin()):
            raise AccessError(_("Only key-account managers can change the key-account settings."))
        # the company and the activity type are not the managers' to write at
        # large: only these fields are, hence sudo after the check above
        values = self.read(COMPANY_FIELDS, load=None)[0]
        values.pop("id")
        self.company_id.sudo().write(values)
        follow_up = self._follow_up_type()
        if follow_up:
            follow_up.sudo().delay_count = self.kam_visit_follow_up_days
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": _(
                    "Key-account settings saved for %(company)s.", company=self.company_id.name
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
