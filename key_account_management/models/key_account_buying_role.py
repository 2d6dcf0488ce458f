from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

ROLES = [
    ("economic_buyer", "Economic Buyer"),
    ("technical_buyer", "Technical Buyer"),
    ("user_buyer", "User Buyer"),
    ("actual_buyer", "Actual Buyer (Payer)"),
    ("coach", "Coach"),
    ("procurement", "Procurement"),
    # 三图一网, 000 设计院: design institutes, consultants, evaluation panels
    ("external_influencer", "External Influencer"),
]
DECISION_LEVELS = [
    ("decision_maker", "Decision Maker"),
    ("manager", "Manager"),
    ("executor", "Executor"),
]
ATTITUDES = [
    ("supporter", "Supporter"),
    ("neutral", "Neutral"),
    ("opponent", "Opponent"),
    ("unknown", "Unknown"),
]
ATTITUDE_SCORE = {"supporter": 1, "neutral": 0, "opponent": -1, "unknown": 0}
STRENGTHS = [
    ("weak", "Weak"),
    ("medium", "Medium"),
    ("strong", "Strong"),
]


class KeyAccountBuyingRole(models.Model):
    """One person of a customer in one buying role, with their weight.

    A line belongs either to an opportunity (the deal's buying centre) or to
    the company itself (the account's standing buying centre, copied into new
    key-account deals).
    """

    _name = "key.account.buying.role"
    _description = "Buying-Centre Member"
    _order = "weight desc, sequence, id"

    sequence = fields.Integer(default=10)
    lead_id = fields.Many2one("crm.lead", string="Deal", ondelete="cascade", index="btree_not_null")
    account_id = fields.Many2one(
        "res.partner",
        string="Account",
        ondelete="cascade",
        index="btree_not_null",
        domain=[("is_company", "=", True)],
    )
    company_id = fields.Many2one(
        "res.company", compute="_compute_company_id", store=True, index=True
    )
    commercial_partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        compute="_compute_commercial_partner_id",
        help="The company whose people make up this buying centre.",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Contact",
        required=True,
        index=True,
        # an external influencer belongs to another organisation
        domain="[('commercial_partner_id', "
        "'!=' if role == 'external_influencer' else '=', commercial_partner_id), "
        "('is_company', '=', False)]",
    )
    # a person not yet among the customer's contacts: created with the line,
    # in its transaction, so that a line refused leaves no contact behind.
    # A plain field, so that the dialog keeps what is typed; create turns it
    # into the contact and never stores it.
    new_person_name = fields.Char(
        "New Person",
        copy=False,
        help="The name of a person of the customer who is not a contact yet: the contact is "
        "created when the buying centre is saved.",
    )
    organisation_id = fields.Many2one(
        related="partner_id.commercial_partner_id",
        string="Organisation",
        help="The organisation the person works for: the customer, or for an external "
        "influencer a design institute, a consultancy, an evaluation panel…",
    )
    role = fields.Selection(ROLES, string="Buying Role", required=True)
    decision_level = fields.Selection(DECISION_LEVELS)
    department = fields.Char(related="partner_id.kam_department", readonly=False)
    function = fields.Char(related="partner_id.function", readonly=False)
    weight = fields.Float(
        string="Decision Weight (%)",
        digits=(5, 1),
        aggregator="sum",
        help="This person's share of the purchase decision; the weights of one buying "
        "centre add up to 100 %.",
    )
    attitude = fields.Selection(ATTITUDES, required=True, default="unknown")
    has_veto = fields.Boolean(
        string="Veto Power",
        compute="_compute_from_role",
        store=True,
        readonly=False,
        copy=True,
        help="Can block the purchase on their own, as the technical buyer usually can.",
    )
    criteria = fields.Char(
        string="Weighs",
        compute="_compute_from_role",
        store=True,
        readonly=False,
        copy=True,
        help="What this person weighs when choosing a supplier.",
    )
    relationship_user_id = fields.Many2one(
        "res.users",
        string="Relationship Owner",
        default=lambda self: self.env.user,
        domain=[("share", "=", False)],
        help="Our colleague who owns the relationship with this person.",
    )
    relationship_strength = fields.Selection(STRENGTHS)
    colleague_ids = fields.One2many(
        "key.account.colleague.link",
        "buying_role_id",
        string="Colleagues Who Know Them",
        copy=True,
        help="Other colleagues of ours who know this person, and how well.",
    )
    colleague_user_ids = fields.Many2many(
        "res.users",
        string="Also Known By",
        compute="_compute_colleague_user_ids",
        search="_search_colleague_user_ids",
    )
    last_contact_date = fields.Date(string="Last Contact")
    note = fields.Text(string="Notes")

    _sql_constraints = [  # noqa: RUF012
        (
            "lead_xor_account",
            "CHECK((lead_id IS NULL) != (account_id IS NULL))",
            "A buying-centre member belongs either to an opportunity or to an account.",
        ),
    ]

    @api.depends("colleague_ids.user_id")
    def _compute_colleague_user_ids(self):
        for line in self:
            line.colleague_user_ids = line.colleague_ids.user_id

    def _search_colleague_user_ids(self, operator, value):
        return [("colleague_ids.user_id", operator, value)]

    @api.depends("lead_id.company_id", "account_id.company_id")
    def _compute_company_id(self):
        for line in self:
            line.company_id = line.lead_id.company_id or line.account_id.company_id

    @api.depends("lead_id.partner_id", "account_id")
    def _compute_commercial_partner_id(self):
        for line in self:
            line.commercial_partner_id = (
                line.account_id.commercial_partner_id
                or line.lead_id.partner_id.commercial_partner_id
            )

    @api.depends("role")
    def _compute_from_role(self):
        criteria = self._role_criteria()
        for line in self:
            line.has_veto = line.role == "technical_buyer"
            line.criteria = criteria.get(line.role, False)

    @api.model
    def _role_criteria(self):
        return {
            "economic_buyer": _("Final say, return on money"),
            "technical_buyer": _("Feasibility, technology, effect"),
            "user_buyer": _("Ease of use, operability"),
            "actual_buyer": _("Payment, formalities"),
            "coach": _("Guides us inside the account"),
            "procurement": _("Supplier screening and shortlist"),
            "external_influencer": _("Specifies or scores from outside: design, advice, tender"),
        }

    @api.depends("partner_id", "role")
    def _compute_display_name(self):
        roles = dict(self._fields["role"]._description_selection(self.env))
        for line in self:
            line.display_name = f"{line.partner_id.name or ''} ({roles.get(line.role, '')})"

    @api.onchange("weight")
    def _onchange_weight(self):
        """The weights are checked in the dialog, before anything is saved."""
        owner = self.lead_id or self.account_id
        others = owner.buying_role_ids.filtered(lambda line: line._origin != self._origin)
        total = sum(others.mapped("weight")) + self.weight
        if total > 100:
            return {
                "warning": {
                    "title": _("Decision weights over 100 %"),
                    "message": _(
                        "With this weight the buying centre adds up to %(total)s %%: lower "
                        "this weight or another one, so that they add up to at most 100 %%.",
                        total=round(total, 1),
                    ),
                }
            }
        return None

    @api.constrains("weight")
    def _check_weight_range(self):
        for line in self:
            if not 0 <= line.weight <= 100:
                raise ValidationError(
                    _(
                        "The decision weight of %(member)s is %(weight)s %%: enter a "
                        "weight between 0 and 100.",
                        member=line.display_name,
                        weight=line.weight,
                    )
                )

    @api.constrains("weight", "lead_id", "account_id")
    def _check_weight_total(self):
        # One grouped query per kind of owner, whatever the number of lines.
        for owner_field in ("lead_id", "account_id"):
            owners = self[owner_field]
            if not owners:
                continue
            groups = self._read_group(
                [(owner_field, "in", owners.ids)],
                [owner_field],
                ["weight:sum"],
                having=[("weight:sum", ">", 100.0)],
            )
            for owner, total in groups:
                raise ValidationError(
                    _(
                        "The decision weights of the buying centre of %(owner)s add up "
                        "to %(total)s %%: lower some weights so that they add up to at "
                        "most 100 %%.",
                        owner=owner.display_name,
                        total=round(total, 1),
                    )
                )

    @api.constrains("partner_id", "lead_id", "account_id")
    def _check_partner_of_account(self):
        for line in self:
            customer = line.commercial_partner_id
            if not customer:
                raise ValidationError(
                    _(
                        "%(deal)s has no customer: set the customer before adding "
                        "people to its buying centre.",
                        deal=line.lead_id.display_name,
                    )
                )
            person = line.partner_id
            if line.role == "external_influencer":
                line._check_external_influencer()
                continue
            if person.commercial_partner_id != customer or person == customer:
                raise ValidationError(
                    _(
                        "%(person)s is not a person of %(customer)s: choose one of its "
                        "contacts, or create the contact under %(customer)s.",
                        person=person.display_name,
                        customer=customer.display_name,
                    )
                )

    def _check_external_influencer(self):
        """A person of another organisation than the customer's, and never
        of a competitor named on the deal."""
        person = self.partner_id
        customer = self.commercial_partner_id
        if person.is_company or person.commercial_partner_id == customer:
            raise ValidationError(
                _(
                    "%(person)s is not of another organisation than %(customer)s: an external "
                    "influencer is a person of a design institute, a consultancy or an "
                    "evaluation panel; the customer's own people take the other roles.",
                    person=person.display_name,
                    customer=customer.display_name,
                )
            )
        rivals = self.lead_id.sudo().kam_competitor_ids.competitor_id.commercial_partner_id
        if person.commercial_partner_id in rivals:
            raise ValidationError(
                _(
                    "%(person)s works for %(competitor)s, a competitor on %(deal)s: a "
                    "competitor's people are not in the customer's buying centre.",
                    person=person.display_name,
                    competitor=person.commercial_partner_id.display_name,
                    deal=self.lead_id.display_name,
                )
            )

    @api.constrains("partner_id", "role", "lead_id", "account_id")
    def _check_role_unique(self):
        for owner_field in ("lead_id", "account_id"):
            owners = self[owner_field]
            if not owners:
                continue
            groups = self._read_group(
                [(owner_field, "in", owners.ids)],
                [owner_field, "partner_id", "role"],
                having=[("__count", ">", 1)],
            )
            roles = dict(self._fields["role"]._description_selection(self.env))
            for owner, person, role in groups:
                raise ValidationError(
                    _(
                        "%(person)s holds the role %(role)s twice in the buying centre "
                        "of %(owner)s: remove one of the two lines.",
                        person=person.display_name,
                        role=roles[role],
                        owner=owner.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [self._kam_create_new_person(vals) for vals in vals_list]
        return super().create(vals_list)

    @api.model
    def _kam_create_new_person(self, vals):
        """The line's contact from its new person's name: a person of the
        deal's (or the account's) customer, created in this transaction."""
        name = (vals.pop("new_person_name", None) or "").strip()
        if not name or vals.get("partner_id"):
            return vals
        if vals.get("role") == "external_influencer":
            raise UserError(
                _(
                    "%(name)s is an external influencer: choose them among the people of "
                    "their organisation.",
                    name=name,
                )
            )
        owner = (
            self.env["crm.lead"].browse(vals["lead_id"]).partner_id
            if vals.get("lead_id")
            else self.env["res.partner"].browse(vals.get("account_id"))
        )
        customer = owner.commercial_partner_id
        if not customer:
            raise UserError(_("Set the customer before adding %(name)s.", name=name))
        person = self.env["res.partner"].create(
            {"name": name, "parent_id": customer.id, "type": "contact", "is_company": False}
        )
        return {**vals, "partner_id": person.id}

    def write(self, vals):
        # a person leaving a deal's buying centre takes their influence links along
        people_move = bool({"partner_id", "lead_id"} & vals.keys())
        leads_before = self.lead_id
        if "attitude" not in vals:
            result = super().write(vals)
        else:
            changed = self.filtered(lambda line: line.attitude != vals["attitude"])
            before = {line.id: line.attitude for line in changed}
            result = super().write(vals)
            changed._log_attitude_changes(before)
        if people_move:
            (leads_before | self.lead_id)._kam_drop_stray_influences()
        return result

    def unlink(self):
        leads = self.lead_id
        result = super().unlink()
        leads._kam_drop_stray_influences()
        return result

    def _log_attitude_changes(self, before):
        """Note on the chatter of each opportunity (or account) whose attitudes changed."""
        if not self:
            return
        labels = dict(self._fields["attitude"]._description_selection(self.env))
        roles = dict(self._fields["role"]._description_selection(self.env))
        bodies = {}
        for line in self:
            change = _(
                "Attitude of %(person)s (%(role)s): %(old)s → %(new)s",
                person=line.partner_id.name,
                role=roles[line.role],
                old=labels[before[line.id]],
                new=labels[line.attitude],
            )
            bodies.setdefault(line.lead_id or line.account_id, []).append(change)
        for owners in (self.lead_id, self.account_id):
            owners.sudo()._message_log_batch(
                bodies={
                    owner.id: Markup("<br/>").join(parts)
                    for owner, parts in bodies.items()
                    if owner._name == owners._name
                }
            )
