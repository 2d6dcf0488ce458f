"""Customer analysis at scale: the installed base, the predicted needs and
the whitespace map of every key account, and the account's Analysis tab.

Targets: an installed base of 20,000 accounts × 10 unit lines (200,000)
with the predicted needs and the whitespace of every account worked out in
at most 60 s, in batches, with no query per account (a batch of 100
accounts runs as many queries as a batch of 500); the Analysis tab of the
account form read with as many queries for an account with 10 unit lines
as for one with 1,000.
Run: python3 tools/kam.py bench analysis --database kam_bench_analysis
(after python3 tools/kam.py bench-data --database kam_bench_analysis
 --accounts 1000 --contacts 1000 --opportunities 1000 --invoices 10000).
``KAM_BENCH_ROUNDS`` sets the rounds (default 3); ``KAM_BENCH_VANILLA_ACCOUNTS``
limits the per-account counterpart to that many accounts (default: all),
its time then extrapolated to all of them and labelled so.

The predicted needs and the whitespace are SQL views read live: there is
no daily job to run. What a daily job would have to do, and what the
managers' lists and pivots do, is read them whole, so that is what is
timed, as a key-account manager: every predicted need (the list's
``search_read`` and the pivot's grouped read by account and quarter),
the whole whitespace map (grouped by category, and every cell with
``search_read``), and the accounts' installed-base figures (``read`` of the
computed fields, 500 accounts a batch, for every account).

Plain Odoo's counterpart, side by side in the same run: the same figures
worked out the plain ORM way, (1) account by account (search its units,
its sites and its invoice lines of the year, sum in Python), and (2) in
one pass (every unit and every invoice line of the year read as records,
grouped in Python). Both check that they find the same needs and cells as
the views.

Data, made inside the run (rolled back at the end): key accounts up to
20,000 (cloned in SQL from one made through the ORM), one delivery address
each, up to 10 posted invoices for each account without any (SQL clones
of bench-data's), their product lines spread over two equipment
categories per account, four equipment categories with their replacement
cycles (those of the database, completed), an own brand and four rivals,
and 10 unit lines per account in SQL: 30 % ours, bought over the last ten
years, due for replacement after their category's cycle (as the stored
compute sets it), a few already with a replacement deal.
"""

import os
import random
import statistics
import time
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import fields

from .datagen import QUIET, _clone_invoices, _insert_clones
from .rounds import seconds, summary
from .users import bench_user

