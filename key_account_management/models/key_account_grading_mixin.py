from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..const import MANAGER_GROUP, USER_GROUP
from ..cron_batch import run_cron_batch
from ..trust import trusted
from .base import DECIDED_WRITE

GRADES = [("A", "A"), ("B", "B"), ("C", "C"), ("D", "D")]
OVERRIDE_FIELDS = {"kam_grade_override", "kam_grade_override_reason"}


class KeyAccountGradingMixin(models.AbstractModel):
    """Grade and go/no-go evaluation of a key-account deal (客户分级, 评估模型).

    The owner (crm.lead) defines ``date_deadline``, ``probability``,
    ``company_id`` and ``is_key_account``.
    """

    _name = "key.account.grading.mixin"
    _description = "Key-Account Deal Grading and Evaluation"

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
    # Stage 1, evaluation before pursuit (000 评估模型)
    # key-account data: hidden from users outside the key-account groups so
    # that standard CRM forms keep working for them
    kam_scorecard_id = fields.Many2one(
        "key.account.scorecard",
        string="Scorecard",
        copy=False,
        readonly=True,
        groups=USER_GROUP,
        help="The scorecard the deal is evaluated on: the company's, when the evaluation starts.",
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

    def _valid_field_parameter(self, field, name):
        # the grade is tracked in the chatter of the owner, a mail.thread
        return name == "tracking" or super()._valid_field_parameter(field, name)

    @api.depends(
        "date_deadline",
        "probability",
        "is_key_account",
        "company_id.kam_grade_rule_ids.grade",
        "company_id.kam_grade_rule_ids.months",
        "company_id.kam_grade_rule_ids.probability",
    )
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

    def _kam_grade_for(self, today):
        """Grade of this deal on ``today``: the first of its company's grade
        rules it meets (A before B before C), else D."""
        company = self.company_id or self.env.company
        if not self.date_deadline:
            return "D"
        for rule in company.sudo().kam_grade_rule_ids.sorted("grade"):
            if (
                self.date_deadline <= today + relativedelta(months=rule.months)
                and self.probability >= rule.probability
            ):
                return rule.grade
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

    def _check_grade_override_rights(self):
        if self.env.su or self.env.user.has_group(MANAGER_GROUP):
            return
        raise AccessError(_("Only key-account managers can override the grade of a deal."))

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
            trusted(lead, DECIDED_WRITE).write(
                {
                    "kam_scorecard_id": scorecard.id,
                    "kam_score_ids": [
                        fields.Command.create({"criterion_id": criterion.id, "score": 0})
                        for criterion in missing
                    ],
                }
            )
        return True

    def _kam_default_scorecard(self):
        """The company's chosen scorecard, else the first one it may use."""
        company = self.company_id or self.env.company
        return company.kam_scorecard_id or self.env["key.account.scorecard"].search(
            [("company_id", "in", [company.id, False]), ("usage", "=", "evaluation")],
            order="id",
            limit=1,
        )

    @api.model
    def _cron_kam_recompute_grades(self, batch_size=5000):
        """Time passes: regrade open key-account deals, one write per grade
        that changes. Under the cron, at most ``batch_size`` deals are
        written per run: Odoo commits each run and runs the job again while
        changes remain, so that no long transaction holds the deals the reps
        are editing."""
        if self.env.context.get("ir_cron_progress_id"):
            run_cron_batch(self.env, lambda: self._kam_regrade(batch_size))
        else:
            self._kam_regrade()

    @api.model
    def _kam_regrade(self, limit=None):
        """Regrade the open key-account deals whose grade changed, at most
        ``limit`` of them; report the rest to the cron."""
        today = fields.Date.context_today(self)
        leads = self.search(
            [("is_key_account", "=", True), ("active", "=", True), ("probability", "<", 100)]
        )
        changed = [
            (lead.id, grade)
            for lead in leads
            if (grade := lead._kam_grade_for(today)) != lead.kam_grade_computed
        ]
        batch = changed[:limit] if limit else changed
        by_grade = {}
        for lead_id, grade in batch:
            by_grade.setdefault(grade, []).append(lead_id)
        for grade, lead_ids in by_grade.items():
            self.browse(lead_ids).write({"kam_grade_computed": grade})
        self.env.flush_all()
        self.env["ir.cron"]._notify_progress(done=len(batch), remaining=len(changed) - len(batch))
