"""Odoo's own scale-out: two nodes on one primary, the reads on a replica.

Two Odoo servers share the data directory (filestore, sessions) and the
primary database, each with ``db_replica_host``/``db_replica_port`` naming a
streaming standby of it on loopback. A rep and a manager work on both nodes
through the web client's JSON-RPC calls: what they read (the pipeline's
kanban, lists, the forms of a deal and its account with the Health tab, the
relationship map, the dashboard's figures, the buttons that open records)
must be served by the replica without writing (a read that writes fails
there, and Odoo logs it and serves it again on the primary: ``ro->rw``);
what they write goes to the primary; once the replica has replayed the
primary's WAL, every figure read through it equals the primary's.
"""

import ast
import copy
import http.cookiejar
import json
import time
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from kamlib import odoo_runner, replica
from lxml import etree

from conftest import MODULE, problem_lines

DATABASE = "kam_sys_scale_out"
DASHBOARD = Path(__file__).parents[1] / MODULE / "data" / "files" / "key_account_dashboard.json"
RELATIONAL = ("many2one", "one2many", "many2many")
# what Odoo logs when a read-only request wrote (it is then served again on
# the primary) or when it could not reach the replica
READ_WROTE = "retrying with a read/write cursor"
NO_REPLICA = "Failed to open a readonly cursor"
# lists a rep opens, by their window actions
LISTS = (
    "res_partner_action_key_accounts",
    "res_partner_action_key_at_risk",
    "key_account_plan_action",
    "key_account_visit_action",
    "key_account_revisit_action",
    "key_account_receivable_action",
    "key_account_health_snapshot_action",
    "key_account_buying_role_action",
)
# the buttons of the deal's and the account's forms that open records
READ_BUTTONS = {
    "crm.lead": (
        "action_kam_relationship_map",
        "action_kam_view_visits",
        "action_open_buying_centre_org_chart",
        "action_kam_account_next_action",
        "action_kam_view_receivables",
        "action_kam_view_invoices",
    ),
    "res.partner": (
        "action_kam_health_trend",
        "action_kam_next_action",
        "action_kam_relationship_map",
        "action_kam_view_visits",
        "action_kam_view_revisit_plans",
        "action_kam_view_receivables",
        "action_kam_view_invoices",
        "action_kam_view_payments",
        "action_kam_view_plans",
        "action_open_buying_centre_org_chart",
    ),
}


def _specification(arch, models, model):
    """The fields of a view arch as the web client asks for them: relations
    with their display name, a list or kanban inside a field with its own
    fields."""

    def fields_of(node, model):
        spec = {}
        described = models[model]["fields"]
        for child in node.iterchildren(tag=etree.Element):
            if child.tag != "field":
                spec.update(fields_of(child, model))
                continue
            name = child.get("name")
            description = described.get(name)
            if not description or name in spec:
                continue
            if description["type"] not in RELATIONAL:
                spec[name] = {}
                continue
            sub_view = next(iter(child.iterchildren("list", "kanban")), None)
            comodel = description["relation"]
            sub_spec = fields_of(sub_view, comodel) if sub_view is not None else {}
            spec[name] = {"fields": {"display_name": {}, **sub_spec}}
        return spec

    return fields_of(etree.fromstring(arch), model)


def _read_buttons(arch, model):
    """The buttons of a form that only read (open records) and that it shows
    this user (the arch comes without those of other groups)."""
    shown = {node.get("name") for node in etree.fromstring(arch).iter("button")}
    return [name for name in READ_BUTTONS[model] if name in shown]


class Node:
    def __init__(self, name, process, url, log_file):
        self.name, self.process, self.url, self.log_file = name, process, url, log_file

    def requests(self):
        return odoo_runner.requests_served(self.log_file.read_text(errors="replace"))