TARGET_SECONDS = 60
ACCOUNTS = 20_000
UNITS_PER_ACCOUNT = 10
BIG_ACCOUNT_UNITS = 1_000
BATCH = 500
SMALL_BATCH = 100
INVOICES_PER_ACCOUNT = 10
FORM_ROUNDS = 5
SEED = 0.42
# made when the database has fewer equipment categories: name, cycle in months
CATEGORIES = [
    ("Bench Forklifts", 60),
    ("Bench Compressors", 84),
    ("Bench Generators", 96),
    ("Bench Conveyors", 120),
]
RIVALS = ["Bench Rival Atlas", "Bench Rival Borealis", "Bench Rival Cobalt", "Bench Rival Delta"]
FIGURES = [
    "kam_unit_count",
    "kam_our_unit_count",
    "kam_competitor_unit_count",
    "kam_main_brands",
    "kam_units_bought_12m",
    "kam_wallet_share",
]
NEED_FIELDS = [
    "partner_id",
    "period_start",
    "quantity",
    "brand_id",
    "is_ours",
    "model_name",
    "categ_id",
    "currency_id",
    "expected_revenue",
    "user_id",
    "is_overdue",
]
WHITESPACE_FIELDS = [
    "partner_id",
    "site_id",
    "categ_id",
    "currency_id",
    "invoiced_12m",
    "our_units",
    "competitor_units",
    "is_whitespace",
]
NAME = {"fields": {"display_name": {}}}
# the account form's Analysis tab (res_partner_customer_analysis_views.xml),
# its lists read as the web client reads them: the first 40 lines
ANALYSIS_SPEC = {
    "display_name": {},
    "is_key_account": {},
    "kam_operator_kind_proposed": {},
    "kam_operator_kind": {},
    "kam_operator_fits": {},
    "kam_customer_type": {},
    "kam_ownership": {},
    "kam_main_business": {},
    "kam_industry_position": {},
    "kam_main_brands": {},
    "kam_sales_channel": {},
    "kam_dealer_id": NAME,
    "kam_regional_manager_id": NAME,
    "kam_focus_point_ids": {
        "fields": {"kind": {}, "name": {}, "description": {}},
        "limit": 40,
    },
    "kam_unit_use": {},
    "kam_use_environment": {},
    "kam_unit_requirements": {},
    "kam_purchase_volume": {},
    "kam_currency_id": NAME,
    "kam_annual_budget": {},
    "kam_purchase_schedule": {},
    "kam_priority_item_ids": NAME,
    "kam_our_unit_count": {},
    "kam_competitor_unit_count": {},
    "kam_units_bought_12m": {},
    "kam_wallet_share": {},
    "kam_installed_unit_ids": {
        "fields": {
            "partner_id": NAME,
            "site_id": NAME,
            "is_ours": {},
            "brand_id": NAME,
            "model_name": {},
            "capacity": {},
            "quantity": {},
            "currency_id": NAME,
            "price_unit": {},
            "purchase_date": {},
            "replacement_date": {},
            "active": {},
        },
        "limit": 40,
    },
    "kam_predicted_need_ids": {
        "fields": {
            "partner_id": NAME,
            "period_start": {},
            "quantity": {},
            "brand_id": NAME,
            "is_ours": {},
            "model_name": {},
            "currency_id": NAME,
            "expected_revenue": {},
            "is_overdue": {},
        },
        "limit": 40,
    },
    "kam_whitespace_ids": {
        "fields": {
            "site_id": NAME,
            "categ_id": NAME,
            "currency_id": NAME,
            "invoiced_12m": {},
            "our_units": {},
            "competitor_units": {},
            "is_whitespace": {},
        },
        "limit": 40,
    },
    "kam_competitor_record_ids": {
        "fields": {
            "lead_id": NAME,
            "competitor_id": NAME,
            "company_currency": NAME,
            "offer_amount": {},
            "outcome": {},
        },
        "limit": 40,
    },
}
POSTED = ("out_invoice", "out_refund")
AS_RECORDS = (
    "predicted needs: every need (search_read)",
    "whitespace: every cell (search_read)",
    f"account figures: every account, {BATCH} a batch (read)",
)


# the data set ----------------------------------------------------------------
def _equipment(env):
    """Four equipment categories with a replacement cycle (the database's,
    completed), each with a product: [(category, product)]."""
    Category = env["product.category"]
    categories = Category.search(
        [("kam_is_equipment", "=", True), ("kam_replacement_months", ">", 0)], order="id", limit=4
    )
    missing = CATEGORIES[len(categories) :]
    categories |= Category.create(
        [
            {"name": name, "kam_is_equipment": True, "kam_replacement_months": months}
            for name, months in missing
        ]
    )
    pairs = []
    for category in categories:
        product = env["product.product"].search([("categ_id", "=", category.id)], limit=1)
        if not product:
            product = env["product.product"].create(
                {
                    "name": f"{category.name} Unit",
                    "categ_id": category.id,
                    "type": "consu",
                    "list_price": 60_000,
                }
            )
        pairs.append((category, product))
    return pairs


def _brands(env):
    """Our brand and four rivals (the database's, completed)."""
    Brand = env["key.account.brand"]
    company = [("company_id", "in", [env.company.id, False])]
    own = Brand.search([("is_own", "=", True), *company], limit=1) or Brand.create(
        {"name": "Bench Own Brand", "is_own": True}
    )
    rivals = Brand.search([("is_own", "=", False), *company], order="id", limit=len(RIVALS))
    rivals |= Brand.create([{"name": name} for name in RIVALS[len(rivals) :]])
    return own, rivals


