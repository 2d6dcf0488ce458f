from datetime import timedelta

from lxml import etree

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from ..models.base import DECIDED_WRITE
from .common import KeyAccountRevisitCommon

MODULE = "key_account_management"
READONLY = {"1", "True", "true"}

# Fields of the add-on that are computed, related or readonly in every view
# and yet written by people on purpose, with the reason.
WRITABLE_ON_PURPOSE = {
    ("key.account.buying.role", "has_veto"): "pre-filled from the role (the technical buyer "
    "usually has a veto); the rep corrects it for the person",
    ("key.account.buying.role", "criteria"): "pre-filled from the role; the rep writes what "
    "this person weighs",
    ("key.account.contract.review.line", "state"): "refused by the line's own create and "
    "write outside the submit and decide buttons (DECISION_FIELDS), with its own message",
    ("key.account.revisit.plan", "name"): "a suggestion from the account and order; "
    "the rep may rename the plan",
    ("key.account.colleague.link", "partner_id"): "the person is chosen where the link is "
    "made (the buying-centre line); the list shows it readonly",
    ("key.account.health.factor", "factor"): "one line per factor, made by the settings; "
    "editable by the managers who keep the settings",
    ("key.account.installed.unit", "categ_id"): "from the product; a competitor's units "
    "without our equivalent product are classified by the rep",
    ("key.account.installed.unit", "model_name"): "our product's name for our units (their "
    "form shows it readonly); the rep names a competitor's model",
    ("key.account.installed.unit", "replacement_months"): "the category's cycle as a default; "
    "the rep may know these units are replaced sooner",
    ("key.account.installed.unit", "replacement_date"): "from the purchase date and the cycle; "
    "the rep may know the customer's own plan (never before the purchase)",
    ("key.account.installed.unit", "company_id"): "from the order for our units (refused "
    "by the unit's write); the rep's company for a competitor's",
    ("key.account.plan", "company_id"): "the company the plan is made in; shown to "
    "multi-company users only, who choose it",
    ("key.account.plan", "user_id"): "the account's salesperson as a default; the plan may "
    "be given to another colleague",
}


def _ours(field):
    return bool(field._modules) and set(field._modules) == {MODULE}


def _top_level_fields(arch):
    """Field nodes of the view's own model (not of embedded x2many views)."""
    for node in etree.fromstring(arch).iter("field"):
        if not any(parent.tag == "field" for parent in node.iterancestors()):
            yield node


