from odoo import fields, models

KEY_NODES = [
    ("evaluated", "Prospect evaluated and graded"),
    ("roles", "Insider, key persons and relationship"),
    ("criteria", "Purchase criteria influenced"),
    ("bid", "Bid or negotiated tender entered"),
    ("contract", "Contract signed"),
    ("paid", "Full payment received"),
]


class CrmStage(models.Model):
    _inherit = "crm.stage"

    # The stage's tooltip: the key-account stages ship theirs in the
    # handbooks' language, so it is translated like the stage's name.
    requirements = fields.Text(translate=True)
    kam_key_node = fields.Selection(
        KEY_NODES,
        string="Key Node",
        help="What a key-account deal must reach in this stage before it may move on "
        "to the next one.",
    )
    kam_needs_required = fields.Boolean(
        "Needs Analysis Required",
        help="The key node of this stage is reached only once the deal's needs analysis is "
        "filled (use, requirements, units needed, budget, schedule).",
    )
    kam_guidance = fields.Text("Guidance", translate=True, help="What the rep does in this stage.")
    kam_customer_step = fields.Char(
        "Customer's Step",
        translate=True,
        help="The customer's procurement step this stage mirrors.",
    )

    def write(self, vals):
        result = super().write(vals)
        if {"kam_needs_required", "kam_key_node", "team_id"} & vals.keys():
            # what the nodes require changed: the team's deals are measured
            # again, and what follows from their nodes with them
            deals = (
                self.env["crm.lead"]
                .sudo()
                .search([("team_id", "in", self.team_id.ids), ("is_key_account", "=", True)])
            )
            deals.modified(["kam_needs_filled"])
        return result