def _key_accounts(env):
    """The first 20,000 key accounts, made in SQL from one created through
    the ORM when the database has fewer; a delivery address for each."""
    Partner = env["res.partner"]
    domain = [("is_key_account", "=", True), ("is_company", "=", True)]
    reps = env["res.users"].search([("login", "=like", "bench_rep_%")]).ids or [env.uid]
    missing = ACCOUNTS - Partner.search_count(domain)
    if missing > 0:
        template = Partner.create(
            {
                "name": "Bench Analysis Account 00000",
                "is_company": True,
                "is_key_account": True,
                "country_id": env.ref("base.cn").id,
                "user_id": reps[0],
            }
        )
        _clone_partners(
            env,
            template,
            "SELECT g AS seq, NULL::int AS parent FROM generate_series(1, %s) g",
            [missing - 1],
            {
                "name": "'Bench Analysis Account ' || lpad(m.seq::text, 5, '0')",
                "complete_name": "'Bench Analysis Account ' || lpad(m.seq::text, 5, '0')",
                "commercial_company_name": "'Bench Analysis Account ' || lpad(m.seq::text, 5, '0')",
                "commercial_partner_id": "m.new_id",
                "user_id": f"(ARRAY{reps})[1 + m.seq % {len(reps)}]",
                # the annual purchase volume of this year: the share of wallet's base
                "kam_purchase_volume": "10 + m.seq % 50",
                "kam_purchase_volume_year": str(date.today().year),
            },
        )
    accounts = Partner.search(domain, order="id", limit=ACCOUNTS)
    site = Partner.create({"name": "Plant", "type": "delivery", "parent_id": accounts[0].id})
    _clone_partners(
        env,
        site,
        "SELECT a.id AS seq, a.id AS parent FROM res_partner a "
        "WHERE a.id = ANY(%s) AND NOT EXISTS (SELECT FROM res_partner d "
        "WHERE d.parent_id = a.id AND d.type = 'delivery')",
        [accounts.ids],
        {
            "parent_id": "m.parent",
            "commercial_partner_id": "m.parent",
            "complete_name": "(SELECT name FROM res_partner WHERE id = m.parent) || ', Plant'",
            "commercial_company_name": "(SELECT name FROM res_partner WHERE id = m.parent)",
        },
    )
    return accounts


def _clone_partners(env, template, rows, params, overrides):
    """One copy of ``template`` per row of ``rows`` (columns seq, parent),
    every column copied but ``overrides`` (SQL over ``m`` and ``s``)."""
    env.flush_all()
    cr = env.cr
    cr.execute("DROP TABLE IF EXISTS bench_partner_map")
    cr.execute(
        "CREATE TEMP TABLE bench_partner_map ON COMMIT DROP AS "
        f"SELECT nextval('res_partner_id_seq')::int AS new_id, r.* FROM ({rows}) r",
        params,
    )
    _insert_clones(
        cr,
        "res_partner",
        f"bench_partner_map m JOIN res_partner s ON s.id = {int(template.id)}",
        {
            "id": "m.new_id",
            "create_date": "now() AT TIME ZONE 'UTC'",
            "write_date": "now() AT TIME ZONE 'UTC'",
            **overrides,
        },
    )
    env.invalidate_all()


def _invoices(env, accounts, pairs, rng):
    """Up to 10 posted invoices for each account without any (SQL clones of
    bench-data's), half of them shipped to its delivery address; the bench
    products' lines spread over two equipment categories per account."""
    cr = env.cr
    cr.execute(
        "SELECT a.id FROM res_partner a WHERE a.id = ANY(%s) AND NOT EXISTS ("
        "SELECT FROM account_move m WHERE m.commercial_partner_id = a.id "
        "AND m.move_type = 'out_invoice' AND m.state = 'posted')",
        [accounts.ids],
    )
    bare = env["res.partner"].browse([row[0] for row in cr.fetchall()])
    machine = env["product.product"].search([("name", "=", "Bench Machine")])
    sources = env["account.move"].search(
        [
            ("move_type", "=", "out_invoice"),
            ("state", "=", "posted"),
            ("payment_state", "=", "not_paid"),
            ("invoice_line_ids.product_id", "in", machine.ids),
        ],
        limit=20,
    )
    today = fields.Date.context_today(env["res.partner"])
    cloned = _clone_invoices(env, sources, bare, INVOICES_PER_ACCOUNT * len(bare), rng, today)
    env.flush_all()
    products = [product.id for _category, product in pairs]
    cr.execute(
        "UPDATE account_move_line SET product_id = "
        "(%s::int[])[1 + (COALESCE(partner_id, 0) + id %% 2) %% %s] "
        "WHERE product_id = ANY(%s) AND display_type = 'product'",
        [products, len(products), machine.ids],
    )
    cr.execute(
        "UPDATE account_move m SET partner_shipping_id = site.id FROM res_partner site "
        "WHERE site.parent_id = m.commercial_partner_id AND site.type = 'delivery' "
        "AND m.commercial_partner_id = ANY(%s) AND m.move_type IN %s AND m.id %% 2 = 0",
        [accounts.ids, POSTED],
    )
    env.invalidate_all()
    return cloned


