"""Synthetic key-account data for benchmarks: batched ORM creates, SQL clones.

``generate(env, ...)`` builds key accounts with contacts, key-account
opportunities spread over the six stages, confirmed sale orders and posted
customer invoices. Everything is created with batched ``create`` calls and
without tracking or notification mail.

Invoices: up to ``orm_invoices`` are invoiced from the orders and posted
through the ORM (about 25 a second here). The rest are cloned at SQL level
from those posted, unpaid invoices: each clone copies every stored column
of the move and of its lines (amounts, residuals, taxes, states), and its
many2many rows, and only changes the partner, the dates and a unique name.
So every stored amount and state stays consistent; the clones are not
linked to sale orders and carry no payments.
"""

import random
import time
from datetime import timedelta

from odoo import Command, fields

QUIET = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
    "no_reset_password": True,
}
STAGE_XMLIDS = [
    "key_account_management.crm_stage_key_evaluate",
    "key_account_management.crm_stage_key_roles",
    "key_account_management.crm_stage_key_criteria",
    "key_account_management.crm_stage_key_bid",
    "key_account_management.crm_stage_key_contract",
    "key_account_management.crm_stage_key_payment",
]
FUNCTIONS = [
    "General Manager",
    "Technical Director",
    "Production Manager",
    "Finance Manager",
    "Planning Officer",
    "Purchasing Manager",
]
BATCH = 1000
# six buying roles with decision weights adding up to 100 %
BUYING_ROLES = [
    ("economic_buyer", 30),
    ("technical_buyer", 25),
    ("user_buyer", 15),
    ("actual_buyer", 10),
    ("coach", 10),
    ("procurement", 10),
]
ATTITUDES = ["supporter", "neutral", "opponent", "unknown"]


def _batched_create(model, values):
    records = model.browse()
    for start in range(0, len(values), BATCH):
        records |= model.create(values[start : start + BATCH])
    return records


def _reps(env, count):
    group = env.ref("key_account_management.group_key_account_user")
    existing = env["res.users"].search([("login", "=like", "bench_rep_%")], order="id")
    missing = [
        {
            "name": f"Bench Rep {index:02d}",
            "login": f"bench_rep_{index:02d}",
            "email": f"bench_rep_{index:02d}@example.com",
            "groups_id": [Command.set([env.ref("base.group_user").id, group.id])],
        }
        for index in range(len(existing), count)
    ]
    return existing | env["res.users"].create(missing)


def generate(
    env,
    accounts=1000,
    contacts=6000,
    opportunities=5000,
    invoices=0,
    orm_invoices=20,
    seed=42,
    buying_roles=0,
    visits=0,
    revisits=0,
    standard_opportunities=0,
):
    """Create the data set; returns a dict of the records and counts created.

    ``buying_roles`` (0 to 6) gives each opportunity that many buying-centre
    members, people of its account in distinct roles. ``visits``
    development records are spread over the accounts and the last two years;
    ``revisits`` done and rated revisits over the last year, in one draft
    plan per account (no meeting: a done revisit has none).
    ``standard_opportunities`` deals of the standard sales team, made like
    the key-account ones (same accounts, reps and amounts, spread over the
    standard stages): plain Odoo's counterpart in the benchmarks.
    """
    env = env(context=dict(env.context, **QUIET))
    rng = random.Random(seed)
    started = time.monotonic()
    timings = {}
    today = fields.Date.context_today(env["res.partner"])
    reps = _reps(env, 10)
    team = env.ref("key_account_management.crm_team_key_accounts")
    team.member_ids |= reps
    stages = [env.ref(xmlid) for xmlid in STAGE_XMLIDS]
    country = env.ref("base.cn")

    partners = _batched_create(
        env["res.partner"],
        [
            {
                "name": f"Bench Account {index:05d}",
                "is_company": True,
                "is_key_account": True,
                "country_id": country.id,
                "user_id": rng.choice(reps).id,
            }
            for index in range(accounts)
        ],
    )
    people = _batched_create(
        env["res.partner"],
        [
            {
                "name": f"Bench Contact {index:06d}",
                "parent_id": partners[index % accounts].id,
                "function": FUNCTIONS[index % len(FUNCTIONS)],
            }
            for index in range(contacts)
        ],
    )
    leads = _deals(env, "Bench Deal", team, partners, opportunities, rng, today)
    _spread_over_stages(env, leads, stages, rng)
    roles = _buying_roles(env, leads, people, accounts, buying_roles, rng)
    standard_team = env.ref("sales_team.team_sales_department")
    standard_team.member_ids |= reps
    standard_leads = _deals(
        env, "Bench Standard Deal", standard_team, partners, standard_opportunities, rng, today
    )
    standard_stages = _standard_stages(env, standard_team, len(stages))
    _spread_over_stages(env, standard_leads, standard_stages, rng)
    env.flush_all()
    timings["accounts, contacts, opportunities"] = time.monotonic() - started
    orm_count = min(orm_invoices, invoices)
    orders, posted = _orders_and_invoices(env, leads[:orm_count], rng)
    timings["orders and ORM invoices"] = time.monotonic() - started - sum(timings.values())
    cloned = _clone_invoices(env, posted, partners, invoices - len(posted), rng, today)
    timings["SQL-cloned invoices"] = time.monotonic() - started - sum(timings.values())
    visit_records = _visits(env, partners, people, reps, visits, rng, today)
    timings["development records"] = time.monotonic() - started - sum(timings.values())
    revisit_records = _revisits(env, partners, reps, revisits, rng, today)
    timings["revisits"] = time.monotonic() - started - sum(timings.values())
    return {
        "timings": timings,
        "reps": reps,
        "accounts": partners,
        "contacts": people,
        "opportunities": leads,
        "standard_opportunities": standard_leads,
        "buying_roles": roles,
        "orders": orders,
        "orm_invoices": posted,
        "cloned_invoices": cloned,
        "visits": visit_records,
        "revisits": revisit_records,
    }


