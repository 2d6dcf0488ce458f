from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_amount
from odoo.tools.translate import LazyTranslate

from ..const import MANAGER_GROUP, USER_GROUP
from ..trust import is_trusted, trusted
from .base import DECIDED_WRITE

_lt = LazyTranslate(__name__)

# what moves a deal into or within a key-account pipeline
GATE_FIELDS = {"stage_id", "team_id", "type"}
# the gate's own move of a deal into its pipeline's first stage
GATE_ENTERING = "kam_gate_entering"
# a manager's override moving deals past the gate (``_kam_override_gate``)
GATE_OVERRIDE = "kam_gate_override"
NODE_HINTS = {
    "evaluated": _lt(
        "Score the deal on its Evaluation tab until the evaluation passes, and make sure "
        "it has a grade."
    ),
    "roles": _lt(
        "Map the coach, the economic buyer and the technical buyer in the Buying Centre "
        "with a known attitude; the economic buyer must not be an opponent."
    ),
    "criteria": _lt(
        "On the Supplier Comparison tab, record the customer's criteria with their weights "
        "and score us and each competitor: our weighted score must not be below the best "
        "competitor's (or a key-account manager overrides)."
    ),
    "bid": _lt("Enter the tender reference and submission date, or send a quotation."),
    "contract": _lt(
        "Have the departments approve every item of the order's contract review, and "
        "confirm the order."
    ),
    "paid": _lt("Wait until every posted invoice of the deal's orders is paid."),
}