def _units(env, accounts, per_account, pairs, own, rivals):
    """``per_account`` unit lines per account in one INSERT: 30 % ours; the
    rest a rival's; bought over the last ten years; due after their
    category's cycle (``purchase_date + cycle``, as the stored compute);
    3 % already with a replacement deal; half at the delivery address."""
    cr = env.cr
    cr.execute(
        "SELECT id FROM crm_lead WHERE type = 'opportunity' AND active ORDER BY id LIMIT 1000"
    )
    leads = [row[0] for row in cr.fetchall()] or [None]
    cr.execute("SELECT setseed(%s)", [SEED])
    cr.execute(
        """
        WITH draw AS (
            SELECT a.id AS partner_id,
                   CASE WHEN random() < 0.5 THEN site.id END AS site_id,
                   random() < 0.3 AS is_ours,
                   1 + floor(random() * cardinality(%(categs)s::int[]))::int AS k,
                   floor(random() * 3650)::int AS age,
                   1 + floor(random() * cardinality(%(rivals)s::int[]))::int AS rival,
                   floor(random() * 6)::int AS model,
                   1 + floor(random() * 20)::int AS quantity,
                   20000 + round(random() * 180000) AS price,
                   random() AS lead_draw
              FROM unnest(%(accounts)s::int[]) AS a(id)
         LEFT JOIN LATERAL (
                   SELECT id FROM res_partner
                    WHERE parent_id = a.id AND type = 'delivery' ORDER BY id LIMIT 1
                   ) site ON true
        CROSS JOIN generate_series(1, %(per)s)
        ), unit AS (
            SELECT draw.*,
                   (%(categs)s::int[])[k] AS categ_id,
                   (%(products)s::int[])[k] AS product_id,
                   (%(names)s::text[])[k] AS product_name,
                   (%(months)s::int[])[k] AS months,
                   (CURRENT_DATE - age)::date AS purchase_date
              FROM draw
        )
        INSERT INTO key_account_installed_unit (
            partner_id, site_id, is_ours, brand_id, product_id, categ_id, model_name,
            quantity, price_unit, purchase_date, replacement_months, replacement_date,
            replacement_lead_id, company_id, active,
            create_uid, create_date, write_uid, write_date)
        SELECT partner_id, site_id, is_ours,
               CASE WHEN is_ours THEN %(own)s ELSE (%(rivals)s::int[])[rival] END,
               CASE WHEN is_ours THEN product_id END,
               categ_id,
               CASE WHEN is_ours THEN product_name
                    ELSE 'Model ' || chr(65 + model) || '-' || k END,
               quantity, price, purchase_date, months,
               (purchase_date + make_interval(months => months))::date,
               CASE WHEN lead_draw < 0.03
                    THEN (%(leads)s::int[])[1 + floor(lead_draw / 0.03
                                                        * cardinality(%(leads)s::int[]))::int]
               END,
               %(company)s, true,
               %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC'
          FROM unit
        """,
        {
            "accounts": accounts.ids,
            "per": per_account,
            "categs": [category.id for category, _product in pairs],
            "products": [product.id for _category, product in pairs],
            "names": [product.display_name for _category, product in pairs],
            "months": [category.kam_replacement_months for category, _product in pairs],
            "rivals": rivals.ids,
            "own": own.id,
            "leads": leads,
            "company": env.company.id,
            "uid": env.uid,
        },
    )
    env.invalidate_all()
    return cr.rowcount


def _build(env):
    started = time.monotonic()
    env = env(context=dict(env.context, **QUIET))
    pairs = _equipment(env)
    own, rivals = _brands(env)
    accounts = _key_accounts(env)
    # the clones' dates and partners, drawn as bench-data draws them
    cloned = _invoices(env, accounts, pairs, random.Random(42))
    units = _units(env, accounts, UNITS_PER_ACCOUNT, pairs, own, rivals)
    env.cr.execute(
        "ANALYZE res_partner, key_account_installed_unit, key_account_brand, account_move, "
        "account_move_line, product_product, product_template, product_category"
    )
    return {
        "accounts": accounts,
        "pairs": pairs,
        "own": own,
        "rivals": rivals,
        "cloned invoices": cloned,
        "unit lines made": units,
        "made in (s)": round(time.monotonic() - started, 1),
    }


# the add-on: the views read whole, the figures in batches ------------------
def _batches(records, size):
    return [records[start : start + size] for start in range(0, len(records), size)]


