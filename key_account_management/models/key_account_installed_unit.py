from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..const import FIGURE_GROUPS
from ..trust import is_trusted, trusted
from .base import DECIDED_WRITE

# what our delivered units take from the order, never typed again
DOCUMENT_FIELDS = frozenset(
    {"partner_id", "product_id", "quantity", "price_unit", "purchase_date", "company_id"}
)


class KeyAccountInstalledUnit(models.Model):
    """Units a customer owns (保有量): ours, created from what we sold and
    kept in step with the order, and competitors', recorded by the rep or
    imported. Each line is a batch of identical units bought together; its
    replacement date (更换周期) makes the account's predicted needs."""

    _name = "key.account.installed.unit"
    _inherit = ["mail.thread"]  # noqa: RUF012
    _description = "Installed Unit"
    _order = "partner_id, replacement_date, id"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        string="Account",
        required=True,
        index=True,
        ondelete="cascade",
        domain=[("is_company", "=", True)],
        tracking=True,
    )
    site_id = fields.Many2one(
        "res.partner",
        string="Site",
        index="btree_not_null",
        domain="['|', ('commercial_partner_id', '=', partner_id), ('parent_id', '=', partner_id)]",
        help="The delivery address or subsidiary where the units work; empty: the account itself.",
    )
    usage_area = fields.Char("Where Used", help="The area and environment the units work in.")
    is_ours = fields.Boolean(
        "Ours", readonly=True, index=True, help="Delivered by us: created from the sales order."
    )
    brand_id = fields.Many2one("key.account.brand", string="Brand", index=True, tracking=True)
    product_id = fields.Many2one(
        "product.product",
        string="Product",
        check_company=True,
        help="Ours: the product we sold. A competitor's: our product that would replace it.",
    )
    categ_id = fields.Many2one(
        "product.category",
        string="Product Category",
        compute="_compute_categ_id",
        store=True,
        readonly=False,
        index=True,
    )
    model_name = fields.Char(
        "Model", compute="_compute_model_name", store=True, readonly=False, tracking=True
    )
    capacity = fields.Char(help="Tonnage, power or size: how the trade compares units.")
    configuration = fields.Text()
    quantity = fields.Integer(required=True, default=1, tracking=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    price_unit = fields.Monetary(
        "Price Paid (per unit)", currency_field="currency_id", groups=FIGURE_GROUPS
    )
    purchase_date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    replacement_months = fields.Integer(
        "Replacement Cycle (months)",
        compute="_compute_replacement_months",
        store=True,
        readonly=False,
        help="From the product category's cycle; set here for these units only.",
    )
    replacement_date = fields.Date(
        "Replacement Due",
        compute="_compute_replacement_date",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
    )
    lot_names = fields.Char("Serial/Lot Numbers")
    sale_line_id = fields.Many2one(
        "sale.order.line",
        string="Order Line",
        copy=False,
        readonly=True,
        index="btree_not_null",
        ondelete="cascade",
    )
    order_id = fields.Many2one(related="sale_line_id.order_id", string="Sales Order")
    replacement_lead_id = fields.Many2one(
        "crm.lead",
        string="Replacement Deal",
        copy=False,
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        help="The deal opened for the replacement of these units.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    user_id = fields.Many2one(related="partner_id.user_id", string="Salesperson")
    notes = fields.Text("Performance in Use", help="How the units perform: faults, costs, praise.")
    active = fields.Boolean(default=True)

    _sql_constraints = [  # noqa: RUF012
        ("sale_line_unique", "unique(sale_line_id)", "An order line makes one installed unit."),
    ]

    @api.depends("product_id")
    def _compute_categ_id(self):
        for unit in self:
            if unit.product_id:
                unit.categ_id = unit.product_id.categ_id

    @api.depends("product_id", "is_ours")
    def _compute_model_name(self):
        for unit in self:
            if unit.is_ours and unit.product_id:
                unit.model_name = unit.product_id.display_name

    @api.depends("categ_id.kam_replacement_months")
    def _compute_replacement_months(self):
        for unit in self:
            unit.replacement_months = unit.categ_id.kam_replacement_months

    @api.depends("purchase_date", "replacement_months")
    def _compute_replacement_date(self):
        for unit in self:
            unit.replacement_date = (
                unit.purchase_date + relativedelta(months=unit.replacement_months)
                if unit.purchase_date and unit.replacement_months
                else False
            )

    @api.constrains("quantity")
    def _check_quantity(self):
        for unit in self:
            if unit.quantity <= 0:
                raise ValidationError(
                    _(
                        "The units %(model)s of %(account)s: the number of units must be "
                        "positive, not %(quantity)s.",
                        model=unit.model_name or "",
                        account=unit.partner_id.display_name,
                        quantity=unit.quantity,
                    )
                )

    @api.constrains("replacement_date", "purchase_date")
    def _check_replacement_date(self):
        for unit in self:
            if unit.replacement_date and unit.replacement_date < unit.purchase_date:
                raise ValidationError(
                    _(
                        "The units %(model)s of %(account)s cannot be due for replacement on "
                        "%(due)s, before they were bought (%(bought)s).",
                        model=unit.model_name or unit.categ_id.display_name or "",
                        account=unit.partner_id.display_name,
                        due=unit.replacement_date,
                        bought=unit.purchase_date,
                    )
                )

    @api.constrains("is_ours", "brand_id", "partner_id")
    def _check_brand(self):
        for unit in self:
            if not unit.is_ours and not unit.brand_id:
                raise ValidationError(
                    _(
                        "Name the brand of the units %(model)s of %(account)s: a unit we did "
                        "not deliver is a competitor's.",
                        model=unit.model_name or "",
                        account=unit.partner_id.display_name,
                    )
                )

    @api.constrains("partner_id", "site_id")
    def _check_site(self):
        for unit in self:
            site = unit.site_id
            if site and unit.partner_id not in (site.commercial_partner_id, site.parent_id):
                raise ValidationError(
                    _(
                        "%(site)s is not a site of %(account)s.",
                        site=unit.site_id.display_name,
                        account=unit.partner_id.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # the account is the customer's company, whichever contact was picked
            if vals.get("partner_id"):
                partner = self.env["res.partner"].browse(vals["partner_id"])
                vals["partner_id"] = partner.commercial_partner_id.id
        return super().create(vals_list)

    def write(self, vals):
        if DOCUMENT_FIELDS & vals.keys() and not (
            self.env.su or is_trusted(self.env, DECIDED_WRITE)
        ):
            ours = self.filtered("is_ours")
            changed = ours._kam_changed_fields(vals, DOCUMENT_FIELDS & vals.keys())
            if changed:
                raise AccessError(
                    _(
                        "The units we delivered follow their sales order: change the order, "
                        "not %(fields)s of the installed base.",
                        fields=", ".join(
                            sorted(
                                self._fields[name]._description_string(self.env) for name in changed
                            )
                        ),
                    )
                )
        return super().write(vals)

    def copy(self, default=None):
        # a copy of our units would be units of ours no order delivered
        if any(self.mapped("is_ours")):
            raise UserError(
                _(
                    "The units we delivered come from their sales order: they cannot be "
                    "duplicated. Duplicate a competitor's units, or record new ones."
                )
            )
        return super().copy(default)

    def unlink(self):
        if not (self.env.su or is_trusted(self.env, DECIDED_WRITE)) and any(self.mapped("is_ours")):
            raise AccessError(
                _(
                    "The units we delivered leave the installed base with their order: cancel "
                    "the order, or archive the units when the customer sold them."
                )
            )
        return super().unlink()

    def _compute_display_name(self):
        for unit in self:
            brand = unit.brand_id.name or (unit.is_ours and _("Ours")) or ""
            unit.display_name = f"{unit.quantity} × {brand} {unit.model_name or ''}".strip()

    def _kam_open_replacement_deal(self, name=None):
        """A key-account deal in the first stage for the replacement of these
        units (of one account): their number as the units needed, what our
        product costs (or what they paid) as expected revenue, the start of
        their replacement quarter as the closing date. The units keep the
        deal, so they leave the predicted needs."""
        account = self.partner_id
        if len(account) != 1 or len(self.company_id) != 1:
            raise UserError(_("Open a replacement deal for the units of one account at a time."))
        team = self._kam_team()
        if not team:
            raise UserError(
                _("No key-account sales team in %(company)s.", company=self.company_id.name)
            )
        quantity = sum(self.mapped("quantity"))
        revenue = sum(
            unit.quantity * (unit.product_id.list_price or unit.sudo().price_unit) for unit in self
        )
        due = min(self.mapped("replacement_date") or [fields.Date.context_today(self)])
        lead = self.env["crm.lead"].create(
            {
                "name": name
                or _("Replacement: %(units)s", units=", ".join(self.mapped("display_name"))),
                "type": "opportunity",
                "partner_id": account.id,
                "team_id": team.id,
                "user_id": (account.user_id or self.env.user).id,
                "company_id": self.company_id.id,
                "expected_revenue": revenue,
                "date_deadline": max(due, fields.Date.context_today(self)),
                "kam_needs_quantity": quantity,
            }
        )
        trusted(self.sudo(), DECIDED_WRITE).write({"replacement_lead_id": lead.id})
        lead.message_post(
            body=_(
                "Opened from the installed base: %(units)s.",
                units=", ".join(self.mapped("display_name")),
            )
        )
        return lead

    def _kam_team(self):
        """The salesperson's team if it runs key accounts, else the company's
        first key-account team."""
        team = self.partner_id.user_id.sale_team_id
        if team.is_key_account_team:
            return team
        return self.env["crm.team"].search(
            [
                ("is_key_account_team", "=", True),
                ("company_id", "in", [self.company_id.id, False]),
            ],
            limit=1,
        )

    # our units from the orders ---------------------------------------------
    @api.model
    def _kam_sync_from_order_lines(self, lines):
        """Create, update or remove our units of these order lines: a line
        of a confirmed order of a key account, for a product of an equipment
        category, is one unit line; any other has none. One search, one
        create, and a write per changed line."""
        Unit = self.sudo().with_context(active_test=False, tracking_disable=True)
        existing = {
            unit.sale_line_id: unit for unit in Unit.search([("sale_line_id", "in", lines.ids)])
        }
        brands = {}
        to_create, to_remove = [], Unit
        for line in lines.sudo():
            order = line.order_id
            account = order.partner_id.commercial_partner_id
            unit = existing.get(line)
            delivery = line._kam_delivery()
            quantity = round(delivery["quantity"] if delivery else line.product_uom_qty)
            if not (
                order.state == "sale"
                and account.is_key_account
                and line.product_id.categ_id.kam_is_equipment
                and not line.display_type
                and quantity > 0
            ):
                to_remove |= unit or Unit
                continue
            company = order.company_id
            if company not in brands:
                brands[company] = (
                    self.env["key.account.brand"]
                    .sudo()
                    .search(
                        [("is_own", "=", True), ("company_id", "in", [company.id, False])],
                        order="company_id",
                        limit=1,
                    )
                )
            # the price of one unit as ordered, in the company's currency
            subtotal = order.currency_id._convert(
                line.price_subtotal, company.currency_id, company, order.date_order.date()
            )
            ordered = round(line.product_uom_qty) or quantity
            values = {
                "partner_id": account.id,
                "site_id": order.partner_shipping_id != account and order.partner_shipping_id.id,
                "product_id": line.product_id.id,
                "quantity": quantity,
                "price_unit": company.currency_id.round(subtotal / ordered),
                "purchase_date": (delivery and delivery["date"]) or order.date_order.date(),
                "company_id": company.id,
                "brand_id": brands[company].id,
            }
            if delivery:
                values["lot_names"] = delivery["lots"] or False
            if not unit:
                to_create.append({**values, "sale_line_id": line.id, "is_ours": True})
                continue
            changed = {
                name: value
                for name, value in values.items()
                if unit._fields[name].convert_to_write(unit[name], unit) != value
            }
            if changed:
                trusted(unit, DECIDED_WRITE).write(changed)
        to_remove.unlink()
        return trusted(Unit, DECIDED_WRITE).create(to_create)
