from odoo import fields, models


class KeyAccountCompetitor(models.Model):
    _name = "key.account.competitor"
    _description = "Competitor on a Deal"
    _order = "lead_id, id"

    lead_id = fields.Many2one("crm.lead", "Deal", required=True, ondelete="cascade", index=True)
    competitor_id = fields.Many2one("res.partner", string="Competitor", required=True)
    company_currency = fields.Many2one(related="lead_id.company_currency")
    offer_amount = fields.Monetary("Their Offer", currency_field="company_currency")
    strengths = fields.Text()
    weaknesses = fields.Text()
    relationship = fields.Selection(
        [("none", "None"), ("weak", "Weak"), ("good", "Good"), ("strong", "Strong")],
        string="Relationship with the Customer",
    )
    outcome = fields.Selection(
        [
            ("pending", "Still competing"),
            ("we_won", "We won"),
            ("they_won", "They won"),
            ("nobody", "Nobody won"),
        ],
        default="pending",
    )
    company_id = fields.Many2one(related="lead_id.company_id", store=True)