def _ours(env, manager, accounts):
    """Everything once, cold: seconds and result of each part."""
    Need = env["key.account.predicted.need"].with_user(manager)
    Cell = env["key.account.whitespace"].with_user(manager)
    Partner = env["res.partner"].with_user(manager)
    parts = {}

    def timed(name, call):
        env.invalidate_all()
        before = env.cr.sql_log_count
        started = time.perf_counter()
        result = call()
        parts[name] = {
            "s": time.perf_counter() - started,
            "queries": env.cr.sql_log_count - before,
            "result": result,
        }

    timed("predicted needs: every need (search_read)", lambda: Need.search_read([], NEED_FIELDS))
    timed(
        "predicted needs: pivot account × quarter (_read_group)",
        lambda: Need._read_group(
            [], ["partner_id", "period_start:quarter"], ["quantity:sum", "expected_revenue:sum"]
        ),
    )
    timed(
        "whitespace: by category (_read_group)",
        lambda: Cell._read_group(
            [],
            ["categ_id", "is_whitespace"],
            ["__count", "invoiced_12m:sum", "our_units:sum", "competitor_units:sum"],
        ),
    )
    timed("whitespace: every cell (search_read)", lambda: Cell.search_read([], WHITESPACE_FIELDS))

    def figures():
        values = []
        for batch in _batches(accounts.ids, BATCH):
            env.invalidate_all()
            values += Partner.browse(batch).read(FIGURES)
        return values

    timed(f"account figures: every account, {BATCH} a batch (read)", figures)
    return parts


def _batch_queries(env, manager, accounts, size):
    Partner = env["res.partner"].with_user(manager)
    env.invalidate_all()
    before = env.cr.sql_log_count
    Partner.browse(accounts[:size].ids).read(FIGURES)
    return env.cr.sql_log_count - before


# plain Odoo: the same figures through the ORM, in Python ---------------------
class Horizon:
    """What both counterparts need to know once."""

    def __init__(self, env):
        today = fields.Date.context_today(env["res.partner"])
        self.since = today - relativedelta(years=1)
        self.invoiced_since = today - relativedelta(months=12)
        self.horizons = {
            company.id: today.replace(day=1)
            + relativedelta(months=(company.kam_replacement_horizon_months or 0) + 1)
            for company in env["res.company"].search([])
        }
        self.categories = env["product.category"].search([("kam_is_equipment", "=", True)])
        self.companies = env["res.company"].search([])

    @staticmethod
    def quarter_of(day):
        return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _need_key(unit, horizon):
    """The predicted need a unit belongs to, or None."""
    due = unit.replacement_date
    if not unit.active or unit.replacement_lead_id or not due:
        return None
    if due >= horizon.horizons[unit.company_id.id]:
        return None
    return (
        unit.partner_id.id,
        unit.company_id.id,
        unit.brand_id.id,
        unit.is_ours,
        unit.product_id.id,
        unit.categ_id.id,
        unit.model_name or False,
        horizon.quarter_of(due),
    )


def _add_unit(unit, horizon, needs, figures, installed):
    """Count one unit into the needs, the account's figures and the cells."""
    key = _need_key(unit, horizon)
    if key:
        quantity, revenue = needs.get(key, (0, 0.0))
        price = unit.product_id.list_price if unit.product_id else (unit.price_unit or 0.0)
        needs[key] = (quantity + unit.quantity, revenue + unit.quantity * price)
    if not unit.active:
        return
    account = figures.setdefault(
        unit.partner_id.id, {"ours": 0, "theirs": 0, "bought": 0, "brands": {}}
    )
    account["ours" if unit.is_ours else "theirs"] += unit.quantity
    if unit.is_ours and unit.purchase_date > horizon.since:
        account["bought"] += unit.quantity
    if unit.brand_id:
        brands = account["brands"]
        brands[unit.brand_id.name] = brands.get(unit.brand_id.name, 0) + unit.quantity
    if unit.categ_id:
        cell = ((unit.site_id or unit.partner_id).id, unit.categ_id.id, unit.company_id.id)
        ours, theirs = installed.get(cell, (0, 0))
        installed[cell] = (
            (ours + unit.quantity, theirs) if unit.is_ours else (ours, theirs + unit.quantity)
        )


