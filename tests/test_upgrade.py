"""Upgrade from release 18.0.1.0.0 with its demo data keeps every record.

Release 18.0.1.0.0 is commit 24284f1 of this repository: its add-on is
extracted with `git archive`, installed with its demo data on a fresh
database, used (a fully paid deal), then upgraded to the working tree.
Release 18.0.1.7.0 (commit b63b15c), the last whose deals and accounts took
concepts from one-owner mixin models, is upgraded the same way.
"""

import json
import subprocess
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

import pytest
from kamlib import odoo_runner

from conftest import MODULE, problem_lines

RELEASE_COMMIT = "24284f1"
MIXINS_COMMIT = "b63b15c"
PROJECT = Path(__file__).resolve().parents[1]
DATABASE = "kam_sys_upgrade"
MIXINS_DATABASE = "kam_sys_upgrade_mixins"
# models of one owner each, now that owner's own (crm.lead, res.partner)
MIXINS = (
    "key.account.grading.mixin",
    "key.account.stage.gate.mixin",
    "key.account.comparison.mixin",
    "key.account.health.mixin",
)
# what Odoo keeps of a model: itself, its fields, its inheritances and their xml ids
TRACE_IDS = ("field_{name}__%", "selection__{name}__%", "model_inherit__%__{name}")
MIXIN_TRACES = """
    SELECT 'model', model FROM ir_model WHERE model IN %(mixins)s
    UNION ALL
    SELECT 'field', model || '.' || name FROM ir_model_fields WHERE model IN %(mixins)s
    UNION ALL
    SELECT 'xml id', name FROM ir_model_data
     WHERE module = 'key_account_management' AND (
           (model = 'ir.model' AND name = ANY(%(model_ids)s))
           OR name LIKE ANY(%(other_ids)s)
     )
"""
KEPT = {
    "deals": "SELECT id FROM crm_lead WHERE is_key_account",
    "buying centre lines": "SELECT id FROM key_account_buying_role",
    "development records": "SELECT id FROM key_account_visit",
    "revisit plans": "SELECT id FROM key_account_revisit_plan",
    "revisits": "SELECT id FROM key_account_revisit",
    "stage history": "SELECT id FROM key_account_stage_log",
    "receivables": "SELECT id FROM key_account_receivable",
    "invoices": "SELECT id FROM account_move WHERE move_type = 'out_invoice'",
}
# tick the seven contract review items of Pacific Port's deal (its order is
# confirmed: the contract node is reached), pay the rest of its invoice:
# release 18.0.1.0.0 logs the win as an override; follow visits up within
# 5 days, grade A within 2 months and a local budget of 55,000 (company
# settings in that release)
USE_THE_RELEASE = """
env.ref("key_account_management.crm_lead_pacific_cranes_demo").write({
    field: True for field in (
        "kam_review_configuration", "kam_review_price", "kam_review_payment_terms",
        "kam_review_delivery", "kam_review_lead_time", "kam_review_service",
        "kam_review_penalties",
    )
})
env.company.kam_visit_follow_up_days = 5
env.company.kam_grade_a_months = 2
env.company.kam_development_fee_local = 55000
deal = env["crm.lead"].create({
    "name": "Upgrade: criteria noted",
    "type": "opportunity",
    "team_id": env.ref("key_account_management.crm_team_key_accounts").id,
    "partner_id": env.ref("key_account_management.res_partner_huadong_demo").id,
})
deal.action_kam_start_evaluation()
deal.kam_score_ids.write({"score": 7})
deal.write({"kam_criteria_notes": "Servo drive", "kam_criteria_date": "2026-01-15"})
invoice = env.ref("key_account_management.account_move_pacific_cranes_demo")
env["account.payment.register"].with_context(
    active_model="account.move", active_ids=invoice.ids
).create({"amount": invoice.amount_residual})._create_payments()
"""
# every deal stands where its key nodes (or a recorded override) allow
CHECK_INVARIANT = """
import json
Lead = env["crm.lead"].with_context(active_test=False)
deals = Lead.search([("is_key_account", "=", True)])
pipelines = Lead._kam_pipelines(deals.team_id)
result = {}
for deal in deals:
    pipeline = pipelines[deal.team_id]
    position = Lead._kam_position(pipeline, deal.stage_id)
    missing = position and deal._kam_missing_node(pipeline, position)
    overridden = any(
        log.overridden and log.stage_to_id == deal.stage_id for log in deal.kam_stage_log_ids
    )
    result[deal.name] = {
        "position": position,
        "missing": missing.name if missing else None,
        "overridden": overridden,
        "won": deal.stage_id.is_won,
        "paid": deal.kam_node_paid,
        "win_overridden": [
            log.overridden
            for log in deal.kam_stage_log_ids
            if log.stage_to_id.is_won and log.stage_from_id
        ],
    }
print("KAM-CHECK " + json.dumps(result))
"""


