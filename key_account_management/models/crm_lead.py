from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

USER_GROUP = "key_account_management.group_key_account_user"
MANAGER_GROUP = "key_account_management.group_key_account_manager"
GRADES = [("A", "A"), ("B", "B"), ("C", "C"), ("D", "D")]
OVERRIDE_FIELDS = {"kam_grade_override", "kam_grade_override_reason"}


class CrmLead(models.Model):
    _name = "crm.lead"
    _inherit = ["crm.lead", "key.account.buying.centre.mixin"]  # noqa: RUF012

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
    kam_competitor_ids = fields.One2many(
        "key.account.competitor", "lead_id", string="Competitors", copy=False, groups=USER_GROUP
    )

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
        leads = super().create(vals_list)
        leads._copy_account_buying_centre()
        return leads

    def write(self, vals):
        if OVERRIDE_FIELDS & vals.keys():
            self._check_grade_override_rights()
        return super().write(vals)

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