def _add_line(line, invoiced):
    """Count one invoice line of the year into its site's cell."""
    move = line.move_id
    shipping = move.partner_shipping_id or move.commercial_partner_id
    site = (
        shipping
        if shipping.type == "delivery" or shipping.is_company
        else move.commercial_partner_id
    )
    cell = (site.id, line.product_id.categ_id.id, move.company_id.id)
    invoiced[cell] = invoiced.get(cell, 0.0) - line.balance


def _cells(account, sites, horizon, invoiced, installed, totals):
    """Count the account's whitespace cells into ``totals``: cells,
    whitespace cells, competitors' units in whitespace cells."""
    companies = account.company_id or horizon.companies
    for site in account | sites:
        for category in horizon.categories:
            for company in companies:
                key = (site.id, category.id, company.id)
                totals["cells"] += 1
                if not invoiced.get(key, 0.0):
                    totals["whitespace"] += 1
                    totals["opportunity"] += installed.get(key, (0, 0))[1]


def _finish(account, figures):
    """The account's figures as the computed fields show them."""
    values = figures.get(account.id, {"ours": 0, "theirs": 0, "bought": 0, "brands": {}})
    volume = account.kam_purchase_volume
    brands = sorted(values["brands"].items(), key=lambda item: -item[1])[:3]
    return {
        "kam_unit_count": values["ours"] + values["theirs"],
        "kam_our_unit_count": values["ours"],
        "kam_competitor_unit_count": values["theirs"],
        "kam_main_brands": ", ".join(f"{name} ({quantity})" for name, quantity in brands),
        "kam_units_bought_12m": values["bought"],
        "kam_wallet_share": round(100.0 * values["bought"] / volume, 1) if volume else 0.0,
    }


def _line_domain(horizon, partners):
    return [
        ("move_id.state", "=", "posted"),
        ("move_id.move_type", "in", POSTED),
        ("display_type", "=", "product"),
        ("move_id.invoice_date", ">", horizon.invoiced_since),
        ("move_id.commercial_partner_id", "in", partners),
    ]


def _site_domain(account_ids):
    return [
        "|",
        "&",
        ("is_company", "=", True),
        ("parent_id", "in", account_ids),
        "&",
        "&",
        ("is_company", "=", False),
        ("type", "=", "delivery"),
        ("commercial_partner_id", "in", account_ids),
    ]


def _vanilla_per_account(env, accounts):
    """Account by account, the plain ORM way: its units, its sites and its
    invoice lines of the year searched, then summed in Python."""
    horizon = Horizon(env)
    Unit = env["key.account.installed.unit"]
    Partner = env["res.partner"]
    Line = env["account.move.line"]
    needs, totals, shown = {}, {"cells": 0, "whitespace": 0, "opportunity": 0}, {}
    for account in accounts:
        figures, installed, invoiced = {}, {}, {}
        for unit in Unit.search([("partner_id", "=", account.id)]):
            _add_unit(unit, horizon, needs, figures, installed)
        sites = Partner.search(_site_domain([account.id]))
        companies = sites.filtered("is_company")
        for line in Line.search(_line_domain(horizon, [account.id, *companies.ids])):
            _add_line(line, invoiced)
        _cells(account, sites, horizon, invoiced, installed, totals)
        shown[account.id] = _finish(account, figures)
    return needs, totals, shown


def _vanilla_one_pass(env, accounts):
    """Every unit and every invoice line of the year read as records once,
    grouped in Python."""
    horizon = Horizon(env)
    needs, figures, installed, invoiced = {}, {}, {}, {}
    for unit in env["key.account.installed.unit"].search([("partner_id", "in", accounts.ids)]):
        _add_unit(unit, horizon, needs, figures, installed)
    sites = env["res.partner"].search(_site_domain(accounts.ids))
    for line in env["account.move.line"].search(
        _line_domain(horizon, [*accounts.ids, *sites.filtered("is_company").ids])
    ):
        _add_line(line, invoiced)
    by_account = {}
    for site in sites:
        account = site.parent_id if site.is_company else site.commercial_partner_id
        by_account.setdefault(account.id, []).append(site.id)
    totals, shown = {"cells": 0, "whitespace": 0, "opportunity": 0}, {}
    for account in accounts:
        account_sites = env["res.partner"].browse(by_account.get(account.id, []))
        _cells(account, account_sites, horizon, invoiced, installed, totals)
        shown[account.id] = _finish(account, figures)
    return needs, totals, shown


