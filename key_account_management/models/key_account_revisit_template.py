from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class KeyAccountRevisitTemplate(models.Model):
    _name = "key.account.revisit.template"
    _description = "Revisit Template"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", string="Company", index=True)
    phase_ids = fields.One2many(
        "key.account.revisit.template.phase", "template_id", string="Phases", copy=True
    )
    revisit_count = fields.Integer(
        string="Revisits per Plan",
        compute="_compute_revisit_count",
        help="Revisits a plan following this template holds.",
    )

    @api.depends(
        "phase_ids.interval",
        "phase_ids.interval_unit",
        "phase_ids.duration",
        "phase_ids.open_ended",
    )
    @api.depends_context("company")
    def _compute_revisit_count(self):
        today = fields.Date.today()
        until = today + relativedelta(months=self.env.company.kam_revisit_horizon_months)
        for template in self:
            template.revisit_count = len(template._revisit_dates(today, until))

    @api.constrains("phase_ids")
    def _check_phase_ids(self):
        for template in self:
            phases = template.phase_ids.sorted(lambda phase: (phase.sequence, phase.id))
            if any(phase.open_ended for phase in phases[:-1]):
                raise ValidationError(
                    _(
                        "Only the last phase of the revisit template %(template)s can run until "
                        "the plan is closed.",
                        template=template.display_name,
                    )
                )
            if not template.phase_ids:
                raise ValidationError(
                    _(
                        "The revisit template %(template)s has no phase: add at least "
                        "one phase (for example every 15 days for 3 months).",
                        template=template.display_name,
                    )
                )

    def write(self, vals):
        result = super().write(vals)
        if "phase_ids" in vals:
            # only future revisits that are not done follow the new cadence
            plans = self.env["key.account.revisit.plan"].search(
                [("template_id", "in", self.ids), ("state", "=", "active")]
            )
            plans._regenerate_revisits()
        return result

    def _revisit_dates(self, start_date, until=None):
        """The dates of the revisits of a plan starting on ``start_date``, an
        open-ended last phase planned up to ``until``.

        Each phase starts where the previous one ends (in months from the
        start). A phase counted in days holds ``round(duration * 30 /
        interval)`` revisits (a month counts 30 days: every 15 days for 3
        months gives 6 revisits, the last one 90 days after the start); a
        phase counted in months holds ``duration // interval`` revisits on the
        same day of the month as the start of the phase. An open-ended phase
        goes on until ``until``.
        """
        self.ensure_one()
        until = until or start_date + relativedelta(
            months=self.env.company.kam_revisit_horizon_months
        )
        dates = []
        months_done = 0
        for phase in self.phase_ids.sorted(lambda phase: (phase.sequence, phase.id)):
            phase_start = start_date + relativedelta(months=months_done)
            if phase.interval_unit == "days":
                step = relativedelta(days=phase.interval)
                count = round(phase.duration * 30 / phase.interval)
            else:
                step = relativedelta(months=phase.interval)
                count = phase.duration // phase.interval
            if phase.open_ended:
                k = 1
                while (day := phase_start + step * k) <= until:
                    dates.append(day)
                    k += 1
                break
            dates += [phase_start + step * k for k in range(1, count + 1)]
            months_done += phase.duration
        return dates
