from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL

from ..const import FIGURE_GROUPS, MANAGER_GROUP, USER_GROUP
from ..cron_batch import run_cron_batches
from ..trust import trusted
from .base import DECIDED_WRITE
from .key_account_buying_role import ATTITUDES
from .key_account_relationship_map_mixin import STRENGTH_RANK

TIERS = [("strategic", "Strategic"), ("key", "Key"), ("general", "General")]
TIER_RANK = {"general": 0, "key": 1, "strategic": 2}
MANAGER_FIELDS = {"is_key_account", "kam_importance"}
# what the tier is computed from, besides the invoices
TIER_INPUTS = {"kam_importance", "kam_purchase_volume", "kam_purchase_volume_year"}
SALES_MOVE_TYPES = ("out_invoice", "out_refund")


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = [  # noqa: RUF012
        "res.partner",
        "key.account.buying.centre.mixin",
        "key.account.receivable.mixin",
        "key.account.relationship.map.mixin",
    ]

    is_key_account = fields.Boolean(
        string="Key Account",
        tracking=True,
        index=True,
        copy=False,
        help="A large customer managed by the key-account team. Only key-account "
        "managers decide which companies are key accounts.",
        groups="base.group_user",
    )
    can_edit_key_account = fields.Boolean(
        compute="_compute_can_edit_key_account", groups="base.group_user"
    )
    revisit_plan_ids = fields.One2many(
        "key.account.revisit.plan",
        "partner_id",
        string="Revisit Plans",
        groups="base.group_user",
    )
    revisit_plan_count = fields.Integer(
        compute="_compute_revisit_plan_count", groups="base.group_user"
    )
    kam_visit_count = fields.Integer(
        string="Development Records", compute="_compute_kam_visit_count", groups=USER_GROUP
    )
    kam_department = fields.Char(string="Department", groups="base.group_user")
    kam_reports_to_id = fields.Many2one(
        "res.partner",
        string="Reports To",
        index="btree_not_null",
        domain="[('commercial_partner_id', '=', commercial_partner_id), "
        "('is_company', '=', False), ('id', '!=', id)]",
        help="This person's manager within their company, for the organisation chart.",
        groups="base.group_user",
    )
    buying_role_ids = fields.One2many(
        "key.account.buying.role",
        "account_id",
        string="Standing Buying Centre",
        groups=USER_GROUP,
        help="Who influences this account's purchases; new key-account deals start "
        "with a copy of it.",
    )
    # an account's buying-centre figures are for the key-account team only
    buying_centre_completeness = fields.Float(groups=USER_GROUP)
    buying_centre_support = fields.Float(groups=USER_GROUP)
    buying_centre_no_coach = fields.Boolean(groups=USER_GROUP)
    buying_centre_economic_opposed = fields.Boolean(groups=USER_GROUP)
    # Shown on the organisation chart: this person's roles and attitude in the
    # buying centre of the deal (or account) the chart was opened from.
    buying_centre_role_names = fields.Char(
        string="Buying Roles", compute="_compute_buying_centre_person", groups=USER_GROUP
    )
    buying_centre_attitude = fields.Selection(
        ATTITUDES,
        string="Attitude",
        compute="_compute_buying_centre_person",
        groups=USER_GROUP,
    )
    buying_centre_weight = fields.Float(
        string="Decision Weight (%)",
        compute="_compute_buying_centre_person",
        digits=(5, 1),
        groups=USER_GROUP,
    )

    # Account tier (客户分级): from invoiced revenue and the manager's judgement
    kam_importance = fields.Selection(
        [("normal", "Normal"), ("important", "Important"), ("critical", "Critical")],
        string="Importance",
        default="normal",
        tracking=True,
        help="Set by a key-account manager: an important account is at least a key "
        "account, a critical one is strategic, whatever its revenue.",
        groups=FIGURE_GROUPS,
    )
    # 年度采购数量: how much the customer buys a year of our kind of product,
    # from us or anyone, so a large prospect is not "general" for want of sales
    kam_purchase_volume = fields.Integer(
        "Annual Purchase Volume",
        tracking=True,
        help="The customer's estimated purchases of our kind of product in a year, in units, "
        "whoever they buy from. Counts for the tier while its year is this year or last year.",
        groups=FIGURE_GROUPS,
    )
    kam_purchase_volume_year = fields.Integer(
        "Estimated for Year",
        tracking=True,
        help="The year the purchase volume is estimated for.",
        groups=FIGURE_GROUPS,
    )
    kam_tier = fields.Selection(
        TIERS,
        string="Account Tier",
        index=True,
        copy=False,
        readonly=True,
        help="Strategic, key or general: the highest of the tiers its last twelve months' "
        "revenue, its estimated annual purchase volume and its importance reach. Recomputed "
        "every day.",
        groups=FIGURE_GROUPS,
    )
    kam_sales_class = fields.Selection(
        [("A", "A"), ("B", "B"), ("C", "C")],
        string="Sales Class",
        copy=False,
        readonly=True,
        help="A, B or C by the last twelve months' revenue alone.",
        groups=FIGURE_GROUPS,
    )
    kam_revenue_12m = fields.Monetary(
        "Revenue (12 months)",
        groups=FIGURE_GROUPS,
        compute="_compute_kam_revenue_12m",
        currency_field="kam_currency_id",
        help="Posted customer invoices minus credit notes of the last twelve months, "
        "untaxed, in the company currency.",
    )
    kam_currency_id = fields.Many2one(
        "res.currency",
        compute="_compute_kam_currency_id",
        string="Company Currency",
        groups="base.group_user",
    )
    # Account analysis (大客户信息分析), entered by the rep
    kam_current_asset_ratio = fields.Float("Current-Asset Ratio (%)", groups=FIGURE_GROUPS)
    kam_net_profit_margin = fields.Float("Net Profit Margin (%)", groups=FIGURE_GROUPS)
    kam_return_on_assets = fields.Float("Return on Assets (%)", groups=FIGURE_GROUPS)
    kam_stated_collection_days = fields.Float(
        "Their Collection Period (days)", groups=FIGURE_GROUPS
    )
    kam_inventory_days = fields.Float("Inventory Period (days)", groups=FIGURE_GROUPS)
    kam_our_share = fields.Float("Our Share of Their Purchases (%)", groups=FIGURE_GROUPS)
    kam_decision_maker_notes = fields.Text("Decision Maker", groups=USER_GROUP)
    # Development budget (客户开发/维护费)
    kam_market = fields.Selection(
        [("local", "Local"), ("domestic", "Domestic"), ("international", "International")],
        string="Market",
        groups=FIGURE_GROUPS,
    )
    kam_development_fee = fields.Monetary(
        "Development Budget",
        groups=FIGURE_GROUPS,
        compute="_compute_kam_fees",
        currency_field="kam_currency_id",
    )
    kam_maintenance_fee = fields.Monetary(
        "Maintenance Budget",
        groups=FIGURE_GROUPS,
        compute="_compute_kam_fees",
        currency_field="kam_currency_id",
    )

    @api.depends_context("uid")
    def _compute_can_edit_key_account(self):
        self.can_edit_key_account = self.env.user.has_group(MANAGER_GROUP)

    @api.depends("revisit_plan_ids")
    def _compute_revisit_plan_count(self):
        counts = dict(
            self.env["key.account.revisit.plan"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.revisit_plan_count = counts.get(partner, 0)

    def _compute_kam_visit_count(self):
        counts = dict(
            self.env["key.account.visit"]._read_group(
                [("account_id", "in", self.ids)], ["account_id"], ["__count"]
            )
        )
        for partner in self:
            partner.kam_visit_count = counts.get(partner, 0)

    @api.depends_context("company")
    def _compute_kam_currency_id(self):
        self.kam_currency_id = self.env.company.currency_id

    @api.depends_context("uid", "company")
    def _compute_kam_revenue_12m(self):
        # read as superuser, shown like the receivables: to managers and
        # finance, and to the account's own salesperson
        visible = self._kam_receivable_visible_all()
        accounts = self.filtered(
            lambda partner: partner.id
            and (visible or partner._kam_receivable_owner() == self.env.user)
        )
        revenue = accounts._kam_revenue_12m()
        for partner in self:
            partner.kam_revenue_12m = revenue.get(partner.id, 0.0)

    @api.depends("kam_market")
    @api.depends_context("company")
    def _compute_kam_fees(self):
        budgets = {
            budget.market: budget for budget in self.env.company.sudo().kam_market_budget_ids
        }
        for partner in self:
            budget = budgets.get(partner.kam_market)
            partner.kam_development_fee = budget.development_fee if budget else 0.0
            partner.kam_maintenance_fee = budget.maintenance_fee if budget else 0.0

    @api.depends_context("buying_centre_lead_id")
    def _compute_buying_centre_person(self):
        lead_id = self.env.context.get("buying_centre_lead_id")
        owner_domain = (
            [("lead_id", "=", lead_id)]
            if lead_id
            else [("account_id", "in", self.commercial_partner_id.ids)]
        )
        lines = self.env["key.account.buying.role"].search(
            [*owner_domain, ("partner_id", "in", self.ids)]
        )
        per_person = lines.grouped("partner_id")
        roles = dict(lines._fields["role"]._description_selection(self.env))
        for partner in self:
            mine = per_person.get(partner, lines.browse())
            attitudes = set(mine.mapped("attitude"))
            partner.buying_centre_role_names = ", ".join(
                roles[role] for role in mine.mapped("role")
            )
            partner.buying_centre_weight = sum(mine.mapped("weight"))
            # One person, several roles: an opponent in any role is an opponent.
            partner.buying_centre_attitude = next(
                (
                    attitude
                    for attitude in ("opponent", "supporter", "neutral", "unknown")
                    if attitude in attitudes
                ),
                False,
            )

    @api.depends_context("key_account_person_name")
    def _compute_display_name(self):
        # Among one account's people the company is obvious: "Zhou Jianguo",
        # not "Huadong Heavy Machinery Co., Ltd., Zhou Jianguo".
        result = super()._compute_display_name()
        if self.env.context.get("key_account_person_name"):
            for person in self.filtered(lambda partner: not partner.is_company and partner.name):
                person.display_name = person.name
        return result

    @api.constrains("kam_reports_to_id", "parent_id")
    def _check_reports_to(self):
        for partner in self.filtered("kam_reports_to_id"):
            manager = partner.kam_reports_to_id
            if manager.commercial_partner_id != partner.commercial_partner_id:
                raise ValidationError(
                    _(
                        "%(person)s cannot report to %(manager)s, who works for another "
                        "company: choose a manager within %(company)s.",
                        person=partner.display_name,
                        manager=manager.display_name,
                        company=partner.commercial_partner_id.display_name,
                    )
                )
        if self._has_cycle("kam_reports_to_id"):
            raise ValidationError(
                _(
                    "The reporting lines of %(people)s form a loop: someone must be at "
                    "the top of the organisation chart.",
                    people=", ".join(self.mapped("display_name")),
                )
            )

    @api.constrains("is_key_account", "parent_id", "is_company")
    def _check_key_account_is_commercial_entity(self):
        for partner in self.filtered("is_key_account"):
            if partner.parent_id:
                raise ValidationError(
                    _(
                        "%(contact)s is a contact of %(company)s: mark the company "
                        "as a key account, not its people.",
                        contact=partner.name,
                        company=partner.parent_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        # the partners as created, defaults applied: what a manager must decide
        if any(
            partner.is_key_account or partner.kam_importance not in (False, "normal")
            for partner in partners.sudo()
        ):
            self._check_key_account_rights()
        return partners

    def write(self, vals):
        if self._kam_manager_fields_change(vals):
            self._check_key_account_rights()
        result = super().write(vals)
        if vals.get("is_key_account") or TIER_INPUTS & vals.keys():
            self.filtered("is_key_account")._kam_compute_tiers()
        return result

    @api.readonly
    def action_open_buying_centre_org_chart(self):
        self.ensure_one()
        return self.commercial_partner_id._buying_centre_org_chart_action()

    def _kam_map_account(self):
        return self.commercial_partner_id

    def _kam_map_influences(self):
        """The influence links recorded on this account's deals between people
        of its standing buying centre; the strongest of each pair."""
        people = self.buying_role_ids.partner_id
        links = self.env["key.account.influence"].search(
            [
                ("lead_id.partner_id", "child_of", self.commercial_partner_id.id),
                ("influencer_id", "in", people.ids),
                ("influenced_id", "in", people.ids),
            ]
        )
        strongest = {}
        for link in links.sorted(lambda link: STRENGTH_RANK[link.strength], reverse=True):
            strongest.setdefault((link.influencer_id, link.influenced_id), link)
        return links.browse([link.id for link in strongest.values()])

    def _buying_centre_org_chart_action(self, lead=None):
        """The organisation chart of this company's people, with buying roles."""
        context = {"create": False}
        if lead:
            context["buying_centre_lead_id"] = lead.id
        return {
            "type": "ir.actions.act_window",
            "name": _("Organisation Chart: %(account)s", account=self.display_name),
            "res_model": "res.partner",
            "view_mode": "hierarchy,list,form",
            "views": [
                (self.env.ref("key_account_management.res_partner_view_hierarchy").id, "hierarchy"),
                (False, "list"),
                (False, "form"),
            ],
            "domain": [("commercial_partner_id", "=", self.id), ("is_company", "=", False)],
            "context": context,
        }

    def _kam_manager_fields_change(self, vals):
        # writing an unchanged value (an import of every column) is harmless
        for field in MANAGER_FIELDS & vals.keys():
            new = bool(vals[field]) if field == "is_key_account" else vals[field]
            if any(partner[field] != new for partner in self):
                return True
        return False

    def _check_key_account_rights(self):
        # Enforced here, not only in the view, so that import and the external
        # API obey the same rule as the form.
        if self.env.su or self.env.user.has_group(MANAGER_GROUP):
            return
        raise AccessError(
            _(
                "Only key-account managers can decide which companies are key "
                "accounts and how important they are. Ask your key-account manager."
            )
        )

    def _kam_revenue_12m(self):
        """{partner id: untaxed revenue of the last 12 months, company currency}"""
        start = fields.Date.context_today(self) - relativedelta(years=1)
        return self._kam_revenue(start)

    def _kam_revenue(self, start, end=None):
        """{partner id: untaxed revenue invoiced after ``start`` (and up to
        ``end``), credit notes netted, company currency}: the one revenue
        query of tiers, sales classes and the health's purchases."""
        if not self:
            return {}
        domain = [
            ("commercial_partner_id", "in", self.ids),
            ("company_id", "=", self.env.company.id),
            ("move_type", "in", SALES_MOVE_TYPES),
            ("state", "=", "posted"),
            ("invoice_date", ">", start),
        ]
        if end:
            domain.append(("invoice_date", "<=", end))
        groups = (
            self.env["account.move"]
            .sudo()
            ._read_group(domain, ["commercial_partner_id"], ["amount_untaxed_signed:sum"])
        )
        return {partner.id: amount for partner, amount in groups}

    def _kam_receivable_scope(self):
        return (
            [("partner_id", "in", self.commercial_partner_id.ids)],
            "partner_id",
            {partner.id: {partner.commercial_partner_id.id} for partner in self},
        )

    def _kam_contract_amounts(self):
        by_customer = self._kam_order_amounts(
            [("partner_id.commercial_partner_id", "in", self.commercial_partner_id.ids)],
            "partner_id",
        )
        by_account = {}
        for customer in self.sudo().browse(by_customer):
            account = customer.commercial_partner_id.id
            by_account[account] = by_account.get(account, 0.0) + by_customer[customer.id]
        return {
            partner.id: by_account.get(partner.commercial_partner_id.id, 0.0) for partner in self
        }

    def _kam_receivable_owner(self):
        return self.commercial_partner_id.user_id

    def _kam_compute_tiers(self):
        """Tier and sales class of these accounts: one grouped query, one write
        per (tier, class), one batched chatter note for the changed tiers."""
        company = self.env.company
        revenue = self._kam_revenue_12m()
        labels = dict(self._fields["kam_tier"]._description_selection(self.env))
        # a term of its own: inside another _() call it is never extracted
        no_tier = _("none")
        updates, notes = {}, {}
        for partner in self:
            amount = revenue.get(partner.id, 0.0)
            if amount >= company.kam_tier_strategic_amount:
                sales_class, tier = "A", "strategic"
            elif amount >= company.kam_tier_key_amount:
                sales_class, tier = "B", "key"
            else:
                sales_class, tier = "C", "general"
            floors = [
                {"critical": "strategic", "important": "key"}.get(partner.kam_importance),
                partner._kam_volume_tier(company),
            ]
            for floor in filter(None, floors):
                if TIER_RANK[floor] > TIER_RANK[tier]:
                    tier = floor
            if (tier, sales_class) == (partner.kam_tier, partner.kam_sales_class):
                continue
            updates.setdefault((tier, sales_class), []).append(partner.id)
            if tier != partner.kam_tier:
                notes[partner.id] = _(
                    "Account tier: %(old)s → %(new)s (12-month revenue %(amount)s)",
                    old=labels.get(partner.kam_tier, no_tier),
                    new=labels[tier],
                    amount=company.currency_id.format(amount),
                )
                if floors[1]:
                    notes[partner.id] += " " + _(
                        "Estimated annual purchases: %(volume)s units (%(year)s).",
                        volume=partner.kam_purchase_volume,
                        year=partner.kam_purchase_volume_year,
                    )
        Account = trusted(self, DECIDED_WRITE)
        for (tier, sales_class), ids in updates.items():
            Account.browse(ids).write({"kam_tier": tier, "kam_sales_class": sales_class})
        if notes:
            self.browse(list(notes))._message_log_batch(bodies=notes)
            # a new tier may ask for another kind of person in charge
            self.browse(list(notes))._kam_check_operators()

    def _kam_volume_tier(self, company):
        """The tier the customer's estimated annual purchases reach, if the
        estimate is for this year or last year."""
        year = fields.Date.context_today(self).year
        if not self.kam_purchase_volume or self.kam_purchase_volume_year not in (year, year - 1):
            return None
        if self.kam_purchase_volume >= company.kam_tier_strategic_volume:
            return "strategic"
        if self.kam_purchase_volume >= company.kam_tier_key_volume:
            return "key"
        return None

    @api.readonly
    def action_kam_view_revisit_plans(self):
        return self._kam_xml_action(
            "key_account_management.key_account_revisit_plan_action",
            [("partner_id", "in", self.ids)],
            {"default_partner_id": self.id, "search_default_active": 0},
        )

    @api.readonly
    def action_kam_view_visits(self):
        self.ensure_one()
        return self._kam_xml_action(
            "key_account_management.key_account_visit_action",
            [("account_id", "=", self.id)],
            {"default_account_id": self.id},
        )

    def _kam_visits_for_report(self):
        """The development records of this account, oldest first, for the printed form."""
        self.ensure_one()
        return self.env["key.account.visit"].search(
            [("account_id", "=", self.id)], order="visit_datetime, id"
        )

    def action_kam_compute_tier(self):
        self.filtered("is_key_account")._kam_compute_tiers()
        return True

    @api.model
    def _cron_kam_compute_tiers(self, batch_size=200):
        """Daily: the key accounts whose tier or sales class is not what their
        revenue of the last twelve months, importance and purchase volume
        give today (invoices posted or cancelled, invoices older than twelve
        months, an estimate of a past year), found in one query, computed
        again in batches on the accounts no one else holds, each batch
        committed under the cron (see ``run_cron_batches``). A change of
        importance or volume is computed at once by ``write``."""
        run_cron_batches(
            self,
            self._kam_tiers_due,
            lambda accounts: accounts._kam_compute_tiers(),
            batch_size,
        )

    @api.model
    def _kam_tiers_due(self):
        """The key accounts whose (tier, sales class) differs from what
        ``_kam_compute_tiers`` would write today, in one query: the revenue
        of every account in one grouped subquery, the thresholds of the
        user's company, as ``_kam_compute_tiers`` reads them."""
        company = self.env.company
        year = fields.Date.context_today(self).year
        query = self._search([("is_key_account", "=", True)], order="id")
        query.add_join(
            "LEFT JOIN",
            "kam_revenue",
            SQL(
                """(SELECT move.commercial_partner_id AS partner_id,
                           SUM(move.amount_untaxed_signed)::float8 AS amount
                      FROM account_move move
                     WHERE move.company_id = %s
                       AND move.move_type IN %s
                       AND move.state = 'posted'
                       AND move.invoice_date > %s
                     GROUP BY move.commercial_partner_id)""",
                company.id,
                SALES_MOVE_TYPES,
                fields.Date.context_today(self) - relativedelta(years=1),
            ),
            SQL("kam_revenue.partner_id = %s", SQL.identifier(self._table, "id")),
        )

        def field(name):
            return self._field_to_sql(self._table, name, query)

        amount = SQL("COALESCE(kam_revenue.amount, 0)")
        revenue_rank = SQL(
            "CASE WHEN %s >= %s::float8 THEN 2 WHEN %s >= %s::float8 THEN 1 ELSE 0 END",
            amount,
            company.kam_tier_strategic_amount,
            amount,
            company.kam_tier_key_amount,
        )
        importance_rank = SQL(
            "CASE %s WHEN 'critical' THEN 2 WHEN 'important' THEN 1 ELSE 0 END",
            field("kam_importance"),
        )
        volume = field("kam_purchase_volume")
        volume_rank = SQL(
            """CASE WHEN COALESCE(%(volume)s, 0) = 0 OR %(year)s IS NULL
                      OR %(year)s NOT IN (%(this_year)s, %(last_year)s) THEN 0
                    WHEN %(volume)s >= %(strategic)s THEN 2
                    WHEN %(volume)s >= %(key)s THEN 1
                    ELSE 0 END""",
            volume=volume,
            year=field("kam_purchase_volume_year"),
            this_year=year,
            last_year=year - 1,
            strategic=company.kam_tier_strategic_volume,
            key=company.kam_tier_key_volume,
        )
        tier = SQL(
            "(CASE GREATEST(%s, %s, %s) WHEN 2 THEN 'strategic' WHEN 1 THEN 'key' "
            "ELSE 'general' END)",
            revenue_rank,
            importance_rank,
            volume_rank,
        )
        sales_class = SQL("(CASE %s WHEN 2 THEN 'A' WHEN 1 THEN 'B' ELSE 'C' END)", revenue_rank)
        query.add_where(
            SQL(
                "(%s, %s) IS DISTINCT FROM (%s, %s)",
                field("kam_tier"),
                field("kam_sales_class"),
                tier,
                sales_class,
            )
        )
        return self.browse(row[0] for row in self.env.execute_query(query.select()))
