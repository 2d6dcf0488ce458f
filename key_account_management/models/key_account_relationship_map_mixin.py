from odoo import _, api, models

from ..const import USER_GROUP
from .key_account_buying_role import ATTITUDES, STRENGTHS

STRENGTH_RANK = {key: rank for rank, (key, _label) in enumerate(STRENGTHS)}


class KeyAccountRelationshipMapMixin(models.AbstractModel):
    """关系网: the buying centre of a deal or an account as a network, for
    the relationship map (static/src/relationship_map).

    The owner defines ``buying_role_ids``, ``_kam_map_influences`` and
    ``_kam_map_account``.
    """

    _name = "key.account.relationship.map.mixin"
    _description = "Relationship Map"

    @api.readonly
    def action_kam_relationship_map(self):
        self.ensure_one()
        return {
            "type": "ir.actions.client",
            "tag": "key_account_management.relationship_map",
            "name": _("Relationship Map: %(owner)s", owner=self.display_name),
            "params": {"res_model": self._name, "res_id": self.id},
        }

    def _kam_map_influences(self):
        """The influence links between the people of this buying centre."""
        raise NotImplementedError

    def _kam_map_account(self):
        """The key account whose plan's relationship goals the map shows."""
        raise NotImplementedError

    def _kam_map_goals(self):
        """{person: relationship goal} of the account's current plan (the one
        this user may read), to show who is still below their goal."""
        plan = self._kam_map_account().kam_plan_id
        return {goal.partner_id: goal for goal in plan.relationship_ids}

    @api.readonly
    def kam_relationship_map_data(self):
        """Nodes and edges of the map, every label in the reader's language.
        Reads only: Odoo serves it from a read replica when it has one."""
        self.ensure_one()
        self.check_access("read")
        if not self.env.user.has_group(USER_GROUP):
            return self._kam_map_payload([], [])
        lines = self.buying_role_ids
        people = lines.partner_id
        attitudes = dict(ATTITUDES)
        attitude_labels = dict(lines._fields["attitude"]._description_selection(self.env))
        role_labels = dict(lines._fields["role"]._description_selection(self.env))
        strength_labels = dict(STRENGTHS)
        strength_labels.update(
            lines._fields["relationship_strength"]._description_selection(self.env)
        )
        target_labels = dict(
            self.env["key.account.plan.relationship"]
            ._fields["target_attitude"]
            ._description_selection(self.env)
        )
        goals = self._kam_map_goals()
        nodes, edges = [], []
        for person in people:
            own = lines.filtered(lambda line, person=person: line.partner_id == person)
            # a person holding two roles shows the attitude of their heavier one
            main = own.sorted("weight", reverse=True)[0]
            nodes.append(
                {
                    "id": f"p{person.id}",
                    "kind": "person",
                    "res_id": person.id,
                    "label": person.name or "",
                    "function": person.function or "",
                    "organisation": person.commercial_partner_id.name or "",
                    "external": "external_influencer" in own.mapped("role"),
                    "role": ", ".join(role_labels[role] for role in own.mapped("role")),
                    "attitude": main.attitude if main.attitude in attitudes else "unknown",
                    "attitude_label": attitude_labels[main.attitude],
                    "weight": sum(own.mapped("weight")),
                    **self._kam_map_goal_values(goals.get(person), target_labels, strength_labels),
                }
            )
            # the reporting line to the nearest superior on the map
            boss = person.kam_reports_to_id
            seen = person
            while boss and boss not in people and boss not in seen:
                seen |= boss
                boss = boss.kam_reports_to_id
            if boss and boss in people:
                edges.append(
                    {
                        "id": f"r{person.id}-{boss.id}",
                        "source": f"p{person.id}",
                        "target": f"p{boss.id}",
                        "kind": "reports",
                        "strength": False,
                        "label": _(
                            "%(person)s reports to %(boss)s", person=person.name, boss=boss.name
                        ),
                    }
                )
        for link in self._kam_map_influences():
            # an f-string inside _() would hide the calls after it from extraction
            how = f": {link.note}" if link.note else ""
            edges.append(
                {
                    "id": f"i{link.id}",
                    "source": f"p{link.influencer_id.id}",
                    "target": f"p{link.influenced_id.id}",
                    "kind": "influence",
                    "strength": link.strength,
                    "label": _(
                        "%(who)s influences %(whom)s (%(strength)s)%(how)s",
                        who=link.influencer_id.name,
                        whom=link.influenced_id.name,
                        strength=strength_labels[link.strength],
                        how=how,
                    ),
                }
            )
        known = {}  # (user, person) -> (strength, is owner)
        for line in lines:
            if line.relationship_user_id:
                key = (line.relationship_user_id, line.partner_id)
                known[key] = (line.relationship_strength, True)
            for colleague in line.colleague_ids:
                key = (colleague.user_id, line.partner_id)
                if key not in known:
                    known[key] = (colleague.strength, False)
        for user in self.env["res.users"].union(*(user for user, _person in known)):
            nodes.append(
                {"id": f"u{user.id}", "kind": "colleague", "res_id": user.id, "label": user.name}
            )
        for (user, person), (strength, owner) in known.items():
            strength_label = strength_labels.get(strength) or _("strength not rated")
            edges.append(
                {
                    "id": f"k{user.id}-{person.id}",
                    "source": f"u{user.id}",
                    "target": f"p{person.id}",
                    "kind": "knows",
                    "strength": strength or False,
                    "label": (
                        _(
                            "%(user)s owns the relationship with %(person)s (%(strength)s)",
                            user=user.name,
                            person=person.name,
                            strength=strength_label,
                        )
                        if owner
                        else _(
                            "%(user)s knows %(person)s (%(strength)s)",
                            user=user.name,
                            person=person.name,
                            strength=strength_label,
                        )
                    ),
                }
            )
        return self._kam_map_payload(nodes, edges)

    def _kam_map_goal_values(self, goal, target_labels, strength_labels):
        """The plan's goal for a person: whether they are still below it."""
        if not goal:
            return {"gap": False, "goal_label": ""}
        return {
            "gap": goal.gap,
            "goal_label": _(
                "Plan goal: %(attitude)s, relationship %(strength)s (%(owner)s)",
                attitude=target_labels.get(goal.target_attitude, ""),
                strength=strength_labels.get(goal.target_strength) or _("not rated"),
                owner=goal.user_id.name or "",
            ),
        }

    def _kam_map_payload(self, nodes, edges):
        return {
            "title": _("Relationship Map: %(owner)s", owner=self.display_name),
            "nodes": nodes,
            "edges": edges,
            "labels": {
                "legend": _("Legend"),
                "supporter": _("Supporter"),
                "neutral": _("Neutral"),
                "opponent": _("Opponent"),
                "unknown": _("Unknown"),
                "reports": _("Reports to"),
                "influence": _("Influences"),
                "knows": _("Knows (our colleague)"),
                "colleague": _("Our colleague"),
                "weight": _("Decision weight"),
                "people": _("People"),
                "gap": _("Below the plan's goal"),
                "empty": _("No buying centre recorded yet."),
            },
        }
