from odoo import _, api, models, tools
from odoo.exceptions import AccessError

from ..trust import is_trusted, trusted

MODULE = "key_account_management"
# the add-on's own writes of the fields it decides (a tier, the paid node)
DECIDED_WRITE = "kam_decided_write"


class Base(models.AbstractModel):
    """The fields the add-on decides are the add-on's to write.

    A stored field of the add-on that is readonly (computed, related, or set
    by documents and jobs: a tier, the paid node, a review's state) is
    written by the add-on's code only, as superuser or with its trusted
    flag (see ``trust.py``). ``create`` and ``write`` refuse it from anyone
    else, whichever door they come through (form, import, mass edit, the
    external API), and ``create`` ignores the ``default_*`` keys that would
    set it. Writing the value a record already has (an import of every
    column) is harmless and passes.
    """

    _inherit = "base"

    @api.model
    @tools.ormcache()
    def _kam_decided_fields(self):
        """Names of this model's stored readonly fields that only the add-on
        defines (never a field of Odoo's that the add-on extends). Wizards
        are not documents: they take their readonly fields from the action
        that opens them and check what they act on when they act."""
        if self._transient:
            return frozenset()
        return frozenset(
            name
            for name, field in self._fields.items()
            if field.store and field.readonly and field._modules and set(field._modules) == {MODULE}
        )

    def _kam_check_decided_fields(self, names):
        if not names or self.env.su or is_trusted(self.env, DECIDED_WRITE):
            return
        labels = ", ".join(
            sorted(self._fields[name]._description_string(self.env) for name in names)
        )
        raise AccessError(
            _(
                "%(fields)s of %(model)s are set by the documents and the key-account "
                "process, not by hand: they cannot be written through a form, an import or "
                "the API.",
                fields=labels,
                model=self._description,
            )
        )

    def _kam_changed_fields(self, vals, names):
        """Those of ``names`` whose value in ``vals`` differs from a record's."""
        changed = set()
        for name in names:
            field = self._fields[name]
            if field.type in ("one2many", "many2many"):
                changed.add(name)
                continue
            for record in self:
                new = field.convert_to_record(field.convert_to_cache(vals[name], record), record)
                if new != record[name]:
                    changed.add(name)
                    break
        return changed

    @api.model_create_multi
    def create(self, vals_list):
        decided = self._kam_decided_fields()
        if not decided or self.env.su or is_trusted(self.env, DECIDED_WRITE):
            return super().create(vals_list)
        self._kam_check_decided_fields({name for vals in vals_list for name in vals} & decided)
        context = self.env.context
        defaults = {key for key in context if key.startswith("default_") and key[8:] in decided}
        # keys are taken out, which only a whole new context does
        model = self.with_context(  # pylint: disable=context-overridden
            {key: context[key] for key in context if key not in defaults}
        )
        return super(Base, model).create(vals_list)

    def copy(self, default=None):
        # A copy takes the decided values of its original (a revisit's
        # account, a review's decisions): they come from the document, not
        # from the caller, so the copy is the add-on's to write. What the
        # caller sends for the copy (``default``, ``default_*`` keys) is
        # checked as for a create; with lines of its own in ``default``, the
        # whole copy is checked like one.
        decided = self._kam_decided_fields()
        if not decided or self.env.su or is_trusted(self.env, DECIDED_WRITE):
            return super().copy(default)
        default = default or {}
        self._kam_check_decided_fields(decided & default.keys())
        if any(self._fields[name].type in ("one2many", "many2many") for name in default):
            return super().copy(default)
        context = self.env.context
        kept = {
            key: context[key]
            for key in context
            if not (key.startswith("default_") and key[8:] in decided)
        }
        # keys are taken out, which only a whole new context does
        model = trusted(self.with_context(kept), DECIDED_WRITE)  # pylint: disable=context-overridden
        # the copies go back to the caller without the add-on's trust
        return super(Base, model).copy(default).with_env(self.env)

    def write(self, vals):
        decided = self._kam_decided_fields()
        if decided and not (self.env.su or is_trusted(self.env, DECIDED_WRITE)):
            sent = decided & vals.keys()
            if sent:
                self._kam_check_decided_fields(self._kam_changed_fields(vals, sent))
        return super().write(vals)

    @api.model
    def _kam_xml_action(self, xml_id, domain, context=None, **values):
        """The window action ``xml_id`` opened on ``domain`` with ``context``
        (its own context replaced), and any other of its keys given."""
        action = self.env["ir.actions.act_window"]._for_xml_id(xml_id)
        action.update(domain=domain, context=context or {}, **values)
        return action