def _standard_stages(env, team, count):
    """Odoo's own open stages, completed with stages of the standard team up
    to ``count``: both pipelines then show as many columns."""
    stages = env["crm.stage"].search([("team_id", "=", False), ("is_won", "=", False)])
    missing = count - len(stages)
    if missing > 0:
        stages |= env["crm.stage"].create(
            [
                {"name": f"Bench Stage {index + 1}", "team_id": team.id, "sequence": 50 + index}
                for index in range(missing)
            ]
        )
    return stages[:count]


def _deals(env, name, team, accounts, count, rng, today):
    """``count`` opportunities of ``team`` over ``accounts``, each with the
    account's salesperson."""
    return _batched_create(
        env["crm.lead"],
        [
            {
                "name": f"{name} {index:06d}",
                "type": "opportunity",
                "partner_id": accounts[index % len(accounts)].id,
                "team_id": team.id,
                "user_id": accounts[index % len(accounts)].user_id.id,
                "expected_revenue": rng.randrange(50_000, 5_000_000, 1000),
                "probability": rng.randrange(5, 95),
                "date_deadline": today + timedelta(days=rng.randrange(10, 540)),
            }
            for index in range(count)
        ],
    )


def _visits(env, accounts, people, reps, count, rng, today):
    """``count`` development records, account by account, oldest first.

    Each batch holds whole accounts, as reps log them over time: a record
    then closes no follow-up of another batch, and each account's newest
    visit keeps its open follow-up.
    """
    Visit = env["key.account.visit"]
    if not count or not accounts:
        return Visit
    people_by_account = {}
    for person in people:
        people_by_account.setdefault(person.parent_id.id, []).append(person.id)
    methods = ["visit", "visit", "phone", "phone", "email", "presentation", "letter"]
    progress = ["contact", "explanation", "demonstration", "proposal", "contract"]
    attitudes = ["warm", "neutral", "neutral", "cold"]
    values = []
    for index in range(count):
        account = accounts[index % len(accounts)]
        day = today - timedelta(days=rng.randrange(0, 730))
        met = people_by_account.get(account.id, [])
        values.append(
            {
                "account_id": account.id,
                "user_id": account.user_id.id or rng.choice(reps).id,
                "visit_datetime": f"{day} {rng.randrange(1, 10):02d}:00:00",
                "duration": rng.choice([0.25, 0.5, 1, 1.5, 2, 3]),
                "method": rng.choice(methods),
                "progress": rng.choice(progress),
                "customer_attitude": rng.choice(attitudes),
                "attendee_ids": [Command.create({"partner_id": met[0]})] if met else [],
            }
        )
    values.sort(key=lambda vals: (vals["account_id"], vals["visit_datetime"]))
    return _batched_create(Visit, values)