# the Analysis tab ------------------------------------------------------------
def _form(env, manager, account):
    """Queries and seconds of the Analysis tab's web_read, from a cold cache
    of records (the registry's caches of rules and groups are warm: see
    ``_analysis_tab``)."""
    Partner = env["res.partner"].with_user(manager)
    counts, timings = [], []
    for _round in range(FORM_ROUNDS):
        env.invalidate_all()
        before = env.cr.sql_log_count
        timings.append(seconds(lambda: Partner.browse(account.id).web_read(ANALYSIS_SPEC)))
        counts.append(env.cr.sql_log_count - before)
    return {"queries": counts[0], "queries stable": len(set(counts)) == 1, **summary(timings)}


def _median(values):
    return round(statistics.median(values), 2)


def _compare_needs(parts, needs):
    rows = parts["predicted needs: every need (search_read)"]["result"]
    return {
        "needs (view)": len(rows),
        "needs (plain ORM)": len(needs),
        "units due (view)": sum(row["quantity"] for row in rows),
        "units due (plain ORM)": sum(quantity for quantity, _revenue in needs.values()),
    }


def _compare_cells(parts, totals):
    rows = parts["whitespace: every cell (search_read)"]["result"]
    blank = [row for row in rows if row["is_whitespace"]]
    return {
        "cells (view)": len(rows),
        "cells (plain ORM)": totals["cells"],
        "whitespace cells (view)": len(blank),
        "whitespace cells (plain ORM)": totals["whitespace"],
        "competitors' units in whitespace (view)": sum(row["competitor_units"] for row in blank),
        "competitors' units in whitespace (plain ORM)": totals["opportunity"],
    }


def _brand_quantities(text):
    """'A (5), B (3)' → [5, 3]: brands of equal units may come in either order."""
    return sorted(int(part.rsplit("(", 1)[1].rstrip(")")) for part in text.split(", ") if part)


def _compare_figures(parts, shown):
    rows = parts[f"account figures: every account, {BATCH} a batch (read)"]["result"]
    differ = 0
    for row in rows:
        mine = dict(shown.get(row["id"], {}))
        mine["kam_main_brands"] = _brand_quantities(mine.get("kam_main_brands", ""))
        theirs = {**row, "kam_main_brands": _brand_quantities(row["kam_main_brands"] or "")}
        differ += any(theirs[name] != value for name, value in mine.items())
    return {"accounts whose figures differ from the computed fields": differ}


