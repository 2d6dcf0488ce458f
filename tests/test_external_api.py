"""The module through Odoo's external API, from outside the server process."""

import json
import subprocess
import time
import urllib.request
import xmlrpc.client

import pytest
from kamlib import odoo_runner

DATABASE = "kam_sys_api"


@pytest.fixture(scope="module")
def server_url(harness):
    harness.clone(harness.module_template, DATABASE)
    port = odoo_runner.free_port()
    log = open(odoo_runner.LOG_DIR / "sys-api-server.log", "w")
    process = subprocess.Popen(
        odoo_runner.command(
            harness.config,
            "-d",
            DATABASE,
            "--db-filter",
            f"^{DATABASE}$",
            "--http-port",
            str(port),
            "--http-interface",
            "127.0.0.1",
        ),
        env=odoo_runner.environment(),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            with urllib.request.urlopen(f"{url}/web/health", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"Odoo did not start; see {log.name}")
        time.sleep(0.5)
    yield url
    process.terminate()
    process.wait(timeout=30)
    log.close()


def _jsonrpc(url, service, method, *args):
    payload = {
        "jsonrpc": "2.0",
        "method": "call",
        "id": 1,
        "params": {"service": service, "method": method, "args": list(args)},
    }
    request = urllib.request.Request(
        f"{url}/jsonrpc", json.dumps(payload).encode(), {"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def _xmlrpc(server_url, login, password):
    """``call(model, method, *args, **kwargs)``: execute_kw as this user."""
    common = xmlrpc.client.ServerProxy(f"{server_url}/xmlrpc/2/common")
    uid = common.authenticate(DATABASE, login, password, {})
    assert uid, f"{login} logs in with its password"
    models = xmlrpc.client.ServerProxy(f"{server_url}/xmlrpc/2/object")

    def call(model, method, *args, **kwargs):
        return models.execute_kw(DATABASE, uid, password, model, method, list(args), kwargs)

    return call


def test_xmlrpc_reaches_the_module(server_url):
    call = _xmlrpc(server_url, "admin", "admin")

    [team_id] = call("crm.team", "search", [("is_key_account_team", "=", True)])
    lead_id = call(
        "crm.lead", "create", {"name": "API deal", "type": "opportunity", "team_id": team_id}
    )
    [lead] = call("crm.lead", "read", [lead_id], fields=["is_key_account", "stage_id"])
    assert lead["is_key_account"] is True
    stage = call("crm.stage", "read", [lead["stage_id"][0]], fields=["team_id"])[0]
    assert stage["team_id"][0] == team_id
    fields = call("res.partner", "fields_get", ["is_key_account"], attributes=["type"])
    assert fields == {"is_key_account": {"type": "boolean"}}


def test_xmlrpc_enforces_the_managers_right(server_url):
    call = _xmlrpc(server_url, "kam_rep", "kam_rep")
    partner_id = call("res.partner", "create", {"name": "Rep's prospect", "is_company": True})
    with pytest.raises(xmlrpc.client.Fault, match="Only key-account managers"):
        call("res.partner", "write", [partner_id], {"is_key_account": True})


def test_jsonrpc_reaches_the_module(server_url):
    uid = _jsonrpc(server_url, "common", "login", DATABASE, "admin", "admin")["result"]
    answer = _jsonrpc(
        server_url,
        "object",
        "execute_kw",
        DATABASE,
        uid,
        "admin",
        "res.partner",
        "search_count",
        [[("is_key_account", "=", True)]],
    )
    assert "error" not in answer, answer
    assert answer["result"] >= 4, "the demo data holds four key accounts"


def test_xmlrpc_write_obeys_the_stage_gate(server_url):
    call = _xmlrpc(server_url, "kam_rep", "kam_rep")

    # the demo's smart meter pilot sits in the first stage, evaluated "lower"
    [deal] = call(
        "crm.lead",
        "search_read",
        [("name", "=", "Jiangnan: smart meter pilot")],
        fields=["stage_id"],
    )
    stages = call(
        "crm.stage",
        "search_read",
        [("team_id.is_key_account_team", "=", True)],
        fields=["name"],
        order="sequence",
    )
    assert deal["stage_id"][0] == stages[0]["id"]
    with pytest.raises(xmlrpc.client.Fault, match="cannot move"):
        call("crm.lead", "write", [deal["id"]], {"stage_id": stages[1]["id"]})
    with pytest.raises(xmlrpc.client.Fault, match="cannot move"):
        call("crm.lead", "write", [deal["id"]], {"stage_id": stages[3]["id"]})
    # neither a reason nor the gate's own flags in the context opens the gate
    for context in ({"kam_gate_override": "because"}, {"kam_gate_entering": True}):
        with pytest.raises(xmlrpc.client.Fault, match="cannot move"):
            call("crm.lead", "write", [deal["id"]], {"stage_id": stages[1]["id"]}, context=context)
    # nor a reason among the values, nor the override itself (the managers'
    # button), even for a manager
    manager = _xmlrpc(server_url, "kam_manager", "kam_manager")
    reason = {"stage_id": stages[1]["id"], "kam_gate_override_reason": "because"}
    for caller in (call, manager):
        with pytest.raises(xmlrpc.client.Fault, match="Invalid field"):
            caller("crm.lead", "write", [deal["id"]], reason)
        with pytest.raises(xmlrpc.client.Fault, match="Private methods"):
            caller("crm.lead", "_kam_override_gate", [deal["id"]], stages[1]["id"], "because")
    [after] = call("crm.lead", "read", [deal["id"]], fields=["stage_id"])
    assert after["stage_id"][0] == stages[0]["id"]


def test_xmlrpc_create_and_import_obey_the_stage_gate(server_url):
    call = _xmlrpc(server_url, "kam_rep", "kam_rep")

    [team_id] = call("crm.team", "search", [("is_key_account_team", "=", True)])
    stages = call("crm.stage", "search", [("team_id", "=", team_id)], order="sequence")
    with pytest.raises(xmlrpc.client.Fault, match="cannot move to Payment"):
        call(
            "crm.lead",
            "create",
            {
                "name": "API shortcut",
                "type": "opportunity",
                "team_id": team_id,
                "stage_id": stages[5],
            },
        )
    result = call(
        "crm.lead",
        "load",
        ["name", "type", "team_id/.id", "stage_id/.id"],
        [
            ["API import 1", "opportunity", str(team_id), str(stages[0])],
            ["API import 2", "opportunity", str(team_id), str(stages[4])],
        ],
    )
    assert not result["ids"]
    assert any("cannot move" in message["message"] for message in result["messages"])
    names = ["API shortcut", "API import 1", "API import 2"]
    assert call("crm.lead", "search_count", [("name", "in", names)]) == 0


def test_xmlrpc_hides_money_from_a_plain_employee(server_url):
    admin = _xmlrpc(server_url, "admin", "admin")
    employee_group = admin("ir.model.data", "check_object_reference", "base", "group_user")[1]
    admin(
        "res.users",
        "create",
        {
            "name": "Plain Employee",
            "login": "kam_plain",
            "password": "kam_plain_pw",
            "groups_id": [(6, 0, [employee_group])],
        },
    )
    call = _xmlrpc(server_url, "kam_plain", "kam_plain_pw")
    [account] = call("res.partner", "search", [("is_key_account", "=", True)], limit=1)
    for field in ("kam_revenue_12m", "kam_dso", "kam_outstanding_amount"):
        with pytest.raises(xmlrpc.client.Fault, match="AccessError|not have enough rights"):
            call("res.partner", "read", [account], [field])


def test_xmlrpc_keeps_account_health_to_the_daily_job(server_url):
    """A rep reads the health of their account but cannot write it; a
    manager's weight that breaks the total of 100 is refused."""
    rep = _xmlrpc(server_url, "kam_rep2", "kam_rep2")
    [northstar] = rep("res.partner", "search", [("name", "=", "Northstar Hospital Group")])
    [account] = rep("res.partner", "read", [northstar], ["kam_health_state", "kam_next_action"])
    assert account["kam_health_state"] == "at_risk", account
    assert account["kam_next_action"], account
    snapshots = rep("key.account.health.snapshot", "search", [("partner_id", "=", northstar)])
    assert snapshots
    with pytest.raises(xmlrpc.client.Fault, match="not allowed to modify"):
        rep("key.account.health.snapshot", "write", snapshots[:1], {"score": 100})
    manager = _xmlrpc(server_url, "kam_manager", "kam_manager")
    [contact] = manager("key.account.health.factor", "search", [("factor", "=", "contact")])
    with pytest.raises(xmlrpc.client.Fault, match="must add up to 100"):
        manager("key.account.health.factor", "write", [contact], {"weight": 40})


def test_xmlrpc_contract_review_decided_only_by_the_department(server_url):
    # the demo's Huadong maintenance contract, submitted by the rep
    rep = _xmlrpc(server_url, "kam_rep", "kam_rep")
    orders = rep("sale.order", "search", [("kam_review_state", "=", "to_review")])
    assert orders
    waiting = rep(
        "key.account.contract.review.line",
        "search",
        [("order_id", "in", orders), ("state", "=", "to_review")],
    )
    with pytest.raises(xmlrpc.client.Fault, match="with their buttons"):
        rep("key.account.contract.review.line", "write", waiting[:1], {"state": "approved"})
    wizard = rep(
        "key.account.contract.review.decision",
        "create",
        {"line_ids": [(6, 0, waiting[:1])], "comment": "Fine by me"},
    )
    with pytest.raises(xmlrpc.client.Fault, match="another person approves it"):
        rep("key.account.contract.review.decision", "action_approve", [wizard])
    finance = _xmlrpc(server_url, "kam_finance", "kam_finance")
    theirs = finance(
        "key.account.contract.review.line",
        "search",
        [("order_id", "in", orders), ("can_decide", "=", True)],
    )
    assert len(theirs) == 2, "the payment method and the retention money"
    wizard = finance(
        "key.account.contract.review.decision",
        "create",
        {"line_ids": [(6, 0, theirs)], "comment": "Plan checked"},
    )
    finance("key.account.contract.review.decision", "action_approve", [wizard])
    decided = finance("key.account.contract.review.line", "read", theirs, ["state", "comment"])
    assert {(line["state"], line["comment"]) for line in decided} == {("approved", "Plan checked")}


def test_xmlrpc_supplier_comparison_gates_stage_3(server_url):
    """The customer shifts weight to price: the rep's deal falls behind its
    competitor, cannot move on to bidding, and only a manager overrides."""
    rep = _xmlrpc(server_url, "kam_rep", "kam_rep")
    [deal] = rep(
        "crm.lead",
        "search_read",
        [("name", "=", "Huadong: 12 hydraulic press lines")],
        fields=["kam_comparison_state", "kam_node_criteria"],
    )
    assert (deal["kam_comparison_state"], deal["kam_node_criteria"]) == ("ahead", True)
    criteria = {
        criterion["name"]: criterion["id"]
        for criterion in rep(
            "key.account.comparison.criterion",
            "search_read",
            [("lead_id", "=", deal["id"])],
            fields=["name"],
        )
    }
    rep("key.account.comparison.criterion", "write", [criteria["Price"]], {"weight": 40})
    rep(
        "key.account.comparison.criterion",
        "write",
        [criteria["After-sales service"]],
        {"weight": 0},
    )
    [after] = rep(
        "crm.lead",
        "read",
        [deal["id"]],
        fields=["kam_comparison_state", "kam_node_criteria", "kam_best_rival_id"],
    )
    assert (after["kam_comparison_state"], after["kam_node_criteria"]) == ("behind", False)
    assert after["kam_best_rival_id"][1] == "Eastern Forge Machinery"
    [bid] = rep("crm.stage", "search", [("kam_key_node", "=", "bid")])
    with pytest.raises(xmlrpc.client.Fault, match="Purchase criteria influenced"):
        rep("crm.lead", "write", [deal["id"]], {"stage_id": bid})
    with pytest.raises(xmlrpc.client.Fault, match="Only key-account managers"):
        rep("crm.lead", "write", [deal["id"]], {"kam_comparison_override_reason": "Trust me"})
    manager = _xmlrpc(server_url, "kam_manager", "kam_manager")
    manager(
        "crm.lead",
        "write",
        [deal["id"]],
        {"kam_comparison_override_reason": "The board weighs the five-year service cost"},
    )
    rep("crm.lead", "write", [deal["id"]], {"stage_id": bid})
    [moved] = rep("crm.lead", "read", [deal["id"]], fields=["stage_id", "kam_node_criteria"])
    assert moved["stage_id"][0] == bid and moved["kam_node_criteria"]


def test_xmlrpc_caller_context_never_opens_the_gate(server_url):
    call = _xmlrpc(server_url, "kam_rep", "kam_rep")
    [team_id] = call("crm.team", "search", [("is_key_account_team", "=", True)])
    [won] = call("crm.stage", "search", [("is_won", "=", True)], limit=1)
    with pytest.raises(xmlrpc.client.Fault, match="cannot move"):
        call(
            "crm.lead",
            "create",
            {"name": "Straight to won", "type": "opportunity", "team_id": team_id, "stage_id": won},
            context={"kam_gate_entering": True},
        )
    assert not call("crm.lead", "search", [("name", "=", "Straight to won")])


def test_xmlrpc_documents_decide_their_fields(server_url):
    """The review state, the deal's pipeline flag, the nodes and the tier are
    the documents' and the jobs': a rep's write of them is refused."""
    call = _xmlrpc(server_url, "kam_rep", "kam_rep")
    [huadong] = call("res.partner", "search", [("name", "=", "Huadong Heavy Machinery Co., Ltd.")])
    [product] = call("product.product", "search", [("sale_ok", "=", True)], limit=1)
    order = call(
        "sale.order",
        "create",
        {"partner_id": huadong, "order_line": [(0, 0, {"product_id": product})]},
    )
    call("sale.order", "action_kam_start_review", [order])
    with pytest.raises(xmlrpc.client.Fault, match="set by the documents"):
        call("sale.order", "write", [order], {"kam_review_state": "approved"})
    [read] = call("sale.order", "read", [order], ["kam_review_state"])
    assert read["kam_review_state"] == "draft"

    [deal] = call("crm.lead", "search", [("name", "=", "Jiangnan: smart meter pilot")])
    [won] = call("crm.stage", "search", [("is_won", "=", True)], limit=1)
    # the card's warning is the buying centre's, not the rep's to clear
    [card] = call("crm.lead", "read", [deal], ["buying_centre_alert"])
    other_warning = "incomplete" if card["buying_centre_alert"] != "incomplete" else "empty"
    for values in (
        {"is_key_account": False, "stage_id": won},
        {"kam_node_paid": True},
        {"kam_grade": "A"},
        {"buying_centre_alert": other_warning},
    ):
        with pytest.raises(xmlrpc.client.Fault, match="set by the documents"):
            call("crm.lead", "write", [deal], values)
    with pytest.raises(xmlrpc.client.Fault, match="set by the documents"):
        call("res.partner", "write", [huadong], {"kam_tier": "general"})


def test_xmlrpc_default_keys_do_not_pass_the_managers_checks(server_url):
    call = _xmlrpc(server_url, "kam_rep", "kam_rep")
    with pytest.raises(xmlrpc.client.Fault, match="Only key-account managers"):
        call(
            "res.partner",
            "create",
            {"name": "Made key by default", "is_company": True},
            context={"default_is_key_account": True},
        )
    assert not call("res.partner", "search", [("name", "=", "Made key by default")])
    [team_id] = call("crm.team", "search", [("is_key_account_team", "=", True)])
    with pytest.raises(xmlrpc.client.Fault, match="supplier comparison"):
        call(
            "crm.lead",
            "create",
            {"name": "Criteria by default", "type": "opportunity", "team_id": team_id},
            context={"default_kam_comparison_override_reason": "trust me"},
        )


def test_xmlrpc_settings_stay_in_the_managers_companies(server_url):
    admin = _xmlrpc(server_url, "admin", "admin")
    other = admin("res.company", "create", {"name": "Branch the manager does not work for"})
    [before] = admin("res.company", "read", [other], ["kam_stalled_days"])
    manager = _xmlrpc(server_url, "kam_manager", "kam_manager")
    # the settings write the company when saved: refused then
    with pytest.raises(xmlrpc.client.Fault, match="you do not work for it"):
        manager(
            "key.account.settings",
            "create",
            {"company_id": other, "kam_stalled_days": before["kam_stalled_days"] + 50},
        )
    settings = admin("key.account.settings", "create", {"company_id": other})
    with pytest.raises(xmlrpc.client.Fault, match="you do not work for it"):
        manager("key.account.settings", "execute", [settings])
    [after] = admin("res.company", "read", [other], ["kam_stalled_days"])
    assert after == before


def test_xmlrpc_portal_user_reads_nothing_of_the_add_on(server_url):
    admin = _xmlrpc(server_url, "admin", "admin")
    portal_group = admin("ir.model.data", "check_object_reference", "base", "group_portal")[1]
    [person] = admin("res.partner", "search", [("name", "=", "Zhou Jianguo")])
    admin(
        "res.users",
        "create",
        {
            "name": "Zhou Jianguo (portal)",
            "login": "kam_portal",
            "password": "kam_portal_pw",
            "partner_id": person,
            "groups_id": [(6, 0, [portal_group])],
        },
    )
    ours = {
        row["name"].split("__", 1)[1]
        for row in admin(
            "ir.model.data",
            "search_read",
            [
                ("module", "=", "key_account_management"),
                ("model", "=", "ir.model.fields"),
                ("name", "=like", "field_res_partner__%"),
            ],
            ["name"],
        )
    }
    assert {"is_key_account", "kam_tier", "kam_decision_maker_notes", "kam_health_score"} <= ours
    [company] = admin("res.partner", "search", [("name", "=", "Huadong Heavy Machinery Co., Ltd.")])
    portal = _xmlrpc(server_url, "kam_portal", "kam_portal_pw")
    # their own company, which the portal shows them
    [own] = portal("res.partner", "read", [person], ["commercial_partner_id"])
    assert own["commercial_partner_id"][0] == company
    visible = ours & set(portal("res.partner", "fields_get", [], attributes=["type"]))
    assert not visible, f"the portal user sees {sorted(visible)}"
    # the company itself is readable to them: only the add-on's fields are not
    assert portal("res.partner", "read", [company], ["name"])
    for field in sorted(ours):
        with pytest.raises(
            xmlrpc.client.Fault, match="AccessError|not have enough rights|Invalid field"
        ):
            portal("res.partner", "read", [company], [field])


def test_xmlrpc_revisit_plan_cannot_flood_calendars(server_url):
    call = _xmlrpc(server_url, "kam_rep", "kam_rep")
    [huadong] = call("res.partner", "search", [("name", "=", "Huadong Heavy Machinery Co., Ltd.")])
    [template] = call("key.account.revisit.template", "search", [], limit=1)
    before = call("key.account.revisit", "search_count", [])
    with pytest.raises(xmlrpc.client.Fault, match="starts between"):
        call(
            "key.account.revisit.plan",
            "create",
            {
                "partner_id": huadong,
                "template_id": template,
                "start_date": "1000-01-01",
                "state": "active",
            },
        )
    assert call("key.account.revisit", "search_count", []) == before


def test_xmlrpc_installed_base_follows_the_orders(server_url):
    """Over the API, as at the screen: a rep records and imports competitors'
    units (an unknown brand refuses the whole file), cannot claim units as
    ours nor retype ours, and opens a deal from a predicted need."""
    call = _xmlrpc(server_url, "kam_rep", "kam_rep")
    [jiangnan] = call("res.partner", "search", [("name", "=", "Jiangnan Water Group")])
    [rival] = call("key.account.brand", "search", [("name", "=", "Kraftwerk Pumps")])
    fields = ["partner_id", "brand_id", "model_name", "quantity", "purchase_date"]
    result = call(
        "key.account.installed.unit",
        "load",
        fields,
        [
            ["Jiangnan Water Group", "Kraftwerk Pumps", "KP-300", "4", "2021-05-01"],
            ["Jiangnan Water Group", "No Such Brand", "X-1", "1", "2021-05-01"],
        ],
    )
    assert not result["ids"], result
    assert "No Such Brand" in " ".join(message["message"] for message in result["messages"])
    assert not call("key.account.installed.unit", "search", [("model_name", "=", "KP-300")])
    with pytest.raises(xmlrpc.client.Fault, match="set by the documents"):
        call(
            "key.account.installed.unit",
            "create",
            {"partner_id": jiangnan, "brand_id": rival, "quantity": 1, "is_ours": True},
        )
    [ours] = call("key.account.installed.unit", "search", [("is_ours", "=", True)], limit=1)
    with pytest.raises(xmlrpc.client.Fault, match="follow their sales order"):
        call("key.account.installed.unit", "write", [ours], {"quantity": 99})
    [need] = call(
        "key.account.predicted.need",
        "search_read",
        [("partner_id", "=", jiangnan)],
        ["quantity"],
        limit=1,
    )
    action = call("key.account.predicted.need", "action_open_deal", [need["id"]])
    [deal] = call("crm.lead", "read", [action["res_id"]], ["is_key_account", "kam_needs_quantity"])
    assert deal["is_key_account"] and deal["kam_needs_quantity"] == need["quantity"]