class Client:
    """One user's web session on one node; remembers the cursor each call
    must be served with (``ro``: the replica, ``rw``: the primary)."""

    def __init__(self, node, login):
        self.node, self.login = node, login
        self.expected = Counter()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        info = self._post(
            "/web/session/authenticate", {"db": DATABASE, "login": login, "password": login}
        )
        self.uid, self.context = info["uid"], info["user_context"]

    def on(self, node):
        """This session on another node."""
        other = copy.copy(self)
        other.node, other.expected = node, Counter()
        return other

    def _post(self, path, params):
        request = urllib.request.Request(
            self.node.url + path,
            json.dumps({"jsonrpc": "2.0", "method": "call", "params": params}).encode(),
            {"Content-Type": "application/json"},
        )
        with self.opener.open(request, timeout=120) as response:
            answer = json.loads(response.read())
        assert "error" not in answer, f"{self.login} on {self.node.name}: {path}: {answer}"
        return answer["result"]

    def call(self, model, method, *args, write=False, button=False, **kwargs):
        """A call of the web client (``button``: a button of type object)."""
        route = "call_button" if button else "call_kw"
        path = f"/web/dataset/{route}/{model}/{method}"
        self.expected[path, "rw" if write else "ro"] += 1
        kwargs["context"] = {**self.context, **kwargs.get("context", {})}
        return self._post(
            path, {"model": model, "method": method, "args": list(args), "kwargs": kwargs}
        )

    def on_primary(self, model, method, *args, **kwargs):
        """The same call through the external API, which Odoo serves on the
        primary whatever the method."""
        kwargs["context"] = {**self.context, **kwargs.get("context", {})}
        return self._post(
            "/jsonrpc",
            {
                "service": "object",
                "method": "execute_kw",
                "args": [DATABASE, self.uid, self.login, model, method, list(args), kwargs],
            },
        )

    def action(self, xmlid):
        self.expected["/web/action/load", "ro"] += 1
        return self._post("/web/action/load", {"action_id": f"{MODULE}.{xmlid}"})

    def views(self, model, *types, action=None):
        """The views as the web client loads them: the action's own first."""
        own = {kind: view_id for view_id, kind in (action or {}).get("views", [])}
        return self.call(model, "get_views", views=[[own.get(kind, False), kind] for kind in types])


def _start_node(harness, standby, name):
    config = odoo_runner.write_config(
        f"sys-scale-out-{name}", harness.server, **standby.odoo_options()
    )
    log_file = odoo_runner.LOG_DIR / f"sys-scale-out-{name}.log"
    log_file.unlink(missing_ok=True)  # Odoo appends to its log file
    process, url = odoo_runner.serve(
        config,
        DATABASE,
        log_file,
        "--log-level=info",
        # the node's connections are named, on the primary and on the replica
        env={"ODOO_PGAPPNAME": f"kam-node-{name}-{{pid}}"},
    )
    return Node(name, process, url, log_file)


@pytest.fixture(scope="module")
def scale_out(harness):
    """A replica and two nodes on it (threaded servers: Odoo routes to the
    replica in every mode)."""
    harness.clone(harness.module_template, DATABASE)
    try:
        standby = replica.start(harness.server, name="sys-scale-out-replica")
    except replica.ReplicaUnavailable as reason:
        pytest.skip(f"this PostgreSQL server cannot be replicated here: {reason}")
    with ThreadPoolExecutor(2) as pool:
        starting = [pool.submit(_start_node, harness, standby, name) for name in ("a", "b")]
    nodes = [future.result() for future in starting if future.exception() is None]
    try:
        for future in starting:
            future.result()  # a node that did not start
        yield standby, nodes
    finally:
        for node in nodes:
            odoo_runner.stop(node.process)
        standby.stop()


def _pipeline_groups(call):
    """The key-account pipeline's columns, through ``call``."""
    return call(
        "crm.lead",
        "web_read_group",
        domain=[("type", "=", "opportunity"), ("is_key_account", "=", True)],
        fields=["expected_revenue:sum"],
        groupby=["stage_id"],
        lazy=True,
    )


def _read_scenario(client, deal_id, account_id):
    """What a rep or a manager reads in a working session; returns the form
    specifications of the deal and the account."""
    for xmlid in LISTS:
        action = client.action(xmlid)
        model = action["res_model"]
        views = client.views(model, "list", action=action)
        spec = _specification(views["views"]["list"]["arch"], views["models"], model)
        domain = ast.literal_eval(action["domain"] or "[]")
        client.call(model, "web_search_read", domain=domain, specification=spec, limit=80)
        if model == "key.account.receivable":
            # the list opens grouped by account: a page of groups
            client.call(
                model,
                "web_read_group",
                domain=domain,
                fields=["amount_residual:sum"],
                groupby=["partner_id"],
                limit=80,
            )
    # the pipeline: grouped read, a page of cards per column, progress bars
    pipeline = client.action("crm_lead_action_key_pipeline")
    views = client.views("crm.lead", "kanban", "list", "form", action=pipeline)
    kanban = _specification(views["views"]["kanban"]["arch"], views["models"], "crm.lead")
    for group in _pipeline_groups(client.call)["groups"]:
        client.call(
            "crm.lead", "web_search_read", domain=group["__domain"], specification=kanban, limit=40
        )
    # the deal's form, its buttons and its relationship map
    deal_spec = _specification(views["views"]["form"]["arch"], views["models"], "crm.lead")
    client.call("crm.lead", "web_read", [deal_id], specification=deal_spec)
    for button in _read_buttons(views["views"]["form"]["arch"], "crm.lead"):
        client.call("crm.lead", button, [deal_id], button=True)
    client.call("crm.lead", "kam_relationship_map_data", [deal_id])
    # the account's form with its Health tab, its buttons and its map
    views = client.views("res.partner", "kanban", "form")
    account_spec = _specification(views["views"]["form"]["arch"], views["models"], "res.partner")
    [account] = client.call("res.partner", "web_read", [account_id], specification=account_spec)
    for button in _read_buttons(views["views"]["form"]["arch"], "res.partner"):
        client.call("res.partner", button, [account_id], button=True)
    for line in account["kam_health_line_ids"]:
        client.call("key.account.health.line", "action_open_records", [line["id"]], button=True)
    client.call("res.partner", "kam_relationship_map_data", [account_id])
    return deal_spec, account_spec


