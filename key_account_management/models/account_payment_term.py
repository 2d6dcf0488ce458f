from odoo import _, models


class AccountPaymentTerm(models.Model):
    _inherit = "account.payment.term"

    def _kam_retention_summary(self):
        """The retention this term holds back, e.g. "10 % after 365 days"."""
        self.ensure_one()
        retention = self.line_ids.filtered("kam_retention")
        if not retention:
            return _("No retention")
        return ", ".join(
            _(
                "%(amount)s after %(days)s days",
                amount=f"{line.value_amount:g} %"
                if line.value == "percent"
                else f"{line.value_amount:g}",
                days=line.nb_days,
            )
            for line in retention
        )