def _revisits(env, accounts, reps, count, rng, today):
    """``count`` done revisits rated 1 to 5 stars, spread over the accounts."""
    Revisit = env["key.account.revisit"]
    if not count or not accounts:
        return Revisit
    template = env.ref("key_account_management.key_account_revisit_template_default")
    plans = _batched_create(
        env["key.account.revisit.plan"],
        [
            {
                "partner_id": account.id,
                "user_id": account.user_id.id or rng.choice(reps).id,
                "template_id": template.id,
                "start_date": today - timedelta(days=365),
            }
            for account in accounts[: min(len(accounts), count)]
        ],
    )
    values = []
    for index in range(count):
        plan = plans[index % len(plans)]
        day = today - timedelta(days=rng.randrange(0, 365))
        values.append(
            {
                "plan_id": plan.id,
                "partner_id": plan.partner_id.id,
                "user_id": plan.user_id.id,
                "company_id": plan.company_id.id,
                "scheduled_date": day,
                "done_date": day,
                "state": "done",
                "satisfaction": str(rng.choice([2, 3, 4, 4, 5])),
            }
        )
    return _batched_create(Revisit, values)


def _buying_roles(env, leads, people, accounts, per_lead, rng):
    """``per_lead`` buying-centre members per opportunity, created in batches."""
    Line = env["key.account.buying.role"]
    per_lead = min(per_lead, len(BUYING_ROLES))
    if not per_lead:
        return Line
    # contact ``index`` belongs to account ``index % accounts``
    staff = {}
    for index, person in enumerate(people):
        staff.setdefault(index % accounts, []).append(person.id)
    values = []
    for index, lead in enumerate(leads):
        team = staff.get(index % accounts, [])
        for position, (role, weight) in enumerate(BUYING_ROLES[:per_lead]):
            if not team:
                break
            values.append(
                {
                    "lead_id": lead.id,
                    "partner_id": team[position % len(team)],
                    "role": role,
                    "weight": weight,
                    "attitude": rng.choice(ATTITUDES),
                }
            )
    return _batched_create(Line, values)


def _product(env):
    return env["product.product"].create(
        {
            "name": "Bench Machine",
            "type": "service",
            "list_price": 1000.0,
            "invoice_policy": "order",
        }
    )


def _orders_and_invoices(env, leads, rng):
    """A confirmed order per lead, invoiced and posted through the ORM."""
    if not leads:
        return env["sale.order"], env["account.move"]
    product = _product(env)
    orders = env["sale.order"].create(
        [
            {
                "partner_id": lead.partner_id.id,
                "opportunity_id": lead.id,
                "user_id": lead.user_id.id,
                "team_id": lead.team_id.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_uom_qty": rng.randrange(1, 20),
                            "price_unit": rng.randrange(1_000, 100_000, 100),
                        }
                    )
                ],
            }
            for lead in leads
        ]
    )
    orders.action_confirm()
    invoices = orders._create_invoices()
    invoices.action_post()
    return orders, invoices