def _extract_release(target, commit=RELEASE_COMMIT):
    archive = subprocess.run(
        ["git", "-C", str(PROJECT), "archive", commit, MODULE],
        capture_output=True,
        check=False,
    )
    if archive.returncode:
        pytest.fail(
            f"release {commit} is not in this clone's history: {archive.stderr.decode()[-500:]}"
        )
    with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
        tar.extractall(target, filter="data")


def _mixin_traces(harness, database):
    names = [mixin.replace(".", "_") for mixin in MIXINS]
    return harness.query(
        database,
        MIXIN_TRACES,
        {
            "mixins": MIXINS,
            "model_ids": [f"model_{name}" for name in names],
            # (an underscore matches any character: these names have no look-alikes)
            "other_ids": [pattern.format(name=name) for name in names for pattern in TRACE_IDS],
        },
    )


def _records(harness):
    return {name: {row[0] for row in harness.query(DATABASE, sql)} for name, sql in KEPT.items()}


def _check(harness, log_name):
    code, log = harness.odoo_shell(DATABASE, CHECK_INVARIANT, log_name=log_name)
    assert code == 0, log[-3000:]
    line = next(line for line in log.splitlines() if line.startswith("KAM-CHECK "))
    return json.loads(line.removeprefix("KAM-CHECK "))


def _install_release(harness, database, commit, version, use=None):
    """A fresh database with the add-on of ``commit`` installed with its
    demo data, then ``use``d (Odoo shell code) with that release."""
    harness.clone(harness.base_template, database)
    with tempfile.TemporaryDirectory() as release:
        _extract_release(release, commit)
        manifest = Path(release, MODULE, "__manifest__.py").read_text()
        assert f'"version": "{version}"' in manifest
        release_config = odoo_runner.write_config(
            "upgrade-release",
            harness.server,
            addons_path=f"{odoo_runner.odoo_path() / 'odoo' / 'addons'},{release}",
        )
        code, log_file = odoo_runner.run(
            release_config,
            "-d",
            database,
            "-i",
            MODULE,
            "--stop-after-init",
            "--no-http",
            log_name=f"{database}-release",
            check=False,
        )
        assert code == 0, log_file.read_text()[-3000:]
        if use:
            code, log_file = odoo_runner.shell(
                release_config, database, use, log_name=f"{database}-release-use"
            )
            assert code == 0, log_file.read_text()[-3000:]


def _upgrade(harness, database):
    """Upgrade the add-on to the working tree: cleanly, to its version."""
    code, log = harness.odoo(
        "-d", database, "-u", MODULE, "--stop-after-init", "--no-http", log_name=database
    )
    assert code == 0, log[-3000:]
    assert problem_lines(log) == []
    version = harness.query(
        database, "SELECT latest_version FROM ir_module_module WHERE name = %s", [MODULE]
    )[0][0]
    manifest = (PROJECT / MODULE / "__manifest__.py").read_text()
    assert f'"version": "{version}"' in manifest


