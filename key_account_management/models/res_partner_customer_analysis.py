from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError

from ..const import FIGURE_GROUPS, MANAGER_GROUP, USER_GROUP
from .key_account_customer_type import CUSTOMER_TYPES, OPERATOR_KINDS, TIER_OPERATOR

OPERATOR_ACTIVITY = "key_account_management.mail_activity_type_account_operator"
# the analysis a rep keeps on the accounts they sell to
ANALYSIS_FIELDS = frozenset(
    {
        "kam_customer_type",
        "kam_sales_channel",
        "kam_dealer_id",
        "kam_regional_manager_id",
        "kam_ownership",
        "kam_main_business",
        "kam_industry_position",
        "kam_unit_use",
        "kam_use_environment",
        "kam_annual_budget",
        "kam_unit_requirements",
        "kam_purchase_schedule",
        "kam_priority_item_ids",
    }
)


class ResPartner(models.Model):
    """The customer analysis of a key account (003 客户分析): the business
    guide chart (业务指导图: profile, position, installed base, main brands),
    the needs analysis (需求分析), the competition seen at the customer's,
    our share of its purchases and the whitespace left."""

    _inherit = "res.partner"

    # 业务指导图: the business profile
    kam_customer_type = fields.Selection(
        CUSTOMER_TYPES, string="Customer Type", tracking=True, groups=USER_GROUP
    )
    kam_sales_channel = fields.Selection(
        [("direct", "Direct"), ("dealer", "Through a Dealer")],
        string="Sales Channel",
        default="direct",
        tracking=True,
        groups=USER_GROUP,
    )
    kam_dealer_id = fields.Many2one(
        "res.partner",
        string="Dealer",
        domain=[("is_company", "=", True)],
        tracking=True,
        groups=USER_GROUP,
        help="The dealer that develops and operates this account.",
    )
    kam_regional_manager_id = fields.Many2one(
        "res.users",
        string="Regional Manager",
        tracking=True,
        groups=USER_GROUP,
        help="Who leads the dealer on this account.",
    )
    kam_ownership = fields.Char("Ownership and Nature", groups=USER_GROUP)
    kam_main_business = fields.Text("Main Business and Scope", groups=USER_GROUP)
    kam_industry_position = fields.Text("Industry Position", groups=USER_GROUP)
    kam_main_brands = fields.Char(
        "Main Brands",
        compute="_compute_kam_installed_base_figures",
        groups=USER_GROUP,
        help="The brands of its installed base, the largest first.",
    )
    kam_focus_point_ids = fields.Many2many(
        "key.account.focus.point",
        string="Points to Address",
        compute="_compute_kam_focus_point_ids",
        groups=USER_GROUP,
        help="What customers of this type care about: the solution must answer each.",
    )
    # who operates the account, by its tier (003 客户分类管理)
    kam_operator_kind_proposed = fields.Selection(
        OPERATOR_KINDS,
        string="Operated By (Tier)",
        compute="_compute_kam_operator",
        groups=USER_GROUP,
        help="Strategic accounts are run by a project manager with the branch's back office, "
        "key accounts by a regional manager, general accounts by a dealer led by the "
        "regional manager.",
    )
    kam_operator_kind = fields.Selection(
        OPERATOR_KINDS, string="Operated By", compute="_compute_kam_operator", groups=USER_GROUP
    )
    kam_operator_fits = fields.Boolean(
        "Right Person in Charge", compute="_compute_kam_operator", groups=USER_GROUP
    )
    # 需求分析: the needs analysis (the annual volume is kam_purchase_volume)
    kam_unit_use = fields.Text("Use of the Units", groups=USER_GROUP)
    kam_use_environment = fields.Text("Area and Environment", groups=USER_GROUP)
    kam_annual_budget = fields.Monetary(
        "Annual Budget", currency_field="kam_currency_id", groups=FIGURE_GROUPS
    )
    kam_unit_requirements = fields.Text("Requirements", groups=USER_GROUP)
    kam_purchase_schedule = fields.Text("Purchase Schedule", groups=USER_GROUP)
    kam_priority_item_ids = fields.Many2many(
        "key.account.priority.item",
        "key_account_partner_priority_item_rel",
        string="Priority Evaluation Items",
        groups=USER_GROUP,
    )
    # 保有量: the installed base, ours and competitors'
    kam_installed_unit_ids = fields.One2many(
        "key.account.installed.unit", "partner_id", string="Installed Base", groups=USER_GROUP
    )
    kam_unit_count = fields.Integer(
        "Installed Units", compute="_compute_kam_installed_base_figures", groups=USER_GROUP
    )
    kam_our_unit_count = fields.Integer(
        "Our Units", compute="_compute_kam_installed_base_figures", groups=USER_GROUP
    )
    kam_competitor_unit_count = fields.Integer(
        "Competitors' Units", compute="_compute_kam_installed_base_figures", groups=USER_GROUP
    )
    kam_units_bought_12m = fields.Integer(
        "Our Units Bought (12 months)",
        compute="_compute_kam_installed_base_figures",
        groups=FIGURE_GROUPS,
    )
    kam_wallet_share = fields.Float(
        "Share of Wallet (%)",
        compute="_compute_kam_installed_base_figures",
        digits=(5, 1),
        groups=FIGURE_GROUPS,
        help="Our units bought in the last twelve months divided by the annual purchase volume.",
    )
    kam_predicted_need_ids = fields.One2many(
        "key.account.predicted.need", "partner_id", string="Predicted Needs", groups=USER_GROUP
    )
    kam_whitespace_ids = fields.One2many(
        "key.account.whitespace", "partner_id", string="Whitespace", groups=FIGURE_GROUPS
    )
    # 竞争分析: what competitors offered on the account's deals
    kam_competitor_record_ids = fields.Many2many(
        "key.account.competitor",
        string="Competitors on Deals",
        compute="_compute_kam_competitor_record_ids",
        groups=USER_GROUP,
    )

    @api.depends("kam_customer_type")
    def _compute_kam_focus_point_ids(self):
        points = self.env["key.account.focus.point"].search(
            [("customer_type", "in", list(set(self.mapped("kam_customer_type"))))]
        )
        by_type = points.grouped("customer_type")
        for partner in self:
            partner.kam_focus_point_ids = by_type.get(partner.kam_customer_type, points.browse())

    @api.depends("kam_tier", "kam_sales_channel", "kam_dealer_id", "user_id.kam_operator_kind")
    def _compute_kam_operator(self):
        for partner in self:
            proposed = TIER_OPERATOR.get(partner.kam_tier) if partner.is_key_account else False
            actual = (
                "dealer"
                if partner.kam_sales_channel == "dealer" and partner.kam_dealer_id
                else partner.user_id.kam_operator_kind
            )
            partner.kam_operator_kind_proposed = proposed
            partner.kam_operator_kind = actual
            partner.kam_operator_fits = not proposed or proposed == actual

    def _compute_kam_installed_base_figures(self):
        Unit = self.env["key.account.installed.unit"]
        domain = [("partner_id", "in", self.ids)]
        counts = {}
        for partner, is_ours, quantity in Unit._read_group(
            domain, ["partner_id", "is_ours"], ["quantity:sum"]
        ):
            counts.setdefault(partner.id, {})[is_ours] = quantity
        since = fields.Date.context_today(self) - relativedelta(years=1)
        bought = dict(
            Unit._read_group(
                [*domain, ("is_ours", "=", True), ("purchase_date", ">", since)],
                ["partner_id"],
                ["quantity:sum"],
            )
        )
        brands = {}
        for partner, brand, quantity in Unit._read_group(
            [*domain, ("brand_id", "!=", False)],
            ["partner_id", "brand_id"],
            ["quantity:sum"],
            order="quantity:sum desc",
        ):
            brands.setdefault(partner.id, []).append(f"{brand.name} ({quantity})")
        for partner in self:
            ours = counts.get(partner.id, {}).get(True, 0)
            theirs = counts.get(partner.id, {}).get(False, 0)
            partner.kam_our_unit_count = ours
            partner.kam_competitor_unit_count = theirs
            partner.kam_unit_count = ours + theirs
            partner.kam_main_brands = ", ".join(brands.get(partner.id, [])[:3])
            partner.kam_units_bought_12m = bought.get(partner, 0)
            volume = partner.sudo().kam_purchase_volume
            partner.kam_wallet_share = (
                round(100.0 * bought.get(partner, 0) / volume, 1) if volume else 0.0
            )

    def _compute_kam_competitor_record_ids(self):
        records = self.env["key.account.competitor"].search(
            [("lead_id.partner_id.commercial_partner_id", "in", self.ids)]
        )
        by_account = records.grouped(lambda record: record.lead_id.partner_id.commercial_partner_id)
        for partner in self:
            partner.kam_competitor_record_ids = by_account.get(partner, records.browse())

    def write(self, vals):
        if ANALYSIS_FIELDS & vals.keys():
            self._kam_check_analysis_rights()
        result = super().write(vals)
        if vals.get("is_key_account"):
            # a new key account: its installed base starts with what it bought from us
            orders = (
                self.env["sale.order"]
                .sudo()
                .search([("partner_id", "child_of", self.ids), ("state", "=", "sale")])
            )
            orders._kam_sync_installed_units()
        return result

    def _kam_check_analysis_rights(self):
        """Reps keep the analysis of the accounts they sell to (or of those
        without a salesperson); managers of every account."""
        user = self.env.user
        if self.env.su or user.has_group(MANAGER_GROUP):
            return
        others = self.filtered(lambda partner: partner.user_id not in (user, user.browse()))
        if others:
            raise AccessError(
                _(
                    "Only the salesperson of %(accounts)s or a key-account manager can change "
                    "its customer analysis.",
                    accounts=", ".join(others.mapped("display_name")),
                )
            )

    # the person in charge, after a change of tier -------------------------
    def _kam_check_operators(self):
        """A to-do for the key-account managers on each of these accounts run
        by the wrong kind of person for its tier (one open at a time)."""
        accounts = self.filtered(lambda partner: not partner.kam_operator_fits)
        if not accounts:
            return
        activity_type = self.env.ref(OPERATOR_ACTIVITY)
        # the to-do shows in the manager's activities; no mail about it
        Activity = self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True)
        pending = set(
            Activity.search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", accounts.ids),
                    ("activity_type_id", "=", activity_type.id),
                ]
            ).mapped("res_id")
        )
        managers = self.env.ref(MANAGER_GROUP).sudo().users.filtered(lambda user: user.active)
        vals_list = []
        for account in accounts.filtered(lambda account: account.id not in pending):
            leader = account.user_id.sale_team_id.user_id
            manager = leader if leader in managers else managers[:1]
            if not manager:
                continue
            # written once, in the language of the manager who reads it
            account = account.with_context(lang=manager.lang)
            env = account.env
            tiers = dict(account._fields["kam_tier"]._description_selection(env))
            kinds = dict(account._fields["kam_operator_kind"]._description_selection(env))
            note = env._(
                "%(account)s is now a %(tier)s account: it should be operated by a %(proposed)s, "
                "but is operated by %(actual)s. Hand it over, or change its channel.",
                account=account.display_name,
                tier=tiers.get(account.kam_tier, ""),
                proposed=kinds[account.kam_operator_kind_proposed],
                actual=kinds.get(account.kam_operator_kind)
                or account.user_id.name
                or env._("nobody"),
            )
            vals_list.append(
                {
                    "res_model_id": self.env["ir.model"]._get_id(self._name),
                    "res_id": account.id,
                    "activity_type_id": activity_type.id,
                    "summary": env._("Hand the account to the right person"),
                    "note": Markup("<p>%s</p>") % note,
                    "user_id": manager.id,
                }
            )
        Activity.create(vals_list)