def _dashboard_reads():
    """The dashboard's pivots and charts as (model, domain, fields, groupby)."""
    data = json.loads(DASHBOARD.read_text())
    reads = [
        (
            pivot["model"],
            pivot["domain"],
            [m["fieldName"] for m in pivot["measures"] if m["fieldName"] != "__count"],
            [row["fieldName"] for row in pivot["rows"]],
        )
        for pivot in data["pivots"].values()
    ]
    for sheet in data["sheets"]:
        for figure in sheet.get("figures", []):
            meta = figure["data"].get("metaData")
            if meta:
                measure = meta["measure"]
                reads.append(
                    (
                        meta["resModel"],
                        figure["data"]["searchParams"]["domain"],
                        [] if measure == "__count" else [measure],
                        meta["groupBy"],
                    )
                )
    return reads


def _figures(call, deal_id, account_id, deal_spec, account_spec, manager):
    """The figures a user reads, through ``call`` (the replica or the primary)."""
    figures = {
        "pipeline": _pipeline_groups(call),
        "deal": call("crm.lead", "web_read", [deal_id], specification=deal_spec),
        "account": call("res.partner", "web_read", [account_id], specification=account_spec),
        "deal map": call("crm.lead", "kam_relationship_map_data", [deal_id]),
        "account map": call("res.partner", "kam_relationship_map_data", [account_id]),
        "development records": call(
            "key.account.visit",
            "web_search_read",
            domain=[("account_id", "=", account_id)],
            specification={"display_name": {}, "method": {}, "visit_datetime": {}},
        ),
    }
    if manager:
        figures["dashboard"] = [
            call(model, "read_group", domain, fields, groupby, lazy=False)
            for model, domain, fields, groupby in _dashboard_reads()
        ]
    return figures


def _wait_for_requests(node, expected):
    """The node logs a request after answering it: wait for every line."""
    deadline = time.monotonic() + 30
    while sum(1 for path, *_rest in node.requests() if "/web/" in path) < expected:
        assert time.monotonic() < deadline, f"node {node.name} did not log its requests"
        time.sleep(0.2)


def _replica_transactions(standby):
    [[count]] = standby.query(
        DATABASE,
        "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = %s",
        [DATABASE],
    )
    return count


def _deal_to_work_on(rep):
    """A deal of the rep past the pipeline's first stage, with a buying
    centre, and the key-account stages in order."""
    stages = [
        stage["id"]
        for stage in rep.call(
            "crm.stage",
            "web_search_read",
            domain=[("team_id.is_key_account_team", "=", True)],
            specification={},
            order="sequence, id",
        )["records"]
    ]
    [deal] = rep.call(
        "crm.lead",
        "web_search_read",
        domain=[
            ("user_id", "=", rep.uid),
            ("is_key_account", "=", True),
            ("stage_id", "in", stages[1:]),
            ("buying_role_ids", "!=", False),
        ],
        specification={
            "stage_id": {},
            "partner_id": {"fields": {"commercial_partner_id": {}}},
            "buying_role_ids": {},
        },
        limit=1,
    )["records"]
    return deal, stages


def _write_scenario(harness, rep, manager, deal, stage):
    """The rep moves the deal back to ``stage``, logs a development record
    and an attitude; the manager measures the account's health. Each lands
    on the primary."""
    account_id = deal["partner_id"]["commercial_partner_id"]
    line_id = deal["buying_role_ids"][0]
    rep.call(
        "crm.lead", "web_save", [deal["id"]], {"stage_id": stage}, specification={}, write=True
    )
    rep.call(
        "key.account.visit",
        "web_save",
        [],
        {
            "account_id": account_id,
            "lead_id": deal["id"],
            "method": "phone",
            "talking_points": "Scale-out check",
        },
        specification={},
        write=True,
    )
    rep.call(
        "key.account.buying.role",
        "web_save",
        [line_id],
        {"attitude": "opponent"},
        specification={},
        write=True,
    )
    manager.call("res.partner", "action_kam_compute_health", [account_id], button=True, write=True)
    on_primary = harness.query(
        DATABASE,
        "SELECT (SELECT stage_id FROM crm_lead WHERE id = %s), "
        "(SELECT count(*) FROM key_account_visit WHERE talking_points = 'Scale-out check'), "
        "(SELECT attitude FROM key_account_buying_role WHERE id = %s), "
        # measured today in the manager's time zone (the demo's is Shanghai's:
        # after 16:00 UTC its today is the database's tomorrow)
        "(SELECT account.kam_health_date = (now() AT TIME ZONE COALESCE(person.tz, 'UTC'))::date "
        "   FROM res_partner account, res_users u JOIN res_partner person "
        "     ON person.id = u.partner_id WHERE account.id = %s AND u.id = %s)",
        [deal["id"], line_id, account_id, manager.uid],
    )
    assert on_primary == [(stage, 1, "opponent", True)]


