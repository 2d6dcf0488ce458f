from odoo import fields, models


class KeyAccountRevisitTemplatePhase(models.Model):
    _name = "key.account.revisit.template.phase"
    _description = "Revisit Template Phase"
    _order = "template_id, sequence, id"

    template_id = fields.Many2one(
        "key.account.revisit.template", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    interval = fields.Integer(
        string="Every", required=True, default=15, help="Time between two revisits."
    )
    interval_unit = fields.Selection(
        [("days", "Days"), ("months", "Months")], string="Unit", required=True, default="days"
    )
    duration = fields.Integer(
        string="For (Months)",
        required=True,
        default=3,
        help="How long this phase lasts, in months; the next phase starts when it ends.",
    )
    # 003 交车后: 三个月后每月一次, with no end but the plan's
    open_ended = fields.Boolean(
        "Until the Plan Is Closed",
        help="The last phase may have no end: its revisits are planned the company's horizon "
        "ahead, and the daily job plans further as time passes, until the plan is closed.",
    )

    _sql_constraints = (
        (
            "interval_positive",
            "CHECK(interval > 0 AND duration > 0)",
            "A revisit phase needs a positive interval and a positive duration.",
        ),
    )