class CrmLead(models.Model):
    """The six-stage key-account process: its key nodes, the rule that
    gates the stages (a deal stands in stage N only once the nodes of stages
    1 to N-1 are reached), the managers' override, the stage history and
    the paid node."""

    _inherit = "crm.lead"

    # Six-stage process (销售流程六步骤): the key nodes that gate each stage
    kam_criteria_notes = fields.Text(
        "Customer's Purchase Criteria",
        help="What the customer will specify, and which of these criteria favour us.",
    )
    kam_criteria_date = fields.Date("Criteria Influenced On")

    kam_tender_reference = fields.Char("Tender Reference")
    kam_tender_date = fields.Date("Bid Submitted On")

    kam_node_evaluated = fields.Boolean(
        "Evaluated and Graded", compute="_compute_kam_nodes", store=True
    )
    kam_node_roles = fields.Boolean("Roles Mapped", compute="_compute_kam_nodes", store=True)
    kam_node_criteria = fields.Boolean(
        "Criteria Influenced", compute="_compute_kam_nodes", store=True
    )
    kam_node_bid = fields.Boolean("Bid Entered", compute="_compute_kam_nodes", store=True)
    kam_node_contract = fields.Boolean("Contract Signed", compute="_compute_kam_nodes", store=True)
    kam_node_paid = fields.Boolean("Fully Paid", readonly=True, copy=False)
    kam_node_evaluated_date = fields.Datetime(
        "Evaluated On", compute="_compute_kam_nodes", store=True
    )
    kam_node_roles_date = fields.Datetime(
        "Roles Mapped On", compute="_compute_kam_nodes", store=True
    )
    kam_node_criteria_date = fields.Datetime(
        "Criteria Reached On", compute="_compute_kam_nodes", store=True
    )
    kam_node_bid_date = fields.Datetime("Bid Entered On", compute="_compute_kam_nodes", store=True)
    kam_node_contract_date = fields.Datetime(
        "Contract Signed On", compute="_compute_kam_nodes", store=True
    )
    kam_node_paid_date = fields.Datetime("Fully Paid On", readonly=True, copy=False)
    # documents and stage texts of the six stages
    kam_criteria_evidence_ids = fields.Many2many(
        "ir.attachment",
        "key_account_criteria_evidence_rel",
        string="Criteria Evidence",
        help="Minutes, specifications or mails that show the criteria we influenced.",
    )
    kam_tender_document_ids = fields.Many2many(
        "ir.attachment", "key_account_tender_document_rel", string="Bid Documents"
    )
    kam_stage_key_node = fields.Selection(related="stage_id.kam_key_node")
    kam_stage_guidance = fields.Text(related="stage_id.kam_guidance")
    kam_stage_customer_step = fields.Char(related="stage_id.kam_customer_step")
    kam_stage_log_ids = fields.One2many(
        "key.account.stage.log", "lead_id", string="Stage History", groups=USER_GROUP
    )

    # stored: every card of the pipeline shows it
    kam_current_node_reached = fields.Boolean(
        "Key Node Reached", compute="_compute_kam_current_node_reached", store=True
    )
    kam_stalled = fields.Boolean(
        "Stalled", compute="_compute_kam_stalled", search="_search_kam_stalled"
    )

    @api.depends(
        "is_key_account",
        "kam_evaluation_passed",
        "kam_grade",
        "buying_role_ids.role",
        "buying_role_ids.attitude",
        "kam_comparison_state",
        "kam_comparison_override_reason",
        "kam_tender_reference",
        "kam_tender_date",
        "order_ids.state",
        "order_ids.kam_review_state",
        "team_id",
        "kam_needs_filled",
    )
    def _compute_kam_nodes(self):
        now = fields.Datetime.now()
        # the nodes whose stage also requires the needs analysis, per team
        needs_nodes = {}
        for stage in self.env["crm.stage"].search(
            [("kam_needs_required", "=", True), ("team_id", "in", self.team_id.ids)]
        ):
            needs_nodes.setdefault(stage.team_id.id, set()).add(stage.kam_key_node)
        # the deal's orders as sale_crm counts them (its "Orders" button)
        deal_orders = self._get_lead_sale_order_domain()
        for lead in self:
            lines = lead.buying_role_ids
            known = {line.role for line in lines if line.attitude != "unknown"}
            orders = lead.order_ids
            confirmed = orders.filtered_domain(deal_orders)
            reached = {
                "evaluated": bool(lead.kam_evaluation_passed and lead.kam_grade),
                "roles": {"coach", "economic_buyer", "technical_buyer"} <= known
                and not any(
                    line.role == "economic_buyer" and line.attitude == "opponent" for line in lines
                ),
                # 项目评估: we have influenced the criteria when we are not
                # behind the best competitor on them, or a manager says so
                "criteria": lead.kam_comparison_state == "ahead"
                or bool((lead.kam_comparison_override_reason or "").strip()),
                # a tender entered, or a quotation sent (or confirmed)
                "bid": bool(lead.kam_tender_reference and lead.kam_tender_date)
                or any(order.state == "sent" for order in orders)
                or bool(confirmed),
                "contract": any(order.kam_review_state == "approved" for order in confirmed),
            }
            for node in needs_nodes.get(lead.team_id.id, ()):
                if node in reached:
                    reached[node] = reached[node] and lead.kam_needs_filled
            for node, is_reached in reached.items():
                is_reached = is_reached and lead.is_key_account
                lead[f"kam_node_{node}"] = is_reached
                # the date a node was first reached stays while it holds: the
                # compute reads the stored date it is about to keep or clear
                if not is_reached:
                    lead[f"kam_node_{node}_date"] = False
                elif not lead[f"kam_node_{node}_date"]:
                    lead[f"kam_node_{node}_date"] = now

    @api.depends(
        "stage_id.kam_key_node",
        "kam_node_evaluated",
        "kam_node_roles",
        "kam_node_criteria",
        "kam_node_bid",
        "kam_node_contract",
        "kam_node_paid",
    )
    def _compute_kam_current_node_reached(self):
        for lead in self:
            node = lead.stage_id.kam_key_node
            lead.kam_current_node_reached = bool(node) and lead[f"kam_node_{node}"]

    @api.depends_context("company")
    @api.depends("date_last_stage_update", "is_key_account", "probability", "active")
    def _compute_kam_stalled(self):
        limit = self._kam_stalled_limit()
        for lead in self:
            lead.kam_stalled = (
                lead.is_key_account
                and lead.active
                and lead.probability < 100
                and bool(lead.date_last_stage_update)
                and lead.date_last_stage_update < limit
            )

    def _search_kam_stalled(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Search stalled deals with = True or = False."))
        stalled = [
            ("is_key_account", "=", True),
            ("probability", "<", 100),
            ("date_last_stage_update", "<", self._kam_stalled_limit()),
        ]
        if (operator == "=") == value:
            return stalled
        return ["!", "&", "&", *stalled]

    @api.model
    def _kam_stalled_limit(self):
        days = self.env.company.kam_stalled_days
        return fields.Datetime.now() - relativedelta(days=days)

    @api.model_create_multi
    def create(self, vals_list):
        leads = super().create(vals_list)
        leads._kam_enforce_stage_gate({})
        return leads

    def write(self, vals):
        # the override moves the deals and checks them itself
        if not GATE_FIELDS & vals.keys() or is_trusted(self.env, GATE_OVERRIDE):
            return super().write(vals)
        before = self._kam_gate_before()
        result = super().write(vals)
        self._kam_enforce_stage_gate(before)
        return result

    def _kam_override_gate(self, stage, reason):
        """Move these deals to ``stage`` although key nodes before it are not
        reached: a key-account manager's decision, with its reason kept in
        the chatter and the stage history. The one way past the gate (the
        *Override Gate* button opens it for people); nothing a caller sends
        to ``create`` or ``write`` opens it."""
        if not (self.env.su or self.env.user.has_group(MANAGER_GROUP)):
            raise AccessError(_("Only key-account managers can override a stage gate."))
        before = self._kam_gate_before()
        trusted(self, GATE_OVERRIDE).write({"stage_id": stage.id})
        self._kam_enforce_stage_gate(before, reason)
        return True

    def _kam_gate_before(self):
        """{deal: (stage, team, type, date of the last stage change)} before a move."""
        return {
            lead: (lead.stage_id, lead.team_id, lead.type, lead.date_last_stage_update)
            for lead in self
        }

    def _kam_pipelines(self, teams):
        """{team: its key-account stages in order}, in one query. The won
        stages follow the last of them."""
        stages = self.env["crm.stage"].search(
            [("team_id", "in", teams.ids), ("is_won", "=", False)], order="sequence, id"
        )
        pipelines = {team: [] for team in teams}
        for stage in stages:
            pipelines[stage.team_id].append(stage)
        return pipelines

    @api.model
    def _kam_position(self, pipeline, stage):
        """Index of ``stage`` in ``pipeline``; won stages come after the
        last one; None for a stage outside the pipeline."""
        if stage.is_won:
            return len(pipeline)
        return pipeline.index(stage) if stage in pipeline else None

    def _kam_missing_node(self, pipeline, position):
        """The first stage before ``position`` whose key node is not reached."""
        self.ensure_one()
        return next(
            (
                stage
                for stage in pipeline[:position]
                if stage.kam_key_node and not self[f"kam_node_{stage.kam_key_node}"]
            ),
            None,
        )

    def _kam_enforce_stage_gate(self, before, reason=None):
        """The key-node invariant: a key-account deal stands in stage N of its
        pipeline only if the key nodes of stages 1 to N-1 are reached (won: all
        six). Checked after every create and every write that moves a deal
        into or within a key-account pipeline; moving back is free.

        ``before`` maps each written deal to its (stage, team, type, date of
        the last stage change) before the write (empty on create);
        ``reason`` is a manager's override reason (``_kam_override_gate``).

        Reads stored fields only: a constant number of queries per call."""
        if is_trusted(self.env, GATE_ENTERING):
            return  # the first stage, set below: no node to check, logged by the caller
        leads = self.filtered("is_key_account")
        if not leads:
            return
        pipelines = self._kam_pipelines(leads.team_id)
        # entering a pipeline from a stage outside it (another team's stage,
        # a generic one): the deal starts at the pipeline's first stage
        misplaced = leads.filtered(
            lambda lead: pipelines[lead.team_id]
            and self._kam_position(pipelines[lead.team_id], lead.stage_id) is None
        )
        for team, deals in misplaced.grouped("team_id").items():
            trusted(deals, GATE_ENTERING).write({"stage_id": pipelines[team][0].id})
        moves = []
        labels = dict(
            self.env["crm.stage"]._fields["kam_key_node"]._description_selection(self.env)
        )
        for lead in leads:
            pipeline = pipelines[lead.team_id]
            if not pipeline:
                continue
            position = self._kam_position(pipeline, lead.stage_id)
            stage, team, lead_type, entered = before.get(lead, (None, None, None, None))
            if stage == lead.stage_id and team == lead.team_id and lead_type == lead.type:
                continue
            old_position = (
                self._kam_position(pipeline, stage)
                if stage and team == lead.team_id and lead_type == lead.type
                else None
            )
            if old_position is not None and position <= old_position:
                moves.append((lead, stage, "back", entered, False))
                continue
            missing = lead._kam_missing_node(pipeline, position)
            if missing and not reason:
                raise UserError(
                    _(
                        '%(deal)s cannot move to %(target)s yet: the key node "%(node)s" of '
                        "%(current)s is not reached. %(todo)s",
                        deal=lead.name,
                        target=lead.stage_id.name,
                        node=labels[missing.kam_key_node],
                        current=missing.name,
                        todo=lead._kam_node_hint(missing),
                    )
                )
            if position or stage:
                moves.append((lead, stage, "forward", entered, bool(missing and reason)))
        self._kam_log_stage_moves(moves, reason)

    def _kam_node_hint(self, stage):
        """What to do to reach the key node of ``stage``."""
        self.ensure_one()
        hint = str(NODE_HINTS[stage.kam_key_node])
        if stage.kam_needs_required and not self.kam_needs_filled:
            hint += " " + _(
                "Fill the needs analysis too: use of the units, requirements, units needed, "
                "budget and purchase schedule."
            )
        return hint

    def _kam_record_standing_overrides(self):
        """Deals standing beyond their reached key nodes (from before every
        door was gated) keep their stage: record it as an override."""
        pipelines = self._kam_pipelines(self.team_id)
        standing = []
        for lead in self:
            pipeline = pipelines.get(lead.team_id)
            position = pipeline and self._kam_position(pipeline, lead.stage_id)
            missing = position and lead._kam_missing_node(pipeline, position)
            if missing:
                standing.append((lead, missing))
        if not standing:
            return
        self.env["key.account.stage.log"].sudo().create(
            [
                {
                    "lead_id": lead.id,
                    "stage_to_id": lead.stage_id.id,
                    "direction": "forward",
                    "overridden": True,
                }
                for lead, _missing in standing
            ]
        )
        labels = dict(
            self.env["crm.stage"]._fields["kam_key_node"]._description_selection(self.env)
        )
        for lead, missing in standing:
            lead.message_post(
                body=_(
                    "Stage gate: this deal stood in %(target)s before the key-node rule held "
                    'for every door, without the key node "%(node)s" of %(current)s. It keeps '
                    "its stage as an override.",
                    target=lead.stage_id.name,
                    node=labels[missing.kam_key_node],
                    current=missing.name,
                )
            )

    def _kam_date_nodes_from_history(self):
        """Deals that came with their history (the demo's, or deals brought
        in from before the add-on) reached their key nodes before the add-on
        recorded when: a node's date becomes the day the deal first moved on
        from the node's stage, where that is earlier than the date kept."""
        logs = (
            self.env["key.account.stage.log"]
            .sudo()
            .search(
                [
                    ("lead_id", "in", self.ids),
                    ("direction", "=", "forward"),
                    ("stage_from_id.kam_key_node", "!=", False),
                ],
                order="date, id",
            )
        )
        first_left = {}
        for log in logs:
            first_left.setdefault((log.lead_id, log.stage_from_id), log.date)
        for (lead, stage), left_on in first_left.items():
            node = stage.kam_key_node
            kept = lead[f"kam_node_{node}_date"]
            if lead[f"kam_node_{node}"] and (not kept or left_on < kept):
                trusted(lead.sudo(), DECIDED_WRITE).write({f"kam_node_{node}_date": left_on})

    def _kam_log_stage_moves(self, moves, reason):
        """Stage history of the moves (a deal created in a later stage has
        no stage it came from) and, for overridden gates, the chatter."""
        if not moves:
            return
        now = fields.Datetime.now()
        self.env["key.account.stage.log"].sudo().create(
            [
                {
                    "lead_id": lead.id,
                    "stage_from_id": stage_from.id if stage_from else False,
                    "stage_to_id": lead.stage_id.id,
                    "date": now,
                    "days_in_stage": (now - (entered or now)).total_seconds() / 86400,
                    "direction": direction,
                    "overridden": overridden,
                }
                for lead, stage_from, direction, entered, overridden in moves
            ]
        )
        for lead, stage_from, _direction, _entered, overridden in moves:
            if overridden:
                lead.message_post(
                    body=_(
                        "Stage gate overridden from %(current)s to %(target)s: %(reason)s",
                        current=stage_from.name,
                        target=lead.stage_id.name,
                        reason=reason,
                    )
                )

    def _kam_fully_paid(self):
        """Every posted invoice of the confirmed orders is paid, credit notes
        netted; a partial payment is not enough."""
        moves = self._kam_orders_invoices()
        if not moves.filtered(lambda move: move.move_type == "out_invoice"):
            return False
        return self.company_currency.is_zero(sum(moves.mapped("amount_residual_signed")))

    def _kam_sync_paid_node(self):
        """Stage 6 follows the invoices both ways: fully paid marks the deal
        won (a forward move: every node is reached); no longer fully paid
        clears the node, reopens the deal in stage 6 and tells its
        salesperson."""
        leads = self.sudo().filtered("is_key_account")
        if not leads:
            return
        paid = leads.filtered(lambda lead: lead._kam_fully_paid())
        newly_paid = paid.filtered(lambda lead: not lead.kam_node_paid)
        unpaid = (leads - paid).filtered("kam_node_paid")
        if newly_paid:
            newly_paid.write({"kam_node_paid": True, "kam_node_paid_date": fields.Datetime.now()})
            pipelines = self._kam_pipelines(newly_paid.team_id)
            newly_paid.filtered(
                lambda lead: lead.active
                and not lead.stage_id.is_won
                and not lead._kam_missing_node(
                    pipelines[lead.team_id], len(pipelines[lead.team_id])
                )
            ).action_set_won()
        if unpaid:
            unpaid.write({"kam_node_paid": False, "kam_node_paid_date": False})
            pipelines = self._kam_pipelines(unpaid.team_id)
            for team, deals in (
                unpaid.filtered(lambda lead: lead.stage_id.is_won).grouped("team_id").items()
            ):
                paid_stage = next(
                    (stage for stage in pipelines[team] if stage.kam_key_node == "paid"),
                    pipelines[team][-1] if pipelines[team] else None,
                )
                if paid_stage:
                    deals.write({"stage_id": paid_stage.id})
            for lead in unpaid:
                outstanding = lead._kam_outstanding_of_orders()
                note = _(
                    "The invoices of this deal's confirmed orders are no longer fully paid "
                    "(%(amount)s outstanding): a payment was cancelled or unreconciled, or a "
                    "new invoice was posted. The deal is open again in its last stage.",
                    amount=format_amount(self.env, outstanding, lead.company_currency),
                )
                lead.message_post(body=note)
                lead.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=(lead.user_id or self.env.user).id,
                    summary=_("Payment no longer complete"),
                    note=note,
                )

    def _kam_orders_invoices(self):
        """The posted customer invoices and credit notes of the confirmed orders."""
        self.ensure_one()
        orders = self.order_ids.filtered_domain(self._get_lead_sale_order_domain())
        return orders.invoice_ids.filtered(
            lambda move: move.state == "posted" and move.move_type in ("out_invoice", "out_refund")
        )

    def _kam_outstanding_of_orders(self):
        return sum(self._kam_orders_invoices().mapped("amount_residual_signed"))