def _assert_served(node, clients):
    """Every read of these clients on this node was served with a replica
    cursor, every write with a primary one; no read wrote (``ro->rw``) or
    went to the primary for want of a replica."""
    expected = sum((client.expected for client in clients if client.node is node), Counter())
    _wait_for_requests(node, sum(expected.values()))
    requests = node.requests()
    served = Counter(
        (path, mode)
        for path, _status, mode in requests
        if path.startswith(("/web/dataset/", "/web/action/"))
    )
    assert served == expected, (
        f"node {node.name} served {dict(served - expected)} instead of {dict(expected - served)}"
    )
    assert all(status == 200 for _path, status, _mode in requests)
    log = node.log_file.read_text(errors="replace")
    assert READ_WROTE not in log and NO_REPLICA not in log
    assert not problem_lines(log), problem_lines(log)


def test_reads_on_the_replica_writes_on_the_primary(scale_out, harness):
    standby, (node_a, node_b) = scale_out
    transactions_before = _replica_transactions(standby)
    clients = [
        Client(node, login) for node in (node_a, node_b) for login in ("kam_rep", "kam_manager")
    ]
    rep_a, manager_a, rep_b, manager_b = clients
    deal, stages = _deal_to_work_on(rep_a)
    deal_id, account_id = deal["id"], deal["partner_id"]["commercial_partner_id"]
    # the form specifications of each user (their groups decide the fields)
    specs = {client.login: _read_scenario(client, deal_id, account_id) for client in clients}
    before = _figures(manager_a.call, deal_id, account_id, *specs["kam_manager"], manager=True)
    # the nodes share the data directory: a session opened on one works on the other
    clients.append(rep_a.on(node_b))
    [me] = clients[-1].call("res.users", "web_read", [rep_a.uid], specification={"login": {}})
    assert me["login"] == "kam_rep"

    # written through the other node, read back through both
    _write_scenario(harness, rep_b, manager_b, deal, stages[stages.index(deal["stage_id"]) - 1])
    standby.wait_for_replay()
    for client in (rep_a, manager_b):
        manager = client.login == "kam_manager"
        spec = specs[client.login]
        on_replica = _figures(client.call, deal_id, account_id, *spec, manager=manager)
        on_primary = _figures(client.on_primary, deal_id, account_id, *spec, manager=manager)
        assert on_replica == on_primary, client.login
    for figure in ("pipeline", "account", "development records", "dashboard"):
        assert on_replica[figure] != before[figure], f"the writes change the {figure}"

    for node in (node_a, node_b):
        _assert_served(node, clients)
    # the replica's own account: both nodes hold connections to it, and it
    # ran a transaction for every read at least
    names = {
        name.rsplit("-", 1)[0]
        for [name] in standby.query(
            DATABASE,
            "SELECT application_name FROM pg_stat_activity WHERE datname = %s",
            [DATABASE],
        )
    }
    assert {"kam-node-a", "kam-node-b"} <= names, names
    reads = sum(
        count
        for client in clients
        for (_path, mode), count in client.expected.items()
        if mode == "ro"
    )
    deadline = time.monotonic() + 60  # a backend reports its counts within 10 s of idling
    while _replica_transactions(standby) - transactions_before < reads:
        assert time.monotonic() < deadline, "the replica ran fewer transactions than reads"
        time.sleep(0.5)


def test_request_lines_tell_the_cursor():
    line = (
        "2026-12-06 13:34:32,757 19254 INFO kam werkzeug: 127.0.0.1 - - [06/Dec/2026 13:34:32] "
        '"POST /web/dataset/call_kw/crm.lead/web_read HTTP/1.1" 200 - 28 0.041 0.047 {}'
    )
    log = "\n".join(line.format(mode) for mode in ("ro", "rw", "ro->rw"))
    assert odoo_runner.requests_served(log) == [
        ("/web/dataset/call_kw/crm.lead/web_read", 200, mode) for mode in ("ro", "rw", "ro->rw")
    ]