def test_upgrade_from_the_last_release_keeps_the_data(harness):
    _install_release(harness, DATABASE, RELEASE_COMMIT, "18.0.1.0.0", use=USE_THE_RELEASE)
    before = _records(harness)
    assert len(before["deals"]) >= 6 and all(before.values()), before
    criteria_nodes = harness.query(
        DATABASE,
        "SELECT id, kam_node_criteria_date FROM crm_lead WHERE kam_node_criteria ORDER BY id",
    )
    evaluation_sql = """
        SELECT l.name, l.kam_evaluation_score, l.kam_evaluation_outcome,
               array_agg(s.score ORDER BY s.id)
          FROM crm_lead l JOIN key_account_evaluation_score s ON s.lead_id = l.id
         GROUP BY l.id ORDER BY l.id
    """
    evaluations = harness.query(DATABASE, evaluation_sql)
    contract_nodes = harness.query(
        DATABASE,
        "SELECT id, kam_node_contract_date FROM crm_lead WHERE kam_node_contract ORDER BY id",
    )
    assert contract_nodes, "the release's demo has a deal whose contract review is ticked"

    menu_sql = """
        SELECT name, res_id FROM ir_model_data
         WHERE module = 'key_account_management' AND model = 'ir.ui.menu'
           AND name IN ('res_config_settings_menu_key_accounts', 'key_account_settings_menu')
    """
    settings_menu = harness.query(DATABASE, menu_sql)
    # a company's revisit trigger, not the default, to find again renamed
    harness.query(
        DATABASE,
        "UPDATE res_company SET revisit_plan_trigger = 'invoice' WHERE id = 1 RETURNING id",
    )
    company_sql = "SELECT id, {prefix}revisit_plan_trigger FROM res_company ORDER BY id"
    companies = harness.query(DATABASE, company_sql.format(prefix=""))
    # the revisits the release's daily job marked overdue were reminded of
    marked = harness.query(DATABASE, "SELECT id, is_overdue FROM key_account_revisit ORDER BY id")
    # the demo's people: their departments and reporting lines; the fields'
    # records (partners' and users', by XML id)
    people_sql = (
        "SELECT id, {prefix}department, {prefix}reports_to_id FROM res_partner "
        "WHERE {prefix}department IS NOT NULL OR {prefix}reports_to_id IS NOT NULL ORDER BY id"
    )
    people = harness.query(DATABASE, people_sql.format(prefix=""))
    assert any(manager for _id, _department, manager in people), people
    person_fields_sql = """
        SELECT d.name, d.res_id, f.model, f.name FROM ir_model_data d
          JOIN ir_model_fields f ON f.id = d.res_id
         WHERE d.module = %s AND d.model = 'ir.model.fields'
           AND f.model IN ('res.partner', 'res.users')
           AND f.name IN ('department', 'reports_to_id', 'kam_department', 'kam_reports_to_id')
         ORDER BY d.res_id
    """
    person_fields = harness.query(DATABASE, person_fields_sql, [MODULE])
    assert len(person_fields) == 4, person_fields
    assert [name for name, _id in settings_menu] == ["res_config_settings_menu_key_accounts"]

    _upgrade(harness, DATABASE)
    # the settings menu renamed, the same record
    assert harness.query(DATABASE, menu_sql) == [("key_account_settings_menu", settings_menu[0][1])]
    assert harness.query(DATABASE, company_sql.format(prefix="kam_")) == companies
    assert companies[0] == (1, "invoice")
    reminded = dict(harness.query(DATABASE, "SELECT id, overdue_reminded FROM key_account_revisit"))
    # 18.0.1.8.0: the people keep their departments and managers under the
    # prefixed names, the fields keep their records, the manager's index and
    # foreign key are named as a new installation names them
    assert harness.query(DATABASE, people_sql.format(prefix="kam_")) == people
    assert harness.query(DATABASE, person_fields_sql, [MODULE]) == [
        (xmlid.replace("__", "__kam_"), field_id, model, f"kam_{name}")
        for xmlid, field_id, model, name in person_fields
    ]
    leftovers = harness.query(
        DATABASE,
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = 'res_partner' AND column_name IN ('department', 'reports_to_id')",
    )
    assert leftovers == [], leftovers
    names = harness.query(
        DATABASE,
        """
        SELECT (SELECT array_agg(indexname::text ORDER BY indexname) FROM pg_indexes
                 WHERE tablename = 'res_partner' AND indexdef LIKE '%%(kam_reports_to_id)%%'),
               (SELECT array_agg(conname::text) FROM pg_constraint
                 WHERE conrelid = 'res_partner'::regclass AND contype = 'f'
                   AND conname LIKE '%%reports_to_id%%')
        """,
    )[0]
    assert names == (
        ["res_partner__kam_reports_to_id_index"],
        ["res_partner_kam_reports_to_id_fkey"],
    ), names
    assert any(flag for _id, flag in marked)
    assert [(id_, reminded[id_]) for id_, _flag in marked] == marked, (
        "the revisits reminded of stay reminded of, the others not"
    )
    after = _records(harness)
    for name, ids in before.items():
        assert ids <= after[name], f"{name} lost in the upgrade: {sorted(ids - after[name])}"

    follow_up_days = harness.query(
        DATABASE,
        """
        SELECT t.delay_count FROM mail_activity_type t
          JOIN ir_model_data d ON d.model = 'mail.activity.type' AND d.res_id = t.id
         WHERE d.module = %s AND d.name = 'mail_activity_type_visit_follow_up'
        """,
        [MODULE],
    )[0][0]
    assert follow_up_days == 5, "the follow-up delay moves to the activity type"
    tables = harness.query(
        DATABASE,
        """
        SELECT (SELECT months FROM key_account_grade_rule r
                 WHERE r.company_id = c.id AND r.grade = 'A'),
               (SELECT development_fee FROM key_account_market_budget b
                 WHERE b.company_id = c.id AND b.market = 'local')
          FROM res_company c ORDER BY c.id LIMIT 1
        """,
    )[0]
    assert tables == (2, 55000), "the company's thresholds become its grade rules and budgets"

    deals = _check(harness, "sys-upgrade-check")
    pacific = deals["Pacific Port: automated crane control"]
    assert pacific["won"] and pacific["paid"]
    assert pacific["win_overridden"] == [False], "a paid win is a forward move, not an override"
    for name, deal in deals.items():
        assert deal["position"] is not None, name
        assert not deal["missing"] or deal["overridden"], (name, deal)
    assert any(deal["missing"] for deal in deals.values()), "the release's demo skipped nodes"

    # the card's buying-centre warning, a stored field the ORM computes on
    # upgrade: every key-account deal has the one its figures give
    warnings = harness.query(
        DATABASE,
        """
        SELECT count(*) FILTER (WHERE buying_centre_alert IS DISTINCT FROM CASE
                   WHEN buying_centre_completeness = 0 THEN 'empty'
                   WHEN buying_centre_economic_opposed THEN 'economic_opposed'
                   WHEN buying_centre_no_coach THEN 'no_coach'
                   WHEN buying_centre_incomplete THEN 'incomplete' END),
               count(*) FILTER (WHERE buying_centre_alert IS NOT NULL)
          FROM crm_lead WHERE is_key_account
        """,
    )
    assert warnings[0][0] == 0 and warnings[0][1] > 0, warnings
    # 18.0.1.2.0: every company gets the health weights, every key account
    # is measured once by the upgrade
    weights = harness.query(
        DATABASE, "SELECT company_id, SUM(weight) FROM key_account_health_factor GROUP BY 1"
    )
    assert weights and all(total == 100 for _company, total in weights), weights
    unmeasured = harness.query(
        DATABASE,
        "SELECT name FROM res_partner WHERE is_key_account AND kam_health_snapshot_id IS NULL",
    )
    assert unmeasured == [], unmeasured
    # 18.0.1.6.0: every snapshot has its health lines, one per factor it was
    # measured with (the seven of before, eight once measured with the share
    # of wallet), and the snapshots keep no factor columns
    snapshots = harness.query(
        DATABASE,
        """
        SELECT s.id, count(l.id), count(DISTINCT l.factor), bool_and(l.month = s.month)
          FROM key_account_health_snapshot s
          LEFT JOIN key_account_health_line l ON l.snapshot_id = s.id
         GROUP BY s.id
        """,
    )
    assert snapshots, "the upgrade measures the key accounts"
    assert all(row[1] == row[2] in (7, 8) and row[3] for row in snapshots), snapshots
    columns = harness.query(
        DATABASE,
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = 'key_account_health_snapshot' "
        "AND (column_name LIKE '%%\\_score' OR column_name LIKE '%%\\_detail' "
        "OR column_name = 'next_action')",
    )
    assert columns == [], columns

    # the key node of the current stage is stored: filled for every deal by
    # the upgrade, as the stage's node and the deal's nodes say
    stale = harness.query(
        DATABASE,
        """
        SELECT l.name FROM crm_lead l LEFT JOIN crm_stage s ON s.id = l.stage_id
         WHERE l.is_key_account AND l.kam_current_node_reached IS DISTINCT FROM COALESCE(
               CASE s.kam_key_node
                    WHEN 'evaluated' THEN l.kam_node_evaluated
                    WHEN 'roles' THEN l.kam_node_roles
                    WHEN 'criteria' THEN l.kam_node_criteria
                    WHEN 'bid' THEN l.kam_node_bid
                    WHEN 'contract' THEN l.kam_node_contract
                    WHEN 'paid' THEN l.kam_node_paid
               END, FALSE)
        """,
    )
    assert stale == [], stale

    # 18.0.1.3.0: the seven ticks of the contract review become an approved
    # review of the deal's confirmed orders; the node and its date stay
    assert (
        harness.query(
            DATABASE,
            "SELECT id, kam_node_contract_date FROM crm_lead WHERE kam_node_contract ORDER BY id",
        )
        == contract_nodes
    )
    reviewed = harness.query(
        DATABASE,
        """
        SELECT o.opportunity_id, bool_and(r.state = 'approved'), count(*)
          FROM key_account_contract_review_line r JOIN sale_order o ON o.id = r.order_id
         WHERE o.state = 'sale' GROUP BY 1
        """,
    )
    assert {lead for lead, _all_approved, _count in reviewed} == {
        lead for lead, _date in contract_nodes
    }
    assert all(all_approved and count == 8 for _lead, all_approved, count in reviewed), reviewed
    ticks = harness.query(
        DATABASE,
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = 'crm_lead' AND column_name LIKE 'kam_review_%%'",
    )
    assert ticks == [], ticks
    guidance = harness.query(
        DATABASE,
        """
        SELECT s.kam_guidance->>'en_US' FROM crm_stage s
          JOIN ir_model_data d ON d.model = 'crm.stage' AND d.res_id = s.id
         WHERE d.module = %s AND d.name = 'crm_stage_key_contract'
        """,
        [MODULE],
    )[0][0]
    assert guidance.startswith("Negotiate and sign: have the company's departments review")

    # 18.0.1.4.0: the eight criteria become stage 3's supplier comparison;
    # stage 1 evaluates with the go/no-go model; scores and nodes stay
    scorecards = harness.query(
        DATABASE,
        """
        SELECT d.name, s.usage FROM key_account_scorecard s
          JOIN ir_model_data d ON d.model = 'key.account.scorecard' AND d.res_id = s.id
         WHERE d.module = %s ORDER BY d.name
        """,
        [MODULE],
    )
    assert scorecards == [
        ("key_account_scorecard_default", "comparison"),
        ("key_account_scorecard_go_no_go", "evaluation"),
    ], scorecards
    company = harness.query(
        DATABASE,
        """
        SELECT e.name, c.name FROM res_company co
          JOIN ir_model_data e ON e.model = 'key.account.scorecard'
               AND e.res_id = co.kam_scorecard_id
          JOIN ir_model_data c ON c.model = 'key.account.scorecard'
               AND c.res_id = co.kam_comparison_scorecard_id
         ORDER BY co.id LIMIT 1
        """,
    )
    assert company == [("key_account_scorecard_go_no_go", "key_account_scorecard_default")]
    kept = {row[0]: row for row in harness.query(DATABASE, evaluation_sql)}
    noted = next(row for row in evaluations if row[0] == "Upgrade: criteria noted")
    assert kept[noted[0]] == noted, "a deal's stage-1 scores and outcome stay"
    # (the current demo's comparison also reaches the node on Huadong's press deal)
    assert set(criteria_nodes) <= set(
        harness.query(
            DATABASE,
            "SELECT id, kam_node_criteria_date FROM crm_lead WHERE kam_node_criteria ORDER BY id",
        )
    ), "the criteria nodes reached stay reached, with their dates"
    reason = harness.query(
        DATABASE,
        "SELECT kam_comparison_override_reason FROM crm_lead WHERE name = %s",
        ["Upgrade: criteria noted"],
    )[0][0]
    assert reason.startswith("Criteria influenced on 2026-01-15"), reason