@tagged("post_install", "-at_install")
class TestDecidedFields(KeyAccountRevisitCommon):
    """Every field of the add-on that is computed, related, stored and
    readonly, or readonly in every view, is refused to a rep through
    ``write`` and ``create``, or is writable on purpose for a stated reason."""

    def _readonly_in_all_views(self, model):
        seen, editable = set(), set()
        views = self.env["ir.ui.view"].search(
            [
                ("model", "=", model),
                ("type", "in", ("form", "list", "kanban")),
                ("mode", "=", "primary"),
            ]
        )
        for view in views:
            arch = self.env[model].get_view(view.id, view.type)["arch"]
            for node in _top_level_fields(arch):
                name = node.get("name")
                seen.add(name)
                if node.get("readonly") not in READONLY:
                    editable.add(name)
        return seen - editable

    def _models_with_our_fields(self):
        return sorted(
            name
            for name, model in self.env.registry.items()
            if not model._abstract
            and not model._transient
            and model._auto
            and any(_ours(field) for field in model._fields.values())
        )

    def test_every_decided_field_is_guarded(self):
        unguarded = []
        for model in self._models_with_our_fields():
            Model = self.env[model]
            guarded = Model._kam_decided_fields()
            view_readonly = self._readonly_in_all_views(model)
            for name, field in Model._fields.items():
                # a one2many has no column: its lines are guarded on their model
                if not (_ours(field) and field.store) or field.type == "one2many":
                    continue
                decided = field.readonly or field.compute or field.related or name in view_readonly
                if decided and name not in guarded and (model, name) not in WRITABLE_ON_PURPOSE:
                    unguarded.append(f"{model}.{name}")
        self.assertEqual(unguarded, [], "writable by a rep though the add-on decides them")

    def test_writable_on_purpose_is_not_stale(self):
        for model, name in WRITABLE_ON_PURPOSE:
            with self.subTest(field=f"{model}.{name}"):
                self.assertIn(name, self.env[model]._fields)
                self.assertNotIn(name, self.env[model]._kam_decided_fields())

    # through the doors, as a rep on their own records ----------------------
    def _other_value(self, record, name):
        """A valid value of ``name`` that ``record`` does not have."""
        field = record._fields[name]
        current = record.sudo()[name]
        if field.type == "boolean":
            return not current
        if field.type == "selection":
            options = [key for key, _label in field._description_selection(self.env)]
            return next(key for key in options if key != current)
        if field.type in ("char", "text", "html"):
            return f"{current or ''} typed"
        if field.type in ("integer", "float", "monetary"):
            return (current or 0) + 7
        if field.type == "date":
            return (current or fields.Date.today()) + timedelta(days=3)
        if field.type == "datetime":
            return (current or fields.Datetime.now()) + timedelta(days=3)
        if field.type == "many2one":
            other = self.env[field.comodel_name].sudo().search([("id", "!=", current.id)], limit=1)
            return other.id
        return [Command.clear()]

    def _rep_records(self):
        self.account.user_id = self.user_rep
        order = self._order(opportunity=self.deal_rep)
        order.action_kam_start_review()
        plan = self.env["key.account.revisit.plan"].create(
            {
                "partner_id": self.account.id,
                "template_id": self.template.id,
                "user_id": self.user_rep.id,
                "state": "active",
            }
        )
        self.deal_rep.buying_role_ids = [
            Command.create({"partner_id": self.account_contact.id, "role": "coach"})
        ]
        visit = self.env["key.account.visit"].create(
            {
                "name": "Visit",
                "account_id": self.account.id,
                "user_id": self.user_rep.id,
                "visit_datetime": fields.Datetime.now(),
            }
        )
        return [
            self.deal_rep,
            self.account,
            order,
            order.kam_review_line_ids[:1],
            plan.revisit_ids[:1],
            self.deal_rep.buying_role_ids,
            visit,
        ]

    def test_rep_cannot_write_them(self):
        for record in self._rep_records():
            as_rep = record.with_user(self.user_rep)
            for name in sorted(record._kam_decided_fields()):
                with self.subTest(field=f"{record._name}.{name}"):
                    value = self._other_value(record, name)
                    with self.assertRaises(AccessError):
                        as_rep.write({name: value})

    def test_rep_cannot_create_with_them(self):
        Lead = self.env["crm.lead"].with_user(self.user_rep)
        Partner = self.env["res.partner"].with_user(self.user_rep)
        base = {"name": "New", "type": "opportunity", "team_id": self.key_team.id}
        for name in sorted(Lead._kam_decided_fields()):
            with self.subTest(field=f"crm.lead.{name}"), self.assertRaises(AccessError):
                Lead.create({**base, name: self._other_value(self.deal_rep, name)})
        for name in sorted(Partner._kam_decided_fields()):
            with self.subTest(field=f"res.partner.{name}"), self.assertRaises(AccessError):
                Partner.create(
                    {"name": "New", "is_company": True, name: self._other_value(self.account, name)}
                )

    # the other doors: duplication and the partner merge ----------------------
    def test_duplicate_keeps_the_originals_decided_values(self):
        plan = self.env["key.account.revisit.plan"].create(
            {
                "partner_id": self.account.id,
                "template_id": self.template.id,
                "user_id": self.user_rep.id,
                "state": "active",
            }
        )
        revisit = plan.revisit_ids[:1].with_user(self.user_rep)
        copy = revisit.copy()
        self.assertEqual((copy.partner_id, copy.user_id), (self.account, self.user_rep))
        self.assertFalse(copy.env.context.get(DECIDED_WRITE), "the copy comes back untrusted")
        other = self.env["res.partner"].create({"name": "Elsewhere Ltd", "is_company": True})
        with self.assertRaises(AccessError):
            revisit.copy({"partner_id": other.id})
        with self.assertRaises(AccessError):
            self.deal_rep.with_user(self.user_rep).copy({"kam_node_paid": True})

    def test_partner_merge_recomputes_the_tier(self):
        # Odoo's merge reads every field: an administrator merges (not as
        # superuser), who here also manages key accounts
        admin = self.env.ref("base.user_admin")
        admin.groups_id |= self.env.ref("key_account_management.group_key_account_manager")
        self.account.kam_importance = "critical"
        self.account._kam_compute_tiers()
        self.assertEqual(self.account.kam_tier, "strategic")
        duplicate = self.env["res.partner"].create(
            {
                "name": "Test Heavy Industries (dup)",
                "is_company": True,
                "is_key_account": True,
                "kam_importance": "critical",
            }
        )
        self.assertFalse(duplicate.kam_tier)
        Wizard = self.env["base.partner.merge.automatic.wizard"].with_user(admin)
        Wizard._merge((self.account | duplicate).ids, duplicate)
        self.assertFalse(self.account.exists())
        # Odoo copied the tier of the merged account; the add-on measured it
        self.assertEqual(duplicate.kam_tier, "strategic")
