from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_amount
from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

USER_GROUP = "key_account_management.group_key_account_user"
MANAGER_GROUP = "key_account_management.group_key_account_manager"
GRADES = [("A", "A"), ("B", "B"), ("C", "C"), ("D", "D")]
OVERRIDE_FIELDS = {"kam_grade_override", "kam_grade_override_reason"}
# what moves a deal into or within a key-account pipeline
GATE_FIELDS = {"stage_id", "team_id", "type"}
GATE_REASON_FIELD = "kam_gate_override_reason"
REVIEW_FIELDS = (
    "kam_review_configuration",
    "kam_review_price",
    "kam_review_payment_terms",
    "kam_review_delivery",
    "kam_review_lead_time",
    "kam_review_service",
    "kam_review_penalties",
)
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
        "Record the customer's purchase criteria and the date they were influenced on "
        "the Key Nodes tab."
    ),
    "bid": _lt("Enter the tender reference and submission date, or send a quotation."),
    "contract": _lt("Confirm a sales order and tick every item of the contract review."),
    "paid": _lt("Wait until every posted invoice of the deal's orders is paid."),
}


class CrmLead(models.Model):
    _name = "crm.lead"
    _inherit = [  # noqa: RUF012
        "crm.lead",
        "key.account.buying.centre.mixin",
        "key.account.receivable.mixin",
    ]

    # The key-account team carries the flag: a deal is key-account business
    # because of the pipeline it runs in, so standard leads stay untouched.
    is_key_account = fields.Boolean(
        string="Key-Account Deal",
        related="team_id.is_key_account_team",
        store=True,
        index=True,
    )
    partner_is_key_account = fields.Boolean(
        string="Key-Account Customer",
        related="partner_id.commercial_partner_id.is_key_account",
    )
    # Grading (客户分级): by expected closing time and closing likelihood
    kam_grade_computed = fields.Selection(
        GRADES,
        string="Computed Grade",
        compute="_compute_kam_grade_computed",
        store=True,
        help="From the expected closing date and the probability, with the company's "
        "thresholds; recomputed every day as time passes.",
    )
    kam_grade_override = fields.Selection(
        GRADES, string="Grade Override", tracking=True, copy=False
    )
    kam_grade_override_reason = fields.Char(string="Override Reason", tracking=True, copy=False)
    kam_grade = fields.Selection(
        GRADES,
        string="Deal Grade",
        compute="_compute_kam_grade",
        store=True,
        index=True,
        tracking=True,
        help="A deals get the resources first. A manager may override the computed grade.",
    )
    # Evaluation before pursuit (评估模型 / 项目评估)
    # key-account data: hidden from users outside the key-account groups so
    # that standard CRM forms keep working for them
    kam_scorecard_id = fields.Many2one(
        "key.account.scorecard", string="Scorecard", copy=False, groups=USER_GROUP
    )
    kam_score_ids = fields.One2many(
        "key.account.evaluation.score",
        "lead_id",
        string="Evaluation",
        copy=False,
        groups=USER_GROUP,
    )
    kam_evaluation_score = fields.Float(
        "Evaluation Score",
        compute="_compute_kam_evaluation",
        store=True,
        aggregator="avg",
        help="Weighted total of the criteria scores, out of 100.",
    )
    kam_evaluation_outcome = fields.Selection(
        [("pursue", "Pursue"), ("lower", "Lower the contact level"), ("drop", "Drop")],
        string="Evaluation Outcome",
        compute="_compute_kam_evaluation",
        store=True,
        tracking=True,
    )
    kam_evaluation_passed = fields.Boolean(
        "Evaluation Passed", compute="_compute_kam_evaluation", store=True
    )
    # Six-stage process (销售流程六步骤): the key nodes that gate each stage
    kam_criteria_notes = fields.Text(
        "Customer's Purchase Criteria",
        help="What the customer will specify, and which of these criteria favour us.",
    )
    kam_criteria_date = fields.Date("Criteria Influenced On")
    kam_criteria_evidence_ids = fields.Many2many(
        "ir.attachment",
        "key_account_criteria_evidence_rel",
        string="Criteria Evidence",
        help="Minutes, specifications or mails that show the criteria we influenced.",
    )
    kam_tender_reference = fields.Char("Tender Reference")
    kam_tender_date = fields.Date("Bid Submitted On")
    kam_tender_document_ids = fields.Many2many(
        "ir.attachment", "key_account_tender_document_rel", string="Bid Documents"
    )
    kam_review_configuration = fields.Boolean("Configuration Reviewed")
    kam_review_price = fields.Boolean(
        "Price Reviewed",
        help="Price, and whether freight, packaging and registration are included.",
    )
    kam_review_payment_terms = fields.Boolean("Payment Terms Reviewed")
    kam_review_delivery = fields.Boolean("Delivery Reviewed", help="Batches and place of delivery.")
    kam_review_lead_time = fields.Boolean(
        "Lead Time Reviewed", help="The factory can meet the lead time."
    )
    kam_review_service = fields.Boolean("Service Terms Reviewed")
    kam_review_penalties = fields.Boolean(
        "Penalties and Retention Reviewed", help="Penalties and retention money (质保金)."
    )
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
    kam_stage_key_node = fields.Selection(related="stage_id.kam_key_node")
    kam_stage_guidance = fields.Text(related="stage_id.kam_guidance")
    kam_stage_customer_step = fields.Char(related="stage_id.kam_customer_step")
    kam_current_node_reached = fields.Boolean(
        "Key Node Reached", compute="_compute_kam_current_node_reached"
    )
    kam_gate_override_reason = fields.Char(
        "Gate Override Reason",
        compute="_compute_kam_gate_override_reason",
        inverse="_inverse_kam_gate_override_reason",
        groups=MANAGER_GROUP,
        help="Key-account managers only: why this deal may stand in a stage whose earlier "
        "key nodes are not reached, e.g. deals already in flight when the key-account "
        "process starts. Kept in the chatter and the stage history.",
    )
    kam_stalled = fields.Boolean(
        "Stalled", compute="_compute_kam_stalled", search="_search_kam_stalled"
    )
    kam_stage_log_ids = fields.One2many(
        "key.account.stage.log", "lead_id", string="Stage History", groups=USER_GROUP
    )
    kam_competitor_ids = fields.One2many(
        "key.account.competitor", "lead_id", string="Competitors", copy=False, groups=USER_GROUP
    )
    kam_visit_count = fields.Integer(
        string="Development Records", compute="_compute_kam_visit_count", groups=USER_GROUP
    )

    def _compute_kam_gate_override_reason(self):
        # a reason accompanies one move: create and write take it, nothing keeps it
        self.kam_gate_override_reason = False

    def _inverse_kam_gate_override_reason(self):
        pass

    def _compute_kam_visit_count(self):
        counts = dict(
            self.env["key.account.visit"]._read_group(
                [("lead_id", "in", self.ids)], ["lead_id"], ["__count"]
            )
        )
        for lead in self:
            lead.kam_visit_count = counts.get(lead, 0)

    @api.depends("date_deadline", "probability", "company_id", "is_key_account")
    def _compute_kam_grade_computed(self):
        today = fields.Date.context_today(self)
        for lead in self:
            lead.kam_grade_computed = lead._kam_grade_for(today) if lead.is_key_account else False

    @api.depends("kam_grade_computed", "kam_grade_override")
    def _compute_kam_grade(self):
        for lead in self:
            lead.kam_grade = lead.kam_grade_override or lead.kam_grade_computed

    @api.depends(
        "kam_score_ids.score",
        "kam_score_ids.weight",
        "kam_scorecard_id.pass_score",
        "kam_scorecard_id.lower_score",
    )
    def _compute_kam_evaluation(self):
        for lead in self:
            # an evaluation whose criteria are all still at 0 is not done yet
            if not any(lead.kam_score_ids.mapped("score")) or not lead.kam_scorecard_id:
                lead.kam_evaluation_score = 0.0
                lead.kam_evaluation_outcome = False
                lead.kam_evaluation_passed = False
                continue
            # each criterion scores 0-10 and weighs a share of 100
            score = sum(line.score * line.weight for line in lead.kam_score_ids) / 10.0
            scorecard = lead.kam_scorecard_id
            if score >= scorecard.pass_score:
                outcome = "pursue"
            elif score >= scorecard.lower_score:
                outcome = "lower"
            else:
                outcome = "drop"
            lead.kam_evaluation_score = score
            lead.kam_evaluation_outcome = outcome
            lead.kam_evaluation_passed = outcome == "pursue"

    @api.depends(
        "is_key_account",
        "kam_evaluation_passed",
        "kam_grade",
        "buying_role_ids.role",
        "buying_role_ids.attitude",
        "kam_criteria_notes",
        "kam_criteria_date",
        "kam_tender_reference",
        "kam_tender_date",
        "order_ids.state",
        *REVIEW_FIELDS,
    )
    def _compute_kam_nodes(self):
        now = fields.Datetime.now()
        for lead in self:
            lines = lead.buying_role_ids
            known = {line.role for line in lines if line.attitude != "unknown"}
            orders = lead.order_ids
            reached = {
                "evaluated": bool(lead.kam_evaluation_passed and lead.kam_grade),
                "roles": {"coach", "economic_buyer", "technical_buyer"} <= known
                and not any(
                    line.role == "economic_buyer" and line.attitude == "opponent" for line in lines
                ),
                "criteria": bool(
                    (lead.kam_criteria_notes or "").strip() and lead.kam_criteria_date
                ),
                "bid": bool(lead.kam_tender_reference and lead.kam_tender_date)
                or any(order.state in ("sent", "sale") for order in orders),
                "contract": any(order.state == "sale" for order in orders)
                and all(lead[field] for field in REVIEW_FIELDS),
            }
            for node, is_reached in reached.items():
                is_reached = is_reached and lead.is_key_account
                lead[f"kam_node_{node}"] = is_reached
                # the date a node was first reached stays while it holds
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
    @api.depends("date_last_stage_update", "is_key_account", "probability")
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

    def _kam_stalled_limit(self):
        days = self.env.company.kam_stalled_days
        return fields.Datetime.now() - relativedelta(days=days)

    def _kam_grade_for(self, today):
        """Grade of this deal on ``today`` with its company's thresholds."""
        company = self.company_id or self.env.company
        if not self.date_deadline:
            return "D"
        for grade in ("a", "b", "c"):
            limit = today + relativedelta(months=company[f"kam_grade_{grade}_months"])
            if (
                self.date_deadline <= limit
                and self.probability >= company[f"kam_grade_{grade}_probability"]
            ):
                return grade.upper()
        return "D"

    @api.constrains("kam_grade_override", "kam_grade_override_reason")
    def _check_grade_override_reason(self):
        for lead in self:
            if lead.kam_grade_override and not (lead.kam_grade_override_reason or "").strip():
                raise ValidationError(
                    _(
                        "%(deal)s: give the reason why its grade is overridden to %(grade)s.",
                        deal=lead.name,
                        grade=lead.kam_grade_override,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        if any(OVERRIDE_FIELDS & vals.keys() for vals in vals_list):
            self._check_grade_override_rights()
        # the go-live placement reason is per record (an import column)
        reasons = [vals.get(GATE_REASON_FIELD) for vals in vals_list]
        vals_list = [
            {key: value for key, value in vals.items() if key != GATE_REASON_FIELD}
            for vals in vals_list
        ]
        leads = super().create(vals_list)
        leads._copy_account_buying_centre()
        context_reason = self.env.context.get("kam_gate_override")
        leads._kam_enforce_stage_gate({}, [reason or context_reason for reason in reasons])
        return leads

    def write(self, vals):
        if OVERRIDE_FIELDS & vals.keys():
            self._check_grade_override_rights()
        reason = vals.get(GATE_REASON_FIELD) or self.env.context.get("kam_gate_override")
        if GATE_REASON_FIELD in vals:
            vals = {key: value for key, value in vals.items() if key != GATE_REASON_FIELD}
        if not GATE_FIELDS & vals.keys():
            return super().write(vals)
        before = {
            lead: (lead.stage_id, lead.team_id, lead.type, lead.date_last_stage_update)
            for lead in self
        }
        result = super().write(vals)
        self._kam_enforce_stage_gate(before, [reason] * len(self))
        return result

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

    def _kam_enforce_stage_gate(self, before, reasons):
        """The key-node invariant: a key-account deal stands in stage N of its
        pipeline only if the key nodes of stages 1 to N-1 are reached (won: all
        six). Checked after every create and every write that moves a deal
        into or within a key-account pipeline; moving back is free.

        ``before`` maps each written deal to its (stage, team, type, date of
        the last stage change) before the write (empty on create);
        ``reasons`` are the managers' override reasons, one per deal.

        Reads stored fields only: a constant number of queries per call."""
        if any(reasons) and not (self.env.su or self.env.user.has_group(MANAGER_GROUP)):
            raise AccessError(_("Only key-account managers can override a stage gate."))
        reason_of = dict(zip(self, reasons, strict=True))
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
            super(CrmLead, deals).write({"stage_id": pipelines[team][0].id})
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
            reason = reason_of[lead]
            if missing and not reason:
                raise UserError(
                    _(
                        '%(deal)s cannot move to %(target)s yet: the key node "%(node)s" of '
                        "%(current)s is not reached. %(todo)s",
                        deal=lead.name,
                        target=lead.stage_id.name,
                        node=labels[missing.kam_key_node],
                        current=missing.name,
                        todo=str(NODE_HINTS[missing.kam_key_node]),
                    )
                )
            if position or stage:
                moves.append((lead, stage, "forward", entered, bool(missing and reason)))
        self._kam_log_stage_moves(moves, reason_of)

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

    def _kam_log_stage_moves(self, moves, reason_of):
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
            if not overridden:
                continue
            if stage_from:
                body = _(
                    "Stage gate overridden from %(current)s to %(target)s: %(reason)s",
                    current=stage_from.name,
                    target=lead.stage_id.name,
                    reason=reason_of[lead],
                )
            else:
                body = _(
                    "Placed in %(target)s at creation, stage gate overridden: %(reason)s",
                    target=lead.stage_id.name,
                    reason=reason_of[lead],
                )
            lead.message_post(body=body)

    def _check_grade_override_rights(self):
        if self.env.su or self.env.user.has_group(MANAGER_GROUP):
            return
        raise AccessError(_("Only key-account managers can override the grade of a deal."))

    buying_role_ids = fields.One2many(
        "key.account.buying.role",
        "lead_id",
        string="Buying Centre",
        groups=USER_GROUP,
        copy=True,
    )

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        # A key-account pipeline shows its own six stages, plus any generic
        # stage (e.g. Won) only while it holds one of the team's deals.
        team = self.env["crm.team"].browse(self.env.context.get("default_team_id"))
        if not team.exists() or not team.is_key_account_team:
            return super()._read_group_stage_ids(stages, domain)
        return stages.sudo().search(
            ["|", ("id", "in", stages.ids), ("team_id", "=", team.id)],
            order=stages._order,
        )

    def _stage_find(self, team_id=False, domain=None, order="sequence, id", limit=1):
        # Key-account deals use their team's stages first; generic stages
        # (Won) remain the fallback, so standard flows such as "mark as won"
        # keep working.
        teams = self.team_id | self.env["crm.team"].browse(team_id)
        if teams and all(teams.mapped("is_key_account_team")):
            stages = self.env["crm.stage"].search(
                [("team_id", "in", teams.ids), *(domain or [])], order=order, limit=limit
            )
            if stages:
                return stages
        return super()._stage_find(team_id=team_id, domain=domain, order=order, limit=limit)

    def action_kam_start_evaluation(self):
        """Score this deal on the company's scorecard (one line per criterion)."""
        for lead in self:
            scorecard = lead.kam_scorecard_id or lead._kam_default_scorecard()
            if not scorecard.criterion_ids:
                raise ValidationError(
                    _(
                        "Choose an evaluation scorecard with criteria in the Key Accounts "
                        "settings first."
                    )
                )
            missing = scorecard.criterion_ids - lead.kam_score_ids.criterion_id
            lead.write(
                {
                    "kam_scorecard_id": scorecard.id,
                    "kam_score_ids": [
                        fields.Command.create({"criterion_id": criterion.id, "score": 0})
                        for criterion in missing
                    ],
                }
            )
        return True

    def _kam_fully_paid(self):
        """Every posted invoice of the confirmed orders is paid, credit notes
        netted; a partial payment is not enough."""
        moves = self._kam_orders_invoices()
        if not moves.filtered(lambda move: move.move_type == "out_invoice"):
            return False
        return self.company_currency.is_zero(sum(moves.mapped("amount_residual_signed")))

    def _kam_receivable_scope(self):
        """The deal's receivables: the invoices of its confirmed orders."""
        moves_of = {
            lead.id: set(
                lead.sudo().order_ids.filtered(lambda order: order.state == "sale").invoice_ids.ids
            )
            for lead in self
        }
        moves = set().union(*moves_of.values())
        return [("move_id", "in", list(moves))], "move_id", moves_of

    def _kam_contract_amounts(self):
        return self._kam_order_amounts([("opportunity_id", "in", self.ids)], "opportunity_id")

    def _kam_receivable_owner(self):
        return self.user_id

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
        orders = self.order_ids.filtered(lambda order: order.state == "sale")
        return orders.invoice_ids.filtered(
            lambda move: move.state == "posted" and move.move_type in ("out_invoice", "out_refund")
        )

    def _kam_outstanding_of_orders(self):
        return sum(self._kam_orders_invoices().mapped("amount_residual_signed"))

    def _kam_default_scorecard(self):
        """The company's chosen scorecard, else the first one it may use."""
        company = self.company_id or self.env.company
        return company.kam_scorecard_id or self.env["key.account.scorecard"].search(
            [("company_id", "in", [company.id, False])], order="id", limit=1
        )

    @api.model
    def _cron_kam_recompute_grades(self, batch_size=5000):
        """Time passes: regrade open key-account deals, in batches, one write
        per grade that changes."""
        today = fields.Date.context_today(self)
        leads = self.search(
            [("is_key_account", "=", True), ("active", "=", True), ("probability", "<", 100)]
        )
        for start in range(0, len(leads), batch_size):
            batch = leads[start : start + batch_size]
            changes = {}
            for lead in batch:
                grade = lead._kam_grade_for(today)
                if grade != lead.kam_grade_computed:
                    changes.setdefault(grade, self.browse())
                    changes[grade] |= lead
            for grade, changed in changes.items():
                changed.write({"kam_grade_computed": grade})
            self.env.flush_all()

    def action_push_buying_centre_to_account(self):
        """Make this deal's buying centre the account's standing one."""
        self.ensure_one()
        account = self.partner_id.commercial_partner_id
        if not self.is_key_account or not account:
            raise UserError(
                _(
                    "%(deal)s is not a key-account deal with a customer: set the "
                    "customer and the key-account team first.",
                    deal=self.display_name,
                )
            )
        if not self.buying_role_ids:
            raise UserError(
                _(
                    "The buying centre of %(deal)s is empty: add its people before "
                    "copying it to %(account)s.",
                    deal=self.display_name,
                    account=account.display_name,
                )
            )
        Line = self.env["key.account.buying.role"]
        Line.search([("account_id", "=", account.id)]).unlink()
        Line.create(
            [
                {**values, "account_id": account.id}
                for values in self.buying_role_ids._buying_centre_copy_values()
            ]
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": _(
                    "The buying centre of %(account)s now matches this deal.",
                    account=account.display_name,
                ),
            },
        }

    def action_view_kam_visits(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "key_account_management.key_account_visit_action"
        )
        action["domain"] = [("lead_id", "=", self.id)]
        action["context"] = {
            "default_lead_id": self.id,
            "default_account_id": self.partner_id.commercial_partner_id.id,
        }
        return action

    def action_open_buying_centre_org_chart(self):
        self.ensure_one()
        account = self.partner_id.commercial_partner_id
        if not account:
            raise UserError(_("%(deal)s has no customer: set it first.", deal=self.display_name))
        return account._buying_centre_org_chart_action(lead=self)

    def _copy_account_buying_centre(self):
        """New key-account deals start with their account's standing buying centre."""
        leads = self.filtered(
            lambda lead: lead.is_key_account and lead.partner_id and not lead.buying_role_ids
        )
        if not leads:
            return
        # A deal may be created by someone who cannot edit the account's lines
        # (e.g. a salesperson of another team): copying is part of creating it.
        Line = self.env["key.account.buying.role"].sudo()
        standing = Line.search(
            [("account_id", "in", leads.partner_id.commercial_partner_id.ids)]
        ).grouped("account_id")
        values = [
            {**line_values, "lead_id": lead.id}
            for lead in leads
            for line_values in standing.get(
                lead.partner_id.commercial_partner_id, Line
            )._buying_centre_copy_values()
        ]
        if values:
            Line.create(values)