def test_upgrade_forgets_the_mixin_models(harness):
    """The grading, stage gate, supplier comparison and health of release
    18.0.1.7.0 were models of their own, inherited by one owner each: the
    upgrade removes them, their fields and xml ids, and keeps what the deals
    and accounts hold."""
    _install_release(harness, MIXINS_DATABASE, MIXINS_COMMIT, "18.0.1.7.0")
    traces = _mixin_traces(harness, MIXINS_DATABASE)
    assert {model for kind, model in traces if kind == "model"} == set(MIXINS), traces
    figures_sql = """
        SELECT l.id, l.kam_grade, l.kam_node_evaluated, l.kam_comparison_state, p.kam_health_state
          FROM crm_lead l JOIN res_partner p ON p.id = l.partner_id
         WHERE l.is_key_account ORDER BY l.id
    """
    figures = harness.query(MIXINS_DATABASE, figures_sql)
    assert figures

    _upgrade(harness, MIXINS_DATABASE)
    assert _mixin_traces(harness, MIXINS_DATABASE) == []
    assert harness.query(MIXINS_DATABASE, figures_sql) == figures
    # the owners keep their fields and their xml ids
    kept = harness.query(
        MIXINS_DATABASE,
        """
        SELECT f.model, f.name FROM ir_model_fields f
          JOIN ir_model_data d ON d.model = 'ir.model.fields' AND d.res_id = f.id
         WHERE d.module = %s AND (f.model, f.name) IN (
               ('crm.lead', 'kam_grade'), ('crm.lead', 'kam_node_evaluated'),
               ('crm.lead', 'kam_comparison_state'), ('res.partner', 'kam_health_state'))
         ORDER BY 1, 2
        """,
        [MODULE],
    )
    assert kept == [
        ("crm.lead", "kam_comparison_state"),
        ("crm.lead", "kam_grade"),
        ("crm.lead", "kam_node_evaluated"),
        ("res.partner", "kam_health_state"),
    ], kept