def run(env):
    rounds = int(os.environ.get("KAM_BENCH_ROUNDS", 3))
    data = _build(env)
    accounts = data["accounts"]
    manager = bench_user(env, "bench_analysis_manager")
    Unit = env["key.account.installed.unit"]
    figures = {
        "key accounts": len(accounts),
        "unit lines (all)": Unit.search_count([]),
        "units (sum of quantities)": sum(
            quantity for (quantity,) in Unit._read_group([], [], ["quantity:sum"])
        ),
        "sites (accounts, delivery addresses, subsidiaries)": len(accounts)
        + env["res.partner"].search_count(_site_domain(accounts.ids)),
        "equipment categories": env["product.category"].search_count(
            [("kam_is_equipment", "=", True)]
        ),
        "companies": env["res.company"].search_count([]),
        "posted customer invoices": env["account.move"].search_count(
            [("move_type", "in", POSTED), ("state", "=", "posted")]
        ),
        "invoices cloned in this run": data["cloned invoices"],
        "unit lines made in this run": data["unit lines made"],
        "data made in (s)": data["made in (s)"],
    }
    # side by side: the views and the batched figures, the one-pass counterpart
    ours_rounds, one_pass_rounds, parts, one_pass = [], [], None, None
    for _round in range(rounds):
        env.invalidate_all()
        started = time.perf_counter()
        one_pass = _vanilla_one_pass(env, accounts)
        one_pass_rounds.append(time.perf_counter() - started)
        parts = _ours(env, manager, accounts)
        ours_rounds.append(parts)
    totals = [sum(part["s"] for part in round_.values()) for round_ in ours_rounds]
    # what the plain counterparts work out: every need, every cell, every
    # account's figures (the grouped reads left out)
    records = [
        sum(part["s"] for name, part in round_.items() if name in AS_RECORDS)
        for round_ in ours_rounds
    ]
    per_part = {
        name: {
            "median (s)": _median([round_[name]["s"] for round_ in ours_rounds]),
            "rounds (s)": [round(round_[name]["s"], 2) for round_ in ours_rounds],
            "queries": parts[name]["queries"],
            "rows": len(parts[name]["result"]),
        }
        for name in parts
    }
    # account by account, on all accounts or on a sample extrapolated
    sample = int(os.environ.get("KAM_BENCH_VANILLA_ACCOUNTS", 0)) or len(accounts)
    sample_accounts = accounts[:sample]
    env.invalidate_all()
    before = env.cr.sql_log_count
    started = time.perf_counter()
    per_account = _vanilla_per_account(env, sample_accounts)
    per_account_seconds = time.perf_counter() - started
    per_account_queries = env.cr.sql_log_count - before
    scale = len(accounts) / len(sample_accounts)
    small, large = (
        _batch_queries(env, manager, accounts, SMALL_BATCH),
        _batch_queries(env, manager, accounts, BATCH),
    )
    ours_median = statistics.median(records)
    per_account_all = per_account_seconds * scale
    result = {
        **figures,
        "add-on: every need, the whitespace map and every account's figures": {
            "total of the five reads, median of rounds (s)": _median(totals),
            "total of the five reads, rounds (s)": [round(total, 2) for total in totals],
            "every need, cell and account's figures as records, median (s)": round(ours_median, 2),
            **per_part,
        },
        "plain ORM in one pass (every unit and invoice line as records, Python)": {
            "rounds (s)": [round(value, 2) for value in one_pass_rounds],
            "median (s)": _median(one_pass_rounds),
            "ratio add-on (as records) ÷ plain": round(
                ours_median / statistics.median(one_pass_rounds), 3
            ),
            **_compare_needs(parts, one_pass[0]),
            **_compare_cells(parts, one_pass[1]),
            **_compare_figures(parts, one_pass[2]),
        },
        "plain ORM account by account (search and sum per account)": {
            "accounts measured": len(sample_accounts),
            "measured (s)": round(per_account_seconds, 1),
            "queries": per_account_queries,
            "queries per account": round(per_account_queries / len(sample_accounts), 1),
            (
                "all accounts (s)"
                if scale == 1
                else f"all {len(accounts)} accounts, extrapolated ×{scale:g} (s)"
            ): round(per_account_all, 1),
            "ratio add-on (as records) ÷ plain": round(ours_median / per_account_all, 3),
            **(
                {
                    **_compare_needs(parts, per_account[0]),
                    **_compare_cells(parts, per_account[1]),
                    **_compare_figures(parts, per_account[2]),
                }
                if scale == 1
                else {}
            ),
        },
        f"queries for the figures of {SMALL_BATCH} accounts": small,
        f"queries for the figures of {BATCH} accounts": large,
        "no query per account": small == large,
        "target (s)": TARGET_SECONDS,
        "within target": max(totals) <= TARGET_SECONDS and small == large,
    }
    result["Analysis tab"] = _analysis_tab(env, manager, accounts, data)
    result["within target"] = result["within target"] and result["Analysis tab"]["same queries"]
    return result


def _analysis_tab(env, manager, accounts, data):
    """The Analysis tab of an account with 10 unit lines and of one with
    1,000 (990 more made for it)."""
    Unit = env["key.account.installed.unit"]
    counts = dict(
        Unit._read_group([("partner_id", "in", accounts.ids)], ["partner_id"], ["__count"])
    )
    tens = [account for account in accounts[::-1] if counts.get(account) == UNITS_PER_ACCOUNT]
    small, big = tens[0], tens[1]
    _units(
        env, big, BIG_ACCOUNT_UNITS - UNITS_PER_ACCOUNT, data["pairs"], data["own"], data["rivals"]
    )
    env.cr.execute("ANALYZE key_account_installed_unit")
    # the first read of the session fills the registry's caches (rules,
    # groups, access rights): read another account once before counting
    env["res.partner"].with_user(manager).browse(tens[2].id).web_read(ANALYSIS_SPEC)
    forms = {}
    for account in (small, big):
        forms[f"account with {Unit.search_count([('partner_id', '=', account.id)])} unit lines"] = {
            "predicted needs": env["key.account.predicted.need"].search_count(
                [("partner_id", "=", account.id)]
            ),
            "whitespace cells": env["key.account.whitespace"].search_count(
                [("partner_id", "=", account.id)]
            ),
            **_form(env, manager, account),
        }
    counts = {form["queries"] for form in forms.values()}
    return {**forms, "same queries": len(counts) == 1}
