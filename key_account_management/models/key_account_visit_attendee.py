from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..const import USER_GROUP
from .key_account_buying_role import ATTITUDES


class KeyAccountVisitAttendee(models.Model):
    """A person of the account met during a visit, and what they showed."""

    _name = "key.account.visit.attendee"
    _description = "Person Met"
    _order = "visit_id, sequence, id"

    sequence = fields.Integer(default=10)
    visit_id = fields.Many2one(
        "key.account.visit",
        string="Development Record",
        required=True,
        ondelete="cascade",
        index=True,
    )
    account_id = fields.Many2one(related="visit_id.account_id")
    partner_id = fields.Many2one(
        "res.partner",
        string="Person",
        required=True,
        index=True,
        domain="[('commercial_partner_id', '=', account_id), ('is_company', '=', False)]",
    )
    function = fields.Char(related="partner_id.function")
    buying_roles = fields.Char(
        compute="_compute_buying_roles",
        help="The person's roles in the buying centre of the opportunity (or of the account).",
    )
    observed_attitude = fields.Selection(
        [item for item in ATTITUDES if item[0] != "unknown"],
        string="Attitude Observed",
        help="Updates the person's attitude in the buying centre, noted in the chatter.",
    )

    _sql_constraints = [  # noqa: RUF012
        (
            "person_once",
            "UNIQUE(visit_id, partner_id)",
            "A person is listed once per development record.",
        ),
    ]

    @api.depends("partner_id", "visit_id.lead_id", "visit_id.account_id")
    def _compute_buying_roles(self):
        Role = self.env["key.account.buying.role"]
        if not self.env.user.has_group(USER_GROUP):
            self.buying_roles = False
            return
        labels = dict(Role._fields["role"]._description_selection(self.env))
        lines = Role.search(
            [
                ("partner_id", "in", self.partner_id.ids),
                "|",
                ("lead_id", "in", self.visit_id.lead_id.ids),
                ("account_id", "in", self.visit_id.account_id.ids),
            ]
        )
        for attendee in self:
            mine = lines.filtered(
                lambda line, a=attendee: line.partner_id == a.partner_id
                and (line.lead_id == a.visit_id.lead_id if a.visit_id.lead_id else line.account_id)
            )
            attendee.buying_roles = ", ".join(sorted({labels[line.role] for line in mine}))

    @api.constrains("partner_id", "visit_id")
    def _check_partner_account(self):
        for attendee in self:
            account = attendee.visit_id.account_id
            if (
                attendee.partner_id.commercial_partner_id != account
                or attendee.partner_id == account
            ):
                raise ValidationError(
                    _(
                        "%(person)s is not a person of %(account)s: the people met in a "
                        "development record belong to its account.",
                        person=attendee.partner_id.display_name,
                        account=account.display_name,
                    )
                )
