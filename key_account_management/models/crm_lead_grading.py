from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL

from ..const import GRADES, MANAGER_GROUP, USER_GROUP
from ..cron_batch import run_cron_batches
from ..trust import trusted
from .base import DECIDED_WRITE

# the managers' decision on a deal's grade
OVERRIDE_FIELDS = {"kam_grade_override", "kam_grade_override_reason"}


class CrmLead(models.Model):
    """Grade and go/no-go evaluation of a key-account deal (客户分级, 评估模型)."""

    _inherit = "crm.lead"

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

    @api.model_create_multi
    def create(self, vals_list):
        leads = super().create(vals_list)
        # the deals as created, defaults applied: what a manager must decide
        if any(lead[field] for lead in leads for field in OVERRIDE_FIELDS):
            leads._check_grade_override_rights()
        return leads

    def write(self, vals):
        if OVERRIDE_FIELDS & vals.keys():
            self._check_grade_override_rights()
        return super().write(vals)

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
    def _cron_kam_recompute_grades(self, batch_size=500):
        """Time passes: regrade the open key-account deals whose grade is not
        today's any more (their closing date crossed a rule's horizon), in
        batches on the deals no one else holds, each batch committed under
        the cron (see ``run_cron_batches``). A deal whose closing date,
        probability or company's rules change is regraded at once by the
        ORM: this finds what time alone changed, and what a failed run left."""
        today = fields.Date.context_today(self)
        run_cron_batches(
            self,
            lambda: self._kam_grades_due(today),
            lambda leads: leads._kam_regrade(today),
            batch_size,
        )

    @api.model
    def _kam_grades_due(self, today):
        """The open key-account deals whose computed grade differs from their
        grade on ``today``, in one query: the grade rules are simple enough
        for SQL (the batches regrade each deal with ``_kam_grade_for``)."""
        query = self._search(
            [("is_key_account", "=", True), ("active", "=", True), ("probability", "<", 100)],
            order="id",
        )
        query.add_where(
            SQL(
                "%s IS DISTINCT FROM %s",
                self._field_to_sql(self._table, "kam_grade_computed", query),
                self._kam_grade_sql(query, today),
            )
        )
        return self.browse(row[0] for row in self.env.execute_query(query.select()))

    @api.model
    def _kam_grade_sql(self, query, today):
        """``_kam_grade_for(today)`` of the deals of ``query``, in SQL: the
        first rule of the deal's company (else the user's) the deal meets,
        A before B before C, else D; D without a closing date."""
        rules = self.env["key.account.grade.rule"].sudo().search([])
        deadline = self._field_to_sql(self._table, "date_deadline", query)
        if not rules:
            return SQL("'D'")
        values = SQL(", ").join(
            SQL(
                "(%s, %s, %s::date, %s::float8)",
                rule.company_id.id,
                rule.grade,
                today + relativedelta(months=rule.months),
                rule.probability,
            )
            for rule in rules
        )
        return SQL(
            """CASE WHEN %(deadline)s IS NULL THEN 'D' ELSE COALESCE((
                SELECT rule.grade
                  FROM (VALUES %(values)s) AS rule(company_id, grade, horizon, probability)
                 WHERE rule.company_id = COALESCE(%(company)s, %(user_company)s)
                   AND %(deadline)s <= rule.horizon
                   AND COALESCE(%(probability)s, 0) >= rule.probability
                 ORDER BY rule.grade
                 LIMIT 1
            ), 'D') END""",
            deadline=deadline,
            values=values,
            company=self._field_to_sql(self._table, "company_id", query),
            user_company=self.env.company.id,
            probability=self._field_to_sql(self._table, "probability", query),
        )

    def _kam_regrade(self, today):
        """Regrade these deals on ``today``: one write per grade that changes."""
        by_grade = {}
        # a deal closed or no longer a key-account deal since it was found
        for lead in self.filtered(lambda lead: lead.is_key_account and lead.probability < 100):
            grade = lead._kam_grade_for(today)
            if grade != lead.kam_grade_computed:
                by_grade.setdefault(grade, []).append(lead.id)
        for grade, lead_ids in by_grade.items():
            self.browse(lead_ids).write({"kam_grade_computed": grade})