def _clone_invoices(env, sources, partners, count, rng, today):
    """Clone ``count`` invoices at SQL level from posted, unpaid ``sources``."""
    if count <= 0 or not sources:
        return 0
    cr = env.cr
    env.flush_all()
    plan = []
    for number in range(count):
        source = sources[number % len(sources)]
        partner = partners[rng.randrange(len(partners))]
        invoice_date = today - timedelta(days=rng.randrange(0, 730))
        plan.append((source.id, partner.id, invoice_date, number + 1))
    cr.execute("DROP TABLE IF EXISTS bench_move_map, bench_line_map")
    cr.execute(
        """
        CREATE TEMP TABLE bench_move_map (
            new_id int, src_id int, partner_id int, invoice_date date, seq int
        ) ON COMMIT DROP
        """
    )
    cr.execute(
        "INSERT INTO bench_move_map "
        "SELECT nextval('account_move_id_seq'), src, partner, day, seq "
        "FROM unnest(%s::int[], %s::int[], %s::date[], %s::int[]) AS t(src, partner, day, seq)",
        [list(column) for column in zip(*plan, strict=True)],
    )
    prefix = f"INV/BENCH{cr.now().strftime('%H%M%S')}/"
    _insert_clones(
        cr,
        "account_move",
        "bench_move_map m JOIN account_move s ON s.id = m.src_id "
        "JOIN res_partner p ON p.id = m.partner_id",
        {
            "id": "m.new_id",
            "name": f"'{prefix}' || lpad(m.seq::text, 7, '0')",
            "sequence_prefix": f"'{prefix}'",
            "sequence_number": "m.seq",
            "partner_id": "m.partner_id",
            "commercial_partner_id": "m.partner_id",
            "partner_shipping_id": "m.partner_id",
            "invoice_date": "m.invoice_date",
            "date": "m.invoice_date",
            "invoice_date_due": "m.invoice_date + 30",
            "payment_reference": f"'{prefix}' || lpad(m.seq::text, 7, '0')",
            "invoice_partner_display_name": "p.complete_name",
            "invoice_origin": "NULL",
            "access_token": "NULL",
            "create_date": "now() AT TIME ZONE 'UTC'",
            "write_date": "now() AT TIME ZONE 'UTC'",
        },
    )
    cr.execute(
        """
        CREATE TEMP TABLE bench_line_map ON COMMIT DROP AS
        SELECT nextval('account_move_line_id_seq')::int AS new_id, l.id AS src_id,
               m.new_id AS move_id, m.partner_id, m.invoice_date, m.seq
          FROM bench_move_map m JOIN account_move_line l ON l.move_id = m.src_id
        """
    )
    _insert_clones(
        cr,
        "account_move_line",
        "bench_line_map m JOIN account_move_line s ON s.id = m.src_id",
        {
            "id": "m.new_id",
            "move_id": "m.move_id",
            "move_name": f"'{prefix}' || lpad(m.seq::text, 7, '0')",
            "partner_id": "CASE WHEN s.partner_id IS NULL THEN NULL ELSE m.partner_id END",
            "date": "m.invoice_date",
            "invoice_date": "m.invoice_date",
            "date_maturity": "CASE WHEN s.date_maturity IS NULL THEN NULL "
            "ELSE m.invoice_date + 30 END",
            "create_date": "now() AT TIME ZONE 'UTC'",
            "write_date": "now() AT TIME ZONE 'UTC'",
        },
    )
    for model, map_table in (
        ("account.move", "bench_move_map"),
        ("account.move.line", "bench_line_map"),
    ):
        _clone_many2many(env, model, map_table)
    cr.execute("SELECT setval('account_move_id_seq', (SELECT max(id) FROM account_move))")
    env.invalidate_all()
    return count


def _columns(cr, table):
    cr.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = %s AND table_schema = current_schema() ORDER BY ordinal_position",
        [table],
    )
    return [row[0] for row in cr.fetchall()]


def _spread_over_stages(env, leads, stages, rng):
    """Synthetic deals in flight, spread over the six stages. Their key nodes
    are not reached, so the stage gate would refuse them: set in SQL, as the
    cloned invoices are."""
    by_stage = {}
    if not leads:
        return
    for lead in leads:
        by_stage.setdefault(rng.choice(stages).id, []).append(lead.id)
    env.flush_all()
    for stage_id, lead_ids in by_stage.items():
        env.cr.execute(
            "UPDATE crm_lead SET stage_id = %s WHERE id IN %s", [stage_id, tuple(lead_ids)]
        )
    leads.invalidate_recordset(["stage_id"])


def _insert_clones(cr, table, source, overrides):
    """INSERT INTO table SELECT every column of s, some replaced, FROM source."""
    columns = _columns(cr, table)
    selected = [overrides.get(column, f's."{column}"') for column in columns]
    quoted = ", ".join(f'"{column}"' for column in columns)
    # table, columns and expressions come from the schema and this module,
    # never from user input
    cr.execute(f"INSERT INTO {table} ({quoted}) SELECT {', '.join(selected)} FROM {source}")


def _clone_many2many(env, model, map_table):
    for field in env[model]._fields.values():
        # clones are not linked to sale order lines: that would change what
        # the orders count as invoiced
        if field.type != "many2many" or not field.store or field.comodel_name == "sale.order.line":
            continue
        env.cr.execute(
            f'INSERT INTO "{field.relation}" ("{field.column1}", "{field.column2}") '
            f'SELECT m.new_id, r."{field.column2}" FROM {map_table} m '
            f'JOIN "{field.relation}" r ON r."{field.column1}" = m.src_id '
            "ON CONFLICT DO NOTHING"
        )
