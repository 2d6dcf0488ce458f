from odoo import _, models


class AccountPaymentTerm(models.Model):
    _inherit = "account.payment.term"

    def _kam_retention_summary(self):
        """The retention this term holds back, e.g. "10 % after 365 days"."""
        self.ensure_one()
        retention = self.line_ids.filtered("kam_retention")
        if not retention:
            return _("No retention")
        parts = []
        for line in retention:
            amount = f"{line.value_amount:g}"
            if line.value == "percent":
                amount += " %"
            parts.append(_("%(amount)s after %(days)s days", amount=amount, days=line.nb_days))
        return ", ".join(parts)
